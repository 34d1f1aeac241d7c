"""The offline verifier's recount (tools/verify_results.py, written from election-law.md and importing
nothing of Huanjie) agrees with the rules engine on thousands of random voting rounds, under every
shipped profile and the variants the profiles' ⚠ choices allow — women's seat rules, vacancies, party
quorum and majority base — with the profile passed as the published data."""

from __future__ import annotations

import dataclasses
import random
from collections import Counter
from typing import Any

import pytest

from huanjie.bulletin.votes import profile_data
from huanjie.rules import profiles
from huanjie.rules.cases import case_from_json, result_to_json
from huanjie.rules.counting import count
from huanjie.rules.terms import COMMITTEE_POSTS, PARTY_POSTS
from tests.bulletin.test_opendata import verifier

NAMES = list("ABCDEFGH")  # the persons' references
# How the data names them: A and B are two namesakes, so a recount by name would merge them.
SHOWN = {"A": "王建国", "B": "王建国"}
KEYS = ("elected", "vacancies", "tie_revote", "tie_revote_seats", "runoff_candidates")


def variants() -> list[profiles.Profile]:
    shipped = [profiles.load(name) for name in profiles.available()]
    national = profiles.load("national")
    replace = dataclasses.replace
    return [
        *shipped,
        replace(national, women_rule="runoff_must_include_woman", women_runoff_fallback="vacant"),
        replace(national, women_rule="runoff_must_include_woman", women_runoff_fallback="man_elected"),
        replace(national, women_rule="reserved_position", runoff_candidates="remaining_plus_two"),
        replace(
            national, runoff_candidates="all_unelected", vacancy_after_first_round=True, vacancy_min_elected=2
        ),
        replace(
            national, vacancy_min_elected=2, vacancy_requires_director=True, reconciliation_against="issued"
        ),
        replace(
            national, party_majority_base="expected", party_quorum_strict=True, runoff_turnout_required=True
        ),
    ]


def votes_for(rng: random.Random, candidates: list[str], seats: int, cast: int) -> dict[str, int]:
    """Votes from a few levels, so that ties and thresholds are hit often; never more marks than allowed."""
    levels = [0, cast // 3, cast // 3 + 1, cast // 2, cast // 2 + 1, cast * 2 // 3, cast]
    out: dict[str, int] = {}
    budget = seats * cast
    for name in candidates:
        n = min(rng.choice(levels), budget)
        budget -= n
        if n:
            out[name] = n
    return out


def random_round(rng: random.Random, body: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A case for the engine and the same round as the open data publishes it."""
    registered = rng.randint(3, 40)
    voted = rng.randint(0, registered)
    if body == "party_branch" and rng.random() < 0.7:  # near a full assembly: around the four-fifths quorum
        voted = registered - rng.randint(0, registered // 4)
    collected = max(0, voted + rng.choice([0, 0, 0, 0, -1, 1]))
    issued = max(0, collected + rng.choice([0, 0, 0, 1, -1]))
    kind = rng.choice(["first", "first", "runoff", "tie_revote"])
    pool = PARTY_POSTS if body == "party_branch" else COMMITTEE_POSTS
    # a follow-up round usually has one post left: there the women's seat rules of a runoff decide
    size = 1 if kind != "first" and rng.random() < 0.7 else rng.randint(1, len(pool))
    posts = sorted(rng.sample(pool, size), key=pool.index)
    women = set(rng.sample(NAMES, rng.randint(0, 3)))
    contests: list[dict[str, Any]] = []
    for post in posts:
        seats = 1 if post.value in ("women_member", "secretary") else rng.randint(1, 3)
        candidates = rng.sample(NAMES, rng.randint(1, 5))
        contests.append(
            {
                "post": post.value,
                "seats": seats,
                "tally": votes_for(rng, candidates, seats, collected),
                "women": sorted(n for n in candidates if n in women),
            }
        )
    men = [n for n in NAMES if n not in women]
    before = {} if kind == "first" else {"member": rng.sample(men, rng.randint(0, 2))}
    if body == "party_branch":  # earlier winners: committee members, or an officer of an earlier plenary
        before = {} if kind == "first" else {"committee_member": rng.sample(NAMES, rng.randint(0, 4))}
        if before and rng.random() < 0.3:
            before["secretary"] = rng.sample(before["committee_member"] or NAMES, 1)
    case = {
        "profile": "national",
        "body": body,
        "round": kind,
        "registered": registered,
        "sitting": rng.choice(["assembly", "committee"]) if body == "party_branch" else "assembly",
        "approved_exclusions": rng.randint(0, registered // 4),
        "voted": voted,
        "ballots_collected": collected,
        "ballots_issued": issued,
        "ballots_cast": collected,
        "contests": contests,
        "women": sorted({n for c in contests for n in c["women"]}),
        "elected_before": before,
    }
    published = {
        "kind": kind,
        "registered": registered,
        "approved_exclusions": case["approved_exclusions"],
        "sitting": case["sitting"],
        "voters_signed": voted,
        "ballots_issued": issued,
        "ballots_collected": collected,
        "women": case["women"],
        "elected_before": before,
        "contests": [
            {
                "post": c["post"],
                "seats": c["seats"],
                "women": c["women"],
                "votes": [{"ref": p, "person": SHOWN.get(p, p), "votes": n} for p, n in c["tally"].items()]
                # a write-in the election committee could not resolve: on valid ballots, for no one
                + (
                    [{"ref": "wunresolved", "person": "王建国", "votes": collected, "write_in": "unresolved"}]
                    if rng.random() < 0.3
                    else []
                ),
            }
            for c in contests
        ],
    }
    return case, published


@pytest.mark.parametrize("body", ["villagers_committee", "party_branch"])
def test_it_recounts_as_the_rules_engine_does(body: str) -> None:
    tool = verifier()
    recount = tool.recount_party if body == "party_branch" else tool.recount_committee
    rng = random.Random(f"recount:{body}")
    seen: Counter[str] = Counter()
    for profile in variants():
        params = {k: v["value"] for k, v in profile_data(profile)["parameters"].items()}
        for i in range(300):
            case, published = random_round(rng, body)
            engine = result_to_json(count(case_from_json(case), profile))
            mine = recount(published, params)
            where = f"{profile.name} {profile.women_rule} case {i}: {case}"
            for key in ("valid", "threshold", "vacancy_tolerated"):
                assert mine[key] == engine[key], (key, where, engine)
            for c in engine["contests"]:
                got = mine["contests"][c["post"]]
                assert {k: got[k] for k in KEYS} == {k: c[k] for k in KEYS}, (c["post"], where, engine)
                seen["elected"] += bool(c["elected"])
                seen["tie"] += bool(c["tie_revote"])
                seen["runoff"] += bool(c["runoff_candidates"])
            seen["void"] += not engine["valid"]
            seen["tolerated"] += engine["vacancy_tolerated"] is True
    # the generator reaches every kind of outcome, so the agreement above is not vacuous
    assert min(seen[k] for k in ("elected", "tie", "runoff", "void")) > 50, seen
    if body != "party_branch":
        assert seen["tolerated"] > 10, seen
