"""Polling day: double entry, reconciliation holds, counting through the rules engine, follow-up rounds."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.accounts.actions import do_create_user
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election, Round
from huanjie.polling.actions import (
    do_add_box,
    do_count,
    do_enter_tally,
    do_open_follow_up,
    do_open_voting_round,
    do_release_box,
)
from huanjie.polling.case import case_for
from huanjie.polling.models import BallotBox, ElectedMember, VotingRound
from huanjie.rules import profiles
from huanjie.rules.cases import case_from_json, result_to_json
from huanjie.rules.counting import count
from tests.conftest import PASSWORD
from tests.elections.conftest import committee
from tests.polling.people import contests, keyed, names, refs

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


@pytest.fixture
def clerk2(tree: dict[str, Any]) -> Any:
    return do_create_user(
        username="clerk2", password=PASSWORD, role="clerk", scope=tree["Shigou Village"], actor=SYSTEM
    )


def _entry(
    signed: int, collected: int, director: dict[str, int], invalid: int = 0, blank: int = 0
) -> dict[str, Any]:
    return {
        "voters_signed": signed,
        "ballots_issued": signed,
        "ballots_collected": collected,
        "invalid": invalid,
        "blank": blank,
        "tally": {"director": director},
    }


def _round(rnd: Round, today: dt.date, registered: int = 1000) -> VotingRound:
    election: Election = committee(rnd, SHIGOU)
    return do_open_voting_round(
        election,
        held_on=today,
        registered=registered,
        actor=SYSTEM,
        contests=contests(election, [{"post": "director", "seats": 1, "candidates": ["甲", "乙"]}]),
    )


def test_it_needs_two_agreeing_entries_by_two_clerks(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    vr = _round(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    do_enter_tally(box, data=keyed(box, _entry(500, 500, {"甲": 260, "乙": 240})), actor=clerk)
    assert box.status == "awaiting"
    with pytest.raises(ActionError):
        do_enter_tally(
            box, data=keyed(box, _entry(500, 500, {"甲": 260, "乙": 240})), actor=clerk
        )  # the same clerk again
    do_enter_tally(box, data=keyed(box, _entry(500, 500, {"甲": 260, "乙": 230})), actor=clerk2)
    assert BallotBox.objects.get(pk=box.pk).status == "mismatch"
    with pytest.raises(ActionError):
        do_count(vr, actor=clerk)


def test_each_entry_reads_the_box_as_it_is_now(rnd: Round, today: dt.date, clerk: Any, clerk2: Any) -> None:
    """An entry locks the box and reads its status and entries afresh, whatever the caller's copy says: a
    box agreed meanwhile (by two other entries) takes no third, and one clerk's second entry is refused
    even when the caller's copy predates the first."""
    vr = _round(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    stale = BallotBox.objects.get(pk=box.pk)  # read before any entry, as a form opened early would
    entry = keyed(box, _entry(500, 500, {"甲": 260, "乙": 240}))
    do_enter_tally(BallotBox.objects.get(pk=box.pk), data=entry, actor=clerk)
    with pytest.raises(ActionError):
        do_enter_tally(stale, data=entry, actor=clerk)
    do_enter_tally(BallotBox.objects.get(pk=box.pk), data=entry, actor=clerk2)
    assert BallotBox.objects.get(pk=box.pk).status == "accepted" and stale.status == "awaiting"
    with pytest.raises(ActionError, match="计票结果已确认"):  # "This box's tally is already agreed."
        do_enter_tally(stale, data=entry, actor=SYSTEM, entrant="第三人")
    assert box.entries.count() == 2


def test_it_counts_worked_example_d2_and_equals_the_rules_engine(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    vr = _round(rnd, today, registered=900)
    central = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    mobile = do_add_box(vr, name="流动票箱1", kind="mobile", actor=clerk)
    for box, data in (
        (central, _entry(450, 450, {"甲": 235, "乙": 215})),
        (mobile, _entry(50, 50, {"甲": 25, "乙": 25})),
    ):
        do_enter_tally(box, data=keyed(box, data), actor=clerk)
        do_enter_tally(box, data=keyed(box, data), actor=clerk2)
    result = do_count(vr, actor=clerk)
    assert [names(vr)[r] for r in result["contests"][0]["elected"]] == ["甲"]  # 260 of 500 voted (D2)
    engine = result_to_json(count(case_from_json(case_for(vr)), profiles.load("gansu")))
    stored = {k: v for k, v in result.items() if k != "people"}
    stored["contests"] = [
        {k: v for k, v in c.items() if k not in ("write_ins", "unresolved_votes")} for c in result["contests"]
    ]
    assert engine == stored  # the stored result is the engine's, with whom each reference names beside it
    member = ElectedMember.objects.get(election=vr.election)
    assert (member.name, member.post, member.votes) == ("甲", "director", 260)


def test_it_holds_a_box_with_more_ballots_than_voters(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any, officer: Any
) -> None:
    vr = _round(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    data = _entry(600, 605, {"甲": 400, "乙": 200})  # worked example D5
    do_enter_tally(box, data=keyed(box, data), actor=clerk)
    box = do_enter_tally(box, data=keyed(box, data), actor=clerk2)
    assert box.status == "held" and "B16" in box.hold_reason
    with pytest.raises(NotAllowed):
        do_release_box(box, accept=True, resolution="x", actor=clerk)
    do_release_box(box, accept=False, resolution="票数多于签到人数,本箱作废重投", actor=officer)
    box.refresh_from_db()
    assert box.status == "awaiting" and box.entries.count() == 0


def test_it_holds_a_box_with_more_marks_than_seats(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    vr = _round(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    data = _entry(100, 100, {"甲": 80, "乙": 70})  # 150 marks for one seat on 100 ballots
    do_enter_tally(box, data=keyed(box, data), actor=clerk)
    box = do_enter_tally(box, data=keyed(box, data), actor=clerk2)
    assert box.status == "held" and "B15" in box.hold_reason


def test_it_refuses_a_malformed_entry(rnd: Round, today: dt.date, clerk: Any) -> None:
    vr = _round(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    for bad in (
        _entry(10, 10, {"甲": -1}),
        {**_entry(10, 10, {"甲": 1}), "invalid": 8, "blank": 5},
        {**_entry(10, 10, {}), "tally": {"secretary": {"甲": 1}}},
        {**_entry(10, 10, {}), "voters_signed": "十"},
    ):
        with pytest.raises(ActionError):
            do_enter_tally(box, data=keyed(box, bad), actor=clerk)
    assert box.entries.count() == 0


def test_it_opens_the_runoff_of_worked_example_d3(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    vr = _round(rnd, today)
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    data = _entry(600, 600, {"甲": 300, "乙": 270}, invalid=12, blank=18)
    do_enter_tally(box, data=keyed(box, data), actor=clerk)
    do_enter_tally(box, data=keyed(box, data), actor=clerk2)
    assert do_count(vr, actor=clerk)["contests"][0]["elected"] == []
    runoff = do_open_follow_up(vr, held_on=today, actor=clerk)
    assert runoff.kind == "runoff" and runoff.parent == vr
    contest = runoff.contests.get()
    lines = [(line.name, line.ref) for line in contest.entries.all()]
    assert (contest.post, contest.seats) == ("director", 1) and lines == [
        ("甲", refs(vr)["甲"]),
        ("乙", refs(vr)["乙"]),
    ]
    box = do_add_box(runoff, name="中心会场", kind="central", actor=clerk)
    data = _entry(540, 540, {"甲": 260, "乙": 250}, invalid=30)
    do_enter_tally(box, data=keyed(box, data), actor=clerk)
    do_enter_tally(box, data=keyed(box, data), actor=clerk2)
    assert do_count(runoff, actor=clerk)["contests"][0]["elected"] == [
        refs(vr)["甲"]
    ]  # plurality with 3v >= 540


def test_it_opens_a_tie_revote_among_the_tied_only(
    rnd: Round, today: dt.date, clerk: Any, clerk2: Any
) -> None:
    election = committee(rnd, SHIGOU)
    vr = do_open_voting_round(
        election,
        held_on=today,
        registered=1000,
        actor=SYSTEM,
        contests=contests(
            election, [{"post": "member", "seats": 3, "candidates": ["C1", "C2", "C3", "C4", "C5"]}]
        ),
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=clerk)
    data = {
        **_entry(600, 600, {}),
        "tally": {"member": {"C1": 410, "C2": 380, "C3": 330, "C4": 330, "C5": 90}},
    }
    do_enter_tally(box, data=keyed(box, data), actor=clerk)
    do_enter_tally(box, data=keyed(box, data), actor=clerk2)
    do_count(vr, actor=clerk)  # worked example D6
    revote = do_open_follow_up(vr, held_on=today, actor=clerk)
    contest = revote.contests.get()
    tied = sorted(line.name for line in contest.entries.all())
    assert revote.kind == "tie_revote" and tied == ["C3", "C4"] and contest.seats == 1


def test_it_keeps_clerks_to_their_unit(rnd: Round, today: dt.date, clerk: Any) -> None:
    election = committee(rnd, "620102015201")
    with pytest.raises(NotAllowed):
        do_open_voting_round(
            election, held_on=today, registered=10, actor=clerk, contests=[{"post": "director", "seats": 1}]
        )


def test_it_refuses_a_ballot_whose_women_member_post_has_no_woman(rnd: Round, today: dt.date) -> None:
    # B21, OL Art.6: the women-member post is not offered to men only.
    election = committee(rnd, SHIGOU)
    with pytest.raises(ActionError) as err:
        do_open_voting_round(
            election,
            held_on=today,
            registered=1000,
            actor=SYSTEM,
            contests=contests(election, [{"post": "women_member", "seats": 1, "candidates": ["甲", "乙"]}]),
        )
    # The post in words and the article as a Chinese text cites it (never `women_member`, never Art.6).
    assert err.value.field == "contests"
    assert (
        err.value.message.startswith("妇女委员：")
        and "《中华人民共和国村民委员会组织法》第六条" in err.value.message
    )
    assert not VotingRound.objects.filter(election=election).exists()
    do_open_voting_round(
        election,
        held_on=today,
        registered=1000,
        actor=SYSTEM,
        contests=contests(
            election, [{"post": "women_member", "seats": 1, "candidates": ["甲", "丙"], "women": ["丙"]}]
        ),
    )
