"""Writes to the leading group's records, through core.actions: each declares the capability it needs
(accounts/roles.py) and the division it acts in; the system (`SYSTEM`) passes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.models import Role, User
from huanjie.accounts.roles import Capability, can
from huanjie.core.actions import Actor, action, audit, check, is_system, user_of
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.actions import do_close_finding, do_record_finding
from huanjie.elections.models import ElectionStage, Finding, Round
from huanjie.elections.stages import LABELS
from huanjie.supervision.files import check_upload
from huanjie.supervision.imports import read_sign_in_sheet
from huanjie.supervision.models import (
    Attendance,
    ContactCadre,
    Deadline,
    DeadlineReport,
    GroupMember,
    LiaisonOfficer,
    LiaisonReport,
    MemberUnit,
    Petition,
    Publicity,
    PublicityPhoto,
    Question,
    StaffMember,
    Team,
    Training,
    Visit,
    WorkPlan,
)
from huanjie.units.models import BodyKind, Division, Level

ADMIN_ONLY = gettext_lazy("Only the leading group's office (a district administrator) may do this.")


def _organiser(actor: Actor, division: Division, message: str) -> None:
    """The district's own training and publicity are the leading group's office's; a street's or a
    unit's, of those who edit it."""
    if division.level == Level.DISTRICT:
        check(actor, Capability.LEAD_GROUP, None, message)
    else:
        check(actor, Capability.EDIT_UNITS, division, message, message)


def _text(value: str, field: str, label: str) -> str:
    value = value.strip()
    if not value:
        raise ActionError(_("%(label)s is empty.") % {"label": label}, field=field)
    return value


def _in_round(rnd: Round, division: Division, field: str = "division") -> None:
    if not division.path.startswith(rnd.district.path):
        raise ActionError(
            _("%(name)s is not in this round's district.") % {"name": division.name}, field=field
        )


def _level(division: Division, levels: Iterable[str], field: str = "division") -> None:
    if division.level not in levels:
        raise ActionError(
            _("%(name)s is not a %(levels)s.")
            % {"name": division.name, "levels": " / ".join(str(Level(lv).label) for lv in levels)},
            field=field,
        )


def _order(first: dt.date | None, then: dt.date | None, field: str, message: str) -> None:
    if first is not None and then is not None and then < first:
        raise ActionError(message, field=field)


# --- the leading group -------------------------------------------------------------------------------


