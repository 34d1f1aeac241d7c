"""Inspection teams: visits within the period, questions and answers, findings and their rectification,
and the team's report generated from the records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Finding
from huanjie.supervision.actions import (
    do_close_inspection_finding,
    do_form_team,
    do_record_inspection_finding,
    do_record_question,
    do_record_visit,
)
from huanjie.supervision.models import Team, Visit
from huanjie.units.models import Division
from tests.supervision.conftest import CHANGWA, SHANGPING, SHIGOU

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(rnd: Any) -> Team:
    return do_form_team(
        rnd, kind="inspection", name="督导检查组", leader="张华", members="孙立新、陈晓东",
        starts_on=dt.date(2026, 11, 29), ends_on=dt.date(2026, 12, 4), actor=SYSTEM,
    )  # fmt: skip


@pytest.fixture
def visit(team: Team, tree: Any) -> Visit:
    return do_record_visit(
        team, division=tree["Qingbaishi Street"], visited_on=dt.date(2026, 12, 1), summary="听取汇报。",
        units_seen=[Division.objects.get(code=SHIGOU), Division.objects.get(code=SHANGPING)], actor=SYSTEM,
    )  # fmt: skip


def test_it_keeps_visits_within_the_teams_period(team: Team, tree: Any) -> None:
    with pytest.raises(ActionError) as exc:
        do_record_visit(team, division=tree["Donggang Street"], visited_on=dt.date(2026, 12, 5), actor=SYSTEM)
    assert exc.value.field == "visited_on"
    with pytest.raises(ActionError):
        do_form_team(team.round, kind="inspection", name="x", leader="y", starts_on=dt.date(2026, 12, 4),
                     ends_on=dt.date(2026, 12, 1), actor=SYSTEM)  # fmt: skip
    with pytest.raises(ActionError):  # a unit seen must lie in the visited street
        do_record_visit(team, division=tree["Qingbaishi Street"], visited_on=dt.date(2026, 12, 1),
                        units_seen=[Division.objects.get(code=CHANGWA)], actor=SYSTEM)  # fmt: skip
    assert not Visit.objects.exists()


def test_it_records_findings_as_inspection_findings_and_closes_them(visit: Visit) -> None:
    before = Event.objects.count()
    finding = do_record_inspection_finding(
        visit, unit=Division.objects.get(code=SHANGPING), text="宣传发动不到位。",
        rectification_due=dt.date(2026, 12, 10), actor=SYSTEM,
    )  # fmt: skip
    assert Event.objects.count() == before + 1
    assert (finding.source, finding.reference, finding.found_on) == (
        "inspection",
        f"visit:{visit.pk}",
        visit.visited_on,
    )
    with pytest.raises(ActionError):
        do_close_inspection_finding(
            finding, closed_on=dt.date(2026, 11, 30), resolution="已整改。", actor=SYSTEM
        )
    do_close_inspection_finding(
        finding, closed_on=dt.date(2026, 12, 8), resolution="已张贴标语。", actor=SYSTEM
    )
    assert Finding.objects.get(pk=finding.pk).closed_on == dt.date(2026, 12, 8)
    with pytest.raises(ActionError):  # not part of the visit
        do_record_inspection_finding(visit, unit=Division.objects.get(code=CHANGWA), text="x", actor=SYSTEM)
    with pytest.raises(ActionError):  # rectification due before the visit
        do_record_inspection_finding(visit, unit=Division.objects.get(code=SHIGOU), text="x",
                                     rectification_due=dt.date(2026, 11, 30), actor=SYSTEM)  # fmt: skip


def test_it_lets_clerks_neither_visit_nor_record_findings(visit: Visit, clerk: Any, tree: Any) -> None:
    with pytest.raises(NotAllowed):
        do_record_visit(visit.team, division=Division.objects.get(code=SHIGOU), visited_on=dt.date(2026, 12, 2),
                        actor=clerk)  # fmt: skip
    with pytest.raises(NotAllowed):
        do_record_inspection_finding(visit, unit=Division.objects.get(code=SHIGOU), text="x", actor=clerk)


def test_it_generates_the_teams_report_from_the_records(visit: Visit, client_for: Any, admin: Any) -> None:
    do_record_question(
        visit,
        question="外出务工人员能否委托投票?",
        answer="可以书面委托近亲属。",
        asked_by="街道",
        actor=SYSTEM,
    )
    open_one = do_record_inspection_finding(
        visit, unit=Division.objects.get(code=SHANGPING), text="村内未见宣传标语。",
        rectification_due=dt.date(2026, 12, 10), actor=SYSTEM,
    )  # fmt: skip
    closed = do_record_inspection_finding(
        visit, unit=Division.objects.get(code=SHIGOU), text="没有时间安排。", actor=SYSTEM
    )
    do_close_inspection_finding(
        closed, closed_on=dt.date(2026, 12, 3), resolution="已制定时间表。", actor=SYSTEM
    )
    body = client_for(admin).get(f"/office/supervision/teams/{visit.team.pk}/report/").content.decode()
    for text in ["督导检查组", "2026年11月29日", "2026年12月4日", "青白石街道", "石沟村", "上坪村", "外出务工人员能否委托投票",
                 "可以书面委托近亲属", "村内未见宣传标语", "2026年12月10日", "已制定时间表", "2026年12月3日"]:  # fmt: skip
        assert text in body, text
    problems = body[body.index("4. ") :] if "4. " in body else body
    assert "村内未见宣传标语" in problems
    assert open_one.closed_on is None


def test_it_records_a_visit_question_and_finding_through_the_pages(
    team: Team, client_for: Any, inspector: Any
) -> None:
    client = client_for(inspector)
    response = client.post(f"/office/supervision/teams/{team.pk}/",
                           {"division": SHIGOU, "visited_on": "2026-12-02", "summary": "查阅资料。"})  # fmt: skip
    assert response.status_code == 302
    visit = Visit.objects.get(team=team)
    url = f"/office/supervision/visits/{visit.pk}/"
    client.post(url, {"form": "question", "q-question": "选委会成员被提名怎么办?", "q-answer": ""})
    question = visit.questions.get()
    client.post(url, {"form": "answer", "question": str(question.pk), "answer": "应当退出选举委员会。"})
    question.refresh_from_db()
    assert question.answer == "应当退出选举委员会。"
    client.post(url, {"form": "finding", "f-unit": SHIGOU, "f-text": "资料不全。", "f-severity": "low",
                      "f-rectification_due": "2026-12-09"})  # fmt: skip
    finding = Finding.objects.get(reference=f"visit:{visit.pk}")
    response = client.post(f"/office/supervision/findings/{finding.pk}/",
                           {"closed_on": "2026-12-08", "resolution": "已补齐。"})  # fmt: skip
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.closed_on == dt.date(2026, 12, 8) and finding.closed_by == inspector
    body = client.get("/office/supervision/findings/?status=closed").content.decode()
    assert "资料不全" in body
    assert client.get("/office/supervision/findings/?format=xlsx").content[:2] == b"PK"
