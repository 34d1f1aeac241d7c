"""Lower posts provisional on a higher post's tie re-vote (B19, B20): shown as provisional, the result
notice held back, and settled when the re-vote is counted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.actions import do_complete_stage
from huanjie.elections.models import Election, Round
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_follow_up,
    do_open_voting_round,
)
from huanjie.polling.models import ElectedMember, VotingRound
from tests.elections.conftest import committee, stage
from tests.polling.people import contests, keyed, refs

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _enter(vr: VotingRound, voted: int, tally: dict[str, dict[str, int]]) -> None:
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    data = {
        "voters_signed": voted,
        "ballots_issued": voted,
        "ballots_collected": voted,
        "invalid": 0,
        "blank": 0,
        "tally": tally,
    }
    do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant="计票人一")
    do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant="计票人二")


def _names(election: Election, post: str) -> list[str]:
    return sorted(ElectedMember.objects.filter(election=election, post=post).values_list("name", flat=True))


def test_it_marks_lower_posts_provisional_until_the_tie_revote_is_counted(
    client: Any, rnd: Round, today: dt.date, admin: Any
) -> None:
    election = committee(rnd, SHIGOU)
    first = do_open_voting_round(
        election,
        held_on=today,
        registered=1000,
        actor=SYSTEM,
        contests=contests(
            election,
            [
                {"post": "deputy_director", "seats": 2, "candidates": ["D1", "D2", "D3"]},
                {"post": "member", "seats": 2, "candidates": ["D2", "C", "D"]},
            ],
        ),
    )
    # OL Art.15 ¶2 (B18): 600 voted, threshold 301. Deputy: D1 elected, D2 and D3 tie for the second
    # seat (B19). D2 also passes for member with 340: if D3 wins the re-vote, D2 takes a member seat
    # ahead of D (B20) — so the member result is provisional on the re-vote.
    _enter(
        first,
        600,
        {"deputy_director": {"D1": 400, "D2": 350, "D3": 350}, "member": {"D2": 340, "C": 330, "D": 320}},
    )
    result = do_count(first, actor=SYSTEM)
    member = next(c for c in result["contests"] if c["post"] == "member")
    ref = refs(first)
    assert member["provisional"] and member["provisional_on"] == [ref["D2"]]
    assert member["elected"] == [ref["C"], ref["D"]]
    client.force_login(admin)
    page = client.get(f"/office/voting-rounds/{first.pk}/").content.decode()
    assert "暂定" in page and "provisional" in page
    # The result notice is not published as final while a post is provisional.
    with pytest.raises(ActionError) as err:
        do_complete_stage(stage(election, "result"), completed_on=today, actor=admin, override="测试")
    assert "provisional" in err.value.message or "暂定" in err.value.message
    # The re-vote: D3 wins; the member post is counted again with D2 free: D2 and C, not D.
    tie = do_open_follow_up(first, held_on=today, actor=SYSTEM)
    assert tie.kind == "tie_revote"
    _enter(tie, 500, {"deputy_director": {"D2": 200, "D3": 300}})
    do_count(tie, actor=SYSTEM)
    first.refresh_from_db()
    assert first.result is not None and first.result["settled_by"] == tie.seq
    assert not any(c["provisional"] for c in first.result["contests"])
    assert _names(election, "deputy_director") == ["D1", "D3"]
    assert _names(election, "member") == ["C", "D2"]
    completion = do_complete_stage(
        stage(election, "result"), completed_on=today, actor=admin, override="测试"
    )
    assert completion.notice is not None
