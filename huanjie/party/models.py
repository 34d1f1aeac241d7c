"""A party organisation's election (A2, P1–P9): the member roll, the candidates and the higher committee's
approvals. The votes themselves are voting rounds of huanjie.polling (sitting "assembly" or "committee").
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.elections.models import Election
from huanjie.voters.fields import SealedDateField
from huanjie.voters.models import Education, Resident, Sex


class PartyElection(models.Model):
    """The party side of one party_branch election: what is elected, and the approvals on record."""

    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="party")
    # Committee seats (3–5, ≤ 7) when the branch elects a committee; 0 when a branch of 3–6 full members
    # elects only its secretary (and deputy) directly (P2).
    seats = models.PositiveSmallIntegerField(_("committee seats"), default=0)
    deputy = models.BooleanField(_("a deputy secretary is elected"), default=False)
    candidates_approved_on = models.DateField(_("candidates approved on"), null=True, blank=True)
    candidates_approved_by = models.CharField(_("approved by"), max_length=80, blank=True)
    candidates_document = models.CharField(_("document number"), max_length=80, blank=True)
    attendance_on = models.DateField(_("attendance taken on"), null=True, blank=True)
    result_approved_on = models.DateField(_("result approved on"), null=True, blank=True)
    result_approved_by = models.CharField(_("approved by"), max_length=80, blank=True)
    result_document = models.CharField(_("document number"), max_length=80, blank=True)

    def __str__(self) -> str:
        return str(self.election)


class Standing(models.TextChoices):
    FULL = "full", _("full member")
    PROBATIONARY = "probationary", _("probationary member")


class Exclusion(models.TextChoices):
    """Why a member with voting rights is not counted in the expected attendance (P3), with approval."""

    ILL = "ill", _("ill, unable to express their will")
    BEDRIDDEN = "bedridden", _("bedridden or unable to care for themselves")
    ABROAD = "abroad", _("abroad and unable to return")
    AWAY = "away", _("away working or studying for six months or more")
    SUSPENDED = "suspended", _("party status suspended")
    DISCIPLINE = "discipline", _("under party discipline")
    DETAINED = "detained", _("detained or arrested")
    FLOATING = "floating", _("floating member who applied")


class PartyMember(models.Model):
    """One member on a branch's roll for one election. A member who lives in the unit links to the
    household register; one who does not (a member whose relationship is here) is typed in."""

    scope_path = "election__unit__path"
    scope_related = ("election__unit", "election__round", "resident")
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="party_members")
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident"),
    )
    name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    # Issue 15: the year in the clear; the full date only sealed (column birth_sealed). The year comes
    # first: setting the date sets it, and a model's fields are set in this order.
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, editable=False)
    birth_date = SealedDateField(
        _("date of birth"), db_column="birth_sealed", null=True, blank=True, year_field="birth_year"
    )
    education = models.CharField(_("education"), max_length=12, choices=Education.choices, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    standing = models.CharField(_("membership"), max_length=12, choices=Standing.choices)
    # P1: probationary members never vote; a full member under 留党察看 or suspended loses the right too.
    voting_rights = models.BooleanField(_("voting rights"), default=True)
    exclusion = models.CharField(
        _("approved exclusion"), max_length=12, choices=Exclusion.choices, blank=True
    )
    exclusion_approved_by = models.CharField(_("exclusion approved by"), max_length=80, blank=True)
    exclusion_approved_on = models.DateField(_("exclusion approved on"), null=True, blank=True)
    previous_post = models.CharField(_("post in the previous term"), max_length=20, blank=True)
    present = models.BooleanField(_("present at the assembly"), default=False)
    objects = ScopedQuerySet["PartyMember"].as_manager()

    class Meta:
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "resident"],
                condition=models.Q(resident__isnull=False),
                name="party_member_once_per_roll",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_vote(self) -> bool:
        return self.standing == Standing.FULL and self.voting_rights


class PartyCandidate(models.Model):
    """A member on the recommended list for a post: committee_member, secretary or deputy_secretary."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="party_candidates")
    member = models.ForeignKey(PartyMember, on_delete=models.PROTECT, related_name="candidacies")
    post = models.CharField(_("post"), max_length=20)
    rank = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["election", "post", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "post", "member"], name="party_candidate_once_per_post"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ({self.post})"
