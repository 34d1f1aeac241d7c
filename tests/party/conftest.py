"""Party persona data: the round fixtures of the elections tests, a branch's roll made through the
actions, and the higher committee's approval of a list — each test then breaks one thing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election, Round
from huanjie.party.actions import do_add_member, do_approve_candidates, do_set_candidates
from huanjie.party.models import PartyMember
from tests.elections.conftest import party, rnd, today

__all__ = ["rnd", "today"]

SHIGOU = "620102023201"
HIGHER = "中共青白石街道工作委员会"


@pytest.fixture
def branch(rnd: Round) -> Election:
    return party(rnd, SHIGOU)


def add_members(
    election: Election, n: int, *, prefix: str = "党员", standing: str = "full", actor: Any = SYSTEM
) -> list[PartyMember]:
    return [
        do_add_member(
            election,
            details={
                "name": f"{prefix}{i}",
                "sex": "male" if i % 3 else "female",
                "birth_date": dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28),
                "education": "senior",
                "standing": standing,
            },
            actor=actor,
        )
        for i in range(n)
    ]


def approved_list(election: Election, members: list[PartyMember], seats: int, today: dt.date) -> None:
    """The first `seats` + 20 % members as the committee list, the first as secretary, approved today."""
    from huanjie.rules.party import min_candidates
    from huanjie.rules.profiles import load

    n = min_candidates(seats, load("gansu"))
    do_set_candidates(
        election,
        seats=seats,
        deputy=True,
        committee=members[:n],
        secretary=members[:1],
        deputy_secretary=members[1:2],
        actor=SYSTEM,
    )
    do_approve_candidates(
        election, approved_on=today, approved_by=HIGHER, document="党工发〔2026〕1号", actor=SYSTEM
    )
