"""Petitions: received, decided, concluded, the petitioner's satisfaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, unchanged, user_of
from huanjie.core.errors import ActionError
from huanjie.elections.models import Round
from huanjie.elections.stages import LABELS
from huanjie.supervision.actions.common import _in_round, _level, _order, _text
from huanjie.supervision.models import (
    Petition,
)
from huanjie.units.models import Division, Level
from huanjie.voters.models import Resident


def _petition_snapshot(p: Petition) -> dict[str, Any]:
    return {
        "division": p.division.code, "channel": p.channel, "received_on": p.received_on, "subject": p.subject,
        "petitioner_count": p.petitioner_count, "collective": p.collective, "term_label": p.term_label,
        "stage": p.stage, "handler": p.handler, "decision": p.decision, "decided_on": p.decided_on,
        "concluded_on": p.concluded_on, "satisfaction": p.satisfaction,
    }  # fmt: skip


@action(
    "supervision.petition.receive",
    capability=Capability.HANDLE_PETITIONS,
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
    capability=Capability.HANDLE_PETITIONS,
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
    capability=Capability.HANDLE_PETITIONS,
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
    capability=Capability.HANDLE_PETITIONS,
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


@action(
    "supervision.petition.petitioner",
    capability=Capability.HANDLE_PETITIONS,
    scope=lambda petition: petition.division,
    denied=gettext_lazy("Only the district or the street handles petitions."),
    outside=gettext_lazy("Only the district or the street handles petitions."),
)
def do_link_petitioner(petition: Petition, *, resident: Resident | None, actor: Actor) -> Petition:
    """Say which resident of the petition's unit the petitioner is, where known (None: no longer linked).
    The names as written stay in `petitioners`; the audit records the resident's row, never an ID number."""
    if resident is not None:
        if petition.division.level != Level.UNIT:
            raise ActionError(
                _("Only a petition about a village or community links a resident of it."), field="resident"
            )
        if resident.unit_id != petition.division_id:
            raise ActionError(_("The resident does not live in the unit concerned."), field="resident")
    if (resident.pk if resident else None) == petition.petitioner_id:
        unchanged()
        return petition
    before = {"petitioner": petition.petitioner_id}
    petition.petitioner = resident
    petition.save(update_fields=["petitioner"])
    audit(
        obj=petition, division_path=petition.division.path,
        before=before, after={"petitioner": resident.pk if resident else None},
    )  # fmt: skip
    return petition
