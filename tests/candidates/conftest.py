"""Candidates fixtures: Shigou's committee election with its day fixed, a roll of named villagers, and
the voter list published, so that nominations can be recorded; helpers to nominate and clear."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.candidates.actions import do_record_nomination_meeting, do_set_seats
from huanjie.candidates.departments import DEPARTMENT_KEYS
from huanjie.candidates.reviews import do_record_review
from huanjie.core.actions import SYSTEM
from huanjie.demo.people import make_id_number
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Election, Round
from huanjie.voters import idcrypto
from huanjie.voters.actions import do_build_roll
from huanjie.voters.models import Resident
from tests.elections.conftest import committee, rnd, today, walk

__all__ = ["rnd", "today"]


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The actions' messages in English, as the tests match them (pages follow the language cookie)."""
    from django.utils import translation

    with translation.override("en"):
        yield


SHIGOU, JINCHENG = "620102023201", "620102023001"
MEN = ["张伟", "王强", "李军", "刘洋", "陈刚", "杨林", "赵鹏", "黄海", "周斌", "吴磊"]
WOMEN = ["孙丽", "马芳", "朱燕", "胡敏"]
NAMESAKE = "王建国"
SEATS = {"director": 1, "deputy_director": 1, "women_member": 1, "member": 2}


def villagers(election: Election, names: list[str], sex: str, start: int = 0) -> None:
    for i, name in enumerate(names, start=start):
        born = dt.date(1975, 1, 1) + dt.timedelta(days=37 * i)
        number = make_id_number("620102", born, 100 + i, sex)
        Resident.objects.create(
            unit=election.unit,
            name=name,
            sex=sex,
            birth_year=born.year,
            id_hash=idcrypto.id_hash(number),
            id_masked=idcrypto.mask(number),
            id_cipher=idcrypto.encrypt(number),
        )


def open_nomination(rnd: Round, code: str, today: dt.date, namesakes: int = 0) -> Election:
    """The election with its roll published; `namesakes` more men all named 王建国, each in a group of
    their own (第1组, 第2组 …)."""
    election = committee(rnd, code)
    do_set_election_day(election, today + dt.timedelta(days=12), actor=SYSTEM)
    election.refresh_from_db()
    villagers(election, MEN, "male")
    villagers(election, WOMEN, "female", start=len(MEN))
    for k in range(namesakes):
        villagers(election, [NAMESAKE], "male", start=40 + k)
        Resident.objects.filter(unit=election.unit, name=NAMESAKE, group="").update(group=f"第{k + 1}组")
    do_build_roll(election, actor=SYSTEM)
    walk(election, "voter_list", today)
    return election


@pytest.fixture
def shigou(rnd: Round, today: dt.date) -> Election:
    return open_nomination(rnd, SHIGOU, today)


def person(election: Election, name: str) -> Resident:
    """The one resident of the unit of that name (the fixtures' villagers have distinct names)."""
    return Resident.objects.get(unit=election.unit, name=name)


def nominate(election: Election, today: dt.date, **posts: list[tuple[str, int]]) -> None:
    """Seats 1/1/1/2 and one meeting's results (12 voters present)."""
    do_set_seats(election, seats=SEATS, sizes={}, actor=SYSTEM)
    do_record_nomination_meeting(election, held_on=today, present=12, results=dict(posts), actor=SYSTEM)


STANDARD: dict[str, list[tuple[str, int]]] = {
    "director": [("张伟", 6), ("王强", 4), ("李军", 2)],
    "deputy_director": [("刘洋", 7), ("陈刚", 4)],
    "women_member": [("孙丽", 7), ("马芳", 4), ("朱燕", 1)],
    "member": [("杨林", 9), ("赵鹏", 7), ("黄海", 5), ("周斌", 2)],
}


def clear(election: Election, today: dt.date, names: list[str], actor: Any = SYSTEM) -> None:
    for name in names:
        for department in DEPARTMENT_KEYS:
            do_record_review(
                election, person=person(election, name), department=department, verdict="cleared", reason="", reviewed_on=today,
                actor=actor,
            )  # fmt: skip
