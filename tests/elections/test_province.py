"""The province office (issues 19 and 20): the progress roll-up and the summary of the districts for a user
whose scope is a province, their scope, and their query counts, which do not grow with the districts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huanjie.accounts.actions import do_create_user
from huanjie.accounts.models import Role, User
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.demo.province import CITIES, DEFAULT, FULL, Sizes, division_csv
from huanjie.elections.actions import do_complete_stage, do_open_round, do_set_election_days
from huanjie.elections.models import Election, ElectionStage
from huanjie.elections.snapshot import refresh
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Division

PASSWORD = "a-long-test-password-7"
URLS = ("/office/rounds/overview/", "/office/reports/province/", "/office/reports/province.xlsx")


def _county(city: str, n: int, start: int) -> str:
    """A tree file adding `n` counties (one town, a village and a community each) to `city` (4 digits)."""
    rows = []
    for i in range(start, start + n):
        county = f"{city}{i + 21:02d}"
        rows.append(f"{county}000000,县{city}{i},County {i},区,{city}00000000,,,")
        rows.append(f"{county}101000,镇{i},Town {i},镇,{county}000000,,是,")
        rows.append(f"{county}101201,村{i},Village {i},村,{county}101000,村,,")
        rows.append(f"{county}101001,社区{i},Community {i},社区,{county}101000,社区,,")
    return "\n".join(rows)


def _add_counties(city: str, n: int) -> None:
    start = Division.objects.filter(level="district", code__startswith=city).count()
    head = "区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法\n"
    if not Division.objects.filter(code="620000000000").exists():
        head += "620000000000,甘肃省,Gansu,省,,,,gansu\n"
    if not Division.objects.filter(code=f"{city}00000000").exists():
        head += f"{city}00000000,市{city},City {city},市,620000000000,,,\n"
    do_import_divisions("p.csv", (head + _county(city, n, start)).encode(), actor=SYSTEM)
    today = timezone.localdate()
    for district in Division.objects.filter(level="district", code__startswith=city, rounds__isnull=True):
        rnd = do_open_round(
            district=district,
            name="2026年换届",
            profile="gansu",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=60),
            bodies=["party_branch", "villagers_committee", "residents_committee"],
            actor=SYSTEM,
        )
        do_set_election_days(
            {e: today + dt.timedelta(days=12) for e in Election.objects.filter(round=rnd)}, actor=SYSTEM
        )
        first = ElectionStage.objects.filter(election__round=rnd, seq=0).select_related("election").first()
        assert first is not None
        do_complete_stage(first, completed_on=today, actor=SYSTEM)


@pytest.fixture
def province_user(db: Any) -> User:
    _add_counties("6201", 2)
    return do_create_user(
        username="gansu",
        password=PASSWORD,
        role=Role.INSPECTOR,
        scope=Division.objects.get(code="620000000000"),
        actor=SYSTEM,
    )


def _queries(client: Any, url: str) -> int:
    """The page's queries, less the session's own (its expiry is renewed now and then, whatever the page)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(1 for q in queries if "django_session" not in q["sql"] and "SAVEPOINT" not in q["sql"])


@pytest.mark.parametrize("snapshot", [False, True])
def test_query_counts_do_not_grow_with_the_districts(
    client: Any, province_user: User, snapshot: bool
) -> None:
    client.force_login(province_user)
    client.get("/office/")  # the first request after a login does a login's own work
    if snapshot:
        refresh(timezone.localdate())
    before = {url: _queries(client, url) for url in URLS}
    _add_counties("6201", 3)  # more districts in the same city
    _add_counties("6204", 2)  # and another city
    if snapshot:
        refresh(timezone.localdate())
    after = {url: _queries(client, url) for url in URLS}
    assert after == before
    city = "?division=620100000000"
    assert _queries(client, URLS[0] + city) == _queries(client, URLS[0] + city)


