"""Party organisation elections: golden cases from the texts (election-law.md P2–P9).

PR2020 = 《中国共产党基层组织选举工作条例》(2020): the quorum is "超过应到会人数的五分之四" (P3) and a
candidate is elected with "超过应到会有选举权人数半数" of the votes (P6), in a further election too (P8).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huanjie.rules.cases import CaseError
from huanjie.rules.counting import RoundResult, case_from_json, count
from huanjie.rules.party import (
    check_candidate_list,
    check_differential,
    check_plenary,
    min_candidates,
    quorum,
    secretary_elected_by,
    structure,
)
from huanjie.rules.profiles import available, load
from huanjie.rules.terms import Post

NAT = load("national")
CM, SEC, DEP = Post.COMMITTEE_MEMBER, Post.SECRETARY, Post.DEPUTY_SECRETARY


def run(profile: Any = NAT, **case: Any) -> RoundResult:
    obj = {
        "profile": "national",
        "body": "party_branch",
        "registered": 50,
        "voted": 44,
        "ballots_collected": 44,
    }
    return count(case_from_json(obj | case), profile)


@pytest.mark.parametrize("name", available())
def test_it_counts_on_the_members_who_should_attend_in_every_profile(name: str) -> None:
    """PR2020 (P6): the base is the members with voting rights who should attend, not those present."""
    p = load(name)
    assert p.party_majority_base == "expected" and p.party_quorum_strict
    assert "应到会" in p.source("party_majority_base") and "超过" in p.source("party_quorum_strict")


def test_it_needs_more_than_four_fifths_of_the_expected() -> None:
    """PR2020 (P3), D15: roll 52, 2 approved exclusions → 50 expected; 41 present is valid, exactly 40 is
    not (超过 excludes the bound), 39 is not; the 不少于 reading only as a profile value."""
    assert [quorum(52, 2, p, NAT).ok for p in (41, 40, 39)] == [True, False, False]
    assert "more than" in quorum(52, 2, 40, NAT).reasons[0].text_en
    lenient = dataclasses.replace(NAT, party_quorum_strict=False)
    assert [quorum(52, 2, p, lenient).ok for p in (41, 40, 39)] == [True, True, False]
    assert "at least" in quorum(52, 2, 40, lenient).reasons[0].text_en


def test_it_voids_an_assembly_at_exactly_four_fifths() -> None:
    contests = [{"post": "committee_member", "seats": 3, "tally": {"a": 30}}]
    at = run(voted=40, ballots_collected=40, contests=contests)
    assert not at.valid and at.reason and at.reason.startswith("P3")
    assert run(voted=41, ballots_collected=41, contests=contests).valid


def test_it_elects_with_a_majority_of_the_expected_not_the_present() -> None:
    """PR2020 (P6), D17: 50 expected, 44 present, 5 seats; a 40, b 38, c 30, d 25, e 23, f 20 → only a, b, c
    pass 25 (2 × 25 = 50 is not more than 50); the 2 seats go to a further election, never by plurality."""
    tally = {"a": 40, "b": 38, "c": 30, "d": 25, "e": 23, "f": 20}
    result = run(contests=[{"post": "committee_member", "seats": 5, "tally": tally}])
    c = result.contests[0]
    assert (result.threshold, c.elected, c.vacancies) == (26, ("a", "b", "c"), 2)
    assert c.runoff_candidates == ("d", "e", "f") and result.vacancy_tolerated is False
    assert "P8" in [r.rule for r in result.trace]
    present = run(
        dataclasses.replace(NAT, party_majority_base="present"),
        contests=[{"post": "committee_member", "seats": 5, "tally": tally}],
    )
    assert present.contests[0].elected == ("a", "b", "c", "d", "e")


def test_it_reduces_the_expected_by_the_approved_exclusions() -> None:
    """PR2020 (P3, P6): 52 with voting rights, 2 approved exclusions → 50 expected: 26 votes elect."""
    contests = [{"post": "committee_member", "seats": 1, "tally": {"a": 26, "b": 15}}]
    result = run(registered=52, approved_exclusions=2, voted=45, ballots_collected=45, contests=contests)
    assert result.threshold == 26 and result.contests[0].elected == ("a",)
    without = run(registered=52, voted=45, ballots_collected=45, contests=contests)
    assert without.threshold == 27 and without.contests[0].elected == ()


def test_it_keeps_the_same_base_in_a_further_election() -> None:
    """PR2020 (P6, P8): a further election (另行选举) for the shortfall needs the same majority of the
    expected; whoever was elected in the first vote is not seated again."""
    result = run(
        round="runoff",
        voted=42,
        ballots_collected=42,
        elected_before={"committee_member": ["a", "b", "c"]},
        contests=[{"post": "committee_member", "seats": 2, "tally": {"a": 27, "d": 30, "e": 26}}],
    )
    c = result.contests[0]
    assert result.threshold == 26 and c.elected == ("d", "e") and "a" not in c.runoff_candidates
    assert any(r.rule == "P8" and "a" in r.text_en for r in c.reasons)
    short = run(
        round="runoff",
        elected_before={"committee_member": ["a", "b", "c"]},
        contests=[{"post": "committee_member", "seats": 2, "tally": {"a": 44, "d": 30, "e": 14}}],
    )
    assert short.contests[0].elected == ("d",) and short.contests[0].runoff_candidates == ("e",)


def test_it_never_seats_an_earlier_winner_in_a_tie_re_vote() -> None:
    result = run(
        round="tie_revote",
        elected_before={"committee_member": ["a"]},
        contests=[{"post": "committee_member", "seats": 1, "tally": {"a": 20, "b": 14, "c": 10}}],
    )
    assert result.contests[0].elected == ("b",) and result.threshold == 1


def test_it_sends_a_boundary_tie_to_a_re_vote() -> None:
    result = run(contests=[{"post": "committee_member", "seats": 2, "tally": {"a": 30, "b": 26, "c": 26}}])
    c = result.contests[0]
    assert (c.elected, c.tie_revote, c.vacancies, result.vacancy_tolerated) == (("a",), ("b", "c"), 0, None)


def test_it_voids_a_round_with_extra_ballots() -> None:
    extra = run(ballots_issued=43, contests=[{"post": "committee_member", "seats": 3, "tally": {"a": 30}}])
    assert not extra.valid and extra.reason and extra.reason.startswith("B16")


def test_it_elects_the_secretary_in_the_plenary_among_committee_members() -> None:
    """P9: the plenary's base is all committee members; only a committee member can be elected; a deputy
    plenary after the secretary's does not seat the secretary again."""
    committee = {"committee_member": ["a", "b", "c", "d", "e"]}
    result = run(
        registered=5,
        voted=5,
        ballots_collected=5,
        sitting="committee",
        elected_before=committee,
        contests=[
            {"post": "secretary", "seats": 1, "tally": {"a": 3, "b": 2}},
            {"post": "deputy_secretary", "seats": 1, "tally": {"a": 2, "x": 3}},
        ],
    )
    sec, dep = result.contests
    assert sec.elected == ("a",) and result.threshold == 3 and "P3" not in [r.rule for r in result.trace]
    assert dep.elected == () and dep.runoff_candidates == () and any(r.rule == "P9" for r in dep.reasons)
    again = run(
        registered=5,
        voted=5,
        ballots_collected=5,
        sitting="committee",
        round="runoff",
        elected_before={**committee, "secretary": ["a"]},
        contests=[{"post": "deputy_secretary", "seats": 1, "tally": {"a": 3, "b": 2}}],
    )
    assert again.contests[0].elected == () and again.contests[0].runoff_candidates == ("b",)
    short = run(
        registered=5,
        voted=5,
        ballots_collected=5,
        sitting="committee",
        contests=[{"post": "secretary", "seats": 1, "tally": {"a": 2}}],
    )
    assert short.contests[0].elected == () and short.contests[0].runoff_candidates == ("a",)


