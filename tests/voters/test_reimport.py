"""Issue 15, finding 8: a file re-imported without some columns leaves them as they were, and once the
voter list is published an import changes nothing — the roll then changes through objections and the
supplementary list only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.errors import FileRejected
from huanjie.elections.models import Election
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Resident, Voter
from huanjie.voters.publication import list_notice, published_entries
from tests.voters.conftest import HEADER, csv_file, good_rows, publish

WITHOUT = ["身份证号", "姓名", "村(社区)代码", "户籍在本村", "居住在本村"]  # no group, household, since


def _first(shigou: Election, admin: Any) -> list[list[Any]]:
    rows = good_rows(shigou.unit.code, 12)
    for r in rows:
        r[7] = "2001-05-01"
    do_import_voters(shigou.round, "first.csv", csv_file(rows), actor=admin)
    return rows


def _state(shigou: Election) -> list[tuple[str, str, str, dt.date | None]]:
    return list(
        Resident.objects.filter(unit=shigou.unit)
        .order_by("id_hash")
        .values_list("name", "group", "household", "living_since")
    )


def test_it_leaves_the_columns_a_file_does_not_have(shigou: Election, admin: Any) -> None:
    rows = _first(shigou, admin)
    before = _state(shigou)
    assert all(group and household for _n, group, household, _s in before)
    thin = [[r[0], r[1], r[2], "是", "是"] for r in rows]
    summary = do_import_voters(shigou.round, "thin.csv", csv_file(thin, WITHOUT), actor=admin)
    assert summary.residents_updated == 0
    assert _state(shigou) == before


def test_it_updates_the_columns_a_file_has(shigou: Election, admin: Any) -> None:
    rows = _first(shigou, admin)
    moved = [[*r[:3], "第9村民小组", *r[4:]] for r in rows]
    summary = do_import_voters(shigou.round, "moved.csv", csv_file(moved, HEADER), actor=admin)
    assert summary.residents_updated == len(rows)
    assert {g for _n, g, _h, _s in _state(shigou)} == {"第9村民小组"}


def test_it_refuses_any_import_once_the_list_is_published(
    shigou: Election, admin: Any, today: dt.date
) -> None:
    rows = _first(shigou, admin)
    publish(shigou, today)
    posted = [v.resident.name for v in published_entries(shigou, list_notice(shigou))]
    before, entries = _state(shigou), Voter.objects.filter(election=shigou).count()
    renamed = [[r[0], f"改名{i}", *r[2:]] for i, r in enumerate(rows)]
    more = good_rows(shigou.unit.code, 3, start=100)
    with pytest.raises(FileRejected) as refused:
        do_import_voters(shigou.round, "late.csv", csv_file(renamed + more), actor=admin)
    (error,) = refused.value.errors
    assert error.rule == "published" and shigou.unit.code in error.message
    assert "objection" in error.message.lower() or "异议" in error.message
    assert _state(shigou) == before
    assert Voter.objects.filter(election=shigou).count() == entries
    assert [v.resident.name for v in published_entries(shigou, list_notice(shigou))] == posted
    # the unit's own page refuses it the same way
    with pytest.raises(FileRejected):
        do_import_voters(shigou.round, "late.csv", csv_file(more), unit=shigou.unit, actor=admin)
