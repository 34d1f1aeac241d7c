"""Everything the statistics need of one round, read in a handful of set-based queries.

`load(rnd, scope)` returns plain values (huanjie.reports.stats.Person and friends) for the units under
`scope` (the district, a street or a unit): the elected teams, the previous term's teams, completion,
turnout, follow-up rounds and vacancies. Pages, tables and the work summary all start from here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Q

from huanjie.elections.models import Election, Round
from huanjie.polling.models import BallotBox, Contest, ElectedMember, VotingRound
from huanjie.reports.models import Match, PreviousMember
from huanjie.reports.stats import Completion, Person, Tally, Turnout, age_on, completion
from huanjie.units.models import BodyKind, Division

KINDS = ("village", "community")
BODIES = ("party", "committee")


def body_of(kind: str) -> str:
    return "party" if kind == BodyKind.PARTY_BRANCH else "committee"


@dataclass
class Figures:
    """One round's data for one scope. `teams[(unit kind, body)]` are the elected; `previous` the same
    keys for the previous term (empty where it is not known)."""

    rnd: Round
    scope: Division
    streets: list[Division]
    units: dict[str, Division]
    teams: dict[tuple[str, str], list[Person]] = field(default_factory=dict)
    previous: dict[tuple[str, str], list[Person]] = field(default_factory=dict)
    previous_source: str = ""  # "import", "round" or "" (none)
    completion: dict[str, Completion] = field(default_factory=dict)  # by unit kind, names for the text
    # Each unit's state by code ("on_time", "late", "unfinished") and the day it finished: names repeat
    # across a district (many a 新村), so tables, charts and drill-downs go by code.
    state: dict[str, tuple[str, dt.date | None]] = field(default_factory=dict)
    turnout: dict[tuple[str, str], Turnout] = field(default_factory=dict)  # by (unit kind, body)
    tally: dict[tuple[str, str], Tally] = field(default_factory=dict)
    counted_elections: int = 0

    def unit_count(self, kind: str) -> int:
        return sum(1 for u in self.units.values() if u.kind == kind)


def _in_scope(scope: Division, prefix: str = "election__unit__") -> Q:
    if scope.level == "unit":
        return Q(**{f"{prefix}pk": scope.pk})
    return Q(**{f"{prefix}path__startswith": scope.path})


def previous_round(rnd: Round) -> Round | None:
    return Round.objects.filter(district=rnd.district, ends_on__lt=rnd.starts_on).order_by("-ends_on").first()


def _elected(rnd: Round, scope: Division) -> list[dict[str, Any]]:
    """One row per elected member and post, with the person's data read from the person's record (issue
    17): the resident, or the party member who is no resident. Nothing is typed in again."""
    rows: list[dict[str, Any]] = []
    members = (
        ElectedMember.objects.filter(election__round=rnd)
        .filter(_in_scope(scope))
        .select_related("election__unit", "election__street", "voting_round", "resident", "member")
        .order_by("election_id", "pk")
    )
    for m in members:
        e = m.election
        rows.append(
            {
                "election_id": e.pk,
                "election__kind": e.kind,
                "election__unit__code": e.unit.code,
                "election__unit__name": e.unit.name,
                "election__unit__kind": e.unit.kind,
                "election__street__code": e.street.code,
                "election__street__name": e.street.name,
                "name": m.name,
                # The person: the resident (across elections and terms), else the party member record.
                "person": ("r", m.resident_id)
                if m.resident_id
                else (("m", m.member_id) if m.member_id else None),
                "resident": m.resident_id,
                "post": m.post,
                "sex": m.sex,
                "birth_date": m.birth_date,
                "education": m.education,
                "party_member": m.party_member,
                "ethnicity": m.ethnicity,
                "voting_round__held_on": m.voting_round.held_on,
                "voting_round__kind": m.voting_round.kind,
            }
        )
    return rows


Known = dict[tuple[str, str], set[int] | None]  # (unit, body) → residents of the previous team; None: unsure


def _people(rows: list[dict[str, Any]], known: Known | None) -> list[Person]:
    """Fold the per-post rows into one person per team (a secretary is also a committee member). Re-elected
    means the same person (the resident) held a seat in the unit's previous team — never the same name."""
    folded: dict[tuple[Any, Any], list[dict[str, Any]]] = defaultdict(list)
    for n, row in enumerate(rows):
        # A member not tied to a person yet (a row to resolve) stands alone: never merged by name.
        folded[(row["election_id"], row["person"] or ("?", n))].append(row)
    people: list[Person] = []
    for entries in folded.values():
        first = min(entries, key=lambda r: r["voting_round__held_on"])
        body = body_of(first["election__kind"])
        unit = first["election__unit__code"]
        birth = first["birth_date"]
        previous = None if known is None else known.get((unit, body), None)
        resident = first["resident"]
        people.append(
            Person(
                unit=unit,
                unit_name=first["election__unit__name"],
                street=first["election__street__code"],
                street_name=first["election__street__name"],
                body=body,
                name=first["name"],
                posts=tuple(r["post"] for r in entries),
                sex=first["sex"],
                age=age_on(birth, first["voting_round__held_on"]) if birth else None,
                education=first["education"],
                party_member=first["party_member"],
                ethnicity=first["ethnicity"],
                reelected=None if previous is None else (resident is not None and resident in previous),
                after_runoff=all(r["voting_round__kind"] != VotingRound.Kind.FIRST for r in entries),
                resident=resident,
            )
        )
    return people


