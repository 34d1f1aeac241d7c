"""Writes to the leading group's records. Each action: guards, one transaction, exactly one audit event.

`actor=None` is the system (the demo build, commands); permission checks apply to people only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.auditlog.record import record
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.actions import do_close_finding, do_record_finding
from huanjie.elections.models import ElectionStage, Finding, Round
from huanjie.elections.stages import LABELS
from huanjie.supervision.access import (
    is_admin,
    may_edit,
    may_handle_petitions,
    may_inspect,
    may_set_deadline,
)
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


def _person(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise NotAllowed(message)


def _admin_only(actor: User | None) -> None:
    _require(is_admin(actor), _("Only the leading group's office (a district administrator) may do this."))


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


def do_add_member_unit(
    rnd: Round, *, name: str, kind: str, duties: str = "", actor: User | None
) -> MemberUnit:
    _admin_only(actor)
    name = _text(name, "name", _("The name"))
    if kind not in MemberUnit.Kind.values:
        raise ActionError(_("Unknown kind of member unit."), field="kind")
    with transaction.atomic():
        if MemberUnit.objects.filter(round=rnd, name=name).exists():
            raise ActionError(_("%(name)s is already a member unit.") % {"name": name}, field="name")
        unit = MemberUnit.objects.create(round=rnd, name=name, kind=kind, duties=duties.strip())
        record(
            "supervision.member_unit.add", actor=actor, obj=unit, division_path=rnd.district.path,
            after={"name": name, "kind": kind, "duties": unit.duties},
        )  # fmt: skip
    return unit


def do_add_group_member(
    rnd: Round,
    *,
    name: str,
    title: str,
    post: str,
    member_unit: MemberUnit | None = None,
    phone: str = "",
    actor: User | None,
) -> GroupMember:
    _admin_only(actor)
    name = _text(name, "name", _("The name"))
    title = _text(title, "title", _("The position"))
    if post not in GroupMember.Post.values:
        raise ActionError(_("Unknown post in the group."), field="post")
    if member_unit is not None and member_unit.round_id != rnd.pk:
        raise ActionError(_("That member unit belongs to another round."), field="member_unit")
    with transaction.atomic():
        member = GroupMember.objects.create(
            round=rnd, name=name, title=title, post=post, member_unit=member_unit, phone=phone.strip()
        )
        record(
            "supervision.group_member.add", actor=actor, obj=member, division_path=rnd.district.path,
            after={"name": name, "title": title, "post": post, "member_unit": member_unit, "phone": member.phone},
        )  # fmt: skip
    return member


def do_remove_group_member(member: GroupMember, *, actor: User | None) -> None:
    _admin_only(actor)
    with transaction.atomic():
        before = {"name": member.name, "title": member.title, "post": member.post}
        record(
            "supervision.group_member.remove", actor=actor, obj=member,
            division_path=member.round.district.path, before=before,
        )  # fmt: skip
        member.delete()


def do_appoint_contact_cadre(
    rnd: Round, *, unit: Division, name: str, title: str, since: dt.date, phone: str = "", actor: User | None
) -> ContactCadre:
    _level(unit, [Level.UNIT], "unit")
    _in_round(rnd, unit, "unit")
    _require(
        actor is None or (actor.role in ("district_admin", "street_officer") and may_edit(actor, unit)),
        _("Only the district or the unit's street appoints its contact cadre."),
    )
    name = _text(name, "name", _("The name"))
    title = _text(title, "title", _("The position"))
    with transaction.atomic():
        cadre = ContactCadre.objects.create(
            round=rnd, unit=unit, name=name, title=title, phone=phone.strip(), since=since
        )
        record(
            "supervision.contact_cadre.appoint", actor=actor, obj=cadre, division_path=unit.path,
            after={"unit": unit.code, "name": name, "title": title, "since": since},
        )  # fmt: skip
    return cadre


def do_station_liaison_officer(
    rnd: Round,
    *,
    street: Division,
    name: str,
    department: str,
    since: dt.date,
    phone: str = "",
    account: User | None = None,
    actor: User | None,
) -> LiaisonOfficer:
    _admin_only(actor)
    _level(street, [Level.STREET], "street")
    _in_round(rnd, street, "street")
    name = _text(name, "name", _("The name"))
    department = _text(department, "department", _("The department that sends the officer"))
    if account is not None and (account.role != "liaison" or account.scope_id != street.pk):
        raise ActionError(
            _("The account must be a liaison officer's account of this street."), field="account"
        )
    with transaction.atomic():
        officer = LiaisonOfficer.objects.create(
            round=rnd, street=street, name=name, department=department, since=since, phone=phone.strip(),
            account=account,
        )  # fmt: skip
        record(
            "supervision.liaison_officer.station", actor=actor, obj=officer, division_path=street.path,
            after={"street": street.code, "name": name, "department": department, "since": since,
                   "account": account.username if account else None},
        )  # fmt: skip
    return officer


def do_file_liaison_report(
    officer: LiaisonOfficer,
    *,
    reported_on: dt.date,
    progress: str,
    problems: str = "",
    unit: Division | None = None,
    actor: User | None,
) -> LiaisonReport:
    person = _person(actor)
    _require(
        person is None
        or is_admin(person)
        or (person.role == "liaison" and person.scope_id == officer.street_id),
        _("Only the street's liaison officer or the leading group's office files liaison reports."),
    )
    if unit is not None and unit.parent_id != officer.street_id:
        raise ActionError(_("The unit is not in the officer's street."), field="unit")
    _order(
        officer.since, reported_on, "reported_on", _("The report is dated before the officer was stationed.")
    )
    progress = _text(progress, "progress", _("The progress"))
    with transaction.atomic():
        report = LiaisonReport.objects.create(
            officer=officer, reported_on=reported_on, progress=progress, problems=problems.strip(), unit=unit,
            created_by=person,
        )  # fmt: skip
        record(
            "supervision.liaison_report.file", actor=actor, obj=report, division_path=officer.street.path,
            after={"officer": officer.name, "reported_on": reported_on, "unit": unit.code if unit else None,
                   "progress": progress, "problems": report.problems},
        )  # fmt: skip
    return report


# --- work plans --------------------------------------------------------------------------------------


def do_set_work_plan_due(rnd: Round, *, due_on: dt.date, actor: User | None) -> int:
    """Every street of the district owes its work plan by `due_on`; returns how many plans are due."""
    _admin_only(actor)
    _order(rnd.starts_on, due_on, "due_on", _("The due date is before the round starts."))
    streets = Division.objects.filter(parent=rnd.district, level=Level.STREET).order_by("code")
    with transaction.atomic():
        changed: list[str] = []
        for street in streets:
            plan, created = WorkPlan.objects.get_or_create(
                round=rnd, street=street, defaults={"due_on": due_on}
            )
            if not created and plan.due_on != due_on:
                plan.due_on = due_on
                plan.save(update_fields=["due_on"])
            changed.append(street.code)
        record(
            "supervision.work_plan.set_due", actor=actor, obj=rnd, division_path=rnd.district.path,
            after={"due_on": due_on, "streets": changed},
        )  # fmt: skip
    return len(changed)


def do_file_work_plan(
    plan: WorkPlan, *, title: str, filename: str, data: bytes, filed_on: dt.date, actor: User | None
) -> WorkPlan:
    person = _person(actor)
    _require(
        person is None
        or is_admin(person)
        or (person.role == "street_officer" and person.scope_id == plan.street_id),
        _("Only the street or the leading group's office files the street's work plan."),
    )
    if plan.status == WorkPlan.Status.ACCEPTED:
        raise ActionError(_("The plan is already accepted."), field="file")
    title = _text(title, "title", _("The title"))
    upload = check_upload(filename, data)
    _order(plan.round.starts_on, filed_on, "filed_on", _("The plan is dated before the round starts."))
    with transaction.atomic():
        before = {"status": plan.status, "sha256": plan.sha256, "filed_on": plan.filed_on}
        plan.title, plan.document_name, plan.sha256 = title, upload.name, upload.sha256
        plan.filed_on, plan.filed_by, plan.status = filed_on, person, WorkPlan.Status.FILED
        plan.document.save(upload.sha256, ContentFile(upload.data), save=False)
        plan.save(
            update_fields=["title", "document", "document_name", "sha256", "filed_on", "filed_by", "status"]
        )
        record(
            "supervision.work_plan.file", actor=actor, obj=plan, division_path=plan.street.path, before=before,
            after={"status": plan.status, "title": title, "document": upload.name, "sha256": upload.sha256,
                   "filed_on": filed_on, "late": plan.late},
        )  # fmt: skip
    return plan


def do_review_work_plan(
    plan: WorkPlan, *, accepted: bool, comments: str, reviewed_on: dt.date, actor: User | None
) -> WorkPlan:
    _admin_only(actor)
    if plan.status != WorkPlan.Status.FILED:
        raise ActionError(_("Only a filed plan can be reviewed."), field="accepted")
    comments = comments.strip()
    if not accepted and not comments:
        raise ActionError(_("Say what the street must revise."), field="comments")
    _order(plan.filed_on, reviewed_on, "reviewed_on", _("The review is dated before the plan was filed."))
    with transaction.atomic():
        before = {"status": plan.status}
        plan.status = WorkPlan.Status.ACCEPTED if accepted else WorkPlan.Status.RETURNED
        plan.comments, plan.reviewed_on, plan.reviewed_by = comments, reviewed_on, _person(actor)
        plan.save(update_fields=["status", "comments", "reviewed_on", "reviewed_by"])
        record(
            "supervision.work_plan.review", actor=actor, obj=plan, division_path=plan.street.path, before=before,
            after={"status": plan.status, "comments": comments, "reviewed_on": reviewed_on},
        )  # fmt: skip
    return plan


# --- deadlines the district or a street sets ---------------------------------------------------------


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
    actor: User | None,
) -> Deadline:
    """Record a date the district or a street sets. A stage deadline is written to the `district_due` of
    that stage in every affected election, so the round's progress and the review read it."""
    _level(division, [Level.DISTRICT, Level.STREET])
    _in_round(rnd, division)
    _require(may_set_deadline(actor, division), _("The district sets district-wide dates; a street its own."))
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
    with transaction.atomic():
        deadline = Deadline.objects.create(
            round=rnd, division=division, title=title, due_on=due_on, stage=stage, body_kind=body_kind,
            reporter=reporter, basis=basis.strip(), created_by=_person(actor),
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
        record(
            "supervision.deadline.set", actor=actor, obj=deadline, division_path=division.path,
            after={"title": title, "due_on": due_on, "stage": stage, "body_kind": body_kind,
                   "reporter": reporter, "stages_updated": stages},
        )  # fmt: skip
    return deadline


def do_report_deadline(
    deadline: Deadline, *, division: Division, done_on: dt.date, note: str = "", actor: User | None
) -> DeadlineReport:
    if deadline.is_stage:
        raise ActionError(
            _("A stage deadline is met by completing the stage, not by a report."), field="done_on"
        )
    expected = Level.STREET if deadline.reporter == Deadline.Reporter.STREET else Level.UNIT
    _level(division, [expected])
    if not division.path.startswith(deadline.division.path):
        raise ActionError(_("%(name)s is not concerned by this deadline.") % {"name": division.name})
    _require(may_edit(actor, division), _("You may report only for your own street or unit."))
    with transaction.atomic():
        if DeadlineReport.objects.filter(deadline=deadline, division=division).exists():
            raise ActionError(_("%(name)s has already reported.") % {"name": division.name})
        report = DeadlineReport.objects.create(
            deadline=deadline,
            division=division,
            done_on=done_on,
            note=note.strip(),
            created_by=_person(actor),
        )
        record(
            "supervision.deadline.report", actor=actor, obj=report, division_path=division.path,
            after={"deadline": deadline.title, "division": division.code, "done_on": done_on,
                   "late": done_on > deadline.due_on, "note": report.note},
        )  # fmt: skip
    return report


# --- training ----------------------------------------------------------------------------------------


def do_add_staff_member(
    rnd: Round, *, division: Division, name: str, post: str, phone: str = "", actor: User | None
) -> StaffMember:
    _level(division, [Level.STREET, Level.UNIT])
    _in_round(rnd, division)
    _require(may_edit(actor, division), _("You may list staff only of your own street or unit."))
    name = _text(name, "name", _("The name"))
    if post not in StaffMember.Post.values:
        raise ActionError(_("Unknown post."), field="post")
    with transaction.atomic():
        if StaffMember.objects.filter(round=rnd, division=division, name=name).exists():
            raise ActionError(_("%(name)s is already on the staff list.") % {"name": name}, field="name")
        member = StaffMember.objects.create(
            round=rnd, division=division, name=name, post=post, phone=phone.strip()
        )
        record(
            "supervision.staff.add", actor=actor, obj=member, division_path=division.path,
            after={"division": division.code, "name": name, "post": post},
        )  # fmt: skip
    return member


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
    actor: User | None,
) -> Training:
    _level(division, [Level.DISTRICT, Level.STREET])
    _in_round(rnd, division)
    _require(
        is_admin(actor) if division.level == Level.DISTRICT else may_edit(actor, division),
        _("The district records its training; a street its own."),
    )
    values = {
        "title": _text(title, "title", _("The title")),
        "place": _text(place, "place", _("The place")),
        "audience": _text(audience, "audience", _("The audience")),
        "topics": _text(topics, "topics", _("The topics")),
    }
    upload = check_upload(*materials_file) if materials_file else None
    with transaction.atomic():
        training = Training(
            round=rnd, division=division, held_on=held_on, materials=materials.strip(), **values
        )
        if upload is not None:
            training.materials_name, training.materials_sha256 = upload.name, upload.sha256
            training.materials_file.save(upload.sha256, ContentFile(upload.data), save=False)
        training.save()
        record(
            "supervision.training.record", actor=actor, obj=training, division_path=division.path,
            after={**values, "held_on": held_on, "division": division.code,
                   "materials_file": upload.name if upload else None},
        )  # fmt: skip
    return training


