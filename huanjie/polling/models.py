"""Polling day and counting: voting rounds, their contests, ballot boxes, double-entered tallies, results.

A voting round (first, runoff, tie re-vote) has one contest per post with its seats and candidates, and
one or more ballot boxes (the central venue, sub-stations, mobile boxes). Each box's tally is entered
twice by two different clerks; only when both agree, and the box passes the reconciliation checks, does
it count. The rules engine computes the result from the accepted boxes (huanjie.rules.counting).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.elections.models import Election
from huanjie.voters.models import Education, Resident, Voter


class VotingRound(models.Model):
    scope_path = "election__unit__path"

    class Kind(models.TextChoices):
        FIRST = "first", _("first round")
        RUNOFF = "runoff", _("runoff")
        TIE_REVOTE = "tie_revote", _("tie re-vote")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        COUNTED = "counted", _("counted")
        VOIDED = "voided", _("voided for misconduct")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="voting_rounds")
    kind = models.CharField(_("voting round"), max_length=12, choices=Kind.choices)
    seq = models.PositiveSmallIntegerField()
    held_on = models.DateField(_("held on"))
    registered = models.PositiveIntegerField(_("registered voters"))
    # A party vote: an assembly of the members (quorum against the expected, P3) or the new committee's
    # plenary electing the secretary and deputy (majority of all its members, P9).
    sitting = models.CharField(max_length=10, default="assembly")
    approved_exclusions = models.PositiveIntegerField(_("approved exclusions"), default=0)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    result = models.JSONField(_("result"), null=True, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    objects = ScopedQuerySet["VotingRound"].as_manager()

    class Meta:
        ordering = ["election", "seq"]
        constraints = [models.UniqueConstraint(fields=["election", "seq"], name="one_voting_round_per_seq")]

    def __str__(self) -> str:
        return f"{self.election} · {self.get_kind_display()} {self.seq}"


class Contest(models.Model):
    """One post on the ballot: its seats; its candidates in list order are its ballot lines (`entries`,
    polling.Candidate), each a person — never a name (issue 17)."""

    scope_path = "voting_round__election__unit__path"
    voting_round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="contests")
    post = models.CharField(_("post"), max_length=20)
    rank = models.PositiveSmallIntegerField()
    seats = models.PositiveSmallIntegerField(_("seats"))
    objects = ScopedQuerySet["Contest"].as_manager()

    class Meta:
        ordering = ["voting_round", "rank"]
        constraints = [models.UniqueConstraint(fields=["voting_round", "post"], name="one_contest_per_post")]

    def __str__(self) -> str:
        return f"{self.voting_round} · {self.post}"


class Candidate(models.Model):
    """One person on a contest's ballot, in list order (issue 17): the tallies and the result name them by
    `ref`, the person's opaque reference in the election, so two namesakes are two lines of the count."""

    scope_path = "contest__voting_round__election__unit__path"
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    rank = models.PositiveSmallIntegerField()
    ref = models.CharField(max_length=16)
    name = models.CharField(_("name"), max_length=60)
    # How the ballot and the notices print the person where the list has namesakes (voters.people).
    label = models.CharField(_("as printed"), max_length=80)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    woman = models.BooleanField(default=False)  # B21: the seat reserved for a woman
    objects = ScopedQuerySet["Candidate"].as_manager()

    class Meta:
        ordering = ["contest", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["contest", "ref"], name="one_ballot_line_per_person"),
            models.UniqueConstraint(fields=["contest", "rank"], name="one_person_per_ballot_line"),
        ]

    def __str__(self) -> str:
        return self.label or self.name


class BallotBox(models.Model):
    scope_path = "voting_round__election__unit__path"

    class Kind(models.TextChoices):
        CENTRAL = "central", _("central venue")
        SUB = "sub", _("polling station")
        MOBILE = "mobile", _("mobile ballot box")

    class Status(models.TextChoices):
        AWAITING = "awaiting", _("awaiting two entries")
        MISMATCH = "mismatch", _("the two entries differ")
        HELD = "held", _("held for a supervisor")
        ACCEPTED = "accepted", _("accepted")

    voting_round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="boxes")
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.AWAITING)
    # The register entry (station or mobile box) the box belongs to; none for boxes entered before the
    # election kept its registers.
    station = models.ForeignKey(
        "Station", on_delete=models.PROTECT, null=True, blank=True, related_name="boxes"
    )
    hold_reason = models.TextField(_("why it is held"), blank=True)
    resolution = models.TextField(_("supervisor's decision"), blank=True)
    # The agreed tally, once accepted: votes per post by ballot line's `ref`, write-ins as written
    # (polling.tally).
    accepted = models.JSONField(null=True, blank=True)
    objects = ScopedQuerySet["BallotBox"].as_manager()

    class Meta:
        ordering = ["voting_round", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["voting_round", "name"], name="box_names_unique_per_round")
        ]

    def __str__(self) -> str:
        return self.name


