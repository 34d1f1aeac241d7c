"""Rounds, the elections in them, their statutory stages, notices, and the review's findings."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.units.models import Body, BodyKind, Division


class Round(models.Model):
    """One general election of all the units of a district, with its dates and province profile."""

    scope_path = "district__path"
    scope_related = ("district",)
    # Anyone whose scope is the district or below it sees the district's round, and so does a province's
    # or a city's user (the province office) of every district below their scope.
    scope_reach = Reach.AROUND
    name = models.CharField(_("name"), max_length=120)
    district = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("district")
    )
    profile = models.CharField(_("province profile"), max_length=30)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    bodies = models.JSONField(_("electing bodies"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    objects = ScopedQuerySet["Round"].as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name


class Election(models.Model):
    """One body's election in one unit in one round."""

    scope_path = "unit__path"
    scope_related = ("round", "unit", "street", "body")
    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="elections", verbose_name=_("round")
    )
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="elections", verbose_name=_("body"))
    # Denormalised from body.unit and unit.parent: the progress pages group by them without joins.
    unit = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="elections", verbose_name=_("unit")
    )
    street = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+", verbose_name=_("street"))
    kind = models.CharField(_("body"), max_length=24, choices=BodyKind.choices)
    election_day = models.DateField(_("election day"), null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    objects = ScopedQuerySet["Election"].as_manager()

    class Meta:
        ordering = ["unit__code", "kind"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.UniqueConstraint(fields=["round", "body"], name="one_election_per_body_per_round")
        ]
        indexes = [models.Index(fields=["round", "street"])]

    def __str__(self) -> str:
        return f"{self.body.name} · {self.round.name}"


class DayChange(models.Model):
    """A postponement or advance of an election day: a reason, then a district administrator's decision."""

    scope_path = "election__unit__path"

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="day_changes")
    from_day = models.DateField(_("from"))
    to_day = models.DateField(_("to"))
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    objects = ScopedQuerySet["DayChange"].as_manager()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.election}: {self.from_day} → {self.to_day}"


class StageStatus(models.TextChoices):
    PENDING = "pending", _("not done")
    DONE = "done", _("done")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class ElectionStage(models.Model):
    """One statutory step of an election, with its window from the rules engine and its completion."""

    scope_path = "election__unit__path"
    scope_related = ("election__round", "election__unit", "election__body")
    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="stages")
    key = models.CharField(_("stage"), max_length=40)
    family = models.CharField(max_length=20)
    seq = models.PositiveSmallIntegerField()
    opens = models.DateField(_("opens"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    district_due = models.DateField(_("due by the district or street"), null=True, blank=True)
    rule_text_zh = models.TextField(blank=True)
    rule_text_en = models.TextField(blank=True)
    article = models.CharField(_("article"), max_length=1000, blank=True)  # a profile source can be long
    publishes_notice = models.BooleanField(default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=StageStatus.choices, default=StageStatus.PENDING
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)
    override = models.TextField(_("override justification"), blank=True)
    objects = ScopedQuerySet["ElectionStage"].as_manager()

    class Meta:
        ordering = ["election", "seq"]
        constraints = [models.UniqueConstraint(fields=["election", "key"], name="one_stage_of_a_kind")]
        indexes = [models.Index(fields=["family", "status", "due"])]

    def __str__(self) -> str:
        return f"{self.election} · {self.key}"

    @property
    def effective_due(self) -> Any:
        """The earlier of the statutory date and the date the district or street set."""
        dues = [d for d in (self.due, self.district_due) if d is not None]
        return min(dues) if dues else None


def evidence_path(instance: Evidence, filename: str) -> str:
    return (
        f"evidence/{instance.stage.election.round_id}/{instance.stage.election.unit.code}/{instance.sha256}"
    )


class Evidence(models.Model):
    """A photo or PDF of a posted notice or a meeting record, attached to a stage."""

    scope_path = "stage__election__unit__path"
    stage = models.ForeignKey(ElectionStage, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    objects = ScopedQuerySet["Evidence"].as_manager()

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """A public document of a stage. Never edited: a correction is a new version that replaces it."""

    scope_path = "unit__path"
    scope_related = ("unit", "round")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="notices")
    unit = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="notices")
    election = models.ForeignKey(Election, on_delete=models.PROTECT, null=True, related_name="notices")
    stage = models.CharField(_("stage"), max_length=40)
    title_zh = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    body_zh = models.TextField()
    body_en = models.TextField()
    issuer_zh = models.CharField(max_length=120)
    issuer_en = models.CharField(max_length=160)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    version = models.PositiveSmallIntegerField(default=1)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    sha256 = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Notice"].as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]

    def __str__(self) -> str:
        return self.title_zh

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("a published notice is never edited; publish a correction instead")
        super().save(*args, **kwargs)


class Finding(models.Model):
    """A problem found by the review, an inspection, or recorded when a guard was overridden."""

    scope_path = "unit__path"
    scope_related = ("unit", "round", "election")

    class Source(models.TextChoices):
        REVIEW = "review", _("look-back review")
        OVERRIDE = "override", _("override of a guard")
        INSPECTION = "inspection", _("inspection")
        MANUAL = "manual", _("recorded by hand")

    class Severity(models.TextChoices):
        HIGH = "high", _("high")
        MEDIUM = "medium", _("medium")
        LOW = "low", _("low")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="findings")
    election = models.ForeignKey(
        Election, on_delete=models.CASCADE, null=True, blank=True, related_name="findings"
    )
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    code = models.CharField(_("check"), max_length=60)
    article = models.CharField(_("article"), max_length=1000, blank=True)  # a profile source can be long
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.MEDIUM
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    reference = models.CharField(max_length=60, blank=True)
    text_zh = models.TextField()
    text_en = models.TextField()
    found_on = models.DateField(_("found on"))
    rectification_due = models.DateField(_("rectify by"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    resolution = models.TextField(_("what was done"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Finding"].as_manager()

    class Meta:
        ordering = ["closed_on", "-found_on", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "unit", "election", "stage", "code"],
                condition=models.Q(source="review"),
                name="one_review_finding_per_check",
            )
        ]

    def __str__(self) -> str:
        return self.text_zh


class ProgressSnapshot(models.Model):
    """Counts of stage states per round, street and family as of a day: what the province and country
    roll-ups read. Live pages read the stages themselves; a roll-up over hundreds of thousands of units
    reads this, refreshed each morning (`huanjie refresh-progress`) and, for a street, after each change."""

    day = models.DateField()
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    street = models.ForeignKey(Division, on_delete=models.CASCADE, related_name="+")
    family = models.CharField(max_length=20)
    state = models.CharField(max_length=16)
    n = models.PositiveIntegerField()

    class Meta:
        indexes = [models.Index(fields=["day", "street"]), models.Index(fields=["day", "round"])]

    def __str__(self) -> str:
        return f"{self.day} {self.street_id} {self.family} {self.state} {self.n}"
