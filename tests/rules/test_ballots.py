from __future__ import annotations

import dataclasses

import pytest

from huanjie.rules.ballots import check_ballot, check_box, check_reconciliation, check_turnout
from huanjie.rules.profiles import load

NAT, ZJ, HN = load("national"), load("zhejiang"), load("henan")
SEATS = {"director": 1, "member": 3}


def test_it_voids_only_the_overvoted_section_by_default() -> None:
    d = check_ballot({"director": ["A"], "member": ["B", "C", "D", "E"]}, SEATS, NAT)
    assert (d.valid, d.void_posts) == (False, ("member",))


def test_it_voids_the_whole_ballot_when_the_scope_is_the_ballot() -> None:
    whole = dataclasses.replace(NAT, overvote_scope="ballot")
    d = check_ballot({"director": ["A"], "member": ["B", "C", "D", "E"]}, SEATS, whole)
    assert d.void_posts == ("director", "member")


def test_it_counts_write_ins_toward_the_cap() -> None:
    assert check_ballot({"member": ["A", "B", "Write-in"]}, SEATS, NAT).valid
    assert not check_ballot({"member": ["A", "B", "C", "Write-in"]}, SEATS, NAT).valid


def test_it_accepts_a_blank_ballot_as_abstention() -> None:
    d = check_ballot({"director": [], "member": []}, SEATS, NAT)
    assert d.valid and "Blank" in d.reasons[0].text_en


def test_it_voids_a_person_marked_twice_in_a_post() -> None:
    assert check_ballot({"member": ["A", "A"]}, SEATS, NAT).void_posts == ("member",)


def test_it_voids_the_same_person_for_two_posts_in_zhejiang() -> None:
    ballot = {"director": ["A"], "member": ["A", "B"]}
    assert check_ballot(ballot, SEATS, NAT).valid
    assert check_ballot(ballot, SEATS, ZJ).void_posts == ("director", "member")


def test_it_voids_a_marked_ballot() -> None:
    assert check_ballot({"director": ["A"]}, SEATS, NAT, marked=True).void_posts == ("director",)


def test_it_refuses_a_post_without_seats() -> None:
    with pytest.raises(ValueError, match="treasurer"):
        check_ballot({"treasurer": ["A"]}, SEATS, NAT)


def test_it_reconciles_boxes_against_voters() -> None:
    assert not check_reconciliation(600, 605).ok
    assert check_reconciliation(600, 600, profile=NAT).ok
    assert check_reconciliation(600, 605, 610, profile=HN).ok
    assert not check_reconciliation(600, 605, 600, profile=HN).ok
    assert not check_reconciliation(600, 605, None, profile=HN).ok
    assert check_reconciliation(600, 590, 590, against="issued").ok


def test_it_needs_more_than_half_turnout() -> None:
    assert [check_turnout(1000, v).ok for v in (480, 500, 501)] == [False, False, True]
    assert check_turnout(1000, 501).reasons[0].rule == "B17"


def _box(profile_name: str = "national", **over: object) -> tuple[str, ...]:
    counts: dict[str, object] = {
        "voters_signed": 100,
        "ballots_issued": 100,
        "ballots_collected": 100,
        "invalid": 10,
        "tally": {"director": {"A": 60, "B": 30}, "member": {"C": 80, "D": 70, "E": 20}},
    }
    counts.update(over)
    reasons = check_box(seats={"director": 1, "member": 2}, profile=load(profile_name), **counts)  # type: ignore[arg-type]
    return tuple(r.rule for r in reasons)


# B16 ✅ and D5: a box with more ballots than voters who signed in (HN: than issued) is held.
def test_it_holds_a_box_that_does_not_reconcile() -> None:
    assert _box() == ()
    assert _box(ballots_collected=105, ballots_issued=110) == ("B16",)
    assert _box(ballots_issued=95) == ("B16",)  # more collected than issued: held everywhere
    assert _box("henan", ballots_collected=105, ballots_issued=110) == ("B16",)
    assert _box("henan", ballots_issued=95) == ("B16",)
    assert _box("henan", ballots_collected=105, ballots_issued=105) == ("B16",)
    assert _box("henan", voters_signed=90) == ("B16",)


# B15: no post more marks than seats × valid ballots, nobody more votes than the valid ballots.
def test_it_holds_a_box_with_impossible_marks() -> None:
    assert _box(tally={"director": {"A": 91}, "member": {}}) == ("B15", "B15")
    assert _box(tally={"director": {}, "member": {"C": 90, "D": 90, "E": 1}}) == ("B15",)
