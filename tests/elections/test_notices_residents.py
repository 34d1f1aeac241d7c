"""A3 ✅: a community's notices and stage reasons cite the Organic Law of Urban Residents' Committees and the
provincial residents' committee measures, never the villagers' committee law (村民委员会组织法, "OL Art.")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections import notices
from huanjie.elections.actions import do_set_election_day, guard_violations
from huanjie.elections.models import ElectionStage, Round
from tests.elections.conftest import committee

pytestmark = pytest.mark.django_db
JINCHENG, SHIGOU = "620102023001", "620102023201"


def _texts(code: str, rnd: Round, today: dt.date) -> list[str]:
    election = committee(rnd, code)
    do_set_election_day(election, today + dt.timedelta(days=30), actor=SYSTEM)
    out = []
    for row in ElectionStage.objects.filter(election=election).select_related(
        "election__round", "election__unit"
    ):
        out.append(row.article)
        out.extend(v.reason.article for v in guard_violations(row, today + dt.timedelta(days=60)))
        if not row.publishes_notice:
            continue
        row.completed_on = today
        text = notices.compose(row)
        out.extend([text.title_zh, text.title_en, text.body_zh, text.body_en])
    return out


def test_it_never_cites_the_villagers_committee_law_for_a_community(rnd: Round, today: dt.date) -> None:
    texts = _texts(JINCHENG, rnd, today)
    assert texts
    for text in texts:
        assert "村民委员会组织法" not in text and "OL Art." not in text, text
    assert any("城市居民委员会组织法" in t for t in texts)
    assert any("Organic Law of Urban Residents' Committees" in t for t in texts)


def test_it_still_cites_the_villagers_committee_law_for_a_village(rnd: Round, today: dt.date) -> None:
    texts: list[Any] = _texts(SHIGOU, rnd, today)
    assert any("村民委员会组织法" in t for t in texts)
