"""Training coverage: who of the streets' and units' staff was trained before their unit's registration
started. A street's staff guide all its units, so their date is the earliest registration in the street."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, QuerySet

from huanjie.elections.models import ElectionStage, Round
from huanjie.rules.calendar import Stage
from huanjie.supervision.models import StaffMember
from huanjie.units.models import BodyKind, Division, Level

COMMITTEES = (BodyKind.VILLAGERS_COMMITTEE, BodyKind.RESIDENTS_COMMITTEE)


def registration_starts(rnd: Round) -> dict[int, dt.date]:
    """Unit id → the day its committee's voter registration starts (opens, or done if earlier, else due)."""
    out: dict[int, dt.date] = {}
    stages = ElectionStage.objects.filter(
        election__round=rnd, election__kind__in=COMMITTEES, key=Stage.VOTER_REGISTRATION
    ).values_list("election__unit_id", "opens", "completed_on", "due")
    for unit_id, opens, completed_on, due in stages:
        known = [d for d in (opens, completed_on) if d is not None]
        start = min(known) if known else due
        if start is not None:
            out[unit_id] = min(start, out.get(unit_id, start))
    return out


@dataclass(frozen=True)
class CoverageRow:
    staff: StaffMember
    registration_starts: dt.date | None
    trained_on: dt.date | None

    @property
    def in_time(self) -> bool:
        if self.trained_on is None:
            return False
        return self.registration_starts is None or self.trained_on < self.registration_starts

    @property
    def status(self) -> str:
        """in_time | late (trained on or after the start) | missing (not trained) ."""
        if self.in_time:
            return "in_time"
        return "late" if self.trained_on is not None else "missing"

    def urgent(self, today: dt.date) -> bool:
        """Not trained and registration has started (or starts today)."""
        return (
            self.status != "in_time"
            and self.registration_starts is not None
            and self.registration_starts <= today
        )


def coverage(rnd: Round, staff: QuerySet[StaffMember]) -> list[CoverageRow]:
    starts = registration_starts(rnd)
    by_street: dict[int, dt.date] = {}
    people = list(
        staff.filter(round=rnd)
        .select_related("division__parent")
        .annotate(first=Min("attendance__training__held_on"))
    )
    parents = dict(Division.objects.filter(pk__in=starts).values_list("pk", "parent_id"))
    for unit_id, day in starts.items():
        street_id = parents.get(unit_id)
        if street_id is not None:
            by_street[street_id] = min(day, by_street.get(street_id, day))
    rows = []
    for person in people:
        division = person.division
        start: dt.date | None = (
            starts.get(division.pk) if division.level == Level.UNIT else by_street.get(division.pk)
        )
        rows.append(CoverageRow(person, start, person.first))
    return rows
