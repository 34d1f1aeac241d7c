"""Petitions: the statutory deadlines (accept within 15 days, conclude within 60), overdue alerts,
the collective flag, the previous term, the watch list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.supervision.actions import (
    do_conclude_petition,
    do_decide_petition,
    do_receive_petition,
    do_record_satisfaction,
)
from huanjie.supervision.agenda import due_this_week
from huanjie.supervision.models import Petition
from huanjie.units.models import Division
from tests.supervision.conftest import CHANGWA, SHIGOU

pytestmark = pytest.mark.django_db


def _receive(rnd: Any, code: str = SHIGOU, *, count: int = 1, received: dt.date = dt.date(2026, 12, 1),
             actor: Any = SYSTEM, **kw: Any) -> Petition:  # fmt: skip
    return do_receive_petition(
        rnd, division=Division.objects.get(code=code), channel="letter", received_on=received,
        subject="选民登记有遗漏", content="外出务工人员未登记。", petitioners=kw.pop("names", "张三"),
        petitioner_count=count, actor=actor, **kw,
    )  # fmt: skip


def test_it_computes_the_statutory_deadlines(rnd: Any) -> None:
    p = _receive(rnd)
    assert p.accept_by == dt.date(2026, 12, 16)
    assert p.conclude_by is None
    assert p.overdue(dt.date(2026, 12, 16)) == ""
    assert p.overdue(dt.date(2026, 12, 17)) == "accept"
    do_decide_petition(p, accepted=True, decided_on=dt.date(2026, 12, 10), actor=SYSTEM)
    assert p.conclude_by == dt.date(2027, 2, 8)
    assert p.overdue(dt.date(2027, 2, 8)) == ""
    assert p.overdue(dt.date(2027, 2, 9)) == "conclude"
    do_conclude_petition(
        p, concluded_on=dt.date(2027, 1, 5), reply="已补登。", satisfaction="satisfied", actor=SYSTEM
    )
    assert p.overdue(dt.date(2027, 3, 1)) == "" and not p.open


def test_it_flags_collective_petitions_from_five(rnd: Any) -> None:
    assert not _receive(rnd, count=4).collective
    five = _receive(rnd, count=5, names="甲\n乙\n丙\n丁\n戊")
    assert five.collective
    event = Event.objects.filter(action="supervision.petition.receive").order_by("-seq").first()
    assert event is not None and event.after is not None and event.after["collective"] is True


def test_it_refuses_a_count_below_the_names_and_dates_out_of_order(rnd: Any) -> None:
    with pytest.raises(ActionError) as exc:
        _receive(rnd, count=2, names="甲\n乙\n丙")
    assert exc.value.field == "petitioner_count"
    p = _receive(rnd)
    with pytest.raises(ActionError) as exc:
        do_decide_petition(p, accepted=True, decided_on=dt.date(2026, 11, 30), actor=SYSTEM)
    assert exc.value.field == "decided_on"
    with pytest.raises(ActionError):
        do_decide_petition(
            p, accepted=False, decided_on=dt.date(2026, 12, 3), actor=SYSTEM
        )  # no reason given
    with pytest.raises(ActionError):
        do_conclude_petition(
            p, concluded_on=dt.date(2026, 12, 20), reply="x", actor=SYSTEM
        )  # not accepted yet
    p.refresh_from_db()
    assert p.decision == "" and p.concluded_on is None


def test_it_asks_satisfaction_only_after_the_conclusion(rnd: Any) -> None:
    p = _receive(rnd)
    with pytest.raises(ActionError):
        do_record_satisfaction(p, satisfaction="satisfied", actor=SYSTEM)
    do_decide_petition(p, accepted=True, decided_on=dt.date(2026, 12, 2), actor=SYSTEM)
    do_conclude_petition(p, concluded_on=dt.date(2026, 12, 20), reply="已答复。", actor=SYSTEM)
    do_record_satisfaction(p, satisfaction="dissatisfied", actor=SYSTEM)
    assert Petition.objects.get(pk=p.pk).satisfaction == "dissatisfied"


def test_it_lets_only_the_district_and_the_street_handle_petitions(
    rnd: Any, clerk: Any, officer: Any
) -> None:
    with pytest.raises(NotAllowed):
        _receive(rnd, actor=clerk)
    with pytest.raises(NotAllowed):
        _receive(rnd, CHANGWA, actor=officer)  # another street
    assert _receive(rnd, actor=officer).created_by == officer


def test_it_runs_no_deadline_for_the_previous_term(rnd: Any) -> None:
    old = _receive(rnd, received=dt.date(2021, 12, 14), count=23, term_label="上届")
    assert old.previous_term and old.overdue(dt.date(2026, 12, 30)) == ""
    by_date = _receive(rnd, received=dt.date(2026, 10, 1))
    assert by_date.previous_term


def test_it_alerts_on_overdue_petitions(rnd: Any, client_for: Any, admin: Any, on_day: Any) -> None:
    late = _receive(rnd, received=dt.date(2026, 12, 1))
    _receive(rnd, received=dt.date(2026, 12, 12))  # to be decided by 27 December: this week
    on_day(dt.date(2026, 12, 24))
    client = client_for(admin)
    body = client.get("/office/supervision/petitions/").content.decode()
    assert 'id="overdue-alert"' in body
    body = client.get("/office/supervision/petitions/?status=overdue").content.decode()
    assert f"/petitions/{late.pk}/" in body and body.count("选民登记有遗漏") == 1
    body = client.get(f"/office/supervision/petitions/{late.pk}/").content.decode()
    assert 'id="overdue-alert"' in body and "2026年12月16日" in body
    items = due_this_week(admin, dt.date(2026, 12, 24))
    kinds = [(i.kind, i.overdue) for i in items]
    assert ("petition_accept", True) in kinds and ("petition_accept", False) in kinds


def test_it_handles_a_petition_through_the_pages(
    rnd: Any, client_for: Any, officer: Any, on_day: Any
) -> None:
    on_day(dt.date(2026, 12, 5))
    client = client_for(officer)
    response = client.post(
        "/office/supervision/petitions/",
        {"division": SHIGOU, "channel": "visit", "received_on": "2026-12-04", "subject": "候选人资格",
         "content": "反映某候选人不符合条件。", "petitioners": "甲\n乙\n丙\n丁\n戊\n己", "petitioner_count": "6"},
    )  # fmt: skip
    assert response.status_code == 302
    p = Petition.objects.get(subject="候选人资格")
    assert p.collective
    url = f"/office/supervision/petitions/{p.pk}/"
    client.post(url, {"form": "decide", "accepted": "1", "decided_on": "2026-12-05", "handler": "赵文华"})
    client.post(url, {"form": "conclude", "concluded_on": "2026-12-05", "reply": "经核查符合条件。",
                      "satisfaction": "basically"})  # fmt: skip
    p.refresh_from_db()
    assert (
        p.decision == "accepted" and p.concluded_on == dt.date(2026, 12, 5) and p.satisfaction == "basically"
    )
    export = client.get("/office/supervision/petitions/?format=xlsx")
    assert export.content[:2] == b"PK"


def test_it_puts_units_with_petitions_on_the_watch_list(rnd: Any, client_for: Any, admin: Any) -> None:
    _receive(rnd, CHANGWA, received=dt.date(2021, 12, 14), count=23, term_label="上届(2021年)换届")
    _receive(rnd, SHIGOU)
    body = client_for(admin).get("/office/supervision/petitions/watch/").content.decode()
    assert "长洼村" in body and "石沟村" in body
    assert body.index("长洼村") < body.index("石沟村")  # collective petitions first


def test_it_hides_petitions_from_clerks(rnd: Any, client_for: Any, clerk: Any) -> None:
    p = _receive(rnd)
    client = client_for(clerk)
    assert client.get("/office/supervision/petitions/").status_code == 403
    assert client.get(f"/office/supervision/petitions/{p.pk}/").status_code == 403
