"""Residents keep the year of birth, not the date, and a mask of the region and check character only.

Issue 15: the old mask (620102********8051) hid exactly the eight birth-date digits and the birth date
was stored and shown beside it — together, the number. The date stays readable from the sealed number.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, ExtractYear, Left, Right


def forward(apps: Any, schema_editor: Any) -> None:
    Resident = apps.get_model("voters", "Resident")
    Resident.objects.update(
        birth_year=ExtractYear("birth_date"),
        id_masked=Concat(Left("id_masked", 6), Value("*" * 11), Right("id_masked", 1)),
    )


def backward(apps: Any, schema_editor: Any) -> None:
    # The date comes back from the sealed number; the old mask's sequence digits do too.
    from huanjie.rules import idnumber
    from huanjie.voters import idcrypto

    Resident = apps.get_model("voters", "Resident")
    for r in Resident.objects.only("pk", "id_cipher").iterator():
        number = idcrypto.decrypt(r.id_cipher)
        Resident.objects.filter(pk=r.pk).update(
            birth_date=idnumber.parse(number).birth_date, id_masked=number[:6] + "*" * 8 + number[-4:]
        )


class Migration(migrations.Migration):
    dependencies = [("voters", "0005_reseal_id_numbers")]

    operations = [
        migrations.AddField(
            model_name="resident",
            name="birth_year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="year of birth"),
        ),
        migrations.AlterField(
            model_name="resident", name="birth_date", field=models.DateField(null=True, verbose_name="date of birth")
        ),
        migrations.RunPython(forward, backward),
        migrations.RemoveField(model_name="resident", name="birth_date"),
        migrations.AlterField(
            model_name="resident",
            name="birth_year",
            field=models.PositiveSmallIntegerField(verbose_name="year of birth"),
        ),
    ]
