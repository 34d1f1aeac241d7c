"""ID numbers sealed again: AES-GCM with a random nonce and an HMAC-SHA256 keyed hash become AES-SIV and an
AES-CMAC keyed hash (idcrypto.py), which a district's import computes a million at a time. Each resident's
number is opened with the old key and sealed with the new; the voters' copies of the hash follow."""

import hashlib

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.db import migrations


def _old_cipher() -> AESGCM:
    secret = (settings.ID_NUMBER_KEY or settings.SECRET_KEY).encode("utf-8")
    return AESGCM(hashlib.sha256(b"huanjie/id-number/encrypt\0" + secret).digest())


def reseal(apps, schema_editor):
    from huanjie.voters import idcrypto

    Resident = apps.get_model("voters", "Resident")
    Voter = apps.get_model("voters", "Voter")
    old = _old_cipher()
    batch = []
    for resident in Resident.objects.only("pk", "id_cipher").iterator(chunk_size=2000):
        blob = bytes(resident.id_cipher)
        number = old.decrypt(blob[:12], blob[12:], None).decode("ascii")
        resident.id_hash = idcrypto.id_hash(number).hex()  # hex text until 0010
        resident.id_cipher = idcrypto.encrypt(number)
        batch.append(resident)
        if len(batch) == 2000:
            Resident.objects.bulk_update(batch, ["id_hash", "id_cipher"])
            batch = []
    Resident.objects.bulk_update(batch, ["id_hash", "id_cipher"])
    hashes = dict(Resident.objects.values_list("pk", "id_hash"))
    voters = []
    for voter in Voter.objects.only("pk", "resident_id").iterator(chunk_size=2000):
        voter.id_hash = hashes[voter.resident_id]
        voters.append(voter)
    Voter.objects.bulk_update(voters, ["id_hash"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("voters", "0004_leaner_indexes")]

    operations = [migrations.RunPython(reseal, elidable=True)]
