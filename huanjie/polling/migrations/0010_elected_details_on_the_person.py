"""Issue 17: an elected member's sex, birth date, education, party membership and ethnicity are the
person's record's. reports.0004 moved what was typed in onto the record where the person is known; the
columns go."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("polling", "0009_contest_names_dropped"),
        ("reports", "0004_resolve_names_to_persons"),
    ]

    operations = [
        migrations.RemoveField(model_name="electedmember", name="birth_date"),
        migrations.RemoveField(model_name="electedmember", name="birth_year"),
        migrations.RemoveField(model_name="electedmember", name="education"),
        migrations.RemoveField(model_name="electedmember", name="ethnicity"),
        migrations.RemoveField(model_name="electedmember", name="party_member"),
        migrations.RemoveField(model_name="electedmember", name="sex"),
    ]
