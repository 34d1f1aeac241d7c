from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_entrant(apps: Any, schema_editor: Any) -> None:
    TallyEntry = apps.get_model("polling", "TallyEntry")
    for entry in TallyEntry.objects.select_related("clerk").all():
        entry.entrant = entry.clerk.username if entry.clerk_id else f"entry-{entry.pk}"
        entry.save(update_fields=["entrant"])


class Migration(migrations.Migration):
    dependencies = [
        ("polling", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="tallyentry", name="entrant", field=models.CharField(default="", max_length=150),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="tallyentry", name="clerk",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(fill_entrant, migrations.RunPython.noop),
    ]
