"""The demo round: the seed document's round replayed day by day through the actions, up to a date.

Every unit's elections get a day; each stage is completed a plausible number of days before (or after)
its election day; the look-back review runs every Monday. The problems of the seed happen as data —
Changwa's committee election stalls and misses the round's end, Dalanggou forms its election
committee after the date its street set, Shigou starts its party election with no timetable — and the
review finds them on its own. (Shangping's missing publicity and Xiaoyantan's petition history are
the leading group's records: huanjie.demo.supervision.)
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from huanjie.candidates.lists import candidate_notes
from huanjie.core import clock
from huanjie.core.actions import SYSTEM
from huanjie.demo import candidates as candidates_demo
from huanjie.demo import handover as handover_demo
from huanjie.demo.party import STEPS as PARTY_STEPS
from huanjie.demo.party import party_step
from huanjie.demo.polling import poll_election, result_notes
from huanjie.demo.polling_registers import prepare_polling
from huanjie.demo.voters import build_voters_demo
from huanjie.elections.actions import (
    do_complete_stage,
    do_mark_not_applicable,
    do_open_round,
    do_run_review,
    do_set_election_days,
)
from huanjie.elections.models import Election, ElectionStage, Round, StageStatus
from huanjie.polling.proxies import do_publish_proxies
from huanjie.rules.calendar import Stage
from huanjie.units.models import BodyKind, Division

D = dt.timedelta

# Days before (negative: after) the election day on which a unit typically completes each stage.
OFFSETS: dict[str, int] = {
    Stage.ELECTION_COMMITTEE: 40,
    Stage.ELECTION_PLAN: 36,
    Stage.VOTER_REGISTRATION: 30,
    Stage.VOTER_LIST: 24,
    Stage.OBJECTIONS: 17,
    Stage.NOMINATION: 14,
    Stage.QUALIFICATION_REVIEW: 10,
    Stage.CANDIDATE_LIST: 7,
    Stage.POLLING_NOTICE: 6,
    Stage.PROXIES: 4,
    Stage.CANDIDATE_MEETINGS: 3,
    Stage.POLLING: 0,
    Stage.RESULT: 0,
    Stage.HANDOVER: -5,
    Stage.ARCHIVE: -9,
    Stage.PARTY_REQUEST: 30,
    Stage.PARTY_CANDIDATES: 20,
    Stage.PARTY_CANDIDATE_APPROVAL: 10,
    Stage.PARTY_ASSEMBLY: 0,
    Stage.PARTY_COMMITTEE_PLENARY: 0,
    Stage.PARTY_RESULT_APPROVAL: -3,
}


def round_dates(today: dt.date) -> tuple[dt.date, dt.date]:
    """The current season's round: November to the end of March (the seed's calendar)."""
    year = today.year if today.month >= 9 else today.year - 1
    return dt.date(year, 11, 1), dt.date(year + 1, 3, 31)


@dataclass(order=True)
class Event:
    day: dt.date
    order: int
    run: Callable[[], None] = field(compare=False)


def _election_days(rnd: Round, rng: random.Random) -> dict[Election, dt.date]:
    start = rnd.starts_on
    days: dict[Election, dt.date] = {}
    for e in (
        Election.objects.filter(round=rnd)
        .select_related("unit", "street", "round", "body")
        .order_by("unit__code", "kind")
    ):
        street_no = int(e.street.code[6:9])
        if e.kind == BodyKind.PARTY_BRANCH:
            base = start + D(days=39 if e.unit.kind == "village" else 42)  # party organisations first
            days[e] = base + D(days=(street_no % 8) + rng.randint(0, 6))
        elif e.kind == BodyKind.VILLAGERS_COMMITTEE:
            days[e] = start + D(days=66 + (street_no % 5) * 2 + rng.randint(0, 6))
        else:  # communities elect after the Spring Festival
            days[e] = start + D(days=116 + (street_no % 6) * 3 + rng.randint(0, 5))
    return days


def _unit(name: str) -> Division:
    return Division.objects.get(name=name, level="unit")


def build_round(
    district: Division,
    *,
    as_of: dt.date,
    seed: int = 2026,
    leading_group: Callable[[Round, dt.date], None] | None = None,
    progress: Callable[[str], None] = print,
) -> Round:
    rng = random.Random(seed)
    starts_on, ends_on = round_dates(as_of)
    rnd = do_open_round(
        district=district,
        name=f"{starts_on.year}—{ends_on.year}年度村（社区）“两委”换届选举",
        profile="gansu",
        starts_on=starts_on,
        ends_on=ends_on,
        bodies=list(BodyKind.values),
        actor=SYSTEM,
    )
    if leading_group is not None:
        leading_group(rnd, as_of)  # the street deadlines must exist before the stages they govern
    days = _election_days(rnd, rng)
    shigou, changwa, dalanggou = _unit("石沟村"), _unit("长洼村"), _unit("大浪沟村")
    changwa_vc = next(e for e in days if e.unit == changwa and e.kind == BodyKind.VILLAGERS_COMMITTEE)
    days[changwa_vc] = ends_on - D(days=11)  # planned late in the round; it will stall before polling
    changwa_party = next(e for e in days if e.unit == changwa and e.kind == BodyKind.PARTY_BRANCH)
    shigou_party = next(e for e in days if e.unit == shigou and e.kind == BodyKind.PARTY_BRANCH)
    shigou_day = days.pop(shigou_party)  # no timetable at first: the day is fixed only after the street urges

    events: list[Event] = [Event(starts_on + D(days=4), 0, _fix_days(days))]
    # The rolls are built from the residents once the days are fixed, before any voter list is posted.
    events.append(Event(starts_on + D(days=4), 1, lambda: build_voters_demo(rnd, as_of)))
    events.append(
        Event(
            starts_on + D(days=34),
            0,
            _fix_days({shigou_party: shigou_day}),
        )
    )
    stages = (
        ElectionStage.objects.filter(election__round=rnd)
        .select_related("election")
        .order_by("election_id", "seq")
    )
    planned = {**days, shigou_party: shigou_day}
    for s in stages:
        e = s.election
        day = planned[e]
        if s.key == Stage.RUNOFF:
            events.append(Event(day, 10 + s.seq, _runoff_or_skip(s.pk, day)))
            continue
        if s.key in (Stage.HANDOVER, Stage.ARCHIVE) and e != changwa_vc:  # opened, settled, signed off
            events += [Event(d, 10 + s.seq, run) for d, run in handover_demo.plan(s, day)]
            continue
        when = day - D(days=OFFSETS[s.key]) + D(days=rng.randint(-1, 1) if OFFSETS[s.key] > 20 else 0)
        if e == shigou_party and s.key in (Stage.PARTY_REQUEST, Stage.PARTY_CANDIDATES):
            when = starts_on + D(days=19 if s.key == Stage.PARTY_REQUEST else 26)  # before any day was fixed
        if e.unit == dalanggou and s.key == Stage.ELECTION_COMMITTEE:
            when = starts_on + D(days=15)  # after the date the street set (supervision.demo: start + 10)
        elif e.unit.parent_id == dalanggou.parent_id and s.key == Stage.ELECTION_COMMITTEE:
            when = min(when, starts_on + D(days=9))
        if e.kind == BodyKind.PARTY_BRANCH and s.key in PARTY_STEPS:
            # The branch's own work of the stage (roll and list, approvals, the votes), before it is recorded.
            events.append(Event(when, 10 + s.seq, _party(e.pk, s.key, when, seed)))
        if e == changwa_party and s.key in PARTY_STEPS[2:]:
            continue  # Changwa's assembly falls short of its quorum: its branch does not finish either
        if e == changwa_vc and s.seq > list(Stage).index(Stage.NOMINATION):
            continue  # Changwa stalls after nomination: the election is not finished by the round's end
        if e.kind != BodyKind.PARTY_BRANCH and s.key in (Stage.NOMINATION, Stage.QUALIFICATION_REVIEW):
            # The nomination meeting's results, or the departments' review, before the stage is recorded.
            events.append(Event(when, 10 + s.seq, _candidates(e.pk, s.key, when, seed)))
        events.append(Event(when, 10 + s.seq, _complete(s.pk, when)))
        if s.key == Stage.POLLING and e.kind != BodyKind.PARTY_BRANCH:
            # Voting and counting on the day, after the polling stage and before the result is announced.
            events.append(Event(when, 10 + s.seq + 1, _poll(e.pk, when, seed)))
    # The six assessment teams from 6 December: four streets each, a street a day (supervision.demo).
    assessed_from = max(dt.date(starts_on.year, 12, 6), starts_on)
    for k in range(4):
        assessed_on = assessed_from + D(days=k)
        events.append(Event(assessed_on, 5, _assess(rnd.pk, k, assessed_on, seed)))
    review_day = starts_on + D(days=(7 - starts_on.weekday()) % 7 + 14)
    while review_day <= ends_on + D(days=7):
        events.append(Event(review_day, 99, _review(rnd, review_day)))
        review_day += D(days=7)

    done = 0
    for event in sorted(events):
        if event.day > as_of:
            break
        with clock.replaying(event.day):
            event.run()
        done += 1
    build_voters_demo(rnd, as_of)  # objections to the lists posted by now
    progress(f"round: {len(planned)} elections, {done} events replayed up to {as_of}")
    return rnd


def _complete(pk: int, when: dt.date) -> Callable[[], None]:
    def run() -> None:
        stage = ElectionStage.objects.select_related(
            "election__round", "election__unit", "election__body"
        ).get(pk=pk)
        if stage.status == StageStatus.PENDING:
            e = stage.election
            if stage.key == Stage.PROXIES and e.kind != BodyKind.PARTY_BRANCH and e.election_day:
                # The registers exist before the proxies stage, which publishes the list of proxies.
                prepare_polling(e, e.election_day, 2026)
                do_publish_proxies(stage, completed_on=when, actor=SYSTEM)
                return
            notes = result_notes(stage.election) if stage.key == Stage.RESULT else ""
            if stage.key == Stage.CANDIDATE_LIST:
                notes = candidate_notes(stage.election)
            do_complete_stage(stage, completed_on=when, actor=SYSTEM, notes=notes)

    return run


def _candidates(election_pk: int, key: str, day: dt.date, seed: int) -> Callable[[], None]:
    if key == Stage.NOMINATION:
        return lambda: candidates_demo.nominate(election_pk, day, seed)
    return lambda: candidates_demo.review(election_pk, day)


def _assess(rnd_pk: int, k: int, day: dt.date, seed: int) -> Callable[[], None]:
    return lambda: candidates_demo.assess_day(rnd_pk, k, day, seed)


def _poll(election_pk: int, day: dt.date, seed: int) -> Callable[[], None]:
    def run() -> None:
        election = Election.objects.select_related("round", "unit", "body").get(pk=election_pk)
        if election.stages.filter(key=Stage.POLLING, status=StageStatus.DONE).exists():
            poll_election(election, day, seed)

    return run


def _party(election_pk: int, key: str, day: dt.date, seed: int) -> Callable[[], None]:
    return lambda: party_step(election_pk, key, day, seed)


def _runoff_or_skip(pk: int, day: dt.date) -> Callable[[], None]:
    """The runoff stage: done where the count called for a runoff or tie re-vote, otherwise not needed."""

    def run() -> None:
        stage = ElectionStage.objects.select_related(
            "election__round", "election__unit", "election__body"
        ).get(pk=pk)
        if stage.status != StageStatus.PENDING:
            return
        if stage.election.voting_rounds.filter(parent__isnull=False).exists():
            do_complete_stage(
                stage, completed_on=day, actor=SYSTEM, notes="不足名额当日另行选举（或得票相等再投票）。"
            )
        else:
            do_mark_not_applicable(stage, reason="选举日当选人数达到应选名额，无需另行选举。", actor=SYSTEM)

    return run


def _review(rnd: Round, day: dt.date) -> Callable[[], None]:
    def run() -> None:
        do_run_review(rnd, today=day, actor=SYSTEM)

    return run


def _fix_days(days: dict[Election, dt.date]) -> Callable[[], None]:
    def run() -> None:
        do_set_election_days(days, actor=SYSTEM)

    return run
