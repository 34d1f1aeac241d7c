"""Stages: windows from the election day, guards with their articles, overrides as findings, notices."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.actions import (
    GuardError,
    do_attach_evidence,
    do_complete_stage,
    do_correct_notice,
    do_decide_day_change,
    do_open_round,
    do_request_day_change,
    do_set_election_day,
)
from huanjie.elections.models import Election, ElectionStage, Finding, Notice, Round
from tests.elections.conftest import DAY_OFFSET, committee, party, stage, walk

pytestmark = pytest.mark.django_db
SHIGOU, CHANGWA, JINCHENG = "620102023201", "620102015201", "620102023001"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


def test_it_opens_one_election_per_unit_and_body_with_its_stages(rnd: Round) -> None:
    # 5 units in the district: each elects a party organisation and a committee.
    assert Election.objects.filter(round=rnd).count() == 10
    assert committee(rnd, SHIGOU).kind == "villagers_committee"
    assert committee(rnd, JINCHENG).kind == "residents_committee"
    assert ElectionStage.objects.filter(election=committee(rnd, SHIGOU)).count() == 16
    assert ElectionStage.objects.filter(election=party(rnd, SHIGOU)).count() == 6
    assert not Election.objects.filter(round=rnd, unit__code="620103001001").exists()  # the other district
    assert Event.objects.filter(action="round.open").count() == 1


def test_it_refuses_a_bad_round(tree: dict[str, Any], today: dt.date) -> None:
    with pytest.raises(ActionError) as info:
        do_open_round(
            district=tree["Chengguan"],
            name="x",
            profile="mars",
            starts_on=today,
            ends_on=today,
            bodies=["party_branch"],
            actor=SYSTEM,
        )
    assert info.value.field == "profile"
    with pytest.raises(ActionError):
        do_open_round(
            district=tree["Qingbaishi Street"],
            name="x",
            profile="gansu",
            starts_on=today,
            ends_on=today + dt.timedelta(days=9),
            bodies=["party_branch"],
            actor=SYSTEM,
        )


def test_it_computes_windows_from_the_election_day(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, SHIGOU)
    day = today + dt.timedelta(days=30)
    do_set_election_day(e, day, actor=SYSTEM)
    voter_list = stage(e, "voter_list")
    assert voter_list.due == day - dt.timedelta(days=20)  # OL Art.14
    assert "Art.14" in voter_list.article
    handover_due = stage(e, "handover").due
    assert handover_due is None or handover_due > day


def test_it_refuses_the_candidate_list_before_the_voter_list(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, SHIGOU)
    do_set_election_day(e, today + dt.timedelta(days=DAY_OFFSET), actor=SYSTEM)
    with pytest.raises(GuardError) as info:
        do_complete_stage(stage(e, "candidate_list"), completed_on=today, actor=SYSTEM)
    kinds = {v.kind for v in info.value.violations}
    assert "order" in kinds
    assert all(v.reason.article for v in info.value.violations)
    assert stage(e, "candidate_list").status == "pending"


def test_it_refuses_a_voter_list_fewer_than_20_days_before_the_election(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "voter_registration", today)
    with pytest.raises(GuardError) as info:
        do_complete_stage(stage(e, "voter_list"), completed_on=today, actor=SYSTEM)  # D − 12 > D − 20
    (violation,) = [v for v in info.value.violations if v.kind == "deadline"]
    assert violation.reason.rule == "B5" or "Art.14" in violation.reason.article


def test_it_records_an_override_as_a_finding(rnd: Round, today: dt.date, admin: Any) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "voter_registration", today)
    result = do_complete_stage(
        stage(e, "voter_list"),
        completed_on=today,
        actor=admin,
        override="县民政局书面同意,因村民外出务工返乡推迟公布",
    )
    assert stage(e, "voter_list").status == "done"
    (finding,) = result.findings
    assert finding.source == "override" and "Art.14" in finding.article and "外出务工" in finding.text_zh
    assert Finding.objects.filter(round=rnd, source="override").count() == 1


def test_it_lets_only_a_district_admin_override(rnd: Round, today: dt.date, clerk: Any) -> None:
    e = committee(rnd, SHIGOU)
    walk(e, "voter_registration", today)
    with pytest.raises(NotAllowed):
        do_complete_stage(stage(e, "voter_list"), completed_on=today, actor=clerk, override="我说可以")
    assert stage(e, "voter_list").status == "pending"


def test_it_refuses_future_dates_and_repeats(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, SHIGOU)
    with pytest.raises(ActionError):
        do_complete_stage(
            stage(e, "election_committee"), completed_on=today + dt.timedelta(days=1), actor=SYSTEM
        )
    do_complete_stage(stage(e, "election_committee"), completed_on=today, actor=SYSTEM)
    with pytest.raises(ActionError):
        do_complete_stage(stage(e, "election_committee"), completed_on=today, actor=SYSTEM)


def test_it_keeps_a_clerk_to_their_own_unit(rnd: Round, today: dt.date, clerk: Any) -> None:
    with pytest.raises(NotAllowed):
        do_complete_stage(
            stage(committee(rnd, CHANGWA), "election_committee"), completed_on=today, actor=clerk
        )
    do_complete_stage(stage(committee(rnd, SHIGOU), "election_committee"), completed_on=today, actor=clerk)


def test_it_publishes_a_notice_when_a_stage_publishes(rnd: Round, today: dt.date) -> None:
    e = committee(rnd, SHIGOU)
    result = do_complete_stage(
        stage(e, "election_committee"), completed_on=today, actor=SYSTEM, notes="主任:王建国"
    )
    notice = result.notice
    assert notice is not None
    assert "石沟村" in notice.title_zh and "Shigou" in notice.title_en
    assert "王建国" in notice.body_zh and f"{today.year}年{today.month}月{today.day}日" in notice.body_zh
    assert len(notice.sha256) == 64
    with pytest.raises(PermissionError):
        notice.save()


def test_it_corrects_a_notice_with_a_new_version(rnd: Round, today: dt.date, clerk: Any) -> None:
    notice = do_complete_stage(
        stage(committee(rnd, SHIGOU), "election_committee"), completed_on=today, actor=SYSTEM
    ).notice
    assert notice is not None
    corrected = do_correct_notice(notice, body_zh="更正后的文本", body_en="Corrected text", actor=clerk)
    assert corrected.version == 2 and corrected.replaces == notice and corrected.sha256 != notice.sha256
    assert Notice.objects.get(pk=notice.pk).body_zh == notice.body_zh  # the original stays as it was
    with pytest.raises(ActionError):
        do_correct_notice(Notice.objects.get(pk=notice.pk), body_zh="再改", body_en="again", actor=clerk)


def test_it_checks_evidence_by_its_content(rnd: Round, today: dt.date, clerk: Any) -> None:
    s = stage(committee(rnd, SHIGOU), "election_committee")
    with pytest.raises(ActionError):
        do_attach_evidence(s, name="notice.png", data=b"MZ\x90\x00 not an image", actor=clerk)
    with pytest.raises(ActionError):
        do_attach_evidence(s, name="big.pdf", data=b"%PDF" + b"0" * (10 * 1024 * 1024), actor=clerk)
    evidence = do_attach_evidence(s, name="公告照片.png", data=PNG, actor=clerk)
    assert evidence.content_type == "image/png" and evidence.size == len(PNG)


def test_it_marks_an_election_finished_with_its_result(rnd: Round, today: dt.date) -> None:
    e = party(rnd, SHIGOU)
    do_set_election_day(e, today, actor=SYSTEM)
    walk(e, "party_result_approval", today)
    e.refresh_from_db()
    assert e.finished_on is not None


def test_it_needs_approval_to_change_an_election_day(
    rnd: Round, today: dt.date, officer: Any, admin: Any
) -> None:
    e = committee(rnd, SHIGOU)
    first = today + dt.timedelta(days=20)
    do_set_election_day(e, first, actor=officer)
    with pytest.raises(ActionError):
        do_set_election_day(e, first + dt.timedelta(days=5), actor=officer)
    with pytest.raises(ActionError):
        do_request_day_change(e, first + dt.timedelta(days=5), reason="  ", actor=officer)
    change = do_request_day_change(e, first + dt.timedelta(days=5), reason="春耕农忙", actor=officer)
    e.refresh_from_db()
    assert e.election_day == first
    with pytest.raises(NotAllowed):
        do_decide_day_change(change, approve=True, note="", actor=officer)
    do_decide_day_change(change, approve=True, note="同意", actor=admin)
    e.refresh_from_db()
    assert e.election_day == first + dt.timedelta(days=5)
    assert stage(e, "voter_list").due == first + dt.timedelta(days=5 - 20)


def test_it_refuses_a_day_outside_the_round(rnd: Round) -> None:
    with pytest.raises(ActionError):
        do_set_election_day(committee(rnd, SHIGOU), rnd.ends_on + dt.timedelta(days=1), actor=SYSTEM)
