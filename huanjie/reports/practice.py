"""What the leading group did in a round, read from its records: the facts of the summary's "main practices"
(leadership, training, publicity, candidate procedure and assessment, supervision, classified guidance,
liaison officers) and of its "problems" (findings and petitions).

Scoped (issue 15 finding 3): a summary of a street or a unit reads only the records of that division and
below, plus the district's shared work above it (the leading group, district trainings and publicity), and
only what the user's role may see (no petitions for a clerk). The command line (`user=None`) writes the
district's summary for the operator.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from huanjie.accounts.models import User
from huanjie.core.scope import ancestor_paths
from huanjie.elections.models import Election, ElectionStage, Finding, Round, StageStatus
from huanjie.supervision.access import may_see_petitions
from huanjie.supervision.models import (
    Attendance,
    ContactCadre,
    GroupMember,
    LiaisonOfficer,
    LiaisonReport,
    MemberUnit,
    Petition,
    Publicity,
    Team,
    Training,
    Visit,
    WorkPlan,
)
from huanjie.units.models import Division


@dataclass(frozen=True)
class TrainingFact:
    held_on: dt.date
    title: str
    organiser: str
    audience: str
    topics: str
    attended: int
    by_post: dict[str, int]


@dataclass(frozen=True)
class TeamFact:
    name: str
    leader: str
    starts_on: dt.date
    ends_on: dt.date
    streets: int
    villages: int
    communities: int
    questions: int
    findings: int


@dataclass(frozen=True)
class ProblemFact:
    street: str
    unit: str
    unit_en: str
    text_zh: str
    text_en: str
    found_on: dt.date
    source: str
    resolution: str
    closed_on: dt.date | None


@dataclass(frozen=True)
class PetitionFact:
    unit: str
    unit_en: str
    received_on: dt.date
    subject: str
    petitioners: int
    collective: bool
    term_label: str
    concluded_on: dt.date | None


@dataclass
class Practice:
    leaders: list[tuple[str, str, str]] = field(default_factory=list)  # (post, name, title)
    member_units: list[str] = field(default_factory=list)
    plans_due: dt.date | None = None
    plans_filed: int = 0
    plans_total: int = 0
    plans_late: list[str] = field(default_factory=list)
    trainings: list[TrainingFact] = field(default_factory=list)
    publicity: dict[str, int] = field(default_factory=dict)
    publicity_printed: list[str] = field(default_factory=list)
    inspections: list[TeamFact] = field(default_factory=list)
    assessments: list[TeamFact] = field(default_factory=list)
    liaison: int = 0
    liaison_streets: int = 0
    liaison_departments: list[str] = field(default_factory=list)
    liaison_reports: int = 0
    contact_cadres: int = 0
    elections: int = 0
    stages_done: int = 0
    overrides: int = 0
    review_findings: int = 0
    problems: list[ProblemFact] = field(default_factory=list)
    petitions: list[PetitionFact] = field(default_factory=list)


def _below(scope: Division, field: str = "division") -> Q:
    return Q(**{f"{field}__path__startswith": scope.path})


def _related(scope: Division, field: str = "division") -> Q:
    """In the scope, or above it: the district's and the street's shared work."""
    return _below(scope, field) | Q(**{f"{field}__path__in": ancestor_paths(scope.path)})


def load_practice(rnd: Round, *, scope: Division | None = None, user: User | None = None) -> Practice:
    """The facts of `scope` (default: the round's district); `scope` lies in the user's scope (the view
    checked it with core.scope.get_visible)."""
    scope = scope or rnd.district
    fact = Practice()
    for m in GroupMember.objects.filter(round=rnd).order_by("pk"):
        fact.leaders.append((m.post, m.name, m.title))
    fact.member_units = list(
        MemberUnit.objects.filter(round=rnd).order_by("pk").values_list("name", flat=True)
    )
    plans = list(
        WorkPlan.objects.filter(_related(scope, "street"), round=rnd)
        .select_related("street")
        .order_by("street__code")
    )
    fact.plans_total = len(plans)
    fact.plans_filed = sum(1 for p in plans if p.filed_on and p.filed_on <= p.due_on)
    fact.plans_late = [p.street.name for p in plans if not p.filed_on or p.filed_on > p.due_on]
    fact.plans_due = min((p.due_on for p in plans), default=None)
    _trainings(rnd, scope, fact)
    counts: Counter[str] = Counter()
    publicity = Publicity.objects.filter(_related(scope), round=rnd)
    for kind, n, desc in publicity.values_list("kind", "count", "description"):
        counts[kind] += n
        if kind == Publicity.Kind.PRINTED and desc:
            fact.publicity_printed.append(desc)
    fact.publicity = dict(counts)
    fact.inspections = _teams(rnd, scope, Team.Kind.INSPECTION)
    fact.assessments = _teams(rnd, scope, Team.Kind.ASSESSMENT)
    officers = list(LiaisonOfficer.objects.filter(_related(scope, "street"), round=rnd))
    fact.liaison = len(officers)
    fact.liaison_streets = len({o.street_id for o in officers})
    fact.liaison_departments = sorted({o.department for o in officers})
    fact.liaison_reports = LiaisonReport.objects.filter(officer__in=officers).count()
    fact.contact_cadres = ContactCadre.objects.filter(_below(scope, "unit"), round=rnd).count()
    _problems(rnd, scope, fact, petitions=user is None or may_see_petitions(user))
    fact.elections = Election.objects.filter(_below(scope, "unit"), round=rnd).count()
    fact.stages_done = ElectionStage.objects.filter(
        _below(scope, "election__unit"), election__round=rnd, status=StageStatus.DONE
    ).count()
    findings = Finding.objects.filter(_below(scope, "unit"), round=rnd)
    fact.overrides = findings.filter(source=Finding.Source.OVERRIDE).count()
    fact.review_findings = findings.filter(source=Finding.Source.REVIEW).count()
    return fact


def _trainings(rnd: Round, scope: Division, fact: Practice) -> None:
    """Each training with its attendance by post: two queries, however many trainings (issue 20)."""
    trainings = list(
        Training.objects.filter(_related(scope), round=rnd)
        .select_related("division")
        .order_by("held_on", "pk")
    )
    posts: dict[int, Counter[str]] = defaultdict(Counter)
    attendance = Attendance.objects.filter(training__in=trainings).order_by(
        "training_id",
        *(f"staff__{f}" for f in ("division__code", "post", "name")),  # the staff's own order
    )
    for training_id, post in attendance.values_list("training_id", "staff__post"):
        posts[training_id][post] += 1
    for t in trainings:
        by_post = posts[t.pk]
        fact.trainings.append(
            TrainingFact(
                t.held_on,
                t.title,
                t.division.name,
                t.audience,
                t.topics,
                sum(by_post.values()),
                dict(by_post),
            )
        )


def _teams(rnd: Round, scope: Division, kind: str) -> list[TeamFact]:
    """Each team of `kind` with its visits in the scope: four queries, however many teams and visits (issue
    20: it asked three for each team and one for each visit)."""
    teams = list(Team.objects.filter(round=rnd, kind=kind).order_by("starts_on", "pk"))
    by_team: dict[int, list[Visit]] = defaultdict(list)
    visits = (
        Visit.objects.filter(_related(scope), team__in=teams)
        .annotate(question_count=Count("questions"))
        .prefetch_related("units_seen")
        .order_by("pk")
    )
    for v in visits:
        by_team[v.team_id].append(v)
    references = [v.reference for team_visits in by_team.values() for v in team_visits]
    findings = Counter(
        Finding.objects.filter(
            _below(scope, "unit"), source=Finding.Source.INSPECTION, reference__in=references
        ).values_list("reference", flat=True)
    )
    out: list[TeamFact] = []
    for team in teams:
        seen_visits = by_team.get(team.pk, [])
        if not seen_visits and scope.level != "district":
            continue  # a team that never came to this street or unit
        seen = {u for v in seen_visits for u in v.units_seen.all() if u.path.startswith(scope.path)}
        out.append(
            TeamFact(
                team.name,
                team.leader,
                team.starts_on,
                team.ends_on,
                len({v.division_id for v in seen_visits}),
                sum(1 for u in seen if u.kind == "village"),
                sum(1 for u in seen if u.kind == "community"),
                sum(v.question_count for v in seen_visits),  # type: ignore[attr-defined]
                sum(findings[r] for r in {v.reference for v in seen_visits}),
            )
        )
    return out


def _problems(rnd: Round, scope: Division, fact: Practice, *, petitions: bool) -> None:
    findings = (
        Finding.objects.filter(_below(scope, "unit"), round=rnd)
        .select_related("unit__parent")
        .order_by("found_on", "unit__code")
    )
    for f in findings:
        street: Division | None = f.unit.parent
        fact.problems.append(
            ProblemFact(
                street.name if street and f.unit.level == "unit" else "",
                f.unit.name,
                f.unit.name_en or f.unit.name,
                f.text_zh,
                f.text_en,
                f.found_on,
                f.source,
                f.resolution,
                f.closed_on,
            )
        )
    seen = Petition.objects.filter(_below(scope), round=rnd) if petitions else Petition.objects.none()
    for p in seen.select_related("division").order_by("received_on", "pk"):
        fact.petitions.append(
            PetitionFact(
                p.division.name,
                p.division.name_en or p.division.name,
                p.received_on,
                p.subject,
                p.petitioner_count,
                p.collective,
                p.term_label,
                p.concluded_on,
            )
        )
