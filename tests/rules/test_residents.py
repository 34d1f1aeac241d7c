"""A3 ✅: a community's election is governed by the Organic Law of Urban Residents' Committees (城市居民委员会
组织法) and the provinces' residents' committee measures. No reason, trace or deadline the engine gives for a
community may cite the villagers' committee law (村民委员会组织法, "OL Art.")."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from huanjie.rules import calendar
from huanjie.rules.counting import case_from_json, count, result_to_json
from huanjie.rules.profiles import available, load

D = dt.date(2026, 6, 30)
CASES: list[dict[str, Any]] = [
    {"voted": 400, "contests": [{"post": "director", "seats": 1, "tally": {"A": 300}}]},  # no turnout
    {
        "voted": 600,
        "ballots_collected": 605,
        "contests": [{"post": "director", "seats": 1, "tally": {"A": 300}}],
    },
    {
        "contests": [
            {"post": "director", "seats": 1, "tally": {"A": 290, "B": 280}},
            {"post": "women_member", "seats": 1, "tally": {"M": 400}},
            {"post": "member", "seats": 3, "tally": {"C1": 410, "C2": 380, "C3": 330, "C4": 330, "C5": 90}},
        ],
        "relatives": [["C1", "C2"]],
    },
    {
        "round": "runoff",
        "voted": 450,
        "contests": [{"post": "member", "seats": 2, "tally": {"C2": 200, "C3": 100}}],
    },
    {"round": "tie_revote", "contests": [{"post": "member", "seats": 1, "tally": {"C3": 300, "C4": 200}}]},
]


def assert_no_ol(text: str) -> None:
    assert "村民委员会组织法" not in text and "OL Art." not in text and "OL " not in text, text


@pytest.mark.parametrize("profile", available())
@pytest.mark.parametrize("extra", CASES)
def test_it_never_cites_the_villagers_committee_law_in_a_communitys_count(
    profile: str, extra: dict[str, Any]
) -> None:
    obj = {"profile": profile, "body": "residents_committee", "registered": 1000, "voted": 600}
    obj |= {"ballots_collected": extra.get("voted", 600)} | extra
    result = result_to_json(count(case_from_json(obj), load(profile)))
    assert_no_ol(json.dumps(result, ensure_ascii=False))
    if extra is CASES[0]:  # the same count for a village does cite the OL: the test can fail
        village = count(case_from_json(obj | {"body": "villagers_committee"}), load(profile))
        assert any("村民委员会组织法" in r.article for r in village.trace)


@pytest.mark.parametrize("profile", available())
def test_it_never_cites_the_villagers_committee_law_in_a_communitys_calendar(profile: str) -> None:
    p = load(profile)
    for w in calendar.deadlines(p, "residents_committee", D):
        assert w.reason is not None
        assert_no_ol(w.reason.article + w.reason.text_zh + w.reason.text_en)
    late = calendar.check_completion(calendar.Stage.VOTER_LIST, D, D, p, {}, "residents_committee")
    assert late and all("城市居民委员会组织法" in v.reason.article for v in late)
    for v in late:
        assert_no_ol(v.reason.article + v.reason.text_zh + v.reason.text_en)
    village = calendar.check_completion(calendar.Stage.VOTER_LIST, D, D, p, {})
    assert any("村民委员会组织法" in v.reason.article for v in village)


def test_it_gives_a_communitys_voters_and_proxies_their_own_law_and_words() -> None:
    """A3: eligibility (B1–B4) and proxies (B12) speak of the community and cite the RCL or the measures."""
    from huanjie.rules.eligibility import VoterFacts, check_voter
    from huanjie.rules.proxies import ProxyRequest, check_proxy

    profile = load("national")
    facts = VoterFacts(
        birth_date=dt.date(2010, 1, 1), hukou_here=True, lives_here=True, registered_elsewhere=True
    )
    village = check_voter(facts, D, profile)
    community = check_voter(facts, D, profile, "residents_committee")
    assert village.eligible is community.eligible is False
    assert any("OL" in r.article or "村民委员会组织法" in r.article for r in village.reasons)
    text = json.dumps([r.to_json() for r in community.reasons], ensure_ascii=False)
    assert (
        "村民委员会组织法" not in text
        and "OL Art." not in text
        and "本村" not in text
        and "village" not in text
    )
    assert "城市居民委员会组织法" in text and "本社区" in text and "community" in text
    request = ProxyRequest(
        relation="friend",
        proxy_is_voter_here=False,
        proxy_is_candidate=False,
        requested_on=D,
        proxy_already_holds=0,
    )
    refused = check_proxy(request, D, profile, "residents_committee")
    text = json.dumps([r.to_json() for r in refused.reasons], ensure_ascii=False)
    assert not refused.ok and "村民委员会组织法" not in text and "本社区" in text
    assert "本村" in json.dumps(
        [r.to_json() for r in check_proxy(request, D, profile).reasons], ensure_ascii=False
    )
