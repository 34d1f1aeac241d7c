"""Nomination, the candidate lists, the qualification review and the assessment of candidates.

Nominations belong to the villagers' and residents' committee elections (nominees are registered
voters of the election). Reviews, overrides and assessments are keyed by election and the candidate's
person (issue 17): `ref` is the person's opaque reference in the election (voters.people.person_ref) and
`resident` / `member` the record — a resident in a committee election, a party member (and through it the
resident, where there is one) in a party organisation's, so that its secretary candidates are reviewed and
assessed the same way. `name` stays beside them for reading only. A row whose person is not known (one
carried over from before issue 17 that the migration could not resolve) has an empty `ref`: it is listed
for the clerk to resolve (huanjie.candidates.resolve) and counts for no one until then.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.elections.models import Election, Round
from huanjie.supervision.models import Team
from huanjie.units.models import Division
from huanjie.voters.models import Resident, Voter


class Seat(models.Model):
    """A post's seats in one election and how many formal candidates it gets (the differential)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="seats")
    post = models.CharField(_("post"), max_length=20)
    seats = models.PositiveSmallIntegerField(_("seats"))
    size = models.PositiveSmallIntegerField(_("formal candidates"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["election", "post"], name="one_seat_row_per_post")]

    def __str__(self) -> str:
        return f"{self.election} · {self.post} · {self.seats}"


class CommitteeMember(models.Model):
    """A member of the election committee. One who is nominated must leave it first (OL Art.12)."""

    scope_path = "election__unit__path"
    scope_related = ("election__unit",)
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="committee_members")
    name = models.CharField(_("name"), max_length=60)
    # The person (issue 17): a nominee who sits on the committee is found by the record, not the name.
    # Empty for a member who is not a resident of the unit (a street's cadre may sit on it).
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident"),
    )
    duty = models.CharField(_("duty"), max_length=30, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    left_reason = models.TextField(_("why they left"), blank=True)
    objects = ScopedQuerySet["CommitteeMember"].as_manager()

    class Meta:
        ordering = ["election", "pk"]

    def __str__(self) -> str:
        return self.name


class Source(models.TextChoices):
    MEETING = "meeting", _("nomination meeting")
    FORMS = "forms", _("individual nomination forms")


class Nomination(models.Model):
    """A registered voter nominated for a post, with the nomination votes."""

    scope_path = "election__unit__path"
    scope_related = ("election__unit", "election__round", "resident")
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="nominations")
    post = models.CharField(_("post"), max_length=20)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=60)
    votes = models.PositiveIntegerField(_("nomination votes"))
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    nominated_on = models.DateField(_("nominated on"))
    withdrawn_on = models.DateField(_("withdrew on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("withdrawal"), blank=True)
    objects = ScopedQuerySet["Nomination"].as_manager()

    class Meta:
        ordering = ["election", "post", "-votes", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "post", "resident"], name="one_nomination_per_post")
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.post} · {self.votes}"


class NominationSlip(models.Model):
    """One line of a voter's individual nomination form: this voter names this person for this post."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="+")
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="+")
    post = models.CharField(_("post"), max_length=20)
    nominee = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(_("submitted on"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["voter", "post", "nominee"], name="one_slip_per_voter_post_nominee"
            )
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → {self.nominee_id} · {self.post}"


class Verdict(models.TextChoices):
    CLEARED = "cleared", _("cleared")
    FLAGGED = "flagged", _("flagged")


class Review(models.Model):
    """One department's verdict on one candidate in the joint qualification review."""

    scope_path = "election__unit__path"
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="reviews")
    name = models.CharField(_("candidate"), max_length=60)
    ref = models.CharField(max_length=16, blank=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    department = models.CharField(_("department"), max_length=20)
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewed_on = models.DateField(_("reviewed on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["election", "name", "department"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "ref", "department"],
                condition=~Q(ref=""),
                name="one_review_per_department",
            ),
            models.UniqueConstraint(
                fields=["election", "name", "department"],
                condition=Q(ref=""),
                name="one_unresolved_review_per_department",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.department} · {self.verdict}"


class Override(models.Model):
    """A district administrator's written decision that a flagged candidate may stand after all."""

    scope_path = "election__unit__path"
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="review_overrides")
    name = models.CharField(_("candidate"), max_length=60)
    ref = models.CharField(max_length=16, blank=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("written reason"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["election", "ref"], condition=~Q(ref=""), name="one_override_per_candidate"
            ),
            models.UniqueConstraint(
                fields=["election", "name"], condition=Q(ref=""), name="one_unresolved_override_per_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TeamStreet(models.Model):
    """An assessment team of the leading group assigned to a street; one team per street and round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="streets")
    street = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["team", "street__code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "street"], name="one_assessment_team_per_street")
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.street}"


class Conclusion(models.TextChoices):
    SUITABLE = "suitable", _("suitable")
    NOT_SUITABLE = "not_suitable", _("not suitable")


class Assessment(models.Model):
    """The district's assessment of a candidate for secretary or director: the democratic evaluation,
    the talks and the team's conclusion."""

    scope_path = "election__unit__path"
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="assessments")
    name = models.CharField(_("candidate"), max_length=60)
    ref = models.CharField(max_length=16, blank=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    post = models.CharField(_("post"), max_length=20)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    held_on = models.DateField(_("assessed on"))
    participants = models.PositiveIntegerField(_("took part in the evaluation"))
    excellent = models.PositiveIntegerField(_("excellent"))
    competent = models.PositiveIntegerField(_("competent"))
    basic = models.PositiveIntegerField(_("basically competent"))
    incompetent = models.PositiveIntegerField(_("incompetent"))
    talks = models.PositiveIntegerField(_("individual talks"))
    talk_notes = models.TextField(_("what the talks said"), blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=12, choices=Conclusion.choices)
    conclusion_text = models.TextField(_("the team's conclusion"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Assessment"].as_manager()

    class Meta:
        ordering = ["election__street__code", "election__unit__code", "post", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "ref", "post"], condition=~Q(ref=""), name="one_assessment_per_candidate"
            ),
            models.UniqueConstraint(
                fields=["election", "name", "post"],
                condition=Q(ref=""),
                name="one_unresolved_assessment_per_name",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.post}"

    @property
    def approval(self) -> int:
        """Excellent and competent ratings: the share the summary report quotes."""
        return self.excellent + self.competent
