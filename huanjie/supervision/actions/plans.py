"""The streets' work plans, and the dates the district or a street sets."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability, can
from huanjie.core.actions import Actor, action, audit, is_system, user_of
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import ElectionStage, Round
from huanjie.elections.stages import LABELS
from huanjie.supervision.actions.common import ADMIN_ONLY, _in_round, _level, _order, _text
from huanjie.supervision.files import check_upload
from huanjie.supervision.models import (
    Deadline,
    DeadlineReport,
    WorkPlan,
)
from huanjie.units.models import BodyKind, Division, Level


@action("supervision.work_plan.set_due", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_set_work_plan_due(rnd: Round, *, due_on: dt.date, actor: Actor) -> int:
    """Every street of the district owes its work plan by `due_on`; returns how many plans are due."""
    _order(rnd.starts_on, due_on, "due_on", _("The due date is before the round starts."))
    streets = Division.objects.filter(parent=rnd.district, level=Level.STREET).order_by("code")
    changed: list[str] = []
    for street in streets:
        plan, created = WorkPlan.objects.get_or_create(round=rnd, street=street, defaults={"due_on": due_on})
        if not created and plan.due_on != due_on:
            plan.due_on = due_on
            plan.save(update_fields=["due_on"])
        changed.append(street.code)
    audit(
        obj=rnd, division_path=rnd.district.path,
        after={"due_on": due_on, "streets": changed},
    )  # fmt: skip
    return len(changed)


@action(
    "supervision.work_plan.file",
    capability=Capability.FILE_WORK_PLANS,
    scope=lambda plan: plan.street,
    denied=gettext_lazy("Only the street or the leading group's office files the street's work plan."),
    outside=gettext_lazy("Only the street or the leading group's office files the street's work plan."),
)
def do_file_work_plan(
    plan: WorkPlan, *, title: str, filename: str, data: bytes, filed_on: dt.date, actor: Actor
) -> WorkPlan:
    person = user_of(actor)
    if plan.status == WorkPlan.Status.ACCEPTED:
        raise ActionError(_("The plan is already accepted."), field="file")
    title = _text(title, "title", _("The title"))
    upload = check_upload(filename, data)
    _order(plan.round.starts_on, filed_on, "filed_on", _("The plan is dated before the round starts."))
    before = {"status": plan.status, "sha256": plan.sha256, "filed_on": plan.filed_on}
    plan.title, plan.document_name, plan.sha256 = title, upload.name, upload.sha256
    plan.filed_on, plan.filed_by, plan.status = filed_on, person, WorkPlan.Status.FILED
    plan.document.save(upload.sha256, ContentFile(upload.data), save=False)
    plan.save(
        update_fields=["title", "document", "document_name", "sha256", "filed_on", "filed_by", "status"]
    )
    audit(
        obj=plan, division_path=plan.street.path, before=before,
        after={"status": plan.status, "title": title, "document": upload.name, "sha256": upload.sha256,
               "filed_on": filed_on, "late": plan.late},
    )  # fmt: skip
    return plan


@action("supervision.work_plan.review", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_review_work_plan(
    plan: WorkPlan, *, accepted: bool, comments: str, reviewed_on: dt.date, actor: Actor
) -> WorkPlan:
    if plan.status != WorkPlan.Status.FILED:
        raise ActionError(_("Only a filed plan can be reviewed."), field="accepted")
    comments = comments.strip()
    if not accepted and not comments:
        raise ActionError(_("Say what the street must revise."), field="comments")
    _order(plan.filed_on, reviewed_on, "reviewed_on", _("The review is dated before the plan was filed."))
    before = {"status": plan.status}
    plan.status = WorkPlan.Status.ACCEPTED if accepted else WorkPlan.Status.RETURNED
    plan.comments, plan.reviewed_on, plan.reviewed_by = comments, reviewed_on, user_of(actor)
    plan.save(update_fields=["status", "comments", "reviewed_on", "reviewed_by"])
    audit(
        obj=plan, division_path=plan.street.path, before=before,
        after={"status": plan.status, "comments": comments, "reviewed_on": reviewed_on},
    )  # fmt: skip
    return plan


# --- deadlines the district or a street sets ---------------------------------------------------------


@action(
    "supervision.deadline.set",
    capability=Capability.SET_DEADLINES,
    scope=lambda division: division,
    on="division",
    denied=gettext_lazy("The district sets district-wide dates; a street its own."),
    outside=gettext_lazy("The district sets district-wide dates; a street its own."),
)
def do_set_deadline(
    rnd: Round,
    *,
    division: Division,
    title: str,
    due_on: dt.date,
    stage: str = "",
    body_kind: str = "",
    reporter: str = Deadline.Reporter.STREET,
    basis: str = "",
    actor: Actor,
) -> Deadline:
    """Record a date the district or a street sets. A stage deadline is written to the `district_due` of
    that stage in every affected election, so the round's progress and the review read it."""
    _level(division, [Level.DISTRICT, Level.STREET])
    _in_round(rnd, division)
    if not is_system(actor) and not can(actor, Capability.LEAD_GROUP) and actor.scope_id != division.pk:
        raise NotAllowed(_("The district sets district-wide dates; a street its own."))  # a street: its own
    title = _text(title, "title", _("The title"))
    if not rnd.starts_on <= due_on <= rnd.ends_on:
        raise ActionError(
            _("The date must lie within the round (%(start)s – %(end)s).")
            % {"start": rnd.starts_on, "end": rnd.ends_on},
            field="due_on",
        )
    if stage and stage not in LABELS:
        raise ActionError(_("Unknown stage."), field="stage")
    if body_kind and body_kind not in BodyKind.values:
        raise ActionError(_("Unknown body."), field="body_kind")
    if reporter not in Deadline.Reporter.values:
        raise ActionError(_("Say who reports."), field="reporter")
    deadline = Deadline.objects.create(
        round=rnd, division=division, title=title, due_on=due_on, stage=stage, body_kind=body_kind,
        reporter=reporter, basis=basis.strip(), created_by=user_of(actor),
    )  # fmt: skip
    stages = 0
    if stage:
        affected = ElectionStage.objects.filter(
            election__round=rnd, election__unit__path__startswith=division.path, key=stage
        )
        if body_kind:
            affected = affected.filter(election__kind=body_kind)
        # The latest decision wins: a street's date replaces the district's for its own units.
        stages = affected.update(district_due=due_on)
    audit(
        obj=deadline, division_path=division.path,
        after={"title": title, "due_on": due_on, "stage": stage, "body_kind": body_kind,
               "reporter": reporter, "stages_updated": stages},
    )  # fmt: skip
    return deadline


