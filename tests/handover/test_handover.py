"""The handover: opened after the result with the statutory checklist and the 10-day deadline, settled
item by item, signed off by both heads and the street's witness, which completes the handover stage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election, Finding, Round, StageStatus
from huanjie.handover.actions import do_add_item, do_open_handover, do_sign_off, do_update_item
from huanjie.handover.models import Handover
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_voting_round
from tests.elections.conftest import committee, party, stage
from tests.handover.conftest import SHANGPING, SHIGOU, settle_all
from tests.polling.people import ballot, keyed

pytestmark = pytest.mark.django_db
SIGNERS = {"outgoing_head": "张德福", "incoming_head": "王建国", "witness": "刘志远"}


def _sign(client: Any, h: Handover, on: dt.date, **names: str) -> Any:
    return client.post(
        f"/office/handovers/{h.pk}/sign-off/", {**SIGNERS, **names, "signed_on": on.isoformat()}, follow=True
    )


def test_it_opens_a_handover_with_the_checklist_and_a_deadline_ten_days_after_the_result(
    client_for: Any, clerk: Any, elect: Callable[..., Election], today: dt.date
) -> None:
    election = elect(days_ago=3)
    client = client_for(clerk)
    assert (
        f"/office/elections/{election.pk}/handover/"
        in client.get(f"/office/elections/{election.pk}/").content.decode()
    )
    response = client.post(f"/office/elections/{election.pk}/handover/")
    h = Handover.objects.get(election=election)
    assert response.status_code == 302 and response["Location"] == f"/office/handovers/{h.pk}/"
    assert h.result_on == today - dt.timedelta(days=3) and h.due == today + dt.timedelta(days=7)
    assert h.days == 10 and "OL Art.20" in h.article  # from the Gansu profile's handover_days
    assert [i.kind for i in h.items.all()] == ["seal", "accounts", "assets", "archives", "open_matters"]
    page = client.get(f"/office/handovers/{h.pk}/").content.decode()
    assert "公章" in page and "未办结事项" in page and h.due.isoformat() in page
    assert Event.objects.filter(action="handover.open").count() == 1
    # Opening twice lands on the same record.
    again = client.post(f"/office/elections/{election.pk}/handover/")
    assert again["Location"] == f"/office/handovers/{h.pk}/" and Handover.objects.count() == 1


def test_it_refuses_a_handover_before_anyone_is_elected(client_for: Any, clerk: Any, rnd: Round) -> None:
    election = committee(rnd, SHIGOU)
    with pytest.raises(ActionError):
        do_open_handover(election, actor=clerk)
    response = client_for(clerk).post(f"/office/elections/{election.pk}/handover/", follow=True)
    assert "Nobody is elected yet" in response.content.decode() or "尚无人当选" in response.content.decode()
    assert not Handover.objects.exists()


def test_it_signs_off_only_when_every_item_is_settled_and_completes_the_stage(
    client_for: Any, clerk: Any, elect: Callable[..., Election], today: dt.date
) -> None:
    election = elect(days_ago=3)
    h = do_open_handover(election, actor=clerk)
    client = client_for(clerk)
    _sign(client, h, today)
    h.refresh_from_db()
    assert h.signed_on is None  # five items still open
    with pytest.raises(ActionError) as refused:
        do_sign_off(h, signed_on=today, actor=clerk, **SIGNERS)
    assert refused.value.field == "items" and "公章" in refused.value.message
    items = list(h.items.all())
    for item in items[:-1]:
        client.post(f"/office/handover-items/{item.pk}/", {"status": "done", "notes": "已清点"})
    client.post(f"/office/handover-items/{items[-1].pk}/", {"status": "none", "notes": ""})
    items[-1].refresh_from_db()
    assert items[-1].status == "pending"  # "nothing to hand over" needs a reason
    client.post(f"/office/handover-items/{items[-1].pk}/", {"status": "none", "notes": "无未办结事项"})
    extra = client.post(f"/office/handovers/{h.pk}/items/", {"title": "村集体经济合作社印章"})
    assert extra.status_code == 302 and h.items.count() == 6
    _sign(client, h, today)
    h.refresh_from_db()
    assert h.signed_on is None  # the added item is not settled yet
    do_update_item(h.items.get(title="村集体经济合作社印章"), status="done", notes="", actor=clerk)
    page = _sign(client, h, today).content.decode()
    h.refresh_from_db()
    assert h.signed_on == today and h.witness == "刘志远" and not h.late(today)
    handover_stage = stage(election, "handover")
    assert handover_stage.status == StageStatus.DONE and handover_stage.completed_on == today
    assert "刘志远" in handover_stage.notes and f"/office/handovers/{h.pk}/" in page
    with pytest.raises(ActionError):  # a signed list no longer changes
        do_add_item(h, title="另一项", actor=clerk)


def test_it_records_a_late_handover_and_leaves_the_stage_to_the_district_office(
    client_for: Any, clerk: Any, admin: Any, elect: Callable[..., Election], today: dt.date
) -> None:
    shigou, shangping = elect(SHIGOU, days_ago=14), elect(SHANGPING, days_ago=14)
    for election in (shigou, shangping):
        settle_all(do_open_handover(election, actor=SYSTEM))
    late_clerk = do_sign_off(shigou.handover, signed_on=today, actor=clerk, **SIGNERS)
    assert late_clerk.late and not late_clerk.stage_completed  # a clerk may not override the deadline
    assert stage(shigou, "handover").status == StageStatus.PENDING
    late_admin = do_sign_off(shangping.handover, signed_on=today, actor=admin, **SIGNERS)
    assert late_admin.late and late_admin.stage_completed
    assert stage(shangping, "handover").status == StageStatus.DONE
    finding = Finding.objects.get(election=shangping, stage="handover")
    assert finding.code == "override_deadline" and "工作移交于" in finding.text_zh


def test_it_lists_overdue_handovers_first(
    client_for: Any, officer: Any, elect: Callable[..., Election], today: dt.date
) -> None:
    on_time, overdue = elect(SHIGOU, days_ago=2), elect(SHANGPING, days_ago=12)
    settle_all(do_open_handover(on_time, actor=SYSTEM))
    do_sign_off(on_time.handover, signed_on=today, actor=SYSTEM, **SIGNERS)
    do_open_handover(overdue, actor=SYSTEM)
    page = client_for(officer).get("/office/handovers/").content.decode()
    assert page.index("上坪村") < page.index("石沟村")
    assert "state-overdue" in page and "state-ok" in page


def test_it_shows_elections_awaiting_a_handover_record(
    client_for: Any, admin: Any, elect: Callable[..., Election]
) -> None:
    election = elect(SHIGOU)
    page = client_for(admin).get("/office/handovers/").content.decode()
    assert f"/office/elections/{election.pk}/handover/" in page


def test_it_refuses_bad_sign_offs(clerk: Any, elect: Callable[..., Election], today: dt.date) -> None:
    election = elect(days_ago=3)
    h = do_open_handover(election, actor=clerk)
    settle_all(h)
    bad = [
        ({**SIGNERS, "witness": "王建国"}, today, "witness"),  # the witness is one of the heads
        ({**SIGNERS, "outgoing_head": "  "}, today, "outgoing_head"),
        (SIGNERS, today + dt.timedelta(days=1), "signed_on"),
        (SIGNERS, today - dt.timedelta(days=4), "signed_on"),  # before the new committee was elected
    ]
    for names, on, field in bad:
        with pytest.raises(ActionError) as refused:
            do_sign_off(h, signed_on=on, actor=clerk, **names)
        assert refused.value.field == field
    h.refresh_from_db()
    assert h.signed_on is None and stage(election, "handover").status == StageStatus.PENDING
    # A re-elected head signs on both sides.
    done = do_sign_off(h, signed_on=today, actor=clerk, **{**SIGNERS, "outgoing_head": "王建国"})
    assert done.handover.signed and not done.late
    for title in ("", "x" * 121):
        with pytest.raises(ActionError):
            do_add_item(h, title=title, actor=clerk)


def test_it_refuses_bad_items(clerk: Any, elect: Callable[..., Election]) -> None:
    h = do_open_handover(elect(), actor=clerk)
    item = h.items.first()
    assert item is not None
    with pytest.raises(ActionError):
        do_update_item(item, status="lost", notes="", actor=clerk)
    do_add_item(h, title="村务档案", actor=clerk)
    with pytest.raises(ActionError):
        do_add_item(h, title="村务档案", actor=clerk)
    item.refresh_from_db()
    assert item.status == "pending"


def test_it_keeps_handovers_in_scope(
    client_for: Any, outsider: Any, inspector: Any, elect: Callable[..., Election]
) -> None:
    election = elect()
    h = do_open_handover(election, actor=SYSTEM)
    item = h.items.first()
    assert item is not None
    stranger = client_for(outsider)
    for url in (f"/office/handovers/{h.pk}/", f"/office/handovers/{h.pk}/list.pdf"):
        assert stranger.get(url).status_code == 404
    assert stranger.get(f"/office/elections/{election.pk}/handover/").status_code == 404
    assert stranger.post(f"/office/handover-items/{item.pk}/", {"status": "done"}).status_code == 404
    assert stranger.post(f"/office/handovers/{h.pk}/items/", {"title": "x"}).status_code == 404
    assert "石沟村" not in stranger.get("/office/handovers/").content.decode()
    with pytest.raises(NotAllowed):
        do_update_item(item, status="done", notes="", actor=outsider)
    # An inspector sees the handover but may not change it.
    watcher = client_for(inspector)
    assert watcher.get(f"/office/handovers/{h.pk}/").status_code == 200
    assert watcher.post(f"/office/handover-items/{item.pk}/", {"status": "done"}).status_code == 403
    item.refresh_from_db()
    assert item.status == "pending"


def test_it_hands_over_a_party_organisation_without_a_handover_stage(rnd: Round, today: dt.date) -> None:
    branch = party(rnd, SHIGOU)
    _vote_party(branch, today - dt.timedelta(days=1))
    h = do_open_handover(branch, actor=SYSTEM)
    settle_all(h)
    done = do_sign_off(h, signed_on=today, actor=SYSTEM, **SIGNERS)
    assert done.handover.signed and not done.stage_completed


def _vote_party(branch: Election, day: dt.date) -> None:
    vr = do_open_voting_round(
        branch,
        held_on=day,
        registered=30,
        actor=SYSTEM,
        contests=ballot(
            branch, [{"post": "committee_member", "seats": 3, "candidates": ["甲", "乙", "丙", "丁"]}]
        ),
    )
    box = do_add_box(vr, name="党员大会", kind="central", actor=SYSTEM)
    data = {
        "voters_signed": 28,
        "ballots_issued": 28,
        "ballots_collected": 28,
        "invalid": 0,
        "blank": 0,
        "tally": {"committee_member": {"甲": 25, "乙": 22, "丙": 20, "丁": 10}},
    }
    for teller in ("计票员甲", "计票员乙"):
        do_enter_tally(box, data=keyed(box, data), actor=SYSTEM, entrant=teller)
    do_count(vr, actor=SYSTEM)