def _imported_previous(rnd: Round, scope: Division) -> tuple[list[Person], set[tuple[str, str]]]:
    """The imported previous teams, and the (unit, body) pairs with a row still to confirm (flagged): their
    re-elected members cannot be counted until the clerk has said who the row is."""
    rows = cast(
        list[dict[str, Any]],
        list(
            PreviousMember.objects.filter(round=rnd)
            .filter(_in_scope(scope, "unit__"))
            .values(
                "pk",
                "unit__code",
                "unit__name",
                "unit__parent__code",
                "unit__parent__name",
                "body",
                "name",
                "post",
                "sex",
                "birth_date",
                "education",
                "party_member",
                "ethnicity",
                "elected_on",
                "resident_id",
                "match",
            )
            .order_by("pk")
        ),
    )
    folded: dict[tuple[str, str, Any], list[dict[str, Any]]] = defaultdict(list)
    unsure: set[tuple[str, str]] = set()
    for row in rows:
        body = body_of(row["body"])
        person = row["resident_id"] or ("row", row["pk"])  # one row, one person, where no resident
        folded[(row["unit__code"], body, person)].append(row)
        if row["match"] == Match.FLAGGED:
            unsure.add((row["unit__code"], body))
    people = [
        Person(
            unit=unit,
            unit_name=entries[0]["unit__name"],
            street=entries[0]["unit__parent__code"],
            street_name=entries[0]["unit__parent__name"],
            body=body,
            name=entries[0]["name"],
            posts=tuple(r["post"] for r in entries),
            sex=entries[0]["sex"],
            age=age_on(entries[0]["birth_date"], entries[0]["elected_on"])
            if entries[0]["birth_date"]
            else None,
            education=entries[0]["education"],
            party_member=entries[0]["party_member"],
            ethnicity=entries[0]["ethnicity"],
            resident=entries[0]["resident_id"],
        )
        for (unit, body, _person), entries in folded.items()
    ]
    return people, unsure


def _previous(rnd: Round, scope: Division) -> tuple[list[Person], str, set[tuple[str, str]]]:
    imported, unsure = _imported_previous(rnd, scope)
    if imported:
        return imported, "import", unsure
    before = previous_round(rnd)
    if before is None:
        return [], "", set()
    rows = _elected(before, scope)
    # A previous member not tied to a person (a row to resolve) leaves the unit's re-elected unsure.
    unsure = {(r["election__unit__code"], body_of(r["election__kind"])) for r in rows if r["person"] is None}
    return _people(rows, None), "round", unsure


def load(rnd: Round, scope: Division) -> Figures:
    units = {
        u.code: u
        for u in Division.objects.filter(
            pk__in=Election.objects.filter(round=rnd).filter(_in_scope(scope, "unit__")).values("unit")
        )
    }
    streets = list(Division.objects.filter(pk__in={u.parent_id for u in units.values()}).order_by("code"))
    fig = Figures(rnd=rnd, scope=scope, streets=streets, units=units)
    previous, fig.previous_source, unsure = _previous(rnd, scope)
    known: Known = {}
    for p in previous:
        team = known.setdefault((p.unit, p.body), set())
        if team is not None and p.resident is not None:
            team.add(p.resident)
    for key in unsure:
        known[key] = None
    for p in previous:
        fig.previous.setdefault((units[p.unit].kind if p.unit in units else "", p.body), []).append(p)
    rows = _elected(rnd, scope)
    for p in _people(rows, known):
        fig.teams.setdefault((units[p.unit].kind, p.body), []).append(p)
    _completion(fig)
    elected: dict[tuple[int, str], int] = defaultdict(int)
    for row in rows:
        elected[(row["election_id"], row["post"])] += 1
    _polling(fig, elected)
    return fig


