"""The look-back review: each check finds its case, and nothing on a clean unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.actions import (
    do_close_finding,
    do_complete_stage,
    do_record_finding,
    do_run_review,
    do_set_election_day,
)
from huanjie.elections.models import ElectionStage, Finding, Round
from tests.elections.conftest import committee, party, stage, walk

pytestmark = pytest.mark.django_db
SHIGOU, SHANGPING, CHANGWA = "620102023201", "620102023202", "620102015201"


def _codes(rnd: Round, unit_code: str) -> set[str]:
    return set(
        Finding.objects.filter(round=rnd, unit__code=unit_code, source="review").values_list(
            "code", flat=True
        )
    )


def test_it_finds_nothing_on_a_clean_unit(rnd: Round, today: dt.date, tree: dict[str, Any]) -> None:
    from huanjie.supervision.actions import do_record_publicity

    do_record_publicity(
        rnd, division=tree["Shigou Village"], kind="banner", count=4, started_on=rnd.starts_on, actor=SYSTEM
    )
    walk(committee(rnd, SHIGOU), "candidate_list", today)
    e = party(rnd, SHIGOU)
    do_set_election_day(e, today, actor=SYSTEM)
    walk(e, "party_result_approval", today)
    do_run_review(rnd, today=today, actor=SYSTEM)
    assert _codes(rnd, SHIGOU) == set()


def test_it_finds_an_overdue_stage(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, CHANGWA)
    do_set_election_day(e, today + dt.timedelta(days=5), actor=SYSTEM)  # the voter list was due 15 days ago
    do_run_review(rnd, today=today, actor=SYSTEM)
    overdue = Finding.objects.filter(round=rnd, unit__code=CHANGWA, code="stage_overdue")
    assert {f.stage for f in overdue} >= {"election_committee", "voter_list"}
    assert all(f.article for f in overdue if f.stage == "voter_list")


def test_it_finds_a_stage_done_after_the_date_the_street_set(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, SHANGPING)
    do_set_election_day(e, today + dt.timedelta(days=30), actor=SYSTEM)
    ElectionStage.objects.filter(election=e, key="election_committee").update(
        district_due=today - dt.timedelta(days=5)
    )
    do_complete_stage(stage(e, "election_committee"), completed_on=today - dt.timedelta(days=2), actor=SYSTEM)
    do_run_review(rnd, today=today, actor=SYSTEM)
    assert "stage_late_street" in _codes(rnd, SHANGPING)
    assert "stage_late" not in _codes(rnd, SHANGPING)  # the statutory date was kept


def test_it_finds_a_statutory_stage_done_late(rnd: Round, today: dt.date, admin: Any) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "voter_registration", today)
    do_complete_stage(stage(e, "voter_list"), completed_on=today, actor=admin, override="书面批准")
    do_run_review(rnd, today=today, actor=SYSTEM)
    assert {"stage_late", "voter_list_short_notice"} <= _codes(rnd, SHIGOU)


def test_it_finds_a_party_election_without_a_timetable(rnd: Round, today: dt.date) -> None:
    do_complete_stage(stage(party(rnd, SHIGOU), "party_request"), completed_on=today, actor=SYSTEM)
    do_run_review(rnd, today=today, actor=SYSTEM)
    assert "party_without_timetable" in _codes(rnd, SHIGOU)
    assert "party_without_timetable" not in _codes(rnd, CHANGWA)  # not started: nothing to say yet


def test_it_finds_elections_not_finished_by_the_round_end(rnd: Round, today: dt.date) -> None:
    e = party(rnd, SHIGOU)
    do_set_election_day(e, today, actor=SYSTEM)
    walk(e, "party_result_approval", today)
    after_end = rnd.ends_on + dt.timedelta(days=1)
    do_run_review(rnd, today=after_end, actor=SYSTEM)
    assert "not_finished_by_round_end" in _codes(rnd, CHANGWA)
    assert not Finding.objects.filter(election=e, code="not_finished_by_round_end").exists()


def test_it_does_not_find_the_same_thing_twice(rnd: Round, today: dt.date) -> None:
    do_complete_stage(stage(party(rnd, SHIGOU), "party_request"), completed_on=today, actor=SYSTEM)
    first = do_run_review(rnd, today=today, actor=SYSTEM)
    second = do_run_review(rnd, today=today, actor=SYSTEM)
    assert first.new > 0 and second.new == 0 and second.already_known == first.new


def test_it_records_and_closes_a_finding_by_hand(
    rnd: Round, today: dt.date, inspector: Any, tree: Any
) -> None:
    finding = do_record_finding(
        rnd=rnd,
        unit=tree["Shangping Village"],
        text_zh="提名前未开展宣传",
        text_en="",
        severity="high",
        rectification_due=today + dt.timedelta(days=7),
        actor=inspector,
    )
    assert finding.source == "manual" and finding.text_en == "提名前未开展宣传"
    with pytest.raises(ActionError):
        do_close_finding(finding, resolution=" ", closed_on=today, actor=inspector)
    do_close_finding(finding, resolution="已补发宣传标语并重新公告", closed_on=today, actor=inspector)
    finding.refresh_from_db()
    assert finding.closed_on == today


def test_it_refuses_a_finding_outside_the_round(rnd: Round, today: dt.date, tree: Any) -> None:
    with pytest.raises(ActionError) as info:
        do_record_finding(
            rnd=rnd,
            unit=tree["Xihu Community"],
            text_zh="x",
            text_en="x",
            severity="low",
            rectification_due=None,
            actor=SYSTEM,
        )
    assert info.value.field == "unit"
