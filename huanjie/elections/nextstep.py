"""An election's next step: its stages as a checklist, the one to do now, and what that one waits for.

What a stage waits for is read from the same guard that refuses its completion (`calendar.check_completion`,
which `actions.guard_violations` calls): the stages the statute puts before it and the day its window
opens. Nothing here decides a rule; it asks the engine as if the stage were completed today. The caller
hands in the election's stages already loaded, so that a page showing several elections reads each
election's stages once (no query per stage).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from huanjie.elections.models import Election, ElectionStage, StageStatus
from huanjie.elections.progress import State, state_of
from huanjie.rules import calendar, profiles
from huanjie.rules.calendar import Stage


@dataclass(frozen=True)
class Wait:
    """One thing a stage waits for before it can be completed."""

    kind: str  # "day": no election day · "stage": a stage before it · "opens": its window opens later
    #            · "check": a check of the page that records it (e.g. the candidate list's joint review)
    stage: str = ""
    on: dt.date | None = None
    text: str = ""


@dataclass
class Step:
    stage: ElectionStage
    state: State
    current: bool = False
    ready: bool = False  # not the current stage, but nothing stands between it and its completion today
    waits: list[Wait] = field(default_factory=list)
    days: int | None = None  # from today to the due date: negative when overdue

    @property
    def due(self) -> dt.date | None:
        due: dt.date | None = self.stage.effective_due
        return due

    @property
    def days_over(self) -> int:
        return -self.days if self.days is not None and self.days < 0 else 0


def completed_on(stages: Sequence[ElectionStage]) -> dict[Stage, dt.date]:
    return {
        Stage(s.key): s.completed_on
        for s in stages
        if s.status == StageStatus.DONE and s.completed_on is not None
    }


def waits(
    election: Election, stage: ElectionStage, stages: Sequence[ElectionStage], today: dt.date
) -> list[Wait]:
    """What stands between this stage and its completion today, by the guard `do_complete_stage` applies."""
    done = completed_on(stages)
    out: list[Wait] = []
    if election.election_day is None:
        out.append(Wait("day"))
        # Without a day the guard checks the order alone (actions._order_violations).
        out += [
            Wait("stage", before)
            for before in calendar.REQUIRES.get(Stage(stage.key), ())
            if _not_done(done, before, today)
        ]
        return out
    profile = profiles.load(election.round.profile)
    violations = calendar.check_completion(Stage(stage.key), today, election.election_day, profile, done)
    kinds = {v.kind for v in violations}
    if "order" in kinds:
        out += [
            Wait("stage", before)
            for before in calendar.REQUIRES.get(Stage(stage.key), ())
            if _not_done(done, before, today)
        ]
    if "early" in kinds:
        out.append(Wait("opens", on=stage.opens))
    return out


def _not_done(done: dict[Stage, dt.date], before: Stage, today: dt.date) -> bool:
    # The guard's own test (calendar.check_completion): not completed, or completed after the day asked.
    day = done.get(before)
    return day is None or day > today


def checklist(election: Election, stages: Sequence[ElectionStage], today: dt.date) -> list[Step]:
    """The election's stages in statutory order; the first one not yet recorded is the current one. Later
    stages that the statute already lets the clerk complete (the objections and the nomination run side by
    side) are marked ready."""
    steps = [
        Step(s, state_of(s, today), days=(s.effective_due - today).days if s.effective_due else None)
        for s in sorted(stages, key=lambda s: s.seq)
    ]
    pending = [step for step in steps if step.stage.status == StageStatus.PENDING]
    for step in pending:
        step.waits = waits(election, step.stage, stages, today)
        step.ready = not step.waits
    if pending:
        pending[0].current, pending[0].ready = True, False
    return steps
