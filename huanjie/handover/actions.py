"""Writes of the handover. Each action: one transaction, permission and scope, one audit event of its own.

Signing off completes the election's handover stage through the elections app's own action (which
records its own event and, when the sign-off is late, the finding that goes with an overridden guard).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, is_system
from huanjie.core.dates import zh_date
from huanjie.core.errors import ActionError
from huanjie.elections.actions import do_complete_stage, guard_violations
from huanjie.elections.models import Election, StageStatus
from huanjie.handover.models import CHECKLIST, Handover, HandoverItem
from huanjie.polling.models import VotingRound
from huanjie.rules import calendar, profiles
from huanjie.rules.calendar import Stage

NAME_MAX = 60


HERE = gettext_lazy("Your role may not do this here.")


@dataclass(frozen=True)
class Deadline:
    result_on: dt.date
    due: dt.date
    days: int
    article: str


def deadline(election: Election) -> Deadline:
    """OL Art.20: within the profile's `handover_days` of the day the new committee was produced, which is
    the polling day of the last counted voting round that elected someone (a runoff moves it)."""
    last = (
        VotingRound.objects.filter(
            election=election, status=VotingRound.Status.COUNTED, elected__isnull=False
        )
        .order_by("-seq")
        .first()
    )
    if last is None:
        raise ActionError(_("Nobody is elected yet: the handover follows the result."), field="election")
    profile = profiles.load(election.round.profile)
    return Deadline(
        result_on=last.held_on,
        due=calendar.handover_due(last.held_on, profile),
        days=profile.handover_days,
        article=profile.source("handover_days"),
    )


@action(
    "handover.open",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_open_handover(election: Election, *, actor: Actor) -> Handover:
    """Open the handover record with the statutory checklist, its deadline counted from the result."""
    if Handover.objects.filter(election=election).exists():
        raise ActionError(_("This election's handover is already opened."), field="election")
    when = deadline(election)
    handover = Handover.objects.create(
        election=election,
        result_on=when.result_on,
        due=when.due,
        days=when.days,
        article=when.article,
        opened_on=clock.today(),
    )
    HandoverItem.objects.bulk_create(
        HandoverItem(handover=handover, kind=kind, title=title, seq=i)
        for i, (kind, title) in enumerate(CHECKLIST, start=1)
    )
    audit(
        obj=handover,
        division_path=election.unit.path,
        after={"result_on": when.result_on, "due": when.due, "items": [t for _k, t in CHECKLIST]},
    )
    return handover


def _editable(handover: Handover) -> None:
    if handover.signed:
        raise ActionError(_("The handover is signed off: its list can no longer change."))


@action(
    "handover.update_item",
    capability=Capability.EDIT_UNITS,
    scope=lambda item: item.handover.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_update_item(item: HandoverItem, *, status: str, notes: str, actor: Actor) -> HandoverItem:
    """Record an item as handed over, or as nothing to hand over, or back to not handed over."""
    handover = item.handover
    _editable(handover)
    if status not in HandoverItem.Status.values:
        raise ActionError(_("Choose a status of the list."), field="status")
    notes = notes.strip()
    if status == HandoverItem.Status.NONE and not notes:
        raise ActionError(_("Say why there is nothing to hand over."), field="notes")
    before = {"status": item.status, "notes": item.notes}
    item.status, item.notes = status, notes
    item.save(update_fields=["status", "notes"])
    audit(
        obj=item,
        division_path=handover.election.unit.path,
        before=before,
        after={"status": status, "notes": notes},
    )
    return item


@action(
    "handover.add_item",
    capability=Capability.EDIT_UNITS,
    scope=lambda handover: handover.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_add_item(handover: Handover, *, title: str, actor: Actor, notes: str = "") -> HandoverItem:
    """A further line of the list (a second seal, a project file, a debt): it must be settled too."""
    _editable(handover)
    title = title.strip()
    if not title or len(title) > 120:
        raise ActionError(_("Name the item in at most 120 characters."), field="title")
    if handover.items.filter(title=title).exists():
        raise ActionError(_("The list already has this item."), field="title")
    seq = (handover.items.aggregate(m=Max("seq"))["m"] or 0) + 1
    item = HandoverItem.objects.create(
        handover=handover, kind=HandoverItem.Kind.OTHER, title=title, notes=notes.strip(), seq=seq
    )
    audit(
        obj=item,
        division_path=handover.election.unit.path,
        after={"title": title, "notes": item.notes},
    )
    return item


@dataclass(frozen=True)
class SignOff:
    handover: Handover
    late: bool
    stage_completed: bool  # False: the stage is left for the district office (a late handover, say)


@action(
    "handover.sign_off",
    capability=Capability.EDIT_UNITS,
    scope=lambda handover: handover.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_sign_off(
    handover: Handover,
    *,
    outgoing_head: str,
    incoming_head: str,
    witness: str,
    signed_on: dt.date,
    actor: Actor,
) -> SignOff:
    """The outgoing head, the incoming head and the street's witness sign; every item must be settled."""
    election = handover.election
    _editable(handover)
    names = {
        "outgoing_head": outgoing_head.strip(),
        "incoming_head": incoming_head.strip(),
        "witness": witness.strip(),
    }
    for field, name in names.items():
        if not name or len(name) > NAME_MAX:
            raise ActionError(_("Each signatory's name is needed (at most 60 characters)."), field=field)
    # A re-elected head signs on both sides; the street's witness is someone else (OL Art.20: it supervises).
    if names["witness"] in (names["outgoing_head"], names["incoming_head"]):
        raise ActionError(_("The street's witness cannot be one of the two heads."), field="witness")
    if not isinstance(signed_on, dt.date) or signed_on > clock.today():
        raise ActionError(_("The handover cannot be signed on a future date."), field="signed_on")
    if signed_on < handover.result_on:
        raise ActionError(
            _("The handover cannot be signed before the new committee was elected (%(day)s).")
            % {"day": zh_date(handover.result_on)},
            field="signed_on",
        )
    pending = [i.title for i in handover.items.all() if not i.settled]
    if pending:
        raise ActionError(
            _("These items are not settled yet: %(items)s.") % {"items": "、".join(pending)}, field="items"
        )
    late = signed_on > handover.due
    handover.outgoing_head, handover.incoming_head = names["outgoing_head"], names["incoming_head"]
    handover.witness, handover.signed_on = names["witness"], signed_on
    handover.save(update_fields=["outgoing_head", "incoming_head", "witness", "signed_on"])
    audit(
        obj=handover,
        division_path=election.unit.path,
        after={**names, "signed_on": signed_on, "due": handover.due, "late": late},
    )
    completed = _complete_stage(handover, actor)
    return SignOff(handover, late, completed)


