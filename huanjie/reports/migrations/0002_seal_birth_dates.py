"""Dates of birth sealed (issue 15): beside the masked ID number (region and last digit) and the sex, a
member's full date narrowed the number to some 45 candidates. The date is sealed with the ID-number keys
(huanjie.voters.idcrypto.seal_date, column birth_sealed); the year stays in the clear; the clear column
goes. The sealing uses the keys in force when the migration runs (after voters 0007 moved to HKDF keys).
"""

from typing import Any

from django.db import migrations, models

import huanjie.voters.fields

MODEL = "previousmember"


def seal(apps: Any, schema_editor: Any) -> None:
    from huanjie.voters.reseal import seal_clear_dates

    seal_clear_dates(apps.get_model("reports", MODEL), "birth_date_clear", "birth_date")


def unseal(apps: Any, schema_editor: Any) -> None:
    from huanjie.voters.reseal import open_sealed_dates

    open_sealed_dates(apps.get_model("reports", MODEL), "birth_date_clear", "birth_date")


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial"), ("voters", "0007_reseal_with_hkdf_keys")]

    operations = [
        migrations.AddField(
            model_name=MODEL,
            name="birth_year",
            field=models.PositiveSmallIntegerField(
                blank=True, editable=False, null=True, verbose_name="year of birth"
            ),
        ),
        migrations.RenameField(model_name=MODEL, old_name="birth_date", new_name="birth_date_clear"),
        migrations.AddField(
            model_name=MODEL,
            name="birth_date",
            field=huanjie.voters.fields.SealedDateField(
                blank=True, db_column="birth_sealed", null=True, verbose_name="date of birth", year_field="birth_year"
            ),
        ),
        migrations.RunPython(seal, unseal),
        migrations.RemoveField(model_name=MODEL, name="birth_date_clear"),
    ]
