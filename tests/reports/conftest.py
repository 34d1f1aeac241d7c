"""A round with elected teams at Shigou Village (the committee and the party branch), made by the polling
actions as a clerk would on polling day, and the round fixtures of the elections tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.demo.people import make_id_number
from huanjie.elections.models import Round
from huanjie.party.actions import do_add_member
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_voting_round,
)
from huanjie.polling.elected import do_update_elected
from huanjie.polling.models import ElectedMember
from huanjie.reports.resolve import do_resolve_person
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident
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
    village = committee(rnd, SHIGOU)
    residents(village.unit)  # the household register first: the ballots' persons are these residents
    _vote(
        village,
        [{"post": "director", "seats": 1, "candidates": ["王建国", "钱一"]},
         {"post": "women_member", "seats": 1, "candidates": ["李秀英", "孙二"], "women": ["李秀英", "孙二"]},
         {"post": "member", "seats": 1, "candidates": ["赵强", "周三"]}],
        {"director": {"王建国": 70, "钱一": 20}, "women_member": {"李秀英": 60, "孙二": 30},
         "member": {"赵强": 55, "周三": 35}},
    )  # fmt: skip
    branch = party(rnd, SHIGOU)
    roll = party_roll(branch)
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
    tie_to_people(rnd, roll)
    return rnd


def residents(unit: Any) -> dict[str, Resident]:
    """PEOPLE as residents of the unit: sex and birth date are the household register's (the sealed ID
    number), ethnicity 汉族; education is recorded on them by the elected members' details."""
    out = {}
    for i, (name, (sex, birth, _edu)) in enumerate(PEOPLE.items()):
        number = make_id_number("620102", birth, 300 + i, sex)
        out[name] = Resident.objects.filter(unit=unit, name=name).first() or Resident.objects.create(
            unit=unit, name=name, sex=sex, birth_year=birth.year, id_hash=idcrypto.id_hash(number),
            id_masked=idcrypto.mask(number), id_cipher=idcrypto.encrypt(number), ethnicity="汉族",
            group=f"第{i + 1}组",
        )  # fmt: skip
    return out


def party_roll(branch: Any) -> dict[str, Any]:
    """The branch's roll: the three party members among PEOPLE, each the unit's resident."""
    people = residents(branch.unit)
    return {
        name: do_add_member(branch, details={"standing": "full"}, resident=people[name], actor=SYSTEM)
        for name in ("王建国", "张福", "刘芳", "吴四")
        if name in people
    }


def tie_to_people(rnd: Round, roll: dict[str, Any]) -> None:
    """The elected as persons (issue 17): each elected member tied to the resident — through the party
    roll in the party election — as the count does from the ballot's lines, then the person's education
    and party membership recorded once through the elected members' details."""
    people = residents(next(iter(roll.values())).election.unit)
    for m in ElectedMember.objects.filter(election__round=rnd).select_related("election__unit"):
        if m.resident_id is None and m.member_id is None:
            party_row = m.election.kind == "party_branch"
            do_resolve_person(m, person=roll[m.name] if party_row else people[m.name], actor=SYSTEM)
            m.refresh_from_db()
        do_update_elected(m, details={"education": PEOPLE[m.name][2], "party_member": True}, actor=SYSTEM)
