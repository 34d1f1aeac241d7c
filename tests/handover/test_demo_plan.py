"""The demo's handover steps, replayed day by day as the demo does: open after polling day, sign within the
10 days (completing the handover stage), archive after the sign-off; an election nobody was voted into
completes its stage plainly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from huanjie.core import clock
from huanjie.core.actions import SYSTEM
from huanjie.demo.handover import plan
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Election, Round, StageStatus
from huanjie.handover.models import Handover
from tests.elections.conftest import committee, stage, walk
from tests.handover.conftest import SHANGPING

pytestmark = pytest.mark.django_db


def _replay(election: Election, day: dt.date) -> None:
    steps = [s for key in ("handover", "archive") for s in plan(stage(election, key), day)]
    for when, run in sorted(steps, key=lambda s: s[0]):
        with clock.replaying(when):
            run()


def test_it_opens_signs_and_archives_on_the_replayed_days(
    elect: Callable[..., Election], today: dt.date
) -> None:
    election = elect(days_ago=20)
    day = today - dt.timedelta(days=20)
    _replay(election, day)
    h = Handover.objects.get(election=election)
    assert h.signed_on is not None and day < h.signed_on <= h.due and not h.late(today)
    assert h.incoming_head == "王建国" and h.witness not in (h.outgoing_head, h.incoming_head)
    assert all(item.settled for item in h.items.all())
    assert stage(election, "handover").completed_on == h.signed_on
    archive = stage(election, "archive")
    assert archive.status == StageStatus.DONE and archive.completed_on is not None
    assert archive.completed_on > h.signed_on


def test_it_completes_the_stage_plainly_where_nobody_was_voted_in(rnd: Round, today: dt.date) -> None:
    election = committee(rnd, SHANGPING)
    day = today - dt.timedelta(days=20)
    do_set_election_day(election, day, actor=SYSTEM)
    walk(election, "result", today)
    _replay(election, day)
    assert not Handover.objects.exists()
    assert stage(election, "handover").status == StageStatus.DONE
    assert stage(election, "archive").status == StageStatus.DONE
