"""Inspection and assessment teams, their visits, questions and findings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, user_of
from huanjie.core.errors import ActionError
from huanjie.elections.actions import do_close_finding, do_record_finding
from huanjie.elections.models import Finding, Round
from huanjie.elections.stages import LABELS
from huanjie.supervision.actions.common import ADMIN_ONLY, _in_round, _level, _order, _text
from huanjie.supervision.models import (
    Question,
    Team,
    Visit,
)
from huanjie.units.models import Division, Level


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