def test_overview_rolls_up_cities_and_districts(client: Any, province_user: User) -> None:
    client.force_login(province_user)
    page = client.get("/office/rounds/overview/").content.decode()
    assert "市6201" in page and "市6204" not in page
    page = client.get("/office/rounds/overview/?division=620100000000").content.decode()
    # Each district links to its round.
    assert page.count("/office/rounds/") >= 2
    assert 'class="st st-on_time"' in page


def test_summary_counts_units_and_elections(client: Any, province_user: User) -> None:
    client.force_login(province_user)
    response = client.get("/office/reports/province/?division=620100000000")
    rows = response.context["rows"]
    assert [(r.villages, r.communities, r.elections) for r in rows] == [(1, 1, 2), (1, 1, 2)]
    assert response.context["total"].elections == 4
    assert client.get("/office/reports/").headers["Location"] == "/office/reports/province/"
    xlsx = client.get("/office/reports/province.xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_scope_is_kept(client: Any, province_user: User) -> None:
    """A district's users have no province overview; a division outside the scope is a 404."""
    district = Division.objects.get(code="620121000000")
    admin = do_create_user(
        username="d", password=PASSWORD, role=Role.DISTRICT_ADMIN, scope=district, actor=SYSTEM
    )
    client.force_login(admin)
    for url in URLS:
        assert client.get(url).status_code == 404
        assert client.get(url + "?division=620000000000").status_code == 404
    client.force_login(province_user)
    assert client.get("/office/rounds/overview/?division=999999000000").status_code == 404


def test_only_an_inspector_works_at_a_province(province_user: User) -> None:
    province = Division.objects.get(code="620000000000")
    with pytest.raises(ActionError):
        do_create_user(username="x", password=PASSWORD, role=Role.CLERK, scope=province, actor=SYSTEM)


def test_province_tree_has_the_real_cities_and_counties() -> None:
    rows = list(csv.reader(io.StringIO(division_csv(Sizes(**DEFAULT), 2026).decode())))[1:]
    codes = [r[0] for r in rows]
    assert len(codes) == len(set(codes))
    levels = [r[3] for r in rows]
    assert levels.count("市") == 14 and levels.count("区") == 86
    assert ("620881000000", "华亭市") in {(r[0], r[1]) for r in rows}
    assert sum(len(c[3]) for c in CITIES) == 86
    units = sum(1 for r in rows if r[3] in ("村", "社区"))
    assert units == 86 * (DEFAULT["villages"] + DEFAULT["communities"])
    # Full size: the province's ~16,000 villages and ~1,600 communities.
    assert 86 * FULL["villages"] == 15_996 and 86 * FULL["communities"] == 1_634


def test_the_province_demo_builds_a_round_per_county(db: Any, monkeypatch: Any) -> None:
    """`build_province` on two of the cities, three counties, one unit of each kind a county: every
    county has its round, the opening stages due are completed for most units, the province office's
    account works at the province, and the day's snapshot is there for the roll-up."""
    from huanjie.auditlog.models import Event
    from huanjie.demo import province
    from huanjie.elections.models import ProgressSnapshot, Round, StageStatus

    monkeypatch.setattr(province, "CITIES", ((*CITIES[0][:3], CITIES[0][3][:2]), CITIES[2]))
    monkeypatch.setattr(province, "DEFAULT", {"streets": 1, "villages": 1, "communities": 1, "residents": 4})
    counts = province.build_province(progress=lambda _m: None)
    assert counts["district"] == 4 and counts["rounds"] == 4 and counts["unit"] == 8
    assert Round.objects.filter(district__level="district").count() == 4
    assert counts["residents"] >= 8 * 4
    assert ElectionStage.objects.filter(status=StageStatus.DONE).count() == counts["completed"]
    assert ProgressSnapshot.objects.filter(day=timezone.localdate()).count() == counts["snapshot_rows"] > 0
    office = User.objects.get(username="gansu")
    assert office.role == Role.INSPECTOR and office.scope is not None
    assert office.scope.code == "620000000000"
    assert Event.objects.filter(action="demo.build").count() == 1


def test_full_size_goes_with_the_province(db: Any) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--full-size"):
        call_command("demo", full_size=True)
