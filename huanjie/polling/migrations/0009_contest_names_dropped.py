"""The contests' lists of names go, now that their ballot lines carry the persons (0008); an elected
member is unique on a post by the person's reference, so that two namesakes may both be elected."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("polling", "0008_ballot_lines_from_names")]

    operations = [
        migrations.RemoveField(model_name="contest", name="candidates"),
        migrations.RemoveField(model_name="contest", name="women"),
        migrations.AddConstraint(
            model_name="electedmember",
            constraint=models.UniqueConstraint(
                condition=models.Q(("ref", ""), _negated=True),
                fields=("election", "post", "ref"),
                name="elected_once_per_post",
            ),
        ),
    ]