class TallyEntry(models.Model):
    """One clerk's entry of a box's tally. Two by different clerks must agree."""

    box = models.ForeignKey(BallotBox, on_delete=models.CASCADE, related_name="entries")
    clerk = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    # Who entered it: the clerk's user name, or the teller named by a system import (the demo's replay).
    entrant = models.CharField(max_length=150)
    data = models.JSONField()
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["box", "entered_at"]

    def __str__(self) -> str:
        return f"{self.box} · {self.entrant}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a tally entry is never edited; enter it again")
        super().save(*args, **kwargs)


class WriteIn(models.Model):
    """The election committee's decision on a name voters wrote in (另选他人) for a post in a voting round:
    the person on the roll it means (whose `ref` then takes its votes), or unresolvable (its votes stay
    on valid ballots but elect no one; the result reports them). Counting waits for every decision."""

    scope_path = "voting_round__election__unit__path"
    voting_round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="write_ins")
    post = models.CharField(_("post"), max_length=20)
    written = models.CharField(_("as written"), max_length=60)
    # The person's opaque reference in the election, or `write_in_ref` of the text when unresolvable.
    ref = models.CharField(max_length=16)
    name = models.CharField(_("name"), max_length=60, blank=True)  # the person's, as on the record
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unresolvable = models.BooleanField(_("unresolvable"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))
    objects = ScopedQuerySet["WriteIn"].as_manager()

    class Meta:
        ordering = ["voting_round", "post", "written"]
        constraints = [
            models.UniqueConstraint(
                fields=["voting_round", "post", "written"], name="one_decision_per_write_in"
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} · {self.written}"


class ElectedMember(models.Model):
    """A person elected to a post: the data the statistics and the work summary need."""

    scope_path = "election__unit__path"

    Education = Education  # kept here too: the party roll and the previous term name it so

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="elected")
    voting_round = models.ForeignKey(VotingRound, on_delete=models.PROTECT, related_name="elected")
    post = models.CharField(_("post"), max_length=20)
    name = models.CharField(_("name"), max_length=60)
    # Issue 17: the person, not the name. A villagers' or residents' committee member is a resident; a
    # party organisation's member is a party member (and through it the resident, where there is one).
    # `ref` is the person's opaque reference in the election (voters.people.person_ref).
    ref = models.CharField(max_length=16, blank=True, db_index=True)
    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    member = models.ForeignKey(
        "party.PartyMember", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    votes = models.PositiveIntegerField(_("votes"))
    # Sex, birth date, ethnicity, education and party membership are the person's record's (issue 17),
    # never typed in again. Which record: what the household register fixes — sex, birth (both read from
    # the ID number) and ethnicity — from the resident, the roll's row only for a member on no register
    # here; what the party roll keeps for its members — education — from the member, then the resident.
    previous_post = models.CharField(_("post in the previous term"), max_length=60, blank=True)
    objects = ScopedQuerySet["ElectedMember"].as_manager()

    class Meta:
        ordering = ["election", "pk"]
        # Issue 17: by the person's reference, so that two namesakes may both sit on one post.
        constraints = [
            models.UniqueConstraint(
                fields=["election", "post", "ref"],
                condition=~models.Q(ref=""),
                name="elected_once_per_post",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.post})"

    # The person's record, read for pages and the statistics (huanjie.polling.elected writes it).
    @property
    def sex(self) -> str:
        record = self.resident or self.member
        return record.sex if record is not None else ""

    @property
    def birth_year(self) -> int | None:
        record = self.resident or self.member
        return record.birth_year if record is not None else None

    @property
    def birth_date(self) -> dt.date | None:
        """The date of birth from the sealed record: for the server's reckoning of ages, never a page."""
        if self.resident is not None:
            return self.resident.birth_date
        return self.member.birth_date if self.member is not None else None

    @property
    def ethnicity(self) -> str:
        record = self.resident or self.member
        return record.ethnicity if record is not None else ""

    @property
    def education(self) -> str:
        """The person's record's: in a party organisation's election the roll's member (the person of that
        election, design of issue 17), then the resident; in a committee's, the resident."""
        member = self.member.education if self.member is not None else ""
        return member or (self.resident.education if self.resident is not None else "")

    @property
    def party_member(self) -> bool | None:
        if self.member is not None:
            return True  # elected by the party organisation: a member on its roll
        return self.resident.party_member if self.resident is not None else None

    def get_education_display(self) -> str:
        return str(dict(Education.choices).get(self.education, self.education))


class Relation(models.TextChoices):
    """Near relatives (近亲属): the profile's proxy relations and the officials' bar (B12, B14)."""

    SPOUSE = "spouse", _("spouse")
    PARENT = "parent", _("father or mother")
    CHILD = "child", _("child")
    SIBLING = "sibling", _("sibling")
    GRANDPARENT = "grandparent", _("grandparent")
    GRANDCHILD = "grandchild", _("grandchild")


class Station(models.Model):
    """A polling-day register entry: the central venue, a sub-station, or a mobile ballot box (B13)."""

    scope_path = "election__unit__path"
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stations")
    kind = models.CharField(_("kind"), max_length=8, choices=BallotBox.Kind.choices)
    name = models.CharField(_("name"), max_length=60)
    place = models.CharField(_("place"), max_length=120, blank=True)
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    objects = ScopedQuerySet["Station"].as_manager()

    class Meta:
        ordering = ["election", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["election", "name"], name="station_names_unique_per_election")
        ]

    def __str__(self) -> str:
        return self.name


