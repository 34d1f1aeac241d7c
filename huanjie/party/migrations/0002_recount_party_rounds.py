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
        # After the longer article columns and the keyed chain: the recount's findings cite long articles,
        # and its audit events are chained with the key (LiveEvent.compute_hash), so the chain must be
        # keyed before them.
        ("elections", "0004_longer_articles"),
        ("auditlog", "0002_keyed_chain"),
    ]

    operations = [migrations.RunPython(recount, migrations.RunPython.noop)]
