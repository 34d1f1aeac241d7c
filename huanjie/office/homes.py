"""What each person's home page shows: their next step, read through the access helpers in a fixed number
of queries whatever the number of units.

- a unit (the clerk's home, and the page a street officer reaches in one tap): its elections of the round
  as checklists of the statutory stages, the current stage, what it waits for, and what is open for the
  unit — objections, petitions (never for clerks: Capability.SEE_PETITIONS), findings;
- a street (the street officer's home): every unit with its elections' next stage, late and due soon first;
- visits (the inspector's and the liaison officer's homes): visits planned and recorded, reports due, the
  findings raised and their state.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language, gettext

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.candidates.lists import lists
from huanjie.elections.models import Election, ElectionStage, Finding, Notice, Round, StageStatus
from huanjie.elections.nextstep import Step, Wait, checklist
from huanjie.elections.progress import ORDER, State, state_of
from huanjie.rules.calendar import Stage
from huanjie.supervision import access as supervision
from huanjie.supervision.access import inspection_findings
from huanjie.supervision.models import LiaisonOfficer, LiaisonReport, Petition, Team, Visit
from huanjie.units.models import Division
from huanjie.voters.models import Objection

SOON = 7


def current_round(user: User, today: dt.date) -> Round | None:
    """The round the home page is about: the newest one the user sees that has started (else the next)."""
    rounds = list(Round.objects.visible_to(user).select_related("district")[:5])
    started = [r for r in rounds if r.starts_on <= today]
    return started[0] if started else (rounds[-1] if rounds else None)


# --- where a stage is completed --------------------------------------------------------------------------

# Stages completed by another page's form (the action behind it completes the stage); the rest are
# recorded with the stage form on the election's page.
COMPLETED_ON: dict[str, str] = {
    Stage.CANDIDATE_LIST: "candidates:candidates",
    Stage.PROXIES: "polling:registers",
    Stage.HANDOVER: "handover:election",
}
# Where the work of a stage is done, when that is not where it is recorded.
WORKED_ON: dict[str, str] = {
    Stage.VOTER_REGISTRATION: "voters:roll",
    Stage.VOTER_LIST: "voters:list",
    Stage.OBJECTIONS: "voters:objections",
    Stage.NOMINATION: "candidates:candidates",
    Stage.QUALIFICATION_REVIEW: "candidates:review",
    Stage.POLLING: "polling:polling",
    Stage.RUNOFF: "polling:polling",
    Stage.RESULT: "polling:polling",
    Stage.PARTY_CANDIDATES: "party:party",
    Stage.PARTY_CANDIDATE_APPROVAL: "party:party",
    Stage.PARTY_ASSEMBLY: "party:party",
    Stage.PARTY_COMMITTEE_PLENARY: "party:party",
    Stage.PARTY_RESULT_APPROVAL: "party:party",
}


def complete_url(stage: ElectionStage) -> str:
    name = COMPLETED_ON.get(stage.key)
    if name:
        return reverse(name, args=[stage.election_id])
    return reverse("elections:election", args=[stage.election_id]) + f"#stage-{stage.key}"


def work_url(stage: ElectionStage) -> str:
    name = WORKED_ON.get(stage.key)
    return reverse(name, args=[stage.election_id]) if name else ""


# --- a unit ----------------------------------------------------------------------------------------------


@dataclass
class ElectionSteps:
    election: Election
    steps: list[Step]
    notices: dict[str, Notice]

    @property
    def current(self) -> Step | None:
        return next((s for s in self.steps if s.current), None)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.stage.status != StageStatus.PENDING)


@dataclass
class UnitHome:
    unit: Division
    round: Round | None
    elections: list[ElectionSteps]
    objections: list[Objection]
    petitions: list[Petition]
    findings: list[Finding]
    may_see_petitions: bool


def unit_home(user: User, unit: Division, today: dt.date) -> UnitHome:
    """A unit's elections in the current round as checklists (the unit is already read through access)."""
    rnd = current_round(user, today)
    if rnd is None:
        return UnitHome(unit, None, [], [], [], [], supervision.may_see_petitions(user))
    elections = list(
        Election.objects.visible_to(user)
        .filter(round=rnd, unit=unit)
        .select_related("round", "body")
        .order_by("kind")
    )
    by_election: dict[int, list[ElectionStage]] = defaultdict(list)
    for s in ElectionStage.objects.filter(election__in=[e.pk for e in elections]).order_by("seq"):
        by_election[s.election_id].append(s)
    latest: dict[tuple[int, str], Notice] = {}
    # A corrected notice is replaced: the newest version is the one to show.
    for n in Notice.objects.visible_to(user).filter(
        election__in=[e.pk for e in elections], replaced_by__isnull=True
    ):
        assert n.election_id is not None
        latest.setdefault((n.election_id, n.stage), n)
    rows = []
    for e in elections:
        stages = by_election[e.pk]
        for s in stages:
            s.election = e  # the checklist reads the election's day and profile without a query per stage
        notices = {stage: n for (eid, stage), n in latest.items() if eid == e.pk}
        steps = checklist(e, stages, today)
        current = next((s for s in steps if s.current), None)
        if current is not None and current.stage.key == Stage.CANDIDATE_LIST and not current.waits:
            current.waits = list_waits(e)
        rows.append(ElectionSteps(e, steps, notices))
    objections = list(
        Objection.objects.visible_to(user)
        .filter(election__in=[e.pk for e in elections], decision=Objection.Decision.PENDING)
        .select_related("resident")
        .order_by("decide_by", "pk")[:50]
    )
    petitions = list(
        Petition.objects.visible_to(user)
        .select_related("division__parent", "round")
        .filter(division=unit, round=rnd)
        .filter(open_petitions())
        .order_by("received_on", "pk")[:50]
    )
    findings = list(
        Finding.objects.visible_to(user)
        .filter(unit=unit, round=rnd, closed_on__isnull=True)
        .order_by("rectification_due", "found_on", "pk")[:50]
    )
    return UnitHome(unit, rnd, rows, objections, petitions, findings, supervision.may_see_petitions(user))