@action("supervision.member_unit.add", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_add_member_unit(rnd: Round, *, name: str, kind: str, duties: str = "", actor: Actor) -> MemberUnit:
    name = _text(name, "name", _("The name"))
    if kind not in MemberUnit.Kind.values:
        raise ActionError(_("Unknown kind of member unit."), field="kind")
    if MemberUnit.objects.filter(round=rnd, name=name).exists():
        raise ActionError(_("%(name)s is already a member unit.") % {"name": name}, field="name")
    unit = MemberUnit.objects.create(round=rnd, name=name, kind=kind, duties=duties.strip())
    audit(
        obj=unit, division_path=rnd.district.path,
        after={"name": name, "kind": kind, "duties": unit.duties},
    )  # fmt: skip
    return unit


@action("supervision.group_member.add", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_add_group_member(
    rnd: Round,
    *,
    name: str,
    title: str,
    post: str,
    member_unit: MemberUnit | None = None,
    phone: str = "",
    actor: Actor,
) -> GroupMember:
    name = _text(name, "name", _("The name"))
    title = _text(title, "title", _("The position"))
    if post not in GroupMember.Post.values:
        raise ActionError(_("Unknown post in the group."), field="post")
    if member_unit is not None and member_unit.round_id != rnd.pk:
        raise ActionError(_("That member unit belongs to another round."), field="member_unit")
    member = GroupMember.objects.create(
        round=rnd, name=name, title=title, post=post, member_unit=member_unit, phone=phone.strip()
    )
    audit(
        obj=member, division_path=rnd.district.path,
        after={"name": name, "title": title, "post": post, "member_unit": member_unit, "phone": member.phone},
    )  # fmt: skip
    return member


@action("supervision.group_member.remove", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_remove_group_member(member: GroupMember, *, actor: Actor) -> None:
    before = {"name": member.name, "title": member.title, "post": member.post}
    audit(
        obj=member,
        division_path=member.round.district.path, before=before,
    )  # fmt: skip
    member.delete()


@action(
    "supervision.contact_cadre.appoint",
    capability=Capability.DIRECT_UNITS,
    scope=lambda unit: unit,
    on="unit",
    denied=gettext_lazy("Only the district or the unit's street appoints its contact cadre."),
    outside=gettext_lazy("Only the district or the unit's street appoints its contact cadre."),
)
def do_appoint_contact_cadre(
    rnd: Round, *, unit: Division, name: str, title: str, since: dt.date, phone: str = "", actor: Actor
) -> ContactCadre:
    _level(unit, [Level.UNIT], "unit")
    _in_round(rnd, unit, "unit")
    name = _text(name, "name", _("The name"))
    title = _text(title, "title", _("The position"))
    cadre = ContactCadre.objects.create(
        round=rnd, unit=unit, name=name, title=title, phone=phone.strip(), since=since
    )
    audit(
        obj=cadre, division_path=unit.path,
        after={"unit": unit.code, "name": name, "title": title, "since": since},
    )  # fmt: skip
    return cadre


@action("supervision.liaison_officer.station", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_station_liaison_officer(
    rnd: Round,
    *,
    street: Division,
    name: str,
    department: str,
    since: dt.date,
    phone: str = "",
    account: User | None = None,
    actor: Actor,
) -> LiaisonOfficer:
    _level(street, [Level.STREET], "street")
    _in_round(rnd, street, "street")
    name = _text(name, "name", _("The name"))
    department = _text(department, "department", _("The department that sends the officer"))
    if account is not None and (account.role != Role.LIAISON or account.scope_id != street.pk):
        raise ActionError(
            _("The account must be a liaison officer's account of this street."), field="account"
        )
    officer = LiaisonOfficer.objects.create(
        round=rnd, street=street, name=name, department=department, since=since, phone=phone.strip(),
        account=account,
    )  # fmt: skip
    audit(
        obj=officer, division_path=street.path,
        after={"street": street.code, "name": name, "department": department, "since": since,
               "account": account.username if account else None},
    )  # fmt: skip
    return officer


@action(
    "supervision.liaison_report.file",
    capability=Capability.FILE_LIAISON_REPORTS,
    scope=lambda officer: officer.street,
    denied=gettext_lazy(
        "Only the street's liaison officer or the leading group's office files liaison reports."
    ),
    outside=gettext_lazy(
        "Only the street's liaison officer or the leading group's office files liaison reports."
    ),
)
def do_file_liaison_report(
    officer: LiaisonOfficer,
    *,
    reported_on: dt.date,
    progress: str,
    problems: str = "",
    unit: Division | None = None,
    actor: Actor,
) -> LiaisonReport:
    person = user_of(actor)
    if unit is not None and unit.parent_id != officer.street_id:
        raise ActionError(_("The unit is not in the officer's street."), field="unit")
    _order(
        officer.since, reported_on, "reported_on", _("The report is dated before the officer was stationed.")
    )
    progress = _text(progress, "progress", _("The progress"))
    report = LiaisonReport.objects.create(
        officer=officer, reported_on=reported_on, progress=progress, problems=problems.strip(), unit=unit,
        created_by=person,
    )  # fmt: skip
    audit(
        obj=report, division_path=officer.street.path,
        after={"officer": officer.name, "reported_on": reported_on, "unit": unit.code if unit else None,
               "progress": progress, "problems": report.problems},
    )  # fmt: skip
    return report


# --- work plans --------------------------------------------------------------------------------------


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
    capability=Capability.DIRECT_UNITS,
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
    capability=Capability.DIRECT_UNITS,
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


# --- training ----------------------------------------------------------------------------------------


@action(
    "supervision.staff.add",
    capability=Capability.EDIT_UNITS,
    scope=lambda division: division,
    on="division",
    denied=gettext_lazy("You may list staff only of your own street or unit."),
    outside=gettext_lazy("You may list staff only of your own street or unit."),
)
def do_add_staff_member(
    rnd: Round, *, division: Division, name: str, post: str, phone: str = "", actor: Actor
) -> StaffMember:
    _level(division, [Level.STREET, Level.UNIT])
    _in_round(rnd, division)
    name = _text(name, "name", _("The name"))
    if post not in StaffMember.Post.values:
        raise ActionError(_("Unknown post."), field="post")
    if StaffMember.objects.filter(round=rnd, division=division, name=name).exists():
        raise ActionError(_("%(name)s is already on the staff list.") % {"name": name}, field="name")
    member = StaffMember.objects.create(
        round=rnd, division=division, name=name, post=post, phone=phone.strip()
    )
    audit(
        obj=member, division_path=division.path,
        after={"division": division.code, "name": name, "post": post},
    )  # fmt: skip
    return member


@action("supervision.training.record", capability=None)
def do_record_training(
    rnd: Round,
    *,
    division: Division,
    title: str,
    held_on: dt.date,
    place: str,
    audience: str,
    topics: str,
    materials: str = "",
    materials_file: tuple[str, bytes] | None = None,
    actor: Actor,
) -> Training:
    _level(division, [Level.DISTRICT, Level.STREET])
    _in_round(rnd, division)
    _organiser(actor, division, _("The district records its training; a street its own."))
    values = {
        "title": _text(title, "title", _("The title")),
        "place": _text(place, "place", _("The place")),
        "audience": _text(audience, "audience", _("The audience")),
        "topics": _text(topics, "topics", _("The topics")),
    }
    upload = check_upload(*materials_file) if materials_file else None
    training = Training(round=rnd, division=division, held_on=held_on, materials=materials.strip(), **values)
    if upload is not None:
        training.materials_name, training.materials_sha256 = upload.name, upload.sha256
        training.materials_file.save(upload.sha256, ContentFile(upload.data), save=False)
    training.save()
    audit(
        obj=training, division_path=division.path,
        after={**values, "held_on": held_on, "division": division.code,
               "materials_file": upload.name if upload else None},
    )  # fmt: skip
    return training


def _may_record_attendance(actor: Actor, training: Training) -> None:
    message = _("Only the organiser of the training records its attendance.")
    if (
        training.division.level == Level.STREET
        and not is_system(actor)
        and not can(actor, Capability.LEAD_GROUP)
    ):
        check(actor, Capability.EDIT_UNITS, training.division, message, message)
    else:
        check(actor, Capability.LEAD_GROUP, None, message)


@action("supervision.training.attendance", capability=None)
def do_mark_attendance(
    training: Training, *, candidates: Iterable[StaffMember], present: set[int], actor: Actor
) -> tuple[int, int]:
    """Tick who attended among `candidates` (the people the form showed): adds and removes only those."""
    _may_record_attendance(actor, training)
    people = {s.pk: s for s in candidates}
    if not present <= set(people):
        raise ActionError(_("Someone ticked is not on the list."), field="present")
    for person in people.values():
        if person.round_id != training.round_id or not person.division.path.startswith(
            training.division.path
        ):
            raise ActionError(_("%(name)s is not in the training's audience.") % {"name": person.name})
    had = set(
        Attendance.objects.filter(training=training, staff_id__in=people).values_list("staff_id", flat=True)
    )
    added, removed = present - had, (set(people) - present) & had
    Attendance.objects.bulk_create([Attendance(training=training, staff_id=pk) for pk in sorted(added)])
    Attendance.objects.filter(training=training, staff_id__in=removed).delete()
    audit(
        obj=training, division_path=training.division.path,
        after={"added": sorted(people[pk].name for pk in added),
               "removed": sorted(people[pk].name for pk in removed)},
    )  # fmt: skip
    return len(added), len(removed)


@action("supervision.training.import_attendance", capability=None)
def do_import_attendance(training: Training, filename: str, data: bytes, *, actor: Actor) -> dict[str, int]:
    """Import a sign-in sheet: all rows are checked first; any error refuses the whole file."""
    _may_record_attendance(actor, training)
    scope = training.division.path
    if not is_system(actor) and actor.scope is not None and actor.scope.path.startswith(scope):
        scope = actor.scope.path
    divisions: dict[str, Division] = {}
    for division in Division.objects.filter(path__startswith=scope, level__in=[Level.STREET, Level.UNIT]):
        divisions[division.code] = division
        divisions.setdefault(division.name, division)
    rows = read_sign_in_sheet(filename, data, divisions)
    existing = {
        (s.division_id, s.name): s
        for s in StaffMember.objects.filter(round=training.round, division__in={r.division for r in rows})
    }
    new_staff = 0
    people: list[StaffMember] = []
    for row in rows:
        person = existing.get((row.division.pk, row.name))
        if person is None:
            person = StaffMember.objects.create(
                round=training.round, division=row.division, name=row.name, post=row.post, phone=row.phone
            )
            existing[(row.division.pk, row.name)] = person
            new_staff += 1
        people.append(person)
    had = set(Attendance.objects.filter(training=training).values_list("staff_id", flat=True))
    added = [p for p in people if p.pk not in had]
    Attendance.objects.bulk_create([Attendance(training=training, staff=p) for p in added])
    summary = {"rows": len(rows), "added": len(added), "new_staff": new_staff}
    audit(
        obj=training,
        division_path=training.division.path, after={"file": filename, **summary},
    )  # fmt: skip
    return summary


# --- publicity ---------------------------------------------------------------------------------------


@action("supervision.publicity.record", capability=None)
def do_record_publicity(
    rnd: Round,
    *,
    division: Division,
    kind: str,
    count: int,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    place: str = "",
    description: str = "",
    actor: Actor,
) -> Publicity:
    _in_round(rnd, division)
    _organiser(actor, division, _("You may record publicity only in your own street or unit."))
    if kind not in Publicity.Kind.values:
        raise ActionError(_("Unknown kind of publicity."), field="kind")
    if count < 1:
        raise ActionError(_("The count must be at least 1."), field="count")
    _order(started_on, ended_on, "ended_on", _("The end date is before the start date."))
    item = Publicity.objects.create(
        round=rnd, division=division, kind=kind, count=count, started_on=started_on, ended_on=ended_on,
        place=place.strip(), description=description.strip(), created_by=user_of(actor),
    )  # fmt: skip
    audit(
        obj=item, division_path=division.path,
        after={"division": division.code, "kind": kind, "count": count, "started_on": started_on,
               "ended_on": ended_on, "place": item.place},
    )  # fmt: skip
    return item


@action("supervision.publicity.photo", capability=None)
def do_add_publicity_photo(item: Publicity, *, filename: str, data: bytes, actor: Actor) -> PublicityPhoto:
    _organiser(actor, item.division, _("You may record publicity only in your own street or unit."))
    upload = check_upload(filename, data, photo=True)
    photo = PublicityPhoto(
        publicity=item, original_name=upload.name, content_type=upload.content_type, size=len(data),
        sha256=upload.sha256, uploaded_by=user_of(actor),
    )  # fmt: skip
    photo.file.save(upload.sha256, ContentFile(upload.data), save=False)
    photo.save()
    audit(
        obj=photo, division_path=item.division.path,
        after={"publicity": item.pk, "name": upload.name, "sha256": upload.sha256, "size": len(data)},
    )  # fmt: skip
    return photo


# --- inspection and assessment teams -----------------------------------------------------------------


@action("supervision.team.form", capability=Capability.LEAD_GROUP, denied=ADMIN_ONLY)
def do_form_team(
    rnd: Round,
    *,
    kind: str,
    name: str,
    leader: str,
    starts_on: dt.date,
    ends_on: dt.date,
    members: str = "",
    remit: str = "",
    actor: Actor,
) -> Team:
    if kind not in Team.Kind.values:
        raise ActionError(_("Unknown kind of team."), field="kind")
    name = _text(name, "name", _("The name"))
    leader = _text(leader, "leader", _("The team leader"))
    _order(starts_on, ends_on, "ends_on", _("The team's period ends before it starts."))
    team = Team.objects.create(
        round=rnd, kind=kind, name=name, leader=leader, members=members.strip(), starts_on=starts_on,
        ends_on=ends_on, remit=remit.strip(),
    )  # fmt: skip
    audit(
        obj=team, division_path=rnd.district.path,
        after={"kind": kind, "name": name, "leader": leader, "members": team.members,
               "starts_on": starts_on, "ends_on": ends_on},
    )  # fmt: skip
    return team


@action(
    "supervision.visit.record",
    capability=Capability.INSPECT,
    scope=lambda division: division,
    on="division",
    denied=gettext_lazy("Only the leading group, inspectors and liaison officers record visits."),
    outside=gettext_lazy("Only the leading group, inspectors and liaison officers record visits."),
)
def do_record_visit(
    team: Team,
    *,
    division: Division,
    visited_on: dt.date,
    summary: str = "",
    units_seen: Iterable[Division] = (),
    actor: Actor,
) -> Visit:
    _level(division, [Level.STREET, Level.UNIT])
    _in_round(team.round, division)
    if not team.starts_on <= visited_on <= team.ends_on:
        raise ActionError(
            _("The visit must fall within the team's period (%(start)s – %(end)s).")
            % {"start": team.starts_on, "end": team.ends_on},
            field="visited_on",
        )
    seen = list(units_seen)
    for unit in seen:
        if unit.level != Level.UNIT or not unit.path.startswith(division.path):
            raise ActionError(
                _("%(name)s is not a unit of the visited street.") % {"name": unit.name}, field="units_seen"
            )
    visit = Visit.objects.create(
        team=team,
        division=division,
        visited_on=visited_on,
        summary=summary.strip(),
        created_by=user_of(actor),
    )
    visit.units_seen.set(seen)
    audit(
        obj=visit, division_path=division.path,
        after={"team": team.name, "division": division.code, "visited_on": visited_on,
               "units_seen": [u.code for u in seen], "summary": visit.summary},
    )  # fmt: skip
    return visit


@action(
    "supervision.question.record",
    capability=Capability.INSPECT,
    scope=lambda visit: visit.division,
    denied=gettext_lazy("Only the visiting team records its questions and answers."),
    outside=gettext_lazy("Only the visiting team records its questions and answers."),
)
def do_record_question(
    visit: Visit, *, question: str, answer: str = "", asked_by: str = "", actor: Actor
) -> Question:
    question = _text(question, "question", _("The question"))
    item = Question.objects.create(
        visit=visit, question=question, answer=answer.strip(), asked_by=asked_by.strip()
    )
    audit(
        obj=item, division_path=visit.division.path,
        after={"visit": visit.pk, "asked_by": item.asked_by, "question": question, "answer": item.answer},
    )  # fmt: skip
    return item


@action(
    "supervision.question.answer",
    capability=Capability.INSPECT,
    scope=lambda item: item.visit.division,
    denied=gettext_lazy("Only the visiting team records its questions and answers."),
    outside=gettext_lazy("Only the visiting team records its questions and answers."),
)
def do_answer_question(item: Question, *, answer: str, actor: Actor) -> Question:
    answer = _text(answer, "answer", _("The answer"))
    before = {"answer": item.answer}
    item.answer = answer
    item.save(update_fields=["answer"])
    audit(
        obj=item, division_path=item.visit.division.path,
        before=before, after={"answer": answer},
    )  # fmt: skip
    return item


@action(
    "finding.record",
    capability=Capability.RECORD_FINDINGS,  # in the unit's scope: do_record_finding checks it
    delegates=True,
)
def do_record_inspection_finding(
    visit: Visit,
    *,
    unit: Division,
    text: str,
    severity: str = Finding.Severity.MEDIUM,
    rectification_due: dt.date | None = None,
    stage: str = "",
    actor: Actor,
) -> Finding:
    """A problem the visit found: checks that it belongs to the visit, then records it with the round's
    `do_record_finding` (source inspection, reference visit:<pk>), which writes the one audit event."""
    if not unit.path.startswith(visit.division.path):
        raise ActionError(_("%(name)s was not part of this visit.") % {"name": unit.name}, field="unit")
    if stage and stage not in LABELS:
        raise ActionError(_("Unknown stage."), field="stage")
    return do_record_finding(
        rnd=visit.team.round, unit=unit, text_zh=_text(text, "text", _("The finding")), text_en="",
        severity=severity, rectification_due=rectification_due, actor=actor, source=Finding.Source.INSPECTION,
        reference=visit.reference, stage=stage, found_on=visit.visited_on,
    )  # fmt: skip


@action(
    "finding.close", capability=Capability.RECORD_FINDINGS, scope=lambda finding: finding.unit, delegates=True
)
def do_close_inspection_finding(
    finding: Finding, *, closed_on: dt.date, resolution: str, actor: Actor
) -> Finding:
    """Close an inspection's finding with what was done, through the round's `do_close_finding`."""
    if finding.source != Finding.Source.INSPECTION:
        raise ActionError(_("Only an inspection's finding is closed here."))
    return do_close_finding(finding, resolution=resolution, closed_on=closed_on, actor=actor)


# --- petitions ---------------------------------------------------------------------------------------


def _petition_snapshot(p: Petition) -> dict[str, Any]:
    return {
        "division": p.division.code, "channel": p.channel, "received_on": p.received_on, "subject": p.subject,
        "petitioner_count": p.petitioner_count, "collective": p.collective, "term_label": p.term_label,
        "stage": p.stage, "handler": p.handler, "decision": p.decision, "decided_on": p.decided_on,
        "concluded_on": p.concluded_on, "satisfaction": p.satisfaction,
    }  # fmt: skip


@action(
    "supervision.petition.receive",
    capability=Capability.DIRECT_UNITS,
    scope=lambda division: division,
    on="division",
    denied=gettext_lazy("Only the district or the street records petitions."),
    outside=gettext_lazy("Only the district or the street records petitions."),
)
def do_receive_petition(
    rnd: Round,
    *,
    division: Division,
    channel: str,
    received_on: dt.date,
    subject: str,
    content: str,
    petitioners: str,
    petitioner_count: int,
    contact: str = "",
    handler: str = "",
    stage: str = "",
    term_label: str = "",
    actor: Actor,
) -> Petition:
    _level(division, [Level.STREET, Level.UNIT])
    _in_round(rnd, division)
    if channel not in Petition.Channel.values:
        raise ActionError(_("Unknown channel."), field="channel")
    subject = _text(subject, "subject", _("The subject"))
    content = _text(content, "content", _("The content"))
    petitioners = _text(petitioners, "petitioners", _("The petitioners"))
    names = [n for n in petitioners.replace("、", "\n").replace(",", "\n").splitlines() if n.strip()]
    if petitioner_count < 1:
        raise ActionError(_("There is at least one petitioner."), field="petitioner_count")
    if petitioner_count < len(names):
        raise ActionError(
            _("%(n)d petitioners are named but the number says %(count)d.")
            % {"n": len(names), "count": petitioner_count},
            field="petitioner_count",
        )
    if stage and stage not in LABELS:
        raise ActionError(_("Unknown stage."), field="stage")
    petition = Petition.objects.create(
        round=rnd, division=division, channel=channel, received_on=received_on, subject=subject,
        content=content, petitioners=petitioners, petitioner_count=petitioner_count, contact=contact.strip(),
        handler=handler.strip(), stage=stage, term_label=term_label.strip(), created_by=user_of(actor),
    )  # fmt: skip
    audit(
        obj=petition, division_path=division.path,
        after=_petition_snapshot(petition),
    )  # fmt: skip
    return petition


@action(
    "supervision.petition.decide",
    capability=Capability.DIRECT_UNITS,
    scope=lambda petition: petition.division,
    denied=gettext_lazy("Only the district or the street handles petitions."),
    outside=gettext_lazy("Only the district or the street handles petitions."),
)
def do_decide_petition(
    petition: Petition,
    *,
    accepted: bool,
    decided_on: dt.date,
    note: str = "",
    handler: str = "",
    actor: Actor,
) -> Petition:
    if petition.decision != Petition.Decision.PENDING:
        raise ActionError(_("Whether to accept the petition is already decided."), field="accepted")
    _order(
        petition.received_on,
        decided_on,
        "decided_on",
        _("The decision is dated before the petition arrived."),
    )
    if not accepted and not note.strip():
        raise ActionError(_("Say why the petition is not accepted."), field="note")
    before = _petition_snapshot(petition)
    petition.decision = Petition.Decision.ACCEPTED if accepted else Petition.Decision.NOT_ACCEPTED
    petition.decided_on, petition.decision_note = decided_on, note.strip()
    petition.handler = handler.strip() or petition.handler
    petition.save(update_fields=["decision", "decided_on", "decision_note", "handler"])
    audit(
        obj=petition, division_path=petition.division.path,
        before=before, after={**_petition_snapshot(petition), "late": decided_on > petition.accept_by},
    )  # fmt: skip
    return petition


@action(
    "supervision.petition.conclude",
    capability=Capability.DIRECT_UNITS,
    scope=lambda petition: petition.division,
    denied=gettext_lazy("Only the district or the street handles petitions."),
    outside=gettext_lazy("Only the district or the street handles petitions."),
)
def do_conclude_petition(
    petition: Petition, *, concluded_on: dt.date, reply: str, satisfaction: str = "", actor: Actor
) -> Petition:
    if petition.decision != Petition.Decision.ACCEPTED:
        raise ActionError(_("Only an accepted petition is concluded."), field="concluded_on")
    if petition.concluded_on is not None:
        raise ActionError(_("The petition is already concluded."), field="concluded_on")
    _order(
        petition.decided_on, concluded_on, "concluded_on", _("The conclusion is dated before the acceptance.")
    )
    reply = _text(reply, "reply", _("The reply"))
    if satisfaction not in Petition.Satisfaction.values:
        raise ActionError(_("Unknown satisfaction."), field="satisfaction")
    before = _petition_snapshot(petition)
    late = petition.conclude_by is not None and concluded_on > petition.conclude_by
    petition.concluded_on, petition.reply, petition.satisfaction = concluded_on, reply, satisfaction
    petition.save(update_fields=["concluded_on", "reply", "satisfaction"])
    audit(
        obj=petition, division_path=petition.division.path,
        before=before, after={**_petition_snapshot(petition), "reply": reply, "late": late},
    )  # fmt: skip
    return petition


@action(
    "supervision.petition.satisfaction",
    capability=Capability.DIRECT_UNITS,
    scope=lambda petition: petition.division,
    denied=gettext_lazy("Only the district or the street handles petitions."),
    outside=gettext_lazy("Only the district or the street handles petitions."),
)
def do_record_satisfaction(petition: Petition, *, satisfaction: str, actor: Actor) -> Petition:
    """The petitioner's view of the reply, asked after the conclusion (满意度评价)."""
    if petition.concluded_on is None:
        raise ActionError(_("Satisfaction is asked after the petition is concluded."), field="satisfaction")
    if satisfaction not in Petition.Satisfaction.values or not satisfaction:
        raise ActionError(_("Unknown satisfaction."), field="satisfaction")
    before = {"satisfaction": petition.satisfaction}
    petition.satisfaction = satisfaction
    petition.save(update_fields=["satisfaction"])
    audit(
        obj=petition, division_path=petition.division.path,
        before=before, after={"satisfaction": satisfaction},
    )  # fmt: skip
    return petition
