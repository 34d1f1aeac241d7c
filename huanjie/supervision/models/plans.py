"""The streets' work plans for the district's review, and the deadlines the district or a street sets
beyond the statute with the reports that their work is done."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.elections.stages import label
from huanjie.supervision.models.files import plan_path
from huanjie.units.models import Division


class WorkPlan(models.Model):
    """A street's work plan or detailed rules for the round, due to the leading group's office by a date."""

    scope_path = "street__path"
    scope_related = ("street", "round")
    scope_reach = Reach.AROUND

    class Status(models.TextChoices):
        DUE = "due", _("not filed")
        FILED = "filed", _("filed, under review")
        RETURNED = "returned", _("returned for revision")
        ACCEPTED = "accepted", _("approved")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="work_plans")
    street = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE)
    title = models.CharField(_("title"), max_length=200, blank=True)
    document = models.FileField(upload_to=plan_path, blank=True)
    document_name = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    comments = models.TextField(_("review comments"), blank=True)
    objects = ScopedQuerySet["WorkPlan"].as_manager()

    class Meta:
        ordering = ["street__code"]
        constraints = [models.UniqueConstraint(fields=["round", "street"], name="one_work_plan_per_street")]

    def __str__(self) -> str:
        return self.title or self.street.name

    @property
    def late(self) -> bool:
        return self.filed_on is not None and self.filed_on > self.due_on


class Deadline(models.Model):
    """A date the district or a street sets beyond the statute.

    A stage deadline (`stage` set) is written to the affected elections' `ElectionStage.district_due`,
    which the round's progress and the review's `stage_late` check read. A task deadline (`stage` empty,
    e.g. "candidates for secretary and director reported") is tracked by a report per street or unit.
    """

    scope_path = "division__path"
    scope_related = ("division", "round")
    scope_reach = Reach.AROUND

    class Reporter(models.TextChoices):
        STREET = "street", _("each street")
        UNIT = "unit", _("each unit")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # district or street
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due on"))
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    body_kind = models.CharField(_("body"), max_length=24, blank=True)
    reporter = models.CharField(
        _("reported by"), max_length=8, choices=Reporter.choices, default=Reporter.STREET
    )
    basis = models.CharField(_("basis"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Deadline"].as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_stage(self) -> bool:
        return bool(self.stage)

    @property
    def stage_label(self) -> str:
        return str(label(self.stage)) if self.stage else ""


class DeadlineReport(models.Model):
    """A street's or unit's report that a task deadline's work is done."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reports")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    done_on = models.DateField(_("done on"))
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["division__code"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "division"], name="one_report_per_deadline_division")
        ]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.division}"
