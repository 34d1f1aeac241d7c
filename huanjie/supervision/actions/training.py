"""The staff lists and their training, with attendance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability, can
from huanjie.core.actions import Actor, action, audit, check, is_system
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.supervision.actions.common import _in_round, _level, _organiser, _text
from huanjie.supervision.files import check_upload
from huanjie.supervision.imports import read_sign_in_sheet
from huanjie.supervision.models import (
    Attendance,
    StaffMember,
    Training,
)
from huanjie.units.models import Division, Level


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
