"""Streets' work plans and the deadlines the district or a street sets (fed to the stages and the review)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import ElectionStage
from huanjie.elections.review import CHECKS
from huanjie.rules.calendar import Stage
from huanjie.supervision.actions import (
    do_file_work_plan,
    do_report_deadline,
    do_review_work_plan,
    do_set_deadline,
    do_set_work_plan_due,
)
from huanjie.supervision.agenda import due_this_week
from huanjie.supervision.models import WorkPlan
from tests.supervision.conftest import CHANGWA, SHANGPING, SHIGOU

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 11, 26)


def test_it_tracks_work_plans_from_due_to_accepted(rnd: Any, tree: Any, officer: Any, admin: Any) -> None:
    assert do_set_work_plan_due(rnd, due_on=DUE, actor=admin) == 2  # Qingbaishi and Donggang
    plan = WorkPlan.objects.get(round=rnd, street=tree["Qingbaishi Street"])
    with pytest.raises(NotAllowed):
        do_file_work_plan(WorkPlan.objects.get(street=tree["Donggang Street"]), title="x", filename="p.pdf",
                          data=b"%PDF-1.4", filed_on=DUE, actor=officer)  # fmt: skip
    with pytest.raises(ActionError):
        do_file_work_plan(plan, title="细则", filename="plan.exe", data=b"MZ", filed_on=DUE, actor=officer)
    do_file_work_plan(plan, title="青白石街道实施细则", filename="细则.pdf", data=b"%PDF-1.4 x", filed_on=dt.date(2026, 11, 27),
                      actor=officer)  # fmt: skip
    assert plan.status == "filed" and plan.late
    with pytest.raises(ActionError):  # returning a plan needs comments
        do_review_work_plan(plan, accepted=False, comments="", reviewed_on=dt.date(2026, 11, 28), actor=admin)
    do_review_work_plan(
        plan, accepted=False, comments="补充时间安排。", reviewed_on=dt.date(2026, 11, 28), actor=admin
    )
    assert plan.status == "returned"
    do_file_work_plan(plan, title="修改稿", filename="细则2.pdf", data=b"%PDF-1.4 y", filed_on=dt.date(2026, 11, 29),
                      actor=officer)  # fmt: skip
    do_review_work_plan(plan, accepted=True, comments="", reviewed_on=dt.date(2026, 11, 30), actor=admin)
    assert WorkPlan.objects.get(pk=plan.pk).status == "accepted"


def test_it_shows_plans_and_serves_the_document(rnd: Any, tree: Any, client_for: Any, officer: Any) -> None:
    do_set_work_plan_due(rnd, due_on=DUE, actor=SYSTEM)
    plan = WorkPlan.objects.get(round=rnd, street=tree["Qingbaishi Street"])
    client = client_for(officer)
    upload = io.BytesIO(b"%PDF-1.4 plan")
    upload.name = "细则.pdf"
    response = client.post(f"/office/supervision/plans/{plan.pk}/",
                           {"form": "file", "title": "实施细则", "filed_on": "2026-11-25", "file": upload})  # fmt: skip
    assert response.status_code == 302
    download = client.get(f"/office/supervision/plans/{plan.pk}/?download=1")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 plan"
    body = client.get("/office/supervision/plans/").content.decode()
    assert "青白石街道" in body and "东岗街道" not in body and "2026年11月26日" in body


def test_it_writes_a_street_deadline_to_its_units_stages(rnd: Any, tree: Any, officer: Any) -> None:
    day = dt.date(2026, 11, 11)
    with pytest.raises(NotAllowed):  # a street officer sets dates for their own street only
        do_set_deadline(rnd, division=tree["Donggang Street"], title="x", due_on=day, stage=Stage.ELECTION_COMMITTEE,
                        actor=officer)  # fmt: skip
    with pytest.raises(ActionError):  # outside the round
        do_set_deadline(rnd, division=tree["Qingbaishi Street"], title="x", due_on=dt.date(2026, 10, 1),
                        stage=Stage.ELECTION_COMMITTEE, actor=officer)  # fmt: skip
    do_set_deadline(rnd, division=tree["Qingbaishi Street"], title="推选选举委员会", due_on=day,
                    stage=Stage.ELECTION_COMMITTEE, body_kind="villagers_committee", actor=officer)  # fmt: skip
    dues = dict(
        ElectionStage.objects.filter(election__round=rnd, key=Stage.ELECTION_COMMITTEE).values_list(
            "election__unit__code", "district_due"
        )
    )
    assert dues[SHIGOU] == day and dues[SHANGPING] == day and dues[CHANGWA] is None
    stage = ElectionStage.objects.get(
        election__round=rnd, election__unit__code=SHIGOU, key=Stage.ELECTION_COMMITTEE
    )
    assert stage.effective_due == day
    hits = [
        h for h in CHECKS["stage_overdue"](rnd, dt.date(2026, 11, 12)) if h.stage == Stage.ELECTION_COMMITTEE
    ]
    assert {h.unit.code for h in hits} == {SHIGOU, SHANGPING}


def test_it_tracks_a_task_deadline_by_reports(
    rnd: Any, tree: Any, officer: Any, admin: Any, client_for: Any
) -> None:
    deadline = do_set_deadline(rnd, division=tree["Chengguan"], title="上报候选人人选", due_on=dt.date(2026, 12, 5),
                               actor=admin)  # fmt: skip
    do_report_deadline(
        deadline, division=tree["Qingbaishi Street"], done_on=dt.date(2026, 12, 6), actor=officer
    )
    with pytest.raises(ActionError):
        do_report_deadline(
            deadline, division=tree["Qingbaishi Street"], done_on=dt.date(2026, 12, 6), actor=officer
        )
    with pytest.raises(NotAllowed):
        do_report_deadline(
            deadline, division=tree["Donggang Street"], done_on=dt.date(2026, 12, 4), actor=officer
        )
    hits = list(CHECKS["deadline_report_missing"](rnd, dt.date(2026, 12, 7)))
    assert {h.unit.name for h in hits} == {"青白石街道", "东岗街道"}
    assert any("晚于" in h.text_zh for h in hits) and any("至今未报" in h.text_zh for h in hits)
    assert list(CHECKS["deadline_report_missing"](rnd, dt.date(2026, 12, 5))) != []  # the late report
    items = [i for i in due_this_week(admin, dt.date(2026, 12, 3)) if i.kind == "deadline"]
    assert len(items) == 1 and "1" in items[0].title
    body = client_for(admin).get(f"/office/supervision/deadlines/{deadline.pk}/").content.decode()
    assert "青白石街道" in body and "东岗街道" in body and "2026年12月6日" in body


def test_it_sets_a_deadline_through_the_page(rnd: Any, client_for: Any, admin: Any) -> None:
    response = client_for(admin).post(
        "/office/supervision/deadlines/",
        {"division": "620102023000", "title": "选举委员会", "due_on": "2026-11-11", "stage": "election_committee",
         "body_kind": "villagers_committee", "reporter": "street"},
    )  # fmt: skip
    assert response.status_code == 302
    assert ElectionStage.objects.filter(district_due=dt.date(2026, 11, 11)).count() == 2
    body = client_for(admin).get("/office/supervision/deadlines/").content.decode()
    assert "选举委员会" in body
