"""Voters personas and data: the test district's round with the committee elections' days fixed far
enough ahead that registration and the voter list can be done today; files made of valid ID numbers."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.demo.people import make_id_number
from huanjie.elections.actions import do_complete_stage, do_set_election_day
from huanjie.elections.models import Election, Round
from tests.elections.conftest import committee, rnd, stage, today

__all__ = ["rnd", "today"]

SHIGOU, SHANGPING, JINCHENG, CHANGWA = "620102023201", "620102023202", "620102023001", "620102015201"
DAYS_AHEAD = 40
HEADER = ["身份证号", "姓名", "村(社区)代码", "村民小组", "户号", "户籍在本村", "居住在本村", "居住起始日期"]


def person(n: int, *, age: int = 40, sex: str = "male", today: dt.date | None = None) -> str:
    """A valid ID number of someone `age` years old on the election day (born n days apart)."""
    base = (today or dt.date.today()) + dt.timedelta(days=DAYS_AHEAD)
    born = base.replace(year=base.year - age) - dt.timedelta(days=n % 300 + 1)
    return make_id_number("620102", born, n, sex)


def csv_file(rows: Iterable[Iterable[object]], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    import csv

    writer = csv.writer(out)
    writer.writerow(header or HEADER)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def good_rows(unit: str, count: int, start: int = 0) -> list[list[Any]]:
    return [
        [person(start + i), f"村民{start + i}", unit, f"第{i % 3 + 1}村民小组", f"{i:04d}", "是", "是", ""]
        for i in range(count)
    ]


@pytest.fixture
def days(rnd: Round, today: dt.date) -> Round:
    """Every committee election of the round has its day, DAYS_AHEAD days from today."""
    for e in Election.objects.filter(round=rnd, kind__in=["villagers_committee", "residents_committee"]):
        do_set_election_day(e, today + dt.timedelta(days=DAYS_AHEAD), actor=SYSTEM)
    return rnd


@pytest.fixture
def shigou(days: Round) -> Election:
    return committee(days, SHIGOU)


@pytest.fixture
def shangping(days: Round) -> Election:
    return committee(days, SHANGPING)


def publish(election: Election, on: dt.date) -> None:
    """Complete the stages up to the voter list, all on `on`: the list is posted that day."""
    for key in ("election_committee", "election_plan", "voter_registration", "voter_list"):
        do_complete_stage(stage(election, key), completed_on=on, actor=SYSTEM)


# Eighteen characters that look like a resident ID number (the masked form has stars in the middle).
FULL_ID = r"(?<![0-9])[1-9][0-9]{16}[0-9X](?![0-9])"
