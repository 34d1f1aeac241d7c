"""Elections whose new committee is elected on a chosen day, ready for their handover."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Election, Round
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_voting_round
from tests.elections.conftest import committee, rnd, today, walk
from tests.polling.people import ballot, keyed

__all__ = ["rnd", "today"]
SHIGOU, SHANGPING = "620102023201", "620102023202"


def vote(election: Election, day: dt.date) -> None:
    """A first round on `day` that elects a director and two members."""
    vr = do_open_voting_round(
        election,
        held_on=day,
        registered=400,
        actor=SYSTEM,
        contests=ballot(
            election,
            [
                {"post": "director", "seats": 1, "candidates": ["王建国", "李明"]},
                {"post": "member", "seats": 2, "candidates": ["周强", "吴海", "郑刚"]},
            ],
        ),
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    data = {
        "voters_signed": 350,
        "ballots_issued": 350,
        "ballots_collected": 350,
        "invalid": 2,
        "blank": 3,
        "tally": {"director": {"王建国": 250, "李明": 95}, "member": {"周强": 260, "吴海": 220, "郑刚": 100}},
    }
    for teller in ("计票员甲", "计票员乙"):
        do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant=teller)
    do_count(vr, actor=SYSTEM)


@pytest.fixture
def elect(rnd: Round, today: dt.date) -> Callable[..., Election]:
    """elect(unit_code, days_ago): the committee election walked to its result, voted `days_ago` days ago."""

    def run(unit_code: str = SHIGOU, days_ago: int = 3) -> Election:
        election = committee(rnd, unit_code)
        day = today - dt.timedelta(days=days_ago)
        do_set_election_day(election, day, actor=SYSTEM)
        walk(election, "polling", today)
        vote(election, day)
        walk(election, "result", today)
        return Election.objects.select_related("round", "unit", "body", "street").get(pk=election.pk)

    return run


def settle_all(handover: Any) -> None:
    from huanjie.handover.actions import do_update_item

    for item in handover.items.all():
        do_update_item(item, status="done", notes="已清点交接", actor=SYSTEM)
