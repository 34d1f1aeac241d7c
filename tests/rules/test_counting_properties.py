"""Property tests of counting over generated rounds (hypothesis), and a slow run of 100,000 rounds."""

from __future__ import annotations

import dataclasses
import os
import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from huanjie.rules.counting import RoundResult, case_from_json, count, result_to_json
from huanjie.rules.profiles import Profile, load
from huanjie.rules.terms import COMMITTEE_POSTS, POST_RANK, Post

PEOPLE = [f"P{i}" for i in range(9)]
WOMEN = ["P1", "P4", "P7"]
NATIONAL = load("national")
PROFILES: list[Profile] = [
    NATIONAL,
    load("zhejiang"),
    load("shanghai"),
    load("beijing"),
    load("henan"),
    load("gansu"),
    dataclasses.replace(NATIONAL, women_rule="runoff_must_include_woman", women_runoff_fallback="vacant"),
    dataclasses.replace(NATIONAL, women_rule="runoff_must_include_woman"),
    dataclasses.replace(NATIONAL, overvote_scope="ballot", runoff_candidates="all_unelected"),
]


def make_case(draw: Callable[[list[Any]], Any], rand: Callable[[int, int], int]) -> dict[str, Any]:
    """A consistent case from two sources of choices (hypothesis or random)."""
    registered = rand(1, 2000)
    voted = rand(0, registered)
    kind = draw(["first", "first", "runoff", "tie_revote"])
    collected = voted if rand(0, 9) else rand(0, voted + 5)
    posts = [p for p in COMMITTEE_POSTS if rand(0, 2)] or [Post.MEMBER]
    contests: list[dict[str, Any]] = []
    for post in posts:
        seats = rand(1, 4)
        people = [p for p in PEOPLE if rand(0, 2)] or ["P0"]
        votes = [rand(0, collected) for _ in people]
        cap = seats * collected
        if sum(votes) > cap:
            total = sum(votes)
            votes = [v * cap // total for v in votes]
        contests.append({"post": post.value, "seats": seats, "tally": dict(zip(people, votes, strict=True))})
    case: dict[str, Any] = {
        "profile": "national",
        "body": draw(["villagers_committee", "residents_committee"]),
        "round": kind,
        "registered": registered,
        "voted": voted,
        "ballots_collected": collected,
        "contests": contests,
    }
    if rand(0, 1):
        case["women"] = WOMEN
    if kind == "runoff" and rand(0, 1):
        cast = rand(0, collected)
        case["ballots_cast"] = cast
        for contest in contests:
            contest["tally"] = {p: v * cast // max(collected, 1) for p, v in contest["tally"].items()}
    if rand(0, 2) == 0:
        case["relatives"] = [["P0", "P1"], ["P2", "P3"], ["P3", "P5"]]
    if kind != "first" and rand(0, 1):
        case["elected_before"] = {"director": ["Q"]} if rand(0, 1) else {"member": ["W1", "W2"]}
    return case


def check_round(case: dict[str, Any], profile: Profile) -> RoundResult:
    """Count ``case`` and assert every invariant of a round's result."""
    result = count(case_from_json(case), profile)
    as_json = result_to_json(result)
    assert _no_floats(as_json)
    if not result.valid:
        assert all(not c.elected and c.vacancies == c.seats for c in result.contests)
        return result
    kind = case["round"]
    base = case.get("ballots_cast", case["ballots_collected"]) if kind == "runoff" else case["voted"]
    seen: set[str] = set()
    by_post = {c.post: c for c in result.contests}
    tallies = {Post(c["post"]): c["tally"] for c in case["contests"]}
    higher: set[str] = set()
    pending: set[str] = set()
    for post in sorted(by_post, key=POST_RANK.__getitem__):
        c, tally = by_post[post], tallies[post]
        # never more elected than seats; elected, tied and vacancies add up to the seats
        assert len(c.elected) + c.tie_revote_seats + c.vacancies == c.seats
        assert len(c.elected) <= c.seats and c.vacancies >= 0
        assert not set(c.elected) & set(c.tie_revote) and not set(c.elected) & seen
        seen |= set(c.elected)
        for person in c.elected:
            votes = tally[person]
            assert votes > 0
            if kind == "first":
                assert 2 * votes > base
            elif kind == "runoff":
                assert 3 * votes >= base
        # nobody elected while someone with more votes in the same post is not (women's rule: traced)
        for person in c.elected:
            for other, votes in tally.items():
                if votes > tally[person] and other not in c.elected:
                    assert (
                        other in higher
                        or other in pending
                        or other in c.tie_revote  # near relatives with equal votes (B24) await a further vote
                        or (post is Post.WOMEN_MEMBER and "women" in case and other not in WOMEN)
                        or named(result, other, "B21", "B24")
                    ), (post, person, other)
        if c.tie_revote and "relatives" not in case:
            assert len({tally[p] for p in c.tie_revote}) == 1
        higher |= set(c.elected) | set(case.get("elected_before", {}).get("director", []))
        pending |= set(c.tie_revote)
    return result


def named(result: RoundResult, person: str, *rules: str) -> bool:
    """The trace explains why ``person`` was passed over (women's seat, near relatives)."""
    return any(r.rule in rules and person in r.text_en.replace(",", " ").split() for r in result.trace)


def _no_floats(obj: Any) -> bool:
    if isinstance(obj, dict):
        return all(_no_floats(v) for v in obj.values())
    if isinstance(obj, list):
        return all(_no_floats(v) for v in obj)
    return not isinstance(obj, float)


def _shuffled(case: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    contests = []
    for contest in case["contests"]:
        items = list(contest["tally"].items())
        rng.shuffle(items)
        contests.append(contest | {"tally": dict(items)})
    rng.shuffle(contests)
    return case | {"contests": contests}


def _by_post(result: RoundResult) -> dict[str, Any]:
    out = result_to_json(result)
    return {c["post"]: c for c in out["contests"]} | {
        "valid": out["valid"],
        "tolerated": out["vacancy_tolerated"],
    }


@st.composite
def rounds(draw: st.DrawFn) -> tuple[dict[str, Any], Profile]:
    case = make_case(lambda xs: draw(st.sampled_from(xs)), lambda a, b: draw(st.integers(a, b)))
    return case, draw(st.sampled_from(PROFILES))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(), st.randoms(use_true_random=False))
def test_it_keeps_every_invariant_of_a_round(
    generated: tuple[dict[str, Any], Profile], rng: random.Random
) -> None:
    case, profile = generated
    result = check_round(case, profile)
    # results do not depend on the order of the tally or of the contests
    assert _by_post(count(case_from_json(_shuffled(case, rng)), profile)) == _by_post(result)


@given(st.integers(1, 5), st.lists(st.integers(0, 100), min_size=1, max_size=8))
def test_it_never_elects_more_than_seats_in_a_party_round(seats: int, votes: list[int]) -> None:
    present = max([100, *votes])
    tally = {f"p{i}": v for i, v in enumerate(votes)}
    if sum(votes) > seats * present:
        return
    case = {
        "profile": "national",
        "body": "party_branch",
        "registered": present,
        "voted": present,
        "ballots_collected": present,
        "contests": [{"post": "committee_member", "seats": seats, "tally": tally}],
    }
    c = count(case_from_json(case), NATIONAL).contests[0]
    assert len(c.elected) + c.tie_revote_seats + c.vacancies == seats
    assert all(2 * tally[p] > present for p in c.elected)
    assert all(tally[p] > 0 for p in c.runoff_candidates) and not set(c.runoff_candidates) & set(c.elected)


@pytest.mark.slow
def test_it_keeps_every_invariant_over_many_rounds() -> None:
    """`make test` runs about half a minute of rounds (HUANJIE_PROPERTY_ROUNDS); `make test-long` 100,000."""
    rng = random.Random(20251126)
    for _ in range(int(os.environ.get("HUANJIE_PROPERTY_ROUNDS", "100000"))):
        case = make_case(rng.choice, rng.randint)
        profile = rng.choice(PROFILES)
        result = check_round(case, profile)
        if rng.randrange(10) == 0:
            assert _by_post(count(case_from_json(_shuffled(case, rng)), profile)) == _by_post(result)
