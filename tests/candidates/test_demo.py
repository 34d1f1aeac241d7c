"""The demo's candidate steps on the test district (cheap; the full demo is tests/demo): assessment
teams take the streets, the assessed director candidates lead the nomination, the committee member who
is nominated leaves first, and letters and visits' flag is backfilled."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.candidates.lists import formal_contests, lists
from huanjie.candidates.models import Assessment, CommitteeMember, TeamStreet
from huanjie.core.actions import SYSTEM
from huanjie.demo import candidates as demo
from huanjie.elections.models import Election, Round
from huanjie.supervision.actions import do_form_team
from huanjie.voters.models import Voter

pytestmark = pytest.mark.django_db


def test_it_assesses_nominates_and_reviews_like_the_demo(
    rnd: Round, shigou: Election, today: dt.date, monkeypatch: Any
) -> None:
    do_form_team(
        rnd, kind="assessment", name="考察第一组", leader="张华", starts_on=today, ends_on=today, actor=SYSTEM
    )
    demo.assess_day(rnd.pk, 0, today, 7)
    demo.assess_day(rnd.pk, 1, today, 7)  # the second street: Qingbaishi, where Shigou lies
    assert TeamStreet.objects.filter(round=rnd).count() == 2
    assessed = list(Assessment.objects.filter(election=shigou).order_by("pk").values_list("name", flat=True))
    assert len(assessed) == 2
    demo.nominate(shigou.pk, today, 7)
    left = CommitteeMember.objects.get(election=shigou, left_on__isnull=False)
    assert left.name in [n.name for n in lists(shigou).nominations["member"]]
    monkeypatch.setattr(demo, "FLAG_UNIT", shigou.unit.name)
    demo.review(shigou.pk, today)
    director = lists(shigou).posts[0]
    assert [n.name for n in director.preliminary][:2] == assessed
    assert director.backfills and director.backfills[0][1] == assessed[1]
    assert [len(c["candidates"]) for c in formal_contests(shigou)] == [2, 2, 2, 3]
    assert lists(shigou).ok


def test_it_leaves_alone_an_election_without_its_voter_list_or_enough_people(
    rnd: Round, shigou: Election, today: dt.date
) -> None:
    from tests.elections.conftest import committee

    shangping = committee(rnd, "620102023202")
    demo.nominate(shangping.pk, today, 7)  # no day, no roll, no list: nothing to nominate from
    assert demo.slate(shangping, 7) is None and not shangping.nominations.exists()
    Voter.objects.filter(election=shigou, resident__sex="male").exclude(resident__name="张伟").delete()
    assert demo.slate(shigou, 7) is None  # five people cannot fill a list of nine
    demo.nominate(shigou.pk, today, 7)
    assert not shigou.nominations.exists()
