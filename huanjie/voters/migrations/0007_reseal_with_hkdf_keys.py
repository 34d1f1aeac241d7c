"""ID numbers sealed again under keys derived with HKDF from ID_NUMBER_KEY (huanjie/core/keys.py), no
longer labelled SHA-2 hashes of ID_NUMBER_KEY or of SECRET_KEY. The old key is found by trying each
candidate on the first sealed number (AES-SIV authenticates, so a wrong key never opens it):
LEGACY_ID_NUMBER_KEY if given, then ID_NUMBER_KEY, then SECRET_KEY — what earlier versions used when no
ID_NUMBER_KEY was set. Nothing to do when the current keys already open the data."""

import os

from django.conf import settings
from django.db import migrations


def reseal(apps, schema_editor):
    from huanjie.voters import idcrypto
    from huanjie.voters.idcrypto import Keyring
    from huanjie.voters.reseal import opens, reseal_rows

    Resident = apps.get_model("voters", "Resident")
    Voter = apps.get_model("voters", "Voter")
    current = idcrypto.current()
    if opens(current, Resident):
        return
    secrets = [os.environ.get("LEGACY_ID_NUMBER_KEY", ""), settings.ID_NUMBER_KEY, settings.SECRET_KEY]
    for secret in filter(None, secrets):
        old = Keyring.legacy(secret)
        if opens(old, Resident):
            reseal_rows(Resident, Voter, old, current)
            return
    raise RuntimeError(
        "the stored ID numbers open with none of the keys tried: set LEGACY_ID_NUMBER_KEY to the key (or the "
        "SECRET_KEY) this database was sealed with, and migrate again (docs/security.md)"
    )


class Migration(migrations.Migration):
    dependencies = [("voters", "0006_birth_year_and_shorter_mask")]

    operations = [migrations.RunPython(reseal, migrations.RunPython.noop, elidable=True)]
