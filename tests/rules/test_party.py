from __future__ import annotations

import dataclasses
from typing import Any

from huanjie.rules.counting import RoundResult, case_from_json, count
from huanjie.rules.party import check_differential, elect_by_committee, min_candidates, quorum, structure
from huanjie.rules.profiles import load

NAT = load("national")


def run(profile: Any = NAT, **case: Any) -> RoundResult:
    obj = {
        "profile": "national",
        "body": "party_branch",
        "registered": 50,
        "voted": 44,
        "ballots_collected": 44,
    }
    return count(case_from_json(obj | case), profile)


def test_it_checks_the_quorum_with_exclusions() -> None:
    assert [quorum(52, 2, p, NAT).ok for p in (41, 40, 39)] == [True, True, False]
    strict = dataclasses.replace(NAT, party_quorum_strict=True)
    assert [quorum(52, 2, p, strict).ok for p in (41, 40)] == [True, False]
    assert "more than" in quorum(52, 2, 40, strict).reasons[0].text_en


def test_it_rounds_the_differential_up() -> None:
    assert [min_candidates(s, NAT) for s in (3, 5, 7, 9)] == [4, 6, 9, 11]
    assert check_differential(4, 3, NAT).ok and not check_differential(8, 7, NAT).ok


def test_it_tells_the_structure() -> None:
    assert [structure(n, NAT) for n in (2, 3, 6, 7)] == [
        "too_few",
        "secretary_only",
        "secretary_only",
        "committee",
    ]


def test_it_elects_secretary_by_a_majority_of_the_committee() -> None:
    assert elect_by_committee(5, 3).ok and not elect_by_committee(6, 3).ok


def test_it_voids_a_round_without_quorum_or_with_extra_ballots() -> None:
    contests = [{"post": "committee_member", "seats": 3, "tally": {"a": 30}}]
    no_quorum = run(voted=39, ballots_collected=39, contests=contests)
    assert not no_quorum.valid and no_quorum.reason and no_quorum.reason.startswith("P3")
    extra = run(ballots_issued=43, contests=contests)
    assert not extra.valid and extra.reason and extra.reason.startswith("B16")
    assert run(approved_exclusions=2, voted=41, ballots_collected=41, contests=contests).valid


def test_it_sends_a_boundary_tie_to_a_re_vote() -> None:
    result = run(contests=[{"post": "committee_member", "seats": 2, "tally": {"a": 30, "b": 25, "c": 25}}])
    c = result.contests[0]
    assert (c.elected, c.tie_revote, c.vacancies, result.vacancy_tolerated) == (("a",), ("b", "c"), 0, None)
    again = run(
        round="tie_revote", contests=[{"post": "committee_member", "seats": 1, "tally": {"b": 24, "c": 20}}]
    )
    assert again.contests[0].elected == ("b",) and again.threshold == 1


def test_it_elects_the_secretary_in_a_committee_sitting() -> None:
    result = run(
        registered=5,
        voted=5,
        ballots_collected=5,
        sitting="committee",
        contests=[
            {"post": "committee_member", "seats": 1, "tally": {"a": 5}},
            {"post": "secretary", "seats": 1, "tally": {"a": 3, "b": 2}},
        ],
    )
    assert [c.elected for c in result.contests] == [(), ("a",)]
    assert result.threshold == 3 and "P3" not in [r.rule for r in result.trace]