def list_waits(election: Election) -> list[Wait]:
    """The formal candidate list is published only when it passes its checks (candidates.actions
    .do_publish_candidate_list): the ones that fail are what the stage waits for."""
    current = lists(election)
    if current.ok:
        return []
    if not current.posts:
        return [Wait("check", text=gettext("the seats of each post to be set"))]
    english = (get_language() or "").startswith("en")
    return [
        Wait("check", text=c.reason.text_en if english else c.reason.text_zh)
        for c in current.checks
        if not c.ok
    ]


def open_petitions() -> Q:
    return Q(decision=Petition.Decision.PENDING) | Q(
        decision=Petition.Decision.ACCEPTED, concluded_on__isnull=True
    )


# --- a street --------------------------------------------------------------------------------------------


@dataclass
class NextStage:
    election: Election
    stage: ElectionStage | None  # None: every stage recorded
    state: State
    days: int | None  # from today to the due date: negative when overdue

    @property
    def days_over(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


@dataclass
class UnitRow:
    unit: Division
    next: list[NextStage] = field(default_factory=list)

    @property
    def worst(self) -> int:
        ranks = [ORDER.index(n.state) for n in self.next if n.stage is not None]
        return min(ranks) if ranks else len(ORDER)

    @property
    def soonest(self) -> dt.date:
        dues = [n.stage.effective_due for n in self.next if n.stage is not None and n.stage.effective_due]
        return min(dues) if dues else dt.date.max


def _next(field_name: str) -> Subquery:
    pending = ElectionStage.objects.filter(election=OuterRef("pk"), status=StageStatus.PENDING).order_by(
        "seq"
    )
    return Subquery(pending.values(field_name)[:1])


def street_units(user: User, rnd: Round, today: dt.date) -> list[UnitRow]:
    """Every unit in scope with its elections' next stage: one query, late and due soon first."""
    elections = (
        Election.objects.visible_to(user)
        .filter(round=rnd)
        .select_related("unit", "body")
        .annotate(
            next_pk=_next("pk"),
            next_key=_next("key"),
            next_seq=_next("seq"),
            next_due=_next("due"),
            next_district_due=_next("district_due"),
            next_opens=_next("opens"),
        )
        .order_by("unit__code", "kind")
    )
    rows: dict[int, UnitRow] = {}
    for e in elections:
        row = rows.setdefault(e.unit_id, UnitRow(e.unit))
        annotated: Any = e
        if annotated.next_pk is None:
            row.next.append(NextStage(e, None, State.ON_TIME, None))
            continue
        stage = ElectionStage(
            pk=annotated.next_pk,
            election=e,
            key=annotated.next_key,
            seq=annotated.next_seq,
            due=annotated.next_due,
            district_due=annotated.next_district_due,
            opens=annotated.next_opens,
            status=StageStatus.PENDING,
        )
        due = stage.effective_due
        row.next.append(
            NextStage(e, stage, state_of(stage, today, SOON), (due - today).days if due else None)
        )
    return sorted(rows.values(), key=lambda r: (r.worst, r.soonest, r.unit.code))


def open_findings(user: User, rnd: Round) -> Any:
    return (
        Finding.objects.visible_to(user)
        .filter(round=rnd, closed_on__isnull=True)
        .select_related("unit")
        .order_by("rectification_due", "found_on", "pk")
    )


# --- inspectors and liaison officers ---------------------------------------------------------------------


@dataclass
class VisitsHome:
    planned: list[Visit]
    recorded: list[Visit]
    recorded_total: int
    teams: list[Team]
    reports_due: list[Team]
    officer: LiaisonOfficer | None
    last_report: LiaisonReport | None
    findings: list[Finding]
    finding_states: dict[str, int]


def finding_state(finding: Finding, today: dt.date) -> str:
    if finding.closed_on is not None:
        return "closed"
    if finding.rectification_due is not None and finding.rectification_due < today:
        return "overdue"
    return "open"


def visits_home(user: User, rnd: Round, today: dt.date) -> VisitsHome:
    visits = Visit.objects.visible_to(user).select_related("team", "division").filter(team__round=rnd)
    planned = list(visits.filter(visited_on__gt=today).order_by("visited_on", "pk")[:20])
    recorded_qs = visits.filter(visited_on__lte=today)
    recorded = list(recorded_qs.order_by("-visited_on", "-pk")[:10])
    teams = list(
        Team.objects.visible_to(user)
        .select_related("round")
        .filter(round=rnd, kind=Team.Kind.INSPECTION, ends_on__gte=today)
    )
    # A team reports to the leading group at the end of its period: shown from a week before it ends to a
    # week after (the report itself is generated from the visits, teams/<n>/report/).
    reports_due = list(
        Team.objects.visible_to(user)
        .select_related("round")
        .filter(
            round=rnd,
            kind=Team.Kind.INSPECTION,
            ends_on__gte=today - dt.timedelta(days=SOON),
            ends_on__lte=today + dt.timedelta(days=SOON),
        )
    )
    officer = None
    last = None
    if can(user, Capability.FILE_LIAISON_REPORTS):  # a liaison officer: the street they are stationed with
        officer = (
            LiaisonOfficer.objects.visible_to(user)
            .select_related("street")
            .filter(round=rnd, account=user)
            .first()
        )
        if officer is not None:
            last = officer.reports.order_by("-reported_on", "-pk").first()
    raised = inspection_findings(user).filter(round=rnd)
    states: Counter[str] = Counter()
    for closed_on, due in raised.values_list("closed_on", "rectification_due"):
        if closed_on is not None:
            states["closed"] += 1
        elif due is not None and due < today:
            states["overdue"] += 1
        else:
            states["open"] += 1
    findings = list(raised.filter(closed_on__isnull=True).order_by("rectification_due", "pk")[:20])
    return VisitsHome(
        planned,
        recorded,
        recorded_qs.count(),
        teams,
        reports_due,
        officer,
        last,
        findings,
        dict(states),
    )