def test_it_refuses_a_sitting_that_elects_what_it_may_not() -> None:
    """P2, P9: a plenary elects no committee members; with ≥ 7 full members the assembly elects no
    secretary; with 3–6 it elects no committee; fewer than 3 form no branch."""
    secretary = [{"post": "secretary", "seats": 1, "tally": {"a": 2}}]
    members = [{"post": "committee_member", "seats": 3, "tally": {"a": 2}}]
    plenary = run(
        registered=5,
        voted=5,
        ballots_collected=5,
        sitting="committee",
        contests=[{"post": "committee_member", "seats": 1, "tally": {"a": 5}}],
    )
    assert not plenary.valid and plenary.reason and plenary.reason.startswith("P9")
    big = run(full_members=60, contests=secretary)
    assert not big.valid and big.reason and "plenary" in big.reason
    assert run(full_members=60, contests=members).valid
    small: dict[str, Any] = {"registered": 6, "voted": 6, "ballots_collected": 6, "full_members": 6}
    direct = run(contests=[{"post": "secretary", "seats": 1, "tally": {"a": 4, "b": 2}}], **small)
    assert direct.valid and direct.contests[0].elected == ("a",) and direct.threshold == 4
    assert not run(contests=members, **small).valid
    assert not run(sitting="committee", contests=secretary, **small).valid
    tiny: dict[str, Any] = {"registered": 2, "voted": 2, "ballots_collected": 2, "full_members": 2}
    assert not run(contests=[{"post": "secretary", "seats": 1, "tally": {"a": 2}}], **tiny).valid
    with pytest.raises(CaseError, match="full_members"):
        case_from_json(
            {
                "profile": "national",
                "body": "party_branch",
                "registered": 8,
                "voted": 7,
                "ballots_collected": 7,
                "full_members": 7,
                "contests": [{"post": "secretary", "seats": 1, "tally": {}}],
            }
        )


def test_it_rounds_the_differential_up() -> None:
    """P4, D16: 3 → 4, 5 → 6, 7 → 9 (8.4 rounded up), 9 → 11."""
    assert [min_candidates(s, NAT) for s in (3, 5, 7, 9)] == [4, 6, 9, 11]
    assert check_differential(4, 3, NAT).ok and not check_differential(8, 7, NAT).ok