def _may_record_attendance(actor: User | None, training: Training) -> None:
    _require(
        is_admin(actor) or (training.division.level == Level.STREET and may_edit(actor, training.division)),
        _("Only the organiser of the training records its attendance."),
    )


def do_mark_attendance(
    training: Training, *, candidates: Iterable[StaffMember], present: set[int], actor: User | None
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
    with transaction.atomic():
        had = set(
            Attendance.objects.filter(training=training, staff_id__in=people).values_list(
                "staff_id", flat=True
            )
        )
        added, removed = present - had, (set(people) - present) & had
        Attendance.objects.bulk_create([Attendance(training=training, staff_id=pk) for pk in sorted(added)])
        Attendance.objects.filter(training=training, staff_id__in=removed).delete()
        record(
            "supervision.training.attendance", actor=actor, obj=training, division_path=training.division.path,
            after={"added": sorted(people[pk].name for pk in added),
                   "removed": sorted(people[pk].name for pk in removed)},
        )  # fmt: skip
    return len(added), len(removed)


def do_import_attendance(
    training: Training, filename: str, data: bytes, *, actor: User | None
) -> dict[str, int]:
    """Import a sign-in sheet: all rows are checked first; any error refuses the whole file."""
    _may_record_attendance(actor, training)
    scope = training.division.path
    if actor is not None and actor.scope is not None and actor.scope.path.startswith(scope):
        scope = actor.scope.path
    divisions: dict[str, Division] = {}
    for division in Division.objects.filter(path__startswith=scope, level__in=[Level.STREET, Level.UNIT]):
        divisions[division.code] = division
        divisions.setdefault(division.name, division)
    rows = read_sign_in_sheet(filename, data, divisions)
    with transaction.atomic():
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
        record(
            "supervision.training.import_attendance", actor=actor, obj=training,
            division_path=training.division.path, after={"file": filename, **summary},
        )  # fmt: skip
    return summary


# --- publicity ---------------------------------------------------------------------------------------


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
    actor: User | None,
) -> Publicity:
    _in_round(rnd, division)
    _require(
        is_admin(actor) if division.level == Level.DISTRICT else may_edit(actor, division),
        _("You may record publicity only in your own street or unit."),
    )
    if kind not in Publicity.Kind.values:
        raise ActionError(_("Unknown kind of publicity."), field="kind")
    if count < 1:
        raise ActionError(_("The count must be at least 1."), field="count")
    _order(started_on, ended_on, "ended_on", _("The end date is before the start date."))
    with transaction.atomic():
        item = Publicity.objects.create(
            round=rnd, division=division, kind=kind, count=count, started_on=started_on, ended_on=ended_on,
            place=place.strip(), description=description.strip(), created_by=_person(actor),
        )  # fmt: skip
        record(
            "supervision.publicity.record", actor=actor, obj=item, division_path=division.path,
            after={"division": division.code, "kind": kind, "count": count, "started_on": started_on,
                   "ended_on": ended_on, "place": item.place},
        )  # fmt: skip
    return item


