"""Stations, mobile boxes with their monitors and voter lists (B13), and the ballots per box of a round."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.polling.actions import do_add_box, do_enter_tally
from huanjie.polling.models import BallotBox, MobileVoter, Station, TallyEntry
from huanjie.polling.officials import do_appoint_official
from huanjie.polling.registers import do_add_mobile_voter, do_add_station, round_register
from tests.polling import roll
from tests.polling.people import keyed
from tests.voters.conftest import days, shigou

__all__ = ["days", "shigou"]
pytestmark = pytest.mark.django_db


def _data(signed: int, collected: int) -> dict[str, Any]:
    return {
        "voters_signed": signed,
        "ballots_issued": signed,
        "ballots_collected": collected,
        "invalid": 1,
        "blank": 0,
        "tally": {"director": {"甲": collected - 1}},
    }


def test_it_keeps_one_central_venue_and_sane_hours(shigou: Election, clerk: Any) -> None:
    do_add_station(shigou, kind="central", name="中心会场", place="村委会院内", actor=clerk)
    with pytest.raises(ActionError) as refused:
        do_add_station(shigou, kind="central", name="第二会场", actor=clerk)
    assert refused.value.field == "kind"
    with pytest.raises(ActionError) as refused:
        do_add_station(
            shigou, kind="sub", name="二组", opens_at=dt.time(12, 0), closes_at=dt.time(8, 0), actor=clerk
        )
    assert refused.value.field == "closes_at"
    assert Station.objects.count() == 1


def test_it_refuses_the_tally_of_a_mobile_box_with_fewer_than_three_monitors(
    shigou: Election, clerk: Any, today: dt.date
) -> None:
    voters = roll.build(shigou)
    vr = roll.ballot(shigou, today)
    mobile = do_add_station(shigou, kind="mobile", name="流动票箱", actor=clerk)
    for name in ("张监督", "李监督"):
        do_appoint_official(shigou, role="monitor", name=name, station=mobile, actor=clerk)
    box = do_add_box(vr, station=mobile, actor=clerk)
    assert (box.name, box.kind) == ("流动票箱", "mobile")
    with pytest.raises(ActionError) as refused:
        do_enter_tally(box, data=keyed(box, _data(10, 10)), actor=SYSTEM, entrant="丁")
    assert refused.value.field == "station" and "2" in refused.value.message
    assert not TallyEntry.objects.exists()
    do_appoint_official(shigou, role="monitor", voter=voters["癸"], station=mobile, actor=clerk)
    do_enter_tally(box, data=keyed(box, _data(10, 10)), actor=SYSTEM, entrant="丁")
    assert TallyEntry.objects.count() == 1


def test_it_refuses_a_mobile_box_without_a_register_entry_once_registers_are_kept(
    shigou: Election, clerk: Any, today: dt.date
) -> None:
    roll.build(shigou)
    vr = roll.ballot(shigou, today)
    do_add_station(shigou, kind="central", name="中心会场", actor=clerk)
    box = do_add_box(vr, name="无登记票箱", kind="mobile", actor=clerk)
    with pytest.raises(ActionError):
        do_enter_tally(box, data=keyed(box, _data(10, 10)), actor=SYSTEM, entrant="丁")


def test_it_lists_voters_of_the_roll_on_a_mobile_box(shigou: Election, clerk: Any) -> None:
    voters = roll.build(shigou)
    central = do_add_station(shigou, kind="central", name="中心会场", actor=clerk)
    mobile = do_add_station(shigou, kind="mobile", name="流动票箱", actor=clerk)
    with pytest.raises(ActionError) as refused:
        do_add_mobile_voter(central, voter=voters["丙"], reason="ill", actor=clerk)
    assert refused.value.field == "station"
    do_add_mobile_voter(mobile, voter=voters["丙"], reason="old", actor=clerk)
    with pytest.raises(ActionError) as refused:  # nobody votes twice
        do_add_mobile_voter(mobile, voter=voters["丙"], reason="ill", actor=clerk)
    assert refused.value.field == "voter"
    with pytest.raises(ActionError):
        do_add_mobile_voter(mobile, voter=voters["丁"], reason="bored", actor=clerk)
    assert MobileVoter.objects.count() == 1


def test_it_shows_ballots_issued_and_collected_per_box_with_the_totals(
    client_for: Any, shigou: Election, clerk: Any, outsider: Any, today: dt.date
) -> None:
    roll.build(shigou)
    vr = roll.ballot(shigou, today)
    central = do_add_station(shigou, kind="central", name="中心会场", actor=clerk)
    sub = do_add_station(shigou, kind="sub", name="二组分站", place="二组活动室", actor=clerk)
    client = client_for(clerk)
    response = client.post(f"/office/voting-rounds/{vr.pk}/register/", {"station": central.pk})
    assert response.status_code == 302
    box = BallotBox.objects.get(voting_round=vr, station=central)
    for entrant in ("丁", "戊"):
        do_enter_tally(box, data=keyed(box, _data(7, 6)), actor=SYSTEM, entrant=entrant)
    do_add_box(vr, station=sub, actor=clerk)
    register = round_register(vr)
    assert (register.signed, register.issued, register.collected, register.agreed) == (7, 7, 6, 1)
    assert register.reconciles
    page = client.get(f"/office/voting-rounds/{vr.pk}/register/").content.decode()
    assert "二组分站" in page and "reconciliation" in page
    registers = client.get(f"/office/elections/{shigou.pk}/registers/").content.decode()
    assert "二组活动室" in registers
    client = client_for(outsider)
    assert client.get(f"/office/voting-rounds/{vr.pk}/register/").status_code == 404
    assert client.post(f"/office/elections/{shigou.pk}/registers/stations/", {}).status_code == 404


def test_it_shows_a_bad_station_at_its_field(client_for: Any, shigou: Election, clerk: Any) -> None:
    client = client_for(clerk)
    form = {"kind": "central", "name": "中心会场", "place": "", "note": ""}
    assert client.post(f"/office/elections/{shigou.pk}/registers/stations/", form).status_code == 302
    response = client.post(f"/office/elections/{shigou.pk}/registers/stations/", {**form, "name": "又一个"})
    # huanjie.web.forms.submit: the refusal beside the form, the page shown again with what was typed.
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert "又一个" in response.content.decode()
    assert Station.objects.count() == 1


def test_it_answers_htmx_with_422_on_a_refusal_and_hx_redirect_on_success(
    client_for: Any, shigou: Election, clerk: Any
) -> None:
    client = client_for(clerk)
    url = f"/office/elections/{shigou.pk}/registers/stations/"
    form = {"kind": "central", "name": "中心会场", "place": "", "note": ""}
    done = client.post(url, form, headers={"HX-Request": "true"})
    assert done.status_code == 200 and done["HX-Redirect"] == f"/office/elections/{shigou.pk}/registers/"
    refused = client.post(url, {**form, "name": "又一个"}, headers={"HX-Request": "true"})
    assert refused.status_code == 422 and "errorlist" in refused.content.decode()
    assert "HX-Redirect" not in refused
    assert Station.objects.count() == 1


def test_the_registers_page_asks_as_many_queries_however_many_rows_it_shows(
    shigou: Election, clerk: Any, client_for: Any, today: dt.date
) -> None:
    """Issue 20: measured on the province tree at real size; its queries stay as many whether it lists
    one station, official, proxy and mobile voter or several of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from huanjie.polling.proxies import do_add_proxy

    voters = roll.build(shigou)
    client = client_for(clerk)
    url = reverse("polling:registers", args=[shigou.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def proxy(principal: str, holder: str) -> None:
        do_add_proxy(
            shigou, principal=voters[principal], holder=voters[holder], relation="spouse",
            written_on=today - dt.timedelta(days=2), approved_on=today - dt.timedelta(days=1), actor=SYSTEM,
        )  # fmt: skip

    def mobile_box(name: str, people: list[str], monitors: list[str]) -> None:
        box = do_add_station(shigou, kind="mobile", name=name, actor=clerk)
        for person in people:
            do_add_mobile_voter(box, voter=voters[person], reason="old", actor=clerk)
        for monitor in monitors:
            do_appoint_official(shigou, role="monitor", voter=voters[monitor], station=box, actor=clerk)

    mobile_box("一号流动票箱", ["丙"], ["丁"])
    proxy("甲", "甲妻")
    client.get(url)  # the first request of a session reads what later ones find cached
    few = queries()
    mobile_box("二号流动票箱", ["戊", "己"], ["庚", "辛", "壬"])
    mobile_box("三号流动票箱", ["癸"], [])
    proxy("乙", "丙")
    do_appoint_official(shigou, role="teller", name="唱票人", actor=clerk)
    html = client.get(url).content.decode()
    assert "三号流动票箱" in html and "唱票人" in html and "己" in html
    assert queries() == few
