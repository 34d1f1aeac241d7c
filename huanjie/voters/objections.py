"""Objections to the published voter list (OL Art.14, B5): lodged within the window, decided within the
deadline, the decision published; an accepted objection changes the roll."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, user_of
from huanjie.core.dates import en_date, zh_date
from huanjie.core.errors import ActionError
from huanjie.elections import notices
from huanjie.elections.models import Election
from huanjie.rules import calendar, profiles
from huanjie.rules.explain import cite
from huanjie.voters.actions import Registration, add_to_roll, remove_from_roll
from huanjie.voters.models import (
    AddReason,
    Objection,
    ObjectionKind,
    RemoveReason,
    Resident,
    Voter,
    VoterStatus,
)
from huanjie.voters.publication import committee_names, list_notice, publish_notice
from huanjie.web.labels import cited


def window(election: Election) -> tuple[dt.date, dt.date] | None:
    """First and last day on which an objection may be lodged: from the list's actual posting (B5)."""
    notice = list_notice(election)
    stage = election.stages.filter(key=calendar.Stage.VOTER_LIST).first()
    if notice is None or stage is None or stage.completed_on is None:
        return None
    profile = profiles.load(election.round.profile)
    return stage.completed_on, calendar.objection_window(stage.completed_on, profile)


@action("voters.objection.lodge", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_lodge_objection(
    election: Election,
    *,
    resident: Resident,
    kind: str,
    lodged_by: str,
    grounds: str,
    lodged_on: dt.date,
    actor: Actor,
) -> Objection:
    """Record an objection lodged with the election committee on behalf of a villager."""
    if kind not in ObjectionKind.values:
        raise ActionError(_("Choose what the objection asks."), field="kind")
    if not lodged_by.strip():
        raise ActionError(_("Who lodged the objection?"), field="lodged_by")
    if not grounds.strip():
        raise ActionError(_("Write the grounds of the objection."), field="grounds")
    notices.refuse_id_numbers(lodged_by=lodged_by)  # named in the decision's notice
    if resident.unit_id != election.unit_id:
        raise ActionError(_("The person is not a resident of this unit."), field="resident")
    if lodged_on > clock.today():
        raise ActionError(_("The date lies in the future."), field="lodged_on")
    span = window(election)
    if span is None:
        raise ActionError(_("The voter list has not been published: there is nothing to object to yet."))
    first, last = span
    if not first <= lodged_on <= last:
        raise ActionError(
            _(
                "Objections to this list are accepted from %(first)s to %(last)s (%(article)s: within "
                "%(days)d days of its publication); this one is dated %(on)s."
            )
            % {
                "article": cited(cite(election.kind, "B5", "Art.14")),
                "first": first,
                "last": last,
                "days": profiles.load(election.round.profile).objection_lodge_days,
                "on": lodged_on,
            },
            field="lodged_on",
        )
    on_roll = Voter.objects.filter(
        election=election, resident=resident, status=VoterStatus.REGISTERED
    ).exists()
    if kind == ObjectionKind.OMITTED and on_roll:
        raise ActionError(_("%(name)s is already on the roll.") % {"name": resident.name}, field="kind")
    if kind == ObjectionKind.WRONGLY_LISTED and not on_roll:
        raise ActionError(_("%(name)s is not on the roll.") % {"name": resident.name}, field="kind")
    profile = profiles.load(election.round.profile)
    objection = Objection.objects.create(
        election=election,
        kind=kind,
        resident=resident,
        lodged_by=lodged_by.strip(),
        grounds=grounds.strip(),
        lodged_on=lodged_on,
        decide_by=calendar.objection_decision_due(lodged_on, profile),
        created_by=user_of(actor),
    )
    audit(
        obj=objection,
        division_path=election.unit.path,
        after={"kind": kind, "lodged_on": lodged_on, "decide_by": objection.decide_by},
    )
    return objection


def _decision_text(objection: Objection, accept: bool, reasons: str) -> notices.NoticeText:
    election = objection.election
    unit = election.unit
    name = objection.resident.name
    issuer_zh, issuer_en = committee_names(election)
    ask_zh = "应列入选民名单" if objection.kind == ObjectionKind.OMITTED else "不应列入选民名单"
    ask_en = "should be on" if objection.kind == ObjectionKind.OMITTED else "should not be on"
    if accept:
        result_zh = (
            f"经审查，申诉理由成立，决定将{name}列入选民名单。"
            if objection.kind == ObjectionKind.OMITTED
            else f"经审查，申诉理由成立，决定将{name}从选民名单中除名。"
        )
        result_en = "The objection is upheld; the voter list is changed accordingly."
    else:
        result_zh, result_en = (
            "经审查，申诉理由不成立，维持原选民名单。",
            "The objection is rejected; the list stands.",
        )
    decided = objection.decided_on
    return notices.NoticeText(
        title_zh=f"{unit.name}选民名单申诉处理决定公告",
        title_en=f"Notice: decision on an objection to the voter list of {unit.name_en or unit.name}",
        body_zh=(
            f"{objection.lodged_by}于{zh_date(objection.lodged_on)}提出申诉，认为{name}{ask_zh}。"
            f"{result_zh}\n\n{reasons}\n\n{issuer_zh}\n{zh_date(decided)}"
        ),
        body_en=(
            f"On {en_date(objection.lodged_on)}, {objection.lodged_by} objected that {name} {ask_en} the voter "
            f"list. {result_en}\n\n{reasons}\n\n{issuer_en}\n{en_date(decided)}"
        ),
        issuer_zh=issuer_zh,
        issuer_en=issuer_en,
    )


@action(
    "voters.objection.decide",
    public="notices",
    capability=Capability.EDIT_UNITS,
    scope=lambda objection: objection.election.unit,
)
def do_decide_objection(
    objection: Objection, *, accept: bool, reasons: str, decided_on: dt.date, actor: Actor
) -> Objection:
    """The election committee's decision, published as a notice; an accepted objection changes the roll.

    A decision after the deadline (B5: receipt + 3 days) is still recorded — the villager is owed one —
    but it is marked late on the page and in the audit log."""
    election = objection.election
    if objection.decision != Objection.Decision.PENDING:
        raise ActionError(_("This objection has been decided."))
    if not reasons.strip():
        raise ActionError(_("Write the reasons for the decision."), field="reasons")
    notices.refuse_id_numbers(reasons=reasons)  # published in the decision's notice
    if decided_on < objection.lodged_on:
        raise ActionError(_("A decision cannot come before the objection."), field="decided_on")
    if decided_on > clock.today():
        raise ActionError(_("The date lies in the future."), field="decided_on")
    change = ""
    if accept and objection.kind == ObjectionKind.OMITTED:
        add_to_roll(
            election,
            objection.resident,
            reason=AddReason.OBJECTION,
            on=decided_on,
            registration=Registration(wish_statement=not objection.resident.lives_here),
            note=_("Objection of %(on)s accepted.") % {"on": objection.lodged_on},
        )
        change = "added"
    elif accept:
        voter = Voter.objects.select_for_update().get(
            election=election, resident=objection.resident, status=VoterStatus.REGISTERED
        )
        remove_from_roll(
            voter,
            reason=RemoveReason.OBJECTION,
            on=decided_on,
            note=_("Objection of %(on)s accepted.") % {"on": objection.lodged_on},
        )
        change = "removed"
    objection.decision = Objection.Decision.ACCEPTED if accept else Objection.Decision.REJECTED
    objection.decided_on, objection.decided_by = decided_on, user_of(actor)
    objection.decision_text = reasons.strip()
    objection.notice = publish_notice(
        election,
        stage=calendar.Stage.OBJECTIONS,
        text=_decision_text(objection, accept, reasons.strip()),
        actor=actor,
    )
    objection.save(update_fields=["decision", "decided_on", "decided_by", "decision_text", "notice"])
    audit(
        obj=objection,
        division_path=election.unit.path,
        after={
            "decision": objection.decision,
            "decided_on": decided_on,
            "decide_by": objection.decide_by,
            "late": objection.late,
            "roll_change": change,
            "notice": objection.notice.pk,
        },
    )
    return objection
