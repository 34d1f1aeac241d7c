from __future__ import annotations

from datetime import date

import pytest

from huanjie.rules.profiles import load
from huanjie.rules.recall import (
    byelection_elected,
    byelection_quorum,
    byelection_required,
    petition,
    recall_barred_until,
    recall_vote,
    recall_vote_due,
)


def test_it_checks_the_petition() -> None:
    assert petition(1000, 200).ok and not petition(1000, 199).ok
    assert petition(1000, 0, 30, 10).ok and not petition(1000, 0, 30, 9).ok
    assert not petition(0).ok


def test_it_counts_the_recall_vote() -> None:
    assert recall_vote(1000, 520, 261).ok and not recall_vote(1000, 520, 260).ok
    invalid = recall_vote(1000, 500, 500)
    assert not invalid.ok and "invalid" in invalid.reasons[0].text_en


def test_it_dates_the_recall() -> None:
    assert recall_vote_due(date(2025, 6, 1), load("zhejiang")) == date(2025, 7, 1)
    assert recall_vote_due(date(2025, 6, 1), load("national")) is None
    assert recall_barred_until(date(2025, 6, 30), load("zhejiang")) == date(2026, 6, 30)
    assert recall_barred_until(date(2024, 2, 29), load("zhejiang")) == date(2025, 3, 1)
    assert recall_barred_until(date(2025, 6, 30), load("national")) is None


def test_it_checks_by_election_meetings() -> None:
    assert byelection_quorum("villagers_meeting", 1000, 501).ok
    assert not byelection_quorum("villagers_meeting", 1000, 500).ok
    assert byelection_quorum("representatives_assembly", 30, 20).ok
    assert not byelection_quorum("representatives_assembly", 30, 19).ok
    with pytest.raises(ValueError, match="meeting"):
        byelection_quorum("party", 1, 1)
    assert byelection_elected(251, 500) and not byelection_elected(250, 500)


def test_it_says_when_a_by_election_is_required() -> None:
    sh = load("shanghai")
    assert not byelection_required(3, sh).ok
    required = byelection_required(2, sh)
    assert required.ok and "3 months" in required.reasons[0].text_en
    assert byelection_required(5, load("national")).ok