@action(
    "supervision.deadline.report",
    capability=Capability.EDIT_UNITS,
    scope=lambda division: division,
    on="division",
    denied=gettext_lazy("You may report only for your own street or unit."),
    outside=gettext_lazy("You may report only for your own street or unit."),
)
def do_report_deadline(
    deadline: Deadline, *, division: Division, done_on: dt.date, note: str = "", actor: Actor
) -> DeadlineReport:
    if deadline.is_stage:
        raise ActionError(
            _("A stage deadline is met by completing the stage, not by a report."), field="done_on"
        )
    expected = Level.STREET if deadline.reporter == Deadline.Reporter.STREET else Level.UNIT
    _level(division, [expected])
    if not division.path.startswith(deadline.division.path):
        raise ActionError(_("%(name)s is not concerned by this deadline.") % {"name": division.name})
    if DeadlineReport.objects.filter(deadline=deadline, division=division).exists():
        raise ActionError(_("%(name)s has already reported.") % {"name": division.name})
    report = DeadlineReport.objects.create(
        deadline=deadline,
        division=division,
        done_on=done_on,
        note=note.strip(),
        created_by=user_of(actor),
    )
    audit(
        obj=report, division_path=division.path,
        after={"deadline": deadline.title, "division": division.code, "done_on": done_on,
               "late": done_on > deadline.due_on, "note": report.note},
    )  # fmt: skip
    return report