def do_add_publicity_photo(
    item: Publicity, *, filename: str, data: bytes, actor: User | None
) -> PublicityPhoto:
    _require(
        is_admin(actor) if item.division.level == Level.DISTRICT else may_edit(actor, item.division),
        _("You may record publicity only in your own street or unit."),
    )
    upload = check_upload(filename, data, photo=True)
    with transaction.atomic():
        photo = PublicityPhoto(
            publicity=item, original_name=upload.name, content_type=upload.content_type, size=len(data),
            sha256=upload.sha256, uploaded_by=_person(actor),
        )  # fmt: skip
        photo.file.save(upload.sha256, ContentFile(upload.data), save=False)
        photo.save()
        record(
            "supervision.publicity.photo", actor=actor, obj=photo, division_path=item.division.path,
            after={"publicity": item.pk, "name": upload.name, "sha256": upload.sha256, "size": len(data)},
        )  # fmt: skip
    return photo


# --- inspection and assessment teams -----------------------------------------------------------------


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
    actor: User | None,
) -> Team:
    _admin_only(actor)
    if kind not in Team.Kind.values:
        raise ActionError(_("Unknown kind of team."), field="kind")
    name = _text(name, "name", _("The name"))
    leader = _text(leader, "leader", _("The team leader"))
    _order(starts_on, ends_on, "ends_on", _("The team's period ends before it starts."))
    with transaction.atomic():
        team = Team.objects.create(
            round=rnd, kind=kind, name=name, leader=leader, members=members.strip(), starts_on=starts_on,
            ends_on=ends_on, remit=remit.strip(),
        )  # fmt: skip
        record(
            "supervision.team.form", actor=actor, obj=team, division_path=rnd.district.path,
            after={"kind": kind, "name": name, "leader": leader, "members": team.members,
                   "starts_on": starts_on, "ends_on": ends_on},
        )  # fmt: skip
    return team