def _completion(fig: Figures) -> None:
    finished: dict[str, dict[str, list[dt.date | None]]] = {k: {} for k in KINDS}
    for code, kind, day in (
        Election.objects.filter(round=fig.rnd)
        .filter(_in_scope(fig.scope, "unit__"))
        .values_list("unit__code", "unit__kind", "finished_on")
    ):
        finished.setdefault(kind, {}).setdefault(code, []).append(day)
    for days in finished.values():
        for code, ends in days.items():
            last = None if any(d is None for d in ends) else max(d for d in ends if d is not None)
            if last is None:
                fig.state[code] = ("unfinished", None)
            else:
                fig.state[code] = ("late" if last > fig.rnd.ends_on else "on_time", last)
    names = {code: u.name for code, u in fig.units.items()}
    fig.completion = {kind: completion(days, names, fig.rnd.ends_on) for kind, days in finished.items()}


def _polling(fig: Figures, elected: dict[tuple[int, str], int]) -> None:
    rounds = cast(
        list[dict[str, Any]],
        list(
            VotingRound.objects.filter(election__round=fig.rnd, status=VotingRound.Status.COUNTED)
            .filter(_in_scope(fig.scope))
            .values(
                "pk",
                "kind",
                "seq",
                "sitting",
                "registered",
                "approved_exclusions",
                "election_id",
                "election__kind",
                "election__unit__name",
                "election__unit__kind",
            )
        ),
    )
    first = {r["pk"]: r for r in rounds if r["seq"] == 1}
    fig.counted_elections = len(first)
    signed: dict[int, int] = defaultdict(int)
    # Joins rather than lists of keys: a province's round has tens of thousands of voting rounds.
    boxes = BallotBox.objects.filter(
        voting_round__election__round=fig.rnd,
        voting_round__seq=1,
        voting_round__status=VotingRound.Status.COUNTED,
    ).filter(_in_scope(fig.scope, "voting_round__election__unit__"))
    for vr, accepted in boxes.values_list("voting_round_id", "accepted"):
        if accepted:
            signed[vr] += int(accepted.get("voters_signed", 0))
    totals: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for pk, r in first.items():
        key = (r["election__unit__kind"], body_of(r["election__kind"]))
        totals[key][0] += r["registered"] - r["approved_exclusions"]
        totals[key][1] += signed[pk]
    fig.turnout = {key: Turnout(reg, voted) for key, (reg, voted) in totals.items()}
    for r in rounds:
        tally = fig.tally.setdefault((r["election__unit__kind"], body_of(r["election__kind"])), Tally())
        if r["kind"] == VotingRound.Kind.RUNOFF:
            tally.runoffs.append(r["election__unit__name"])
        elif r["kind"] == VotingRound.Kind.TIE_REVOTE:
            tally.tie_revotes.append(r["election__unit__name"])
    _vacancies(fig, elected)


def _vacancies(fig: Figures, elected: dict[tuple[int, str], int]) -> None:
    """Seats of each post on the original ballots (the first voting round, and a party committee's plenary)
    against the persons elected to it in the end."""
    seats: dict[tuple[int, str], int] = {}
    unit_of: dict[int, tuple[str, tuple[str, str]]] = {}
    originals = (
        Contest.objects.filter(
            voting_round__election__round=fig.rnd,
            voting_round__status=VotingRound.Status.COUNTED,
            voting_round__parent__isnull=True,
        )
        .filter(Q(voting_round__seq=1) | Q(voting_round__sitting="committee"))
        .filter(_in_scope(fig.scope, "voting_round__election__unit__"))
    )
    for election_id, post, n, unit, unit_kind, kind in originals.values_list(
        "voting_round__election_id",
        "post",
        "seats",
        "voting_round__election__unit__name",
        "voting_round__election__unit__kind",
        "voting_round__election__kind",
    ):
        seats[(election_id, post)] = max(seats.get((election_id, post), 0), n)
        unit_of[election_id] = (unit, (unit_kind, body_of(kind)))
    for key, n in seats.items():
        short = n - elected.get(key, 0)
        if short > 0:
            unit, group = unit_of[key[0]]
            tally = fig.tally.setdefault(group, Tally())
            tally.vacancies += short
            tally.vacancy_units.append(unit)
