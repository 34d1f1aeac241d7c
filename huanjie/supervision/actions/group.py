"""The leading group: its member units and members, the units' contact cadres, the liaison officers
stationed in the streets and their reports."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.models import Role, User
from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, user_of
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.supervision.actions.common import ADMIN_ONLY, _in_round, _level, _order, _text
from huanjie.supervision.models import (
    ContactCadre,
    GroupMember,
    LiaisonOfficer,
    LiaisonReport,
    MemberUnit,
)
from huanjie.units.models import Division, Level


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
    capability=Capability.ASSIGN_CONTACT_CADRES,
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
