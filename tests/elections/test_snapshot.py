"""The roll-up snapshot agrees with the live count, and follows changes in a street the same day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from huanjie.elections.models import ElectionStage, Round
from huanjie.elections.progress import rollup as live_rollup
from huanjie.elections.snapshot import refresh, rollup
from tests.elections.conftest import committee, walk

pytestmark = pytest.mark.django_db(transaction=True)


def _live_by_street(rnd: Round, today: dt.date) -> dict[str, dict[str, dict[str, int]]]:
    table = live_rollup(ElectionStage.objects.filter(election__round=rnd), "election__street", today)
    from huanjie.units.models import Division

    code = dict(Division.objects.filter(pk__in=table).values_list("pk", "code"))
    return {code[k]: {f: dict(c.counts) for f, c in v.items()} for k, v in table.items()}


def _snap(tree: dict[str, Any], today: dt.date) -> dict[str, dict[str, dict[str, int]]]:
    return {k: {f: dict(c.counts) for f, c in v.items()} for k, v in rollup(tree["Chengguan"], today).items()}


def test_it_agrees_with_the_live_count_and_follows_changes(
    rnd: Round, today: dt.date, tree: dict[str, Any]
) -> None:
    walk(committee(rnd, "620102023201"), "voter_list", today)
    assert refresh(today) > 0
    assert _snap(tree, today) == _live_by_street(rnd, today)
    walk(committee(rnd, "620102015201"), "election_plan", today)  # a change in another street, same day
    assert _snap(tree, today) == _live_by_street(rnd, today)


def test_it_rolls_up_by_the_level_below(rnd: Round, today: dt.date, tree: dict[str, Any]) -> None:
    call_command("refresh-progress")
    by_district = rollup(tree["Lanzhou"], today)
    assert set(by_district) == {"620102000000"}
    total = sum(sum(cell.counts.values()) for cell in by_district["620102000000"].values())
    assert total == ElectionStage.objects.filter(election__round=rnd).count()


def test_a_street_refreshed_during_the_days_refresh_is_counted_once(
    rnd: Round, today: dt.date, tree: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The progress-snapshot job remakes the whole day while a clerk's completion remakes its street: the
    street's rows must end up there once, not once from each (PostgreSQL, READ COMMITTED)."""
    import threading

    from django.db import connection

    from huanjie.elections import snapshot
    from huanjie.elections.models import ProgressSnapshot

    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: no two refreshes interleave")
    walk(committee(rnd, "620102023201"), "voter_list", today)
    assert refresh(today) > 0
    street = committee(rnd, "620102023201").street_id
    inserted, street_started = threading.Event(), threading.Event()
    rows = snapshot._rows

    def slow_rows(stages: Any, day: dt.date) -> Any:
        if threading.current_thread().name == "day":
            yield from rows(stages, day)
            inserted.set()  # the day's rows are written, not committed: hold the transaction open
            street_started.wait(5)
            threading.Event().wait(1.0)  # the street's refresh is now waiting on this transaction
        else:
            yield from rows(stages, day)

    monkeypatch.setattr(snapshot, "_rows", slow_rows)

    def day() -> None:
        try:
            refresh(today)
        finally:
            connection.close()

    def street_refresh() -> None:
        try:
            inserted.wait(5)
            street_started.set()
            snapshot.refresh_street(today, rnd.pk, street)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=day, name="day"),
        threading.Thread(target=street_refresh, name="street"),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    rows_of = ProgressSnapshot.objects.filter(day=today, round=rnd, street_id=street)
    keys = list(rows_of.values_list("family", "state"))
    assert len(keys) == len(set(keys)), "a street's snapshot rows written twice"
    assert _snap(tree, today) == _live_by_street(rnd, today)
