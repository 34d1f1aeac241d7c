"""Each person's home is their next step: the clerk's checklist, the street's units, the inspector's and
liaison officer's visits, the district's dashboard — scoped, and in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_open_round, do_record_finding
from huanjie.elections.models import Round
from huanjie.units.actions import do_import_divisions
from tests.elections.conftest import DAY_OFFSET, committee, stage, walk

SHIGOU, SHANGPING, JINCHENG, CHANGWA = "620102023201", "620102023202", "620102023001", "620102015201"


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


def _open(tree: dict[str, Any], today: dt.date) -> Round:
    return do_open_round(
        district=tree["Chengguan"],
        name="2026年换届",
        profile="gansu",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60),
        bodies=["party_branch", "villagers_committee", "residents_committee"],
        actor=SYSTEM,
    )


@pytest.fixture
def rnd(tree: dict[str, Any], today: dt.date) -> Round:
    return _open(tree, today)


def test_it_shows_the_clerk_their_units_stages_in_order_with_the_current_one(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    walk(committee(rnd, SHIGOU), "voter_list", today)
    page = client_for(clerk).get("/office/").content.decode()
    # Done stages carry their date and their notice; the current one its due date, days left and form.
    assert page.index("选举委员会") < page.index("公布选民名单") < page.index("处理选民名单申诉")
    objections = stage(committee(rnd, SHIGOU), "objections")
    section = page[page.index(f'id="election-{objections.election_id}"') :]
    current = section[section.index('aria-current="step"') :]
    assert current.index("处理选民名单申诉") < current.index("打开表单")
    assert f"/office/elections/{objections.election_id}/#stage-objections" in current
    assert "/office/notices/" in page
    # The party organisation's election has no day yet: its first stage waits for one.
    assert "等待" in page and "确定选举日" in page
    # Nomination runs beside the objections: it is marked as one that can be done now.
    assert "现在即可办理" in page


def test_it_says_what_the_candidate_list_waits_for(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    election = committee(rnd, SHIGOU)
    walk(election, "qualification_review", today)
    page = client_for(clerk).get("/office/").content.decode()
    section = page[page.index(f'id="election-{election.pk}"') :]
    current = section[section.index('aria-current="step"') :]
    assert current.index("公布正式候选人名单") < current.index("等待")
    # No seats yet: the list's own check, as the candidates page applies it, is what it waits for.
    assert "设定各职务的应选名额" in current
    assert f"/office/elections/{committee(rnd, SHIGOU).pk}/candidates/" in current


def test_it_lists_what_is_open_for_the_unit(
    client_for: Any, clerk: Any, admin: Any, rnd: Round, tree: Any
) -> None:
    do_record_finding(rnd=rnd, unit=tree["Shigou Village"], text_zh="石沟村未张贴公告。", text_en="",
                      severity="medium", rectification_due=None, actor=admin)  # fmt: skip
    do_record_finding(rnd=rnd, unit=tree["Shangping Village"], text_zh="上坪村的问题。", text_en="",
                      severity="medium", rectification_due=None, actor=admin)  # fmt: skip
    page = client_for(clerk).get("/office/").content.decode()
    assert "石沟村未张贴公告" in page and "上坪村的问题" not in page
    assert "信访" not in page  # petitions are never shown to a clerk (supervision/access.py)


def test_it_reaches_a_unit_from_the_street_in_one_tap_and_not_outside_scope(
    client_for: Any, officer: Any, rnd: Round, today: dt.date
) -> None:
    c = client_for(officer)
    home = c.get("/office/").content.decode()
    assert f"/office/divisions/{SHIGOU}/steps/" in home
    assert c.get(f"/office/divisions/{SHIGOU}/steps/").status_code == 200
    assert c.get(f"/office/divisions/{CHANGWA}/steps/").status_code == 404  # another street's unit
    assert c.get("/office/divisions/620102023000/steps/").status_code == 404  # a street is not a unit


def test_it_puts_late_units_first_on_the_street_officers_home(
    client_for: Any, officer: Any, rnd: Round, today: dt.date
) -> None:
    # Shangping's first stage is overdue and Jincheng's due soon (dates the street set); Shigou has none.
    for code, days in [(SHANGPING, -3), (JINCHENG, 3)]:
        row = stage(committee(rnd, code), "election_committee")
        row.district_due = today + dt.timedelta(days=days)
        row.save(update_fields=["district_due"])
    page = client_for(officer).get("/office/").content.decode()
    units = page[page.index('id="units"') :]
    assert units.index("上坪村") < units.index("金城社区") < units.index("石沟村")
    assert "逾期3天" in units
    assert "长洼村" not in page  # Donggang's unit


def test_it_shows_the_inspector_visits_and_findings(
    client_for: Any, inspector: Any, rnd: Round, tree: Any
) -> None:
    from huanjie.supervision.actions import do_form_team, do_record_inspection_finding, do_record_visit

    today = timezone.localdate()
    team = do_form_team(rnd=rnd, kind="inspection", name="第一督导组", leader="王明", starts_on=today - dt.timedelta(days=2),
                        ends_on=today + dt.timedelta(days=5), actor=SYSTEM)  # fmt: skip
    done = do_record_visit(
        team, division=tree["Qingbaishi Street"], visited_on=today - dt.timedelta(days=1), actor=SYSTEM
    )
    do_record_visit(
        team, division=tree["Donggang Street"], visited_on=today + dt.timedelta(days=2), actor=SYSTEM
    )
    do_record_inspection_finding(done, unit=tree["Shigou Village"], text="宣传不到位。", severity="medium",
                                 rectification_due=today - dt.timedelta(days=1), actor=SYSTEM)  # fmt: skip
    page = client_for(inspector).get("/office/").content.decode()
    planned = page[page.index('id="planned"') : page.index('id="recorded"')]
    assert "东岗街道" in planned and "第一督导组" in planned
    assert "青白石街道" in page[page.index('id="recorded"') :]
    assert "宣传不到位" in page and f"/office/supervision/teams/{team.pk}/report/" in page
    states = page[page.index('id="finding-states"') :]
    assert '<span class="n">1</span><span class="l">逾期未整改' in states


def test_it_shows_the_liaison_officer_their_reports(
    client_for: Any, liaison: Any, rnd: Round, tree: Any
) -> None:
    from huanjie.supervision.actions import do_file_liaison_report, do_station_liaison_officer

    today = timezone.localdate()
    officer = do_station_liaison_officer(rnd=rnd, street=tree["Donggang Street"], name="李红", department="区民政局",
                                         since=today - dt.timedelta(days=30), account=liaison, actor=SYSTEM)  # fmt: skip
    page = client_for(liaison).get("/office/").content.decode()
    assert "尚未报送报告" in page and f"/office/supervision/liaison/{officer.pk}/" in page
    do_file_liaison_report(officer, reported_on=today, progress="进展顺利。", actor=liaison)
    assert f"最近一次报告于{today:%Y-%m-%d}报送" in client_for(liaison).get("/office/").content.decode()


def test_it_keeps_the_dashboard_for_the_district_with_the_weeks_deadlines(
    client_for: Any, admin: Any, rnd: Round, today: dt.date
) -> None:
    due = stage(committee(rnd, SHIGOU), "election_committee")
    due.district_due = today + dt.timedelta(days=2)
    due.save(update_fields=["district_due"])
    page = client_for(admin).get("/office/").content.decode()
    week = page[page.index('id="week"') :]
    assert "选举委员会" in week and f"{today + dt.timedelta(days=2):%Y-%m-%d}" in week
    assert "管辖范围" in page  # the district's streets, as before


def _more_units(n: int) -> None:
    rows = "\n".join(f"62010202330{i},新村{i},New Village {i},村,620102023000,村,," for i in range(n))
    header = "区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法\n"
    do_import_divisions("more.csv", (header + rows + "\n").encode(), actor=SYSTEM)


@pytest.mark.parametrize("extra", [0, 8])
def test_it_reads_each_home_in_a_bounded_number_of_queries(
    client_for: Any,
    django_assert_max_num_queries: Any,
    tree: Any,
    officer: Any,
    clerk: Any,
    inspector: Any,
    admin: Any,
    today: dt.date,
    extra: int,
) -> None:
    _more_units(extra)
    rnd = _open(tree, today)
    for code in [SHIGOU, SHANGPING]:
        walk(committee(rnd, code), "nomination", today)
    # Whatever the number of units in the street, each home costs the same queries.
    # Measured: clerk 12, street officer 17, inspector 21, district 19 (session and user included).
    for user, limit in [(clerk, 15), (officer, 20), (inspector, 24), (admin, 22)]:
        c = client_for(user)
        with django_assert_max_num_queries(limit):
            assert c.get("/office/").status_code == 200


def test_it_answers_every_home_in_english(client_for: Any, clerk: Any, officer: Any, rnd: Round) -> None:
    c = client_for(clerk)
    c.cookies["huanjie_language"] = "en"
    page = c.get("/office/").content.decode()
    assert "Open the form" in page and "Findings to rectify" in page
    c = client_for(officer)
    c.cookies["huanjie_language"] = "en"
    assert "Units and their next stage" in c.get("/office/").content.decode()


def test_it_opens_the_day_of_the_election_in_the_checklist(
    client_for: Any, clerk: Any, rnd: Round, today: dt.date
) -> None:
    walk(committee(rnd, SHIGOU), "election_committee", today)
    page = client_for(clerk).get("/office/").content.decode()
    assert f"{today + dt.timedelta(days=DAY_OFFSET):%Y-%m-%d}" in page


def test_it_says_so_when_no_round_is_open(client_for: Any, clerk: Any, officer: Any, inspector: Any) -> None:
    assert "本村（社区）尚未开始换届选举" in client_for(clerk).get("/office/").content.decode()
    assert "本街道尚未开始换届选举" in client_for(officer).get("/office/").content.decode()
    assert "尚未开始换届选举" in client_for(inspector).get("/office/").content.decode()
