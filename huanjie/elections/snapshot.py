"""Daily snapshots of progress for roll-ups across provinces and the country.

Counting every stage of 620,000 units takes seconds; counting the snapshot's few rows per street takes
milliseconds. The snapshot of a day is made in one grouped query (`refresh`), and a street's rows are
remade after any change in it, so a roll-up always agrees with the live pages of the same day.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Substr

from huanjie.elections.models import ElectionStage, ProgressSnapshot, Round
from huanjie.elections.progress import Cell, annotate_state
from huanjie.units.models import Division

BATCH = 5000


def _hold(round_ids: Iterable[int]) -> None:
    """Take the rounds' rows (FOR NO KEY UPDATE: rows referring to a round may still be written) so that
    one writer of a round's snapshot at a time remakes it. Without it, under READ COMMITTED, a street's
    refresh whose DELETE waited for a whole-day refresh's row locks found the old rows gone, could not see
    the rows that refresh had just inserted, and inserted its own beside them: the street counted twice
    in every roll-up of the day. Rounds in key order, so two writers never wait on each other in a ring."""
    list(
        Round.objects.select_for_update(no_key=True)
        .filter(pk__in=list(round_ids))
        .order_by("pk")
        .values("pk")
    )


def _rows(stages: QuerySet[ElectionStage], day: dt.date) -> Iterable[ProgressSnapshot]:
    grouped = (
        annotate_state(stages, day)
        .values("election__round", "election__street", "family", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in grouped.iterator(chunk_size=BATCH):
        yield ProgressSnapshot(
            day=day,
            round_id=row["election__round"],
            street_id=row["election__street"],
            family=row["family"],
            state=row["state"],
            n=row["n"],
        )


def refresh(day: dt.date, rounds: QuerySet[Round] | None = None) -> int:
    """Remake the day's snapshot of the given rounds (all by default). Returns the number of rows."""
    rounds = rounds if rounds is not None else Round.objects.all()
    with transaction.atomic():
        _hold(rounds.values_list("pk", flat=True))
        ProgressSnapshot.objects.filter(day=day, round__in=rounds).delete()
        made = ProgressSnapshot.objects.bulk_create(
            _rows(ElectionStage.objects.filter(election__round__in=rounds), day), batch_size=BATCH
        )
    return len(made)


def refresh_street(day: dt.date, round_id: int, street_id: int) -> None:
    """After a change in one street: remake its rows, if that day's snapshot exists at all."""
    if not ProgressSnapshot.objects.filter(day=day, round_id=round_id).exists():
        return
    with transaction.atomic():
        _hold([round_id])
        ProgressSnapshot.objects.filter(day=day, round_id=round_id, street_id=street_id).delete()
        stages = ElectionStage.objects.filter(election__round_id=round_id, election__street_id=street_id)
        ProgressSnapshot.objects.bulk_create(_rows(stages, day))


def rollup(division: Division, day: dt.date) -> dict[str, dict[str, Cell]]:
    """States per family for each division one level below `division` (by path), from the snapshot."""
    child = Substr("street__path", 1, len(division.path) + 13)  # the child's code (12 digits) and "/"
    rows = (
        ProgressSnapshot.objects.filter(day=day, street__path__startswith=division.path)
        .annotate(child=child)
        .values("child", "family", "state")
        .annotate(total=Sum("n"))
        .order_by()
    )
    out: dict[str, dict[str, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for row in rows:
        code = row["child"][len(division.path) : len(division.path) + 12]
        out[code][row["family"]].counts[row["state"]] = row["total"]
    return out
