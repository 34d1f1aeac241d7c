"""The demo's leading-group work: the seed's training, plans, inspection, assessment, liaison, publicity
and petition, and the two problems the review must find from these records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Sum

from huanjie.core.actions import SYSTEM
from huanjie.demo.build import division_csv
from huanjie.demo.supervision import build_supervision_demo
from huanjie.elections.actions import do_open_round
from huanjie.elections.models import ElectionStage, Round
from huanjie.rules.calendar import Stage
from huanjie.supervision.models import (
    Attendance,
    LiaisonOfficer,
    Petition,
    Publicity,
    Team,
    Training,
    Visit,
    WorkPlan,
)
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import BodyKind, Division

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 11, 1), dt.date(2027, 3, 31)


def _round() -> Round:
    do_import_divisions("demo.csv", division_csv(), actor=SYSTEM)
    return do_open_round(
        district=Division.objects.get(code="620102000000"), name="演示", profile="gansu", starts_on=START,
        ends_on=END, bodies=list(BodyKind.values), actor=SYSTEM,
    )  # fmt: skip


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            rnd = _round()
            build_supervision_demo(rnd, END + dt.timedelta(days=2))
            yield rnd
            transaction.set_rollback(True)


def test_it_replays_the_seeds_leading_group_work(demo: Round) -> None:
    assert LiaisonOfficer.objects.filter(round=demo).count() == 24
    assert WorkPlan.objects.filter(round=demo, status="accepted", due_on=dt.date(2026, 11, 26)).count() == 24
    training = Training.objects.get(round=demo, held_on=dt.date(2026, 11, 23))
    assert Attendance.objects.filter(training=training).count() == 24 * 3 + 143 * 2 - 2
    inspection = Team.objects.get(round=demo, kind="inspection")
    assert (inspection.starts_on, inspection.ends_on) == (dt.date(2026, 11, 29), dt.date(2026, 12, 4))
    assert Visit.objects.filter(team=inspection).values("division").distinct().count() == 24
    assert Team.objects.filter(round=demo, kind="assessment", starts_on=dt.date(2026, 12, 6)).count() == 6
    assert demo.deadlines.get(due_on=dt.date(2026, 12, 5)).reports.count() == 24


def test_it_counts_the_seeds_publicity(demo: Round) -> None:
    totals = dict(Publicity.objects.filter(round=demo).values_list("kind").annotate(n=Sum("count")))
    assert 200 <= totals["large_slogan"] < 1000  # hundreds of large slogans
    assert 4000 <= totals["slogan"] < 6000  # thousands of posted slogans
    assert 900 <= totals["blackboard"] <= 1100  # about a thousand blackboard newspapers
    assert Publicity.objects.filter(round=demo, kind="printed", division__level="district").count() == 2


def test_it_leaves_shangping_without_publicity_and_no_other_village(demo: Round) -> None:
    villages = Division.objects.filter(level="unit", kind="village")
    with_publicity = set(
        Publicity.objects.filter(round=demo, division__in=villages).values_list("division__name", flat=True)
    )
    assert set(villages.values_list("name", flat=True)) - with_publicity == {"上坪村"}


def test_it_sets_fulongpings_election_committee_date(demo: Round) -> None:
    dues = set(
        ElectionStage.objects.filter(
            election__round=demo, election__street__name="伏龙坪街道", key=Stage.ELECTION_COMMITTEE,
            election__kind="villagers_committee",
        ).values_list("district_due", flat=True)
    )  # fmt: skip
    assert dues == {START + dt.timedelta(days=10)}


def test_it_remembers_xiaoyantans_collective_petition(demo: Round) -> None:
    petition = Petition.objects.get(round=demo, division__name="小雁滩村")
    assert petition.collective and petition.previous_term and petition.satisfaction == "basically"


def test_it_records_only_what_has_happened_by_today(db: Any) -> None:
    rnd = _round()
    build_supervision_demo(rnd, dt.date(2026, 11, 27))
    assert Training.objects.filter(round=rnd).count() == 1  # 23 November; the street's on the 28th not yet
    assert not Visit.objects.filter(team__round=rnd).exists()  # the inspection starts on 29 November
    assert WorkPlan.objects.filter(round=rnd, status="filed").count() == 24 - 1  # Fulongping's was returned
    assert Petition.objects.filter(round=rnd, decision="").count() == 1  # a fresh message to decide on
