"""Where every election stands: one state per stage, counted per street and per stage family.

A stage's state on a day: done on time, done late, due within N days, overdue, not started, not
applicable. The district page counts states per street × family in one grouped query; the street page
reads its units' stages in one query; both keep a constant number of queries whatever the size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Least

from huanjie.elections.models import ElectionStage, StageStatus

SOON_DAYS = 7


class State(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"
    NOT_APPLICABLE = "not_applicable"


ORDER = [State.OVERDUE, State.DUE_SOON, State.LATE, State.ON_TIME, State.NOT_STARTED, State.NOT_APPLICABLE]


def state_of(stage: ElectionStage, today: dt.date, soon_days: int = SOON_DAYS) -> State:
    due = stage.effective_due
    if stage.status == StageStatus.NOT_APPLICABLE:
        return State.NOT_APPLICABLE
    if stage.status == StageStatus.DONE:
        return (
            State.LATE
            if due is not None and stage.completed_on is not None and stage.completed_on > due
            else State.ON_TIME
        )
    if due is None:
        return State.NOT_STARTED
    if due < today:
        return State.OVERDUE
    if due <= today + dt.timedelta(days=soon_days):
        return State.DUE_SOON
    return State.NOT_STARTED


def _effective_due() -> Case:
    # LEAST ignores NULLs on PostgreSQL but returns NULL on SQLite: spell the cases out for both.
    return Case(
        When(due__isnull=True, then=F("district_due")),
        When(district_due__isnull=True, then=F("due")),
        default=Least("due", "district_due"),
    )


def annotate_state(qs: QuerySet[ElectionStage], today: dt.date, soon_days: int = SOON_DAYS) -> QuerySet[Any]:
    """The same rules as `state_of`, as SQL, for counting."""
    soon = today + dt.timedelta(days=soon_days)
    return qs.annotate(eff_due=_effective_due()).annotate(
        state=Case(
            When(status=StageStatus.NOT_APPLICABLE, then=Value(State.NOT_APPLICABLE.value)),
            When(
                Q(status=StageStatus.DONE) & Q(eff_due__isnull=False) & Q(completed_on__gt=F("eff_due")),
                then=Value(State.LATE.value),
            ),
            When(status=StageStatus.DONE, then=Value(State.ON_TIME.value)),
            When(eff_due__isnull=True, then=Value(State.NOT_STARTED.value)),
            When(eff_due__lt=today, then=Value(State.OVERDUE.value)),
            When(eff_due__lte=soon, then=Value(State.DUE_SOON.value)),
            default=Value(State.NOT_STARTED.value),
            output_field=CharField(),
        )
    )


@dataclass
class Cell:
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def worst(self) -> str:
        for state in ORDER:
            if self.counts.get(state):
                return state
        return State.NOT_APPLICABLE


def rollup(qs: QuerySet[ElectionStage], group: str, today: dt.date) -> dict[int, dict[str, Cell]]:
    """Counts of states per `group` value (e.g. election__street) and family: one query."""
    rows = annotate_state(qs, today).values(group, "family", "state").annotate(n=Count("pk")).order_by()
    out: dict[int, dict[str, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for row in rows:
        out[row[group]][row["family"]].counts[row["state"]] = row["n"]
    return out


def totals(table: dict[int, dict[str, Cell]]) -> dict[str, Cell]:
    result: dict[str, Cell] = defaultdict(Cell)
    for families in table.values():
        for family, cell in families.items():
            for state, n in cell.counts.items():
                result[family].counts[state] = result[family].counts.get(state, 0) + n
    return result
