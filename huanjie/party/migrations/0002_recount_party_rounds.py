"""Every counted party voting round recounted under the second reading of the party election rules
(huanjie/party/recount.py): where an outcome changes, a finding, a corrected result notice and an audit
event record it; the original outcome stays in the round's result."""

from django.db import migrations


def recount(apps, schema_editor):
    from huanjie.party.recount import recount_party_rounds

    recount_party_rounds(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("party", "0001_initial"),
        ("polling", "0004_registers"),
        ("elections", "0002_progresssnapshot"),
        ("auditlog", "0001_initial"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
