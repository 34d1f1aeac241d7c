"""A round over the test district (tests/conftest.py), with helpers that walk an election through its
stages on time, so that each test can then break exactly one thing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_complete_stage, do_open_round, do_set_election_day
from huanjie.elections.models import Election, ElectionStage, Round, StageStatus

DAY_OFFSET = 12  # the election day lies this many days ahead: the early stages can be done "today"


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def rnd(tree: dict[str, Any], today: dt.date) -> Round:
    return do_open_round(
        district=tree["Chengguan"],
        name="2026年换届",
        profile="gansu",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60),
        bodies=["party_branch", "villagers_committee", "residents_committee"],
        actor=SYSTEM,
    )


def committee(rnd: Round, unit_code: str) -> Election:
    return Election.objects.select_related("round", "unit", "body").get(
        round=rnd, unit__code=unit_code, kind__in=["villagers_committee", "residents_committee"]
    )


def party(rnd: Round, unit_code: str) -> Election:
    return Election.objects.select_related("round", "unit", "body").get(
        round=rnd, unit__code=unit_code, kind="party_branch"
    )


def stage(election: Election, key: str) -> ElectionStage:
    return ElectionStage.objects.select_related("election__round", "election__unit", "election__body").get(
        election=election, key=key
    )


def walk(election: Election, until: str, today: dt.date, actor: Any = SYSTEM) -> None:
    """Complete every stage up to and including `until`, each within its window and not after today."""
    if election.election_day is None:
        do_set_election_day(election, today + dt.timedelta(days=DAY_OFFSET), actor=actor)
    prev = election.round.starts_on
    for key in ElectionStage.objects.filter(election=election).order_by("seq").values_list("key", flat=True):
        row = stage(election, key)  # fresh: completing the voter list moves the objection window
        if row.status == StageStatus.DONE:
            assert row.completed_on is not None
            prev = row.completed_on
        else:
            on = max(prev, row.opens or prev)
            if row.due is not None:
                on = min(on, row.due)
            on = min(on, today)
            do_complete_stage(stage(election, row.key), completed_on=on, actor=actor)
            prev = on
        if row.key == until:
            return
