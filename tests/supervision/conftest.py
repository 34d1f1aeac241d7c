"""A round over the test district (tests/conftest.py), opened and scheduled through the round's actions.

Dates are fixed: the round runs from 1 November 2026 to 31 March 2027; tests pass `today` explicitly,
or set HUANJIE_TODAY for the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_open_round, do_set_election_day
from huanjie.elections.models import Election, ElectionStage, Round

START = dt.date(2026, 11, 1)
END = dt.date(2027, 3, 31)
ELECTION_DAY = dt.date(2027, 1, 10)

SHIGOU, SHANGPING, JINCHENG = "620102023201", "620102023202", "620102023001"
QINGBAISHI, DONGGANG, CHANGWA = "620102023000", "620102015000", "620102015201"


@pytest.fixture
def rnd(tree: dict[str, Any]) -> Round:
    rnd = do_open_round(
        district=tree["Chengguan"],
        name="2026—2027年度换届",
        profile="gansu",
        starts_on=START,
        ends_on=END,
        bodies=["party_branch", "villagers_committee", "residents_committee"],
        actor=SYSTEM,
    )
    for election in Election.objects.filter(round=rnd).select_related("round", "unit", "body"):
        do_set_election_day(election, ELECTION_DAY, actor=SYSTEM)
    return rnd


@pytest.fixture
def on_day(settings: Any) -> Any:
    """Pages see this date as today (huanjie.core.clock)."""

    def set_day(day: dt.date) -> dt.date:
        settings.HUANJIE_TODAY = day.isoformat()
        return day

    return set_day


def committee_stage(rnd: Round, unit_code: str, key: str) -> ElectionStage:
    return ElectionStage.objects.select_related("election__unit").get(
        election__round=rnd,
        election__unit__code=unit_code,
        election__kind__in=["villagers_committee", "residents_committee"],
        key=key,
    )
