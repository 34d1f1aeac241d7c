"""The demo's registers: made clear of the candidates, and ballots spread over the boxes without changing
the round's totals (so that the demo's results stay those of the count)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.demo.polling_registers import _split, enter_boxes, prepare_polling
from huanjie.elections.models import Election
from huanjie.polling import tally
from huanjie.polling.models import BallotBox, Official, Station, TallyEntry
from huanjie.polling.officials import current_conflicts
from huanjie.rules.profiles import load
from tests.polling import roll
from tests.polling.people import keyed
from tests.voters.conftest import days, shigou

__all__ = ["days", "shigou"]
pytestmark = pytest.mark.django_db

COUNTS = {"voters_signed": 500, "ballots_issued": 500, "ballots_collected": 500, "invalid": 7, "blank": 3}
TALLY = {"director": {"甲": 331, "乙": 150}, "member": {"丙": 320, "丁": 301, "戊": 250}}


def test_it_spreads_the_ballots_without_changing_the_totals() -> None:
    boxes = _split(COUNTS, TALLY, [5, 120])
    seats = [tally.Seats("director", 1), tally.Seats("member", 2)]
    assert all(not tally.hold_reasons(b, seats, load("national")) for b in boxes)
    total = tally.add(boxes)
    assert {k: total[k] for k in COUNTS} == COUNTS and total["tally"] == TALLY
    assert boxes[0]["ballots_collected"] == 5 and boxes[-1]["ballots_collected"] == 375


def test_it_makes_the_registers_clear_of_the_candidates_and_enters_every_box(
    shigou: Election, today: dt.date, settings: Any
) -> None:
    roll.build(shigou)
    vr = roll.ballot(shigou, today)
    day = shigou.election_day
    assert day is not None
    settings.HUANJIE_TODAY = (day - dt.timedelta(days=5)).isoformat()  # the demo's day before the stage
    prepare_polling(shigou, day, seed=1)
    mobile = Station.objects.get(election=shigou, kind="mobile")
    assert mobile.monitors.count() == 3 and mobile.mobile_voters.count() == 5
    roles = sorted(Official.objects.filter(election=shigou, station=None).values_list("role", flat=True))
    assert roles == ["caller", "scrutineer", "scrutineer", "teller", "teller"]
    assert current_conflicts(shigou) == {}
    counts: dict[str, Any] = {**COUNTS, "voters_signed": 10, "ballots_issued": 10, "ballots_collected": 10}
    counts["invalid"] = counts["blank"] = 0
    by_ref = keyed(vr, {"tally": {"director": {"甲": 7, "乙": 3}}})["tally"]
    enter_boxes(vr, counts, by_ref, ("x", "y"))
    assert set(BallotBox.objects.filter(voting_round=vr).values_list("status", flat=True)) == {"accepted"}
    tellers = set(Official.objects.filter(election=shigou, role="teller").values_list("name", flat=True))
    assert set(TallyEntry.objects.values_list("entrant", flat=True)) == tellers
    boxes = [b.accepted for b in BallotBox.objects.filter(voting_round=vr) if b.accepted is not None]
    assert tally.add(boxes)["tally"] == by_ref