def do_record_visit(
    team: Team,
    *,
    division: Division,
    visited_on: dt.date,
    summary: str = "",
    units_seen: Iterable[Division] = (),
    actor: User | None,
) -> Visit:
    _level(division, [Level.STREET, Level.UNIT])
    _in_round(team.round, division)
    _require(
        may_inspect(actor, division),
        _("Only the leading group, inspectors and liaison officers record visits."),
    )
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
    with transaction.atomic():
        visit = Visit.objects.create(
            team=team,
            division=division,
            visited_on=visited_on,
            summary=summary.strip(),
            created_by=_person(actor),
        )
        visit.units_seen.set(seen)
        record(
            "supervision.visit.record", actor=actor, obj=visit, division_path=division.path,
            after={"team": team.name, "division": division.code, "visited_on": visited_on,
                   "units_seen": [u.code for u in seen], "summary": visit.summary},
        )  # fmt: skip
    return visit


def do_record_question(
    visit: Visit, *, question: str, answer: str = "", asked_by: str = "", actor: User | None
) -> Question:
    _require(
        may_inspect(actor, visit.division), _("Only the visiting team records its questions and answers.")
    )
    question = _text(question, "question", _("The question"))
    with transaction.atomic():
        item = Question.objects.create(
            visit=visit, question=question, answer=answer.strip(), asked_by=asked_by.strip()
        )
        record(
            "supervision.question.record", actor=actor, obj=item, division_path=visit.division.path,
            after={"visit": visit.pk, "asked_by": item.asked_by, "question": question, "answer": item.answer},
        )  # fmt: skip
    return item


