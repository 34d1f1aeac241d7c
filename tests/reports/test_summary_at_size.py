"""Issue 20: the work summary's web page at real size. Its queries do not grow with the trainings, the
inspection teams, their visits and questions it reports on; its charts are SVG drawn from the figures
(huanjie.reports.svgcharts), the same counts as the tables, without matplotlib."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Round
from huanjie.reports import svgcharts
from huanjie.supervision.actions import (
    do_add_staff_member,
    do_form_team,
    do_mark_attendance,
    do_record_inspection_finding,
    do_record_question,
    do_record_training,
    do_record_visit,
)
from huanjie.units.models import Division

pytestmark = pytest.mark.django_db

SHIGOU, QINGBAISHI = "620102023201", "620102023000"


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def _supervise(rnd: Round, n: int, start: int) -> None:
    """`n` trainings with attendance, and `n` inspection teams, each with two visits, a question and a
    finding — through the actions, as the leading group records them."""
    street, unit = Division.objects.get(code=QINGBAISHI), Division.objects.get(code=SHIGOU)
    staff = [
        do_add_staff_member(rnd, division=unit, name=f"干部{start}-{i}", post=post, actor=SYSTEM)
        for i, post in enumerate(("secretary", "director", "clerk"))
    ]
    for i in range(start, start + n):
        training = do_record_training(
            rnd, division=street, title=f"培训{i}", held_on=dt.date(2026, 11, 20), place="街道",
            audience="村干部", topics="选举程序", actor=SYSTEM,
        )  # fmt: skip
        do_mark_attendance(
            training, candidates=staff, present={s.pk for s in staff[: 1 + i % 3]}, actor=SYSTEM
        )
        team = do_form_team(
            rnd, kind="inspection", name=f"督导组{i}", leader="张华", starts_on=dt.date(2026, 11, 29),
            ends_on=dt.date(2026, 12, 4), actor=SYSTEM,
        )  # fmt: skip
        for day in (1, 2):
            visit = do_record_visit(
                team, division=street, visited_on=dt.date(2026, 12, day), units_seen=[unit], actor=SYSTEM
            )
            do_record_question(visit, question=f"问题{i}-{day}", actor=SYSTEM)
            do_record_inspection_finding(visit, unit=unit, text=f"发现{i}-{day}", actor=SYSTEM)


def test_the_summary_page_asks_as_many_queries_for_many_trainings_and_visits_as_for_one(
    client: Any, admin: Any, elected: Round
) -> None:
    client.force_login(admin)
    url = f"/office/reports/summary.html?round={elected.pk}&lang=en"
    _supervise(elected, 1, 0)
    client.get(url)  # the first request of a session reads what later ones find cached
    few, _ = _queries(client, url)
    _supervise(elected, 4, 1)
    many, html = _queries(client, url)
    assert many == few
    assert "督导组4" in html and "培训4" in html  # all of them are reported


def test_the_web_charts_carry_the_figures_and_nothing_that_runs() -> None:
    svg = svgcharts.grouped(
        "<age> & structure", ["35岁及以下", "36至45岁"], [("本届", [12, 30]), ("上届", [7, 0])], "人"
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<title>&lt;age&gt; &amp; structure</title>" in svg  # text is escaped
    for label in ("12", "30", "7", "本届", "上届", "35岁及以下"):
        assert f">{label}</text>" in svg
    assert "<script" not in svg and "href" not in svg
    bars = svgcharts.stacked(
        "完成情况", ["街道甲", "街道乙"], [("按时", [3, 0]), ("逾期", [1, 2]), ("未完成", [0, 0])]
    )
    assert bars.count("<rect") == 3 + 3  # three non-empty segments, and the legend's three keys