def _complete_stage(handover: Handover, actor: Actor) -> bool:
    """Complete the election's handover stage on the day of the sign-off, where it has one (a party
    organisation's procedure has none). A deadline missed is overridden with the handover's own record,
    by the system or a district administrator, and becomes a finding; an order problem (the result not yet
    recorded) or a clerk's late handover leaves the stage for the district office."""
    stage = handover.election.stages.filter(key=Stage.HANDOVER, status=StageStatus.PENDING).first()
    if stage is None:
        return False
    assert handover.signed_on is not None
    violations = guard_violations(stage, handover.signed_on)
    override = ""
    if violations:
        may_override = is_system(actor) or can(actor, Capability.OVERRIDE_GUARDS)
        if not may_override or any(v.kind != "deadline" for v in violations):
            return False
        override = (
            f"工作移交于{zh_date(handover.signed_on)}签字完成，新一届委员会产生于{zh_date(handover.result_on)}，"
            f"移交期限为{zh_date(handover.due)}（见移交清单）。"
        )
    notes = f"移交人{handover.outgoing_head}，接收人{handover.incoming_head}，监交人{handover.witness}。"
    do_complete_stage(
        stage,
        completed_on=handover.signed_on,
        actor=actor,
        notes=notes,
        override=override,
    )
    return True
