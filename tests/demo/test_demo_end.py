"""The demo at the round's end reproduces the seed's outcomes, each found by the review on its own."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

from huanjie.elections.models import Election, Finding, Notice, Round

pytestmark = pytest.mark.django_db
END = "2027-04-05"


@pytest.fixture(scope="module")
def demo_end(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Round]:
    with django_db_blocker.unblock(), override_settings(HUANJIE_TODAY=END):
        call_command("demo", stdout=io.StringIO())
        yield Round.objects.get()
        call_command("flush", "--no-input", verbosity=0)


def _finding(rnd: Round, unit: str, code: str) -> bool:
    return Finding.objects.filter(round=rnd, unit__name=unit, code=code).exists()


def test_it_finishes_17_of_18_villages_on_time_but_changwa(demo_end: Round) -> None:
    villages = Election.objects.filter(round=demo_end, unit__kind="village", kind="villagers_committee")
    on_time = villages.filter(finished_on__lte=demo_end.ends_on)
    assert villages.count() == 18 and on_time.count() == 17
    assert not on_time.filter(unit__name="长洼村").exists()
    assert _finding(demo_end, "长洼村", "not_finished_by_round_end")


def test_it_finds_the_seeds_problems_by_itself(demo_end: Round) -> None:
    assert _finding(demo_end, "大浪沟村", "stage_late_street")  # election committee after the street's date
    assert _finding(demo_end, "石沟村", "party_without_timetable")
    assert _finding(demo_end, "上坪村", "publicity_before_nomination")
    assert not _finding(demo_end, "白道坪村", "publicity_before_nomination")  # a clean village


def test_it_dates_the_notices_on_the_replayed_days(demo_end: Round) -> None:
    first = Notice.objects.order_by("published_at").first()
    last = Notice.objects.order_by("-published_at").first()
    assert first is not None and last is not None
    assert first.published_at.date() < last.published_at.date()
    assert demo_end.starts_on <= last.published_at.date() <= demo_end.ends_on


def test_it_votes_and_counts_the_committees_with_one_runoff_and_one_tie_revote(demo_end: Round) -> None:
    from huanjie.polling.models import ElectedMember, VotingRound

    rounds = VotingRound.objects.filter(election__round=demo_end)
    assert rounds.filter(kind="first").count() > 100
    assert list(rounds.filter(kind="runoff").values_list("election__unit__name", flat=True)) == ["白道坪村"]
    assert list(rounds.filter(kind="tie_revote").values_list("election__unit__name", flat=True)) == ["下坪村"]
    assert not rounds.filter(election__unit__name="长洼村", election__kind="villagers_committee").exists()
    member = ElectedMember.objects.filter(election__unit__name="白道坪村").first()
    assert member is not None and member.education and member.birth_date is not None
    notice = Notice.objects.get(election=member.election, stage="result")
    assert member.name in notice.body_zh
