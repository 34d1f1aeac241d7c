"""The previous term's teams: what the statistics compare the newly elected against.

A district that ran its previous round outside Huanjie imports the previous term's team members from a
spreadsheet (the template is on the statistics page); a district whose previous round is in Huanjie
needs nothing here — its elected members are the previous term (huanjie.reports.data).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.elections.models import Round
from huanjie.units.models import BodyKind, Division
from huanjie.voters.fields import SealedDateField
from huanjie.voters.models import Education, Resident


class Match(models.TextChoices):
    """How a previous-term row is tied to a person of the unit (issue 17): never by name alone."""

    BY_ID = "by_id", _("matched by ID number")
    CONFIRMED = "confirmed", _("confirmed by the clerk")
    NOT_HERE = "not_here", _("confirmed: not a resident here")
    FLAGGED = "flagged", _("to confirm")


class PreviousMember(models.Model):
    """One member of a unit's body in the previous term, as elected then."""

    scope_path = "unit__path"
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="previous_members")
    unit = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    body = models.CharField(_("body"), max_length=24, choices=BodyKind.choices)
    post = models.CharField(_("post"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=6, blank=True)
    # Issue 15: the year in the clear; the full date only sealed (column birth_sealed). The year comes
    # first: setting the date sets it, and a model's fields are set in this order.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, editable=False)
    birth_date = SealedDateField(
        _("date of birth"), db_column="birth_sealed", null=True, blank=True, year_field="birth_year"
    )
    education = models.CharField(_("education"), max_length=12, choices=Education.choices, blank=True)
    party_member = models.BooleanField(_("party member"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    elected_on = models.DateField(_("elected on"))
    # The person (issue 17): the resident the row's ID number (by keyed hash; the number is not kept) or
    # the previous round's elected member gave, or the clerk confirmed. A row without a number, or whose
    # number matches no one, is FLAGGED until the clerk picks the resident or confirms "not a resident".
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident"),
    )
    match = models.CharField(_("match"), max_length=10, choices=Match.choices, default=Match.FLAGGED)

    class Meta:
        ordering = ["round", "unit__code", "body", "pk"]
        # No uniqueness on the name (issue 17): two namesakes may have held one post's seats; the import
        # tells them apart by their ID numbers and refuses two of one name without.
        indexes = [models.Index(fields=["round", "unit"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.post})"
