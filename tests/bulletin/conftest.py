"""A round in the test district (tests/conftest.py) with notices published by completing stages through
the actions, as a clerk would; the bulletin reads only what those actions made."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Notice, Round
from tests.elections.conftest import committee, party, rnd, today, walk  # noqa: F401  (fixtures)

SHIGOU = "620102023201"
SHANGPING = "620102023202"


@pytest.fixture(autouse=True)
def _fresh_cache(settings: Any) -> None:
    """Each test starts with an empty cache and sees every write at once."""
    from django.core.cache import cache

    from huanjie.bulletin.cache import forget

    settings.BULLETIN_FRESHNESS = "0"
    settings.BULLETIN_URL = "https://gonggao.example.cn"
    cache.clear()
    forget()


@pytest.fixture
def results(rnd: Round, today: dt.date) -> dict[str, Notice]:  # noqa: F811  (the fixtures above)
    """Shigou's committee and Shangping's party organisation have held their elections today and
    published every notice up to the result; Shigou's party organisation has made its request and
    Shangping's committee has fixed its election day."""
    shigou = committee(rnd, SHIGOU)
    do_set_election_day(shigou, today, actor=SYSTEM)
    walk(shigou, "result", today)
    shangping = party(rnd, SHANGPING)
    do_set_election_day(shangping, today, actor=SYSTEM)
    walk(shangping, "party_result_approval", today)
    walk(party(rnd, SHIGOU), "party_request", today)
    walk(committee(rnd, SHANGPING), "election_plan", today)
    return {
        "shigou": Notice.objects.get(election=shigou, stage="result"),
        "shangping": Notice.objects.get(election=shangping, stage="party_result_approval"),
    }
