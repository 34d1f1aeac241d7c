"""The leading group, its office and member units; contact cadres; liaison officers and their reports;
the agenda. Every change writes exactly one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.supervision.actions import (
    do_add_group_member,
    do_add_member_unit,
    do_appoint_contact_cadre,
    do_file_liaison_report,
    do_remove_group_member,
    do_station_liaison_officer,
)
from huanjie.supervision.models import GroupMember
from huanjie.units.models import Division
from tests.supervision.conftest import CHANGWA, SHIGOU

pytestmark = pytest.mark.django_db


def test_it_records_the_group_with_one_event_per_change(rnd: Any, admin: Any, officer: Any) -> None:
    start = Event.objects.count()
    unit = do_add_member_unit(rnd, name="区委组织部", kind="organisation", actor=admin)
    member = do_add_group_member(
        rnd, name="张华", title="组织部部长", post="deputy", member_unit=unit, actor=admin
    )
    do_add_group_member(rnd, name="陈晓东", title="组织部副部长", post="office_director", actor=admin)
    assert Event.objects.count() == start + 3
    with pytest.raises(ActionError):
        do_add_member_unit(rnd, name="区委组织部", kind="organisation", actor=admin)
    with pytest.raises(NotAllowed):
        do_add_group_member(rnd, name="x", title="y", post="member", actor=officer)
    do_remove_group_member(member, actor=admin)
    assert not GroupMember.objects.filter(name="张华").exists()
    assert Event.objects.filter(action="supervision.group_member.remove").count() == 1


def test_it_shows_the_group_and_its_office(rnd: Any, client_for: Any, admin: Any, clerk: Any) -> None:
    client = client_for(admin)
    client.post(
        "/office/supervision/group/", {"form": "unit", "unit-name": "区民政局", "unit-kind": "civil_affairs"}
    )
    client.post("/office/supervision/group/", {"form": "member", "member-name": "孙立新", "member-title": "局长",
                                               "member-post": "member"})  # fmt: skip
    client.post("/office/supervision/group/", {"form": "member", "member-name": "李卫东", "member-title": "科长",
                                               "member-post": "office_staff"})  # fmt: skip
    body = client_for(clerk).get("/office/supervision/group/").content.decode()
    assert "区民政局" in body and "孙立新" in body and "李卫东" in body
    assert body.index("孙立新") < body.index('id="office-table"') < body.index("李卫东")
    assert client_for(admin).get("/office/supervision/group/?format=xlsx").content[:2] == b"PK"


def test_it_appoints_contact_cadres_in_scope(rnd: Any, officer: Any, client_for: Any) -> None:
    since = dt.date(2026, 11, 27)
    cadre = do_appoint_contact_cadre(rnd, unit=Division.objects.get(code=SHIGOU), name="刘强", title="街道党工委委员",
                                     since=since, actor=officer)  # fmt: skip
    with pytest.raises(NotAllowed):
        do_appoint_contact_cadre(rnd, unit=Division.objects.get(code=CHANGWA), name="x", title="y", since=since,
                                 actor=officer)  # fmt: skip
    body = client_for(officer).get("/office/supervision/contacts/?q=刘").content.decode()
    assert cadre.name in body and "2026年11月27日" in body


def test_it_stations_liaison_officers_and_takes_their_reports(
    rnd: Any, tree: Any, admin: Any, liaison: Any, client_for: Any
) -> None:
    officer = do_station_liaison_officer(rnd, street=tree["Donggang Street"], name="刘佳", department="区财政局",
                                         since=dt.date(2026, 11, 26), account=liaison, actor=admin)  # fmt: skip
    with pytest.raises(ActionError):  # a report dated before the officer was stationed
        do_file_liaison_report(officer, reported_on=dt.date(2026, 11, 20), progress="x", actor=liaison)
    client = client_for(liaison)
    response = client.post(f"/office/supervision/liaison/{officer.pk}/",
                           {"reported_on": "2026-12-03", "unit": CHANGWA, "progress": "选举委员会已推选。",
                            "problems": "长洼村进度慢。"})  # fmt: skip
    assert response.status_code == 302
    body = client.get(f"/office/supervision/liaison/{officer.pk}/").content.decode()
    assert "长洼村进度慢" in body and "2026年12月3日" in body
    assert "刘佳" in client.get("/office/supervision/liaison/").content.decode()


def test_it_shows_the_agenda(rnd: Any, admin: Any, client_for: Any, on_day: Any) -> None:
    from huanjie.supervision.actions import do_set_work_plan_due

    do_set_work_plan_due(rnd, due_on=dt.date(2026, 11, 26), actor=admin)
    on_day(dt.date(2026, 11, 24))
    body = client_for(admin).get("/office/supervision/agenda/").content.decode()
    assert "青白石街道" in body and "2026年11月26日" in body
    body = client_for(admin).get("/office/supervision/").content.decode()
    assert 'id="agenda-table"' in body and "青白石街道" in body
