"""A round with elected teams at Shigou Village (the committee and the party branch), made by the polling
actions as a clerk would on polling day, and the round fixtures of the elections tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Round
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_voting_round,
)
from huanjie.polling.elected import do_update_elected
from huanjie.polling.models import ElectedMember
from tests.elections.conftest import committee, party, rnd, today
from tests.polling.people import ballot, keyed

__all__ = ["elected", "rnd", "today"]

SHIGOU = "620102023201"
# name: (sex, birth date, education) — ages on 2026-12-20: 45, 35, 56, 40, 30
PEOPLE = {
    "王建国": ("male", dt.date(1981, 5, 1), "college"),
    "李秀英": ("female", dt.date(1991, 6, 1), "junior"),
    "张福": ("male", dt.date(1970, 1, 1), "university"),
    "赵强": ("male", dt.date(1986, 2, 2), "senior"),
    "刘芳": ("female", dt.date(1996, 3, 3), "senior"),
}
DAY = dt.date(2026, 12, 20)


def _vote(
    election: Any,
    contests: list[dict[str, Any]],
    tally: dict[str, dict[str, int]],
    voters: int = 100,
    **kw: Any,
) -> None:
    """Open, enter twice and count one voting round: `voters` registered, nine in ten of them voting."""
    vr = do_open_voting_round(
        election, held_on=DAY, registered=voters, contests=ballot(election, contests), actor=SYSTEM, **kw
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    voted = voters * 9 // 10 if voters >= 10 else voters
    data = {"voters_signed": voted, "ballots_issued": voted, "ballots_collected": voted, "invalid": 0, "blank": 0,
            "tally": tally}  # fmt: skip
    for teller in ("甲", "乙"):
        do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant=teller)
    do_count(vr, actor=SYSTEM)


@pytest.fixture
def elected(rnd: Round) -> Round:
    _vote(
        committee(rnd, SHIGOU),
        [{"post": "director", "seats": 1, "candidates": ["王建国", "钱一"]},
         {"post": "women_member", "seats": 1, "candidates": ["李秀英", "孙二"], "women": ["李秀英", "孙二"]},
         {"post": "member", "seats": 1, "candidates": ["赵强", "周三"]}],
        {"director": {"王建国": 70, "钱一": 20}, "women_member": {"李秀英": 60, "孙二": 30},
         "member": {"赵强": 55, "周三": 35}},
    )  # fmt: skip
    branch = party(rnd, SHIGOU)
    _vote(
        branch,
        [{"post": "committee_member", "seats": 3, "candidates": ["王建国", "张福", "刘芳", "吴四"]}],
        {"committee_member": {"王建国": 80, "张福": 70, "刘芳": 60, "吴四": 20}},
    )
    _vote(
        branch,
        [{"post": "secretary", "seats": 1, "candidates": ["王建国"]}],
        {"secretary": {"王建国": 3}},
        voters=3,
        sitting="committee",
    )
    for m in ElectedMember.objects.filter(election__round=rnd):
        sex, birth, edu = PEOPLE[m.name]
        do_update_elected(
            m,
            details={
                "sex": sex,
                "birth_date": birth,
                "education": edu,
                "party_member": True,
                "ethnicity": "汉族",
            },
            actor=SYSTEM,
        )
    return rnd
