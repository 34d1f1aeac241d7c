"""Proxies (B12): a near relative on the same roll, within the profile's cap and deadline, approved by the
election committee; published with the proxies stage (names only), printed as an authorisation."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election, Notice, Round
from huanjie.polling.models import Proxy
from huanjie.polling.proxies import do_add_proxy, do_publish_proxies, proxies_stage, proxy_notes
from huanjie.polling.registers import do_add_mobile_voter, do_add_station
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Voter
from tests.elections.conftest import committee
from tests.polling import roll
from tests.voters.conftest import FULL_ID, SHANGPING, csv_file, days, person, publish, shigou

__all__ = ["days", "shigou"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(shigou: Election) -> dict[str, Voter]:
    return roll.build(shigou)


def _proxy(election: Election, principal: Voter, holder: Voter, today: dt.date, **kw: Any) -> Proxy:
    values: dict[str, Any] = {
        "relation": "spouse",
        "written_on": today - dt.timedelta(days=2),
        "approved_on": today - dt.timedelta(days=1),
        "actor": SYSTEM,
    }
    values.update(kw)
    return do_add_proxy(election, principal=principal, holder=holder, **values)


def test_it_caps_the_principals_of_one_proxy(shigou: Election, voters: Any, today: dt.date) -> None:
    for name in ("乙", "丙", "丁"):
        _proxy(shigou, voters[name], voters["甲"], today, relation="sibling")
    with pytest.raises(ActionError) as refused:
        _proxy(shigou, voters["戊"], voters["甲"], today, relation="sibling")
    assert "3" in refused.value.message and refused.value.field == "holder"
    assert Proxy.objects.count() == 3


def test_it_refuses_a_proxy_who_is_no_near_relative(shigou: Election, voters: Any, today: dt.date) -> None:
    with pytest.raises(ActionError) as refused:
        _proxy(shigou, voters["乙"], voters["甲"], today, relation="neighbour")
    assert refused.value.field == "relation" and not Proxy.objects.exists()


def test_it_refuses_a_proxy_on_another_roll(
    shigou: Election, voters: Any, today: dt.date, days: Round
) -> None:
    shangping = committee(days, SHANGPING)
    row = [person(99), "外村人", SHANGPING, "第1村民小组", "0099", "是", "是", ""]
    do_import_voters(days, "other.csv", csv_file([row]), actor=SYSTEM)
    outsider = Voter.objects.get(election=shangping)
    with pytest.raises(ActionError) as refused:
        _proxy(shigou, voters["乙"], outsider, today)
    assert refused.value.field == "holder" and not Proxy.objects.exists()
    with pytest.raises(ActionError) as refused:
        _proxy(shigou, outsider, voters["乙"], today)
    assert refused.value.field == "principal"


def test_it_refuses_an_authorisation_after_the_profiles_deadline(
    shigou: Election, voters: Any, today: dt.date
) -> None:
    # Zhejiang: requests at least 3 days before the election day (ZJ Art.24); the day two days ahead.
    Round.objects.filter(pk=shigou.round_id).update(profile="zhejiang")
    Election.objects.filter(pk=shigou.pk).update(election_day=today + dt.timedelta(days=2))
    shigou = Election.objects.select_related("round", "unit").get(pk=shigou.pk)
    with pytest.raises(ActionError) as refused:
        _proxy(shigou, voters["乙"], voters["丙"], today, written_on=today, approved_on=today)
    assert refused.value.field == "written_on" and not Proxy.objects.exists()
    due = today - dt.timedelta(days=1)
    _proxy(shigou, voters["乙"], voters["丙"], today, written_on=due, approved_on=today)
    assert Proxy.objects.count() == 1


def test_it_refuses_a_second_vote_by_delegation_or_mobile_box(
    shigou: Election, voters: Any, today: dt.date
) -> None:
    _proxy(shigou, voters["乙"], voters["丙"], today)
    with pytest.raises(ActionError):  # the principal has delegated already
        _proxy(shigou, voters["乙"], voters["丁"], today)
    with pytest.raises(ActionError):  # no re-delegation: 乙 is away, he cannot vote for 丁
        _proxy(shigou, voters["丁"], voters["乙"], today)
    mobile = do_add_station(shigou, kind="mobile", name="流动票箱", actor=SYSTEM)
    do_add_mobile_voter(mobile, voter=voters["戊"], reason="ill", actor=SYSTEM)
    with pytest.raises(ActionError):
        _proxy(shigou, voters["戊"], voters["己"], today)
    with pytest.raises(ActionError):
        do_add_mobile_voter(mobile, voter=voters["乙"], reason="old", actor=SYSTEM)
    assert Proxy.objects.count() == 1


def test_it_refuses_an_outsider(shigou: Election, voters: Any, today: dt.date, outsider: Any) -> None:
    with pytest.raises(NotAllowed):
        _proxy(shigou, voters["乙"], voters["丙"], today, actor=outsider)
    assert not Proxy.objects.exists()


def test_it_publishes_names_only_and_completes_the_stage(
    client_for: Any, shigou: Election, voters: Any, today: dt.date, clerk: Any
) -> None:
    proxy = _proxy(shigou, voters["乙"], voters["丙"], today)
    mobile = do_add_station(shigou, kind="mobile", name="流动票箱", actor=SYSTEM)
    do_add_mobile_voter(mobile, voter=voters["戊"], reason="ill", actor=SYSTEM)
    notes = proxy_notes(shigou)
    assert "委托人乙，受委托人丙（配偶）" in notes and "戊" in notes
    assert not re.search(FULL_ID, notes) and voters["乙"].resident.id_masked not in notes
    publish(shigou, today)
    client = client_for(clerk)
    response = client.post(f"/office/elections/{shigou.pk}/registers/publish/", {"completed_on": today})
    assert response.status_code == 302
    stage = proxies_stage(shigou)
    assert stage is not None and stage.status == "done" and "受委托人丙" in stage.notes
    notice = Notice.objects.get(election=shigou, stage="proxies")
    assert "受委托人丙" in notice.body_zh and not re.search(FULL_ID, notice.body_zh)
    proxy.refresh_from_db()
    assert proxy.published_on == today
    page = client.get(f"/office/elections/{shigou.pk}/registers/").content.decode()
    assert "publish-form" not in page and not re.search(FULL_ID, page)


def test_it_records_a_proxy_through_the_page_with_located_errors(
    client_for: Any, shigou: Election, voters: Any, today: dt.date, clerk: Any, outsider: Any
) -> None:
    client = client_for(clerk)
    form = {
        "principal": "乙",
        "holder": "无此人",
        "relation": "spouse",
        "written_on": today - dt.timedelta(days=1),
        "approved_on": today,
    }
    response = client.post(f"/office/elections/{shigou.pk}/registers/proxies/", form)
    assert response.status_code == 200 and "无此人" in response.content.decode()
    assert not Proxy.objects.exists()
    response = client.post(f"/office/elections/{shigou.pk}/registers/proxies/", {**form, "holder": "丙"})
    assert response.status_code == 302
    proxy = Proxy.objects.get()
    pdf = client.get(f"/office/proxies/{proxy.pk}/authorisation.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    outsider_client = client_for(outsider)
    assert outsider_client.get(f"/office/proxies/{proxy.pk}/authorisation.pdf").status_code == 404
    assert outsider_client.post(f"/office/proxies/{proxy.pk}/withdraw/").status_code == 404
    assert outsider_client.post(f"/office/elections/{shigou.pk}/registers/proxies/", form).status_code == 404
    assert Proxy.objects.count() == 1


def test_it_withdraws_a_proxy_only_before_the_list_is_published(
    client_for: Any, shigou: Election, voters: Any, today: dt.date, clerk: Any
) -> None:
    first = _proxy(shigou, voters["乙"], voters["丙"], today)
    client = client_for(clerk)
    assert client.post(f"/office/proxies/{first.pk}/withdraw/").status_code == 302
    assert not Proxy.objects.exists()
    second = _proxy(shigou, voters["乙"], voters["丙"], today)
    publish(shigou, today)
    stage = proxies_stage(shigou)
    assert stage is not None
    do_publish_proxies(stage, completed_on=today, actor=clerk)
    client.post(f"/office/proxies/{second.pk}/withdraw/")
    assert Proxy.objects.filter(pk=second.pk, published_on=today).exists()
    late = _proxy(shigou, voters["丁"], voters["戊"], today)
    assert late.published_on is None
    assert (
        "未公布" in client.get(f"/office/elections/{shigou.pk}/registers/").content.decode()
    )  # not published