def test_it_tells_the_structure_and_who_elects_the_secretary() -> None:
    """P2: ≥ 7 full members → committee, whose plenary elects the secretary; 3–6 → the assembly."""
    assert [structure(n, NAT) for n in (2, 3, 6, 7)] == [
        "too_few",
        "secretary_only",
        "secretary_only",
        "committee",
    ]
    assert [secretary_elected_by(n, NAT) for n in (6, 7)] == ["assembly", "plenary"]


def fields(full: int, seats: int, deputy: bool, **lists: list[str]) -> list[str]:
    given = {Post(k): v for k, v in lists.items()}
    return [r.field for r in check_candidate_list(full, seats, deputy, given, NAT)]


def test_it_checks_the_candidate_list() -> None:
    """P2, P4, P9: the differential applies to the committee candidates; the secretary and deputy
    candidates are committee candidates (equal-number election in the plenary)."""
    four = ["a", "b", "c", "d"]
    assert fields(20, 3, False, committee_member=four, secretary=["a"]) == []
    assert fields(20, 3, True, committee_member=four, secretary=["a"], deputy_secretary=["b"]) == []
    assert fields(20, 3, False, committee_member=four[:3], secretary=["a"]) == ["committee_member"]
    assert fields(20, 3, False, committee_member=four, secretary=["x"]) == ["secretary"]
    assert fields(20, 3, False, committee_member=four, secretary=["a", "b"]) == ["secretary"]
    assert fields(20, 3, True, committee_member=four, secretary=["a"], deputy_secretary=["x"]) == [
        "deputy_secretary"
    ]
    assert fields(20, 3, False, committee_member=four, secretary=["a"], deputy_secretary=["b"]) == [
        "deputy_secretary"
    ]
    assert fields(20, 2, False, committee_member=four, secretary=["a"]) == ["seats"]
    assert fields(20, 8, False, committee_member=list("abcdefghij"), secretary=["a"]) == ["seats"]
    assert fields(7, 7, False, committee_member=list("abcdefghi"), secretary=["a"]) == []
    # a branch of 3–6 full members: no committee, the assembly elects the secretary directly
    assert fields(5, 0, True, secretary=["a"], deputy_secretary=["b"]) == []
    assert fields(5, 0, True, secretary=["a"], deputy_secretary=["a"]) == ["deputy_secretary"]
    assert fields(5, 3, False, committee_member=four, secretary=["a"]) == ["seats"]
    assert fields(5, 0, False) == ["secretary"]
    assert fields(2, 0, False, secretary=["a"]) == ["seats"]


def test_it_checks_the_plenary() -> None:
    """P8, P9: the plenary sits when every seat is filled, with committee members as candidates."""
    assert check_plenary(3, ["a", "b", "c"], {SEC: ["a"], DEP: ["b"]}) == []
    assert [r.field for r in check_plenary(3, ["a", "b"], {SEC: ["a"]})] == ["committee_member"]
    refused = check_plenary(3, ["a", "b", "c"], {SEC: ["x"], DEP: ["y"]})
    assert [r.field for r in refused] == ["secretary", "deputy_secretary"] and "x" in refused[
        0
    ].reason.text_zh
    assert [r.field for r in check_plenary(3, ["a", "b", "c"], {CM: ["z"]})] == []


@settings(max_examples=300, deadline=None)
@given(
    st.integers(3, 60),
    st.data(),
    st.lists(st.integers(0, 60), min_size=1, max_size=7),
    st.sampled_from(["first", "runoff", "tie_revote"]),
)
def test_it_keeps_the_party_invariants(roll: int, data: st.DataObject, votes: list[int], kind: str) -> None:
    """PR2020 over generated assemblies: valid iff more than four fifths of the expected are present; every
    winner (outside a tie re-vote) has more than half of the expected; no earlier winner is seated again."""
    exclusions = data.draw(st.integers(0, roll // 4))
    expected = roll - exclusions
    present = data.draw(st.integers(0, expected))
    seats = data.draw(st.integers(1, 4))
    tally = {f"p{i}": min(v, present) for i, v in enumerate(votes)}
    if sum(tally.values()) > seats * present:
        return
    before = data.draw(st.lists(st.sampled_from(sorted(tally)), max_size=2, unique=True))
    result = run(
        registered=roll,
        approved_exclusions=exclusions,
        voted=present,
        ballots_collected=present,
        round=kind,
        elected_before={"committee_member": before} if kind != "first" else {},
        contests=[{"post": "committee_member", "seats": seats, "tally": tally}],
    )
    assert result.valid == (5 * present > 4 * expected)
    c = result.contests[0]
    assert len(c.elected) + c.tie_revote_seats + c.vacancies == seats
    if kind != "tie_revote":
        assert all(2 * tally[p] > expected for p in c.elected)
    if kind != "first":
        assert not set(c.elected) & set(before) and not set(c.runoff_candidates) & set(before)
