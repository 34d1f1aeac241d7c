"""Objections (OL Art.14, B5): the window from the list's actual posting, the decision's deadline, the
published decision, and the roll changed by an accepted objection."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election, Notice
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Objection, Resident, Voter, VoterStatus
from huanjie.voters.objections import do_decide_objection, do_lodge_objection
from tests.voters.conftest import SHIGOU, csv_file, good_rows, publish

pytestmark = pytest.mark.django_db
D = dt.timedelta


@pytest.fixture
def listed(shigou: Election, admin: Any) -> Election:
    rows = good_rows(SHIGOU, 4)
    rows[3][6] = "否"  # lives away, no statement: a resident, not on the roll
    do_import_voters(shigou.round, "s.csv", csv_file(rows), actor=admin)
    return shigou


def _lodge(election: Election, name: str, kind: str, on: dt.date, actor: Any) -> Objection:
    return do_lodge_objection(
        election,
        resident=Resident.objects.get(name=name),
        kind=kind,
        lodged_by="王大妈",
        grounds="本人常年在外打工,已表示参加选举。",
        lodged_on=on,
        actor=actor,
    )


def test_it_refuses_objections_before_the_list_is_posted(
    listed: Election, clerk: Any, today: dt.date
) -> None:
    with pytest.raises(ActionError):
        _lodge(listed, "村民3", "omitted", today, clerk)


def test_it_accepts_objections_within_five_days_of_the_posting(
    listed: Election, clerk: Any, today: dt.date
) -> None:
    publish(listed, today - D(days=7))  # objections until today - 2
    with pytest.raises(ActionError) as info:
        _lodge(listed, "村民3", "omitted", today - D(days=1), clerk)
    assert (
        info.value.field == "lodged_on"
        and "《中华人民共和国村民委员会组织法》第十四条" in info.value.message
        and "申诉" in info.value.message
    )  # the article, in Chinese by default
    with pytest.raises(ActionError):
        _lodge(listed, "村民3", "omitted", today - D(days=8), clerk)  # before the posting
    objection = _lodge(listed, "村民3", "omitted", today - D(days=2), clerk)
    assert objection.decide_by == today + D(days=1)  # received + 3


def test_it_refuses_an_objection_that_does_not_fit_the_roll(
    listed: Election, clerk: Any, today: dt.date
) -> None:
    publish(listed, today)
    with pytest.raises(ActionError):
        _lodge(listed, "村民0", "omitted", today, clerk)  # already on it
    with pytest.raises(ActionError):
        _lodge(listed, "村民3", "wrongly_listed", today, clerk)  # not on it


def test_an_accepted_objection_adds_the_person_and_publishes_the_decision(
    listed: Election, clerk: Any, today: dt.date
) -> None:
    publish(listed, today)
    objection = _lodge(listed, "村民3", "omitted", today, clerk)
    do_decide_objection(
        objection, accept=True, reasons="本人已书面表示参加选举。", decided_on=today, actor=clerk
    )
    objection.refresh_from_db()
    assert objection.decision == "accepted" and not objection.late
    voter = Voter.objects.get(resident__name="村民3")
    assert (voter.status, voter.added_reason, voter.category) == (VoterStatus.REGISTERED, "objection", "2")
    notice = Notice.objects.get(pk=objection.notice_id or 0)
    assert notice.stage == "objections" and "村民3" in notice.body_zh and "列入选民名单" in notice.body_zh
    assert "*" not in notice.body_zh  # no ID number, masked or not
    assert Event.objects.filter(action="voters.objection.decide").count() == 1
    with pytest.raises(ActionError):
        do_decide_objection(objection, accept=False, reasons="x", decided_on=today, actor=clerk)


def test_an_accepted_objection_takes_a_person_off(listed: Election, clerk: Any, today: dt.date) -> None:
    publish(listed, today)
    objection = _lodge(listed, "村民1", "wrongly_listed", today, clerk)
    do_decide_objection(objection, accept=True, reasons="已迁出本村。", decided_on=today, actor=clerk)
    assert Voter.objects.get(resident__name="村民1").status == VoterStatus.REMOVED


def test_a_rejected_objection_leaves_the_roll(listed: Election, clerk: Any, today: dt.date) -> None:
    publish(listed, today)
    objection = _lodge(listed, "村民1", "wrongly_listed", today, clerk)
    do_decide_objection(objection, accept=False, reasons="理由不成立。", decided_on=today, actor=clerk)
    assert Voter.objects.get(resident__name="村民1").status == VoterStatus.REGISTERED
    assert "不成立" in Notice.objects.get(pk=objection.notice_id or 0).body_zh


def test_a_decision_after_the_deadline_is_recorded_as_late(
    listed: Election, clerk: Any, today: dt.date
) -> None:
    publish(listed, today - D(days=10))
    objection = _lodge(listed, "村民1", "wrongly_listed", today - D(days=9), clerk)
    assert objection.decide_by == today - D(days=6)
    with pytest.raises(ActionError):
        do_decide_objection(objection, accept=False, reasons="x", decided_on=today - D(days=10), actor=clerk)
    do_decide_objection(objection, accept=False, reasons="理由不成立。", decided_on=today, actor=clerk)
    objection.refresh_from_db()
    assert objection.late
    after = Event.objects.get(action="voters.objection.decide").after
    assert after is not None and after["late"] is True
