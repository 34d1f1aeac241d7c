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