class Official(models.Model):
    """A scrutineer, teller, caller or mobile-box monitor; never a candidate or a candidate's relative (B14)."""

    scope_path = "election__unit__path"

    class Role(models.TextChoices):
        SCRUTINEER = "scrutineer", _("scrutineer")
        TELLER = "teller", _("teller")
        CALLER = "caller", _("caller")
        MONITOR = "monitor", _("mobile box monitor")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="officials")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    name = models.CharField(_("name"), max_length=60)
    # The person on the roll, where the official is a voter here: the household check needs it.
    voter = models.ForeignKey(Voter, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    station = models.ForeignKey(
        Station, on_delete=models.CASCADE, null=True, blank=True, related_name="monitors"
    )
    # The official's own declaration of a relative who stands for election, and the relation.
    relative = models.CharField(_("declared relative"), max_length=60, blank=True)
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices, blank=True)
    objects = ScopedQuerySet["Official"].as_manager()

    class Meta:
        ordering = ["election", "role", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"


class MobileVoter(models.Model):
    """A registered voter who votes at a mobile box; marked so that nobody votes twice."""

    scope_path = "station__election__unit__path"

    class Reason(models.TextChoices):
        ILL = "ill", _("ill")
        OLD = "old", _("elderly")
        DISABLED = "disabled", _("disabled")
        OTHER = "other", _("other")

    station = models.ForeignKey(Station, on_delete=models.CASCADE, related_name="mobile_voters")
    voter = models.OneToOneField(Voter, on_delete=models.PROTECT, related_name="mobile_entry")
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    note = models.CharField(_("note"), max_length=120, blank=True)
    objects = ScopedQuerySet["MobileVoter"].as_manager()

    class Meta:
        ordering = ["station", "voter__resident__group", "pk"]

    def __str__(self) -> str:
        return f"{self.voter.resident.name} @ {self.station}"


class Proxy(models.Model):
    """A written authorisation (委托书): the principal asks a near relative on the same roll to vote (B12)."""

    scope_path = "election__unit__path"
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="proxies")
    principal = models.OneToOneField(Voter, on_delete=models.PROTECT, related_name="proxy_given")
    holder = models.ForeignKey(Voter, on_delete=models.PROTECT, related_name="proxies_held")
    # The holder is the principal's …
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices)
    reason = models.CharField(_("reason"), max_length=120, blank=True)
    written_on = models.DateField(_("written on"))
    approved_on = models.DateField(_("approved by the election committee on"))
    # Set when the proxies stage publishes the list; a proxy approved later is not on the posted list.
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    objects = ScopedQuerySet["Proxy"].as_manager()

    class Meta:
        ordering = ["election", "holder__resident__group", "holder_id", "pk"]

    def __str__(self) -> str:
        return f"{self.principal.resident.name} → {self.holder.resident.name}"


class Voiding(models.Model):
    """The district's decision that an election, or some persons' election, is void for misconduct
    (B25, OL Art.17 / the residents' committee measures). It vacates seats and opens the new vote."""

    scope_path = "election__unit__path"

    class Grounds(models.TextChoices):
        VIOLENCE = "violence", _("violence")
        THREATS = "threats", _("threats")
        DECEPTION = "deception", _("deception")
        BRIBERY = "bribery", _("bribery")
        FORGED_BALLOTS = "forged_ballots", _("forged ballots")
        FALSE_COUNT = "false_count", _("false count of the votes")

    election = models.ForeignKey(Election, on_delete=models.PROTECT, related_name="voidings")
    whole = models.BooleanField(_("the whole election"))
    grounds = models.CharField(_("grounds of voiding"), max_length=16, choices=Grounds.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    document_ref = models.CharField(_("decision document number"), max_length=100)
    document_name = models.CharField(max_length=200, blank=True)
    document = models.FileField(upload_to="voidings/", blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who lost their seat: [{"post", "ref", "name", "votes", "round"}]; the engine's reasons with articles.
    voided = models.JSONField(default=list)
    reasons = models.JSONField(default=list)
    new_round = models.OneToOneField(
        VotingRound, on_delete=models.PROTECT, null=True, blank=True, related_name="voiding"
    )
    notice = models.ForeignKey(
        "elections.Notice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    objects = ScopedQuerySet["Voiding"].as_manager()

    class Meta:
        ordering = ["election", "pk"]

    def __str__(self) -> str:
        return f"{self.election} · {self.document_ref}"