def do_answer_question(item: Question, *, answer: str, actor: User | None) -> Question:
    _require(
        may_inspect(actor, item.visit.division),
        _("Only the visiting team records its questions and answers."),
    )
    answer = _text(answer, "answer", _("The answer"))
    with transaction.atomic():
        before = {"answer": item.answer}
        item.answer = answer
        item.save(update_fields=["answer"])
        record(
            "supervision.question.answer", actor=actor, obj=item, division_path=item.visit.division.path,
            before=before, after={"answer": answer},
        )  # fmt: skip
    return item


def do_record_inspection_finding(
    visit: Visit,
    *,
    unit: Division,
    text: str,
    severity: str = Finding.Severity.MEDIUM,
    rectification_due: dt.date | None = None,
    stage: str = "",
    actor: User | None,
) -> Finding:
    """A problem the visit found: checks that it belongs to the visit, then records it with the round's
    `do_record_finding` (source inspection, reference visit:<pk>), which writes the one audit event."""
    if not unit.path.startswith(visit.division.path):
        raise ActionError(_("%(name)s was not part of this visit.") % {"name": unit.name}, field="unit")
    if stage and stage not in LABELS:
        raise ActionError(_("Unknown stage."), field="stage")
    return do_record_finding(
        rnd=visit.team.round, unit=unit, text_zh=_text(text, "text", _("The finding")), text_en="",
        severity=severity, rectification_due=rectification_due, actor=actor if actor is not None else SYSTEM, source=Finding.Source.INSPECTION,
        reference=visit.reference, stage=stage, found_on=visit.visited_on,
    )  # fmt: skip


def do_close_inspection_finding(
    finding: Finding, *, closed_on: dt.date, resolution: str, actor: User | None
) -> Finding:
    """Close an inspection's finding with what was done, through the round's `do_close_finding`."""
    if finding.source != Finding.Source.INSPECTION:
        raise ActionError(_("Only an inspection's finding is closed here."))
    return do_close_finding(
        finding, resolution=resolution, closed_on=closed_on, actor=actor if actor is not None else SYSTEM
    )


# --- petitions ---------------------------------------------------------------------------------------


def _petition_snapshot(p: Petition) -> dict[str, Any]:
    return {
        "division": p.division.code, "channel": p.channel, "received_on": p.received_on, "subject": p.subject,
        "petitioner_count": p.petitioner_count, "collective": p.collective, "term_label": p.term_label,
        "stage": p.stage, "handler": p.handler, "decision": p.decision, "decided_on": p.decided_on,
        "concluded_on": p.concluded_on, "satisfaction": p.satisfaction,
    }  # fmt: skip


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
    actor: User | None,
) -> Petition:
    _level(division, [Level.STREET, Level.UNIT])
    _in_round(rnd, division)
    _require(may_handle_petitions(actor, division), _("Only the district or the street records petitions."))
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
    with transaction.atomic():
        petition = Petition.objects.create(
            round=rnd, division=division, channel=channel, received_on=received_on, subject=subject,
            content=content, petitioners=petitioners, petitioner_count=petitioner_count, contact=contact.strip(),
            handler=handler.strip(), stage=stage, term_label=term_label.strip(), created_by=_person(actor),
        )  # fmt: skip
        record(
            "supervision.petition.receive", actor=actor, obj=petition, division_path=division.path,
            after=_petition_snapshot(petition),
        )  # fmt: skip
    return petition


def do_decide_petition(
    petition: Petition,
    *,
    accepted: bool,
    decided_on: dt.date,
    note: str = "",
    handler: str = "",
    actor: User | None,
) -> Petition:
    _require(
        may_handle_petitions(actor, petition.division),
        _("Only the district or the street handles petitions."),
    )
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
    with transaction.atomic():
        before = _petition_snapshot(petition)
        petition.decision = Petition.Decision.ACCEPTED if accepted else Petition.Decision.NOT_ACCEPTED
        petition.decided_on, petition.decision_note = decided_on, note.strip()
        petition.handler = handler.strip() or petition.handler
        petition.save(update_fields=["decision", "decided_on", "decision_note", "handler"])
        record(
            "supervision.petition.decide", actor=actor, obj=petition, division_path=petition.division.path,
            before=before, after={**_petition_snapshot(petition), "late": decided_on > petition.accept_by},
        )  # fmt: skip
    return petition


def do_conclude_petition(
    petition: Petition, *, concluded_on: dt.date, reply: str, satisfaction: str = "", actor: User | None
) -> Petition:
    _require(
        may_handle_petitions(actor, petition.division),
        _("Only the district or the street handles petitions."),
    )
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
    with transaction.atomic():
        before = _petition_snapshot(petition)
        late = petition.conclude_by is not None and concluded_on > petition.conclude_by
        petition.concluded_on, petition.reply, petition.satisfaction = concluded_on, reply, satisfaction
        petition.save(update_fields=["concluded_on", "reply", "satisfaction"])
        record(
            "supervision.petition.conclude", actor=actor, obj=petition, division_path=petition.division.path,
            before=before, after={**_petition_snapshot(petition), "reply": reply, "late": late},
        )  # fmt: skip
    return petition


def do_record_satisfaction(petition: Petition, *, satisfaction: str, actor: User | None) -> Petition:
    """The petitioner's view of the reply, asked after the conclusion (满意度评价)."""
    _require(
        may_handle_petitions(actor, petition.division),
        _("Only the district or the street handles petitions."),
    )
    if petition.concluded_on is None:
        raise ActionError(_("Satisfaction is asked after the petition is concluded."), field="satisfaction")
    if satisfaction not in Petition.Satisfaction.values or not satisfaction:
        raise ActionError(_("Unknown satisfaction."), field="satisfaction")
    with transaction.atomic():
        before = {"satisfaction": petition.satisfaction}
        petition.satisfaction = satisfaction
        petition.save(update_fields=["satisfaction"])
        record(
            "supervision.petition.satisfaction", actor=actor, obj=petition, division_path=petition.division.path,
            before=before, after={"satisfaction": satisfaction},
        )  # fmt: skip
    return petition
