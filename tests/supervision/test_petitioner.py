"""Issue 17: a petitioner, where known, points at the unit's resident — chosen with the resident picker
among the residents of the petition's unit, shown as name, group and year of birth, never the ID number."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from huanjie.auditlog.models import Access, Event
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election
from huanjie.supervision.actions import do_link_petitioner, do_receive_petition
from huanjie.supervision.models import Petition
from huanjie.units.models import Division
from huanjie.voters.models import Resident
from tests.supervision.conftest import CHANGWA, QINGBAISHI, SHIGOU
from tests.voters.conftest import FULL_ID
from tests.voters.residents_at_size import make_residents

pytestmark = pytest.mark.django_db

RADIO = re.compile(r'<input type="radio" name="resident" value="(\d+)"')


def _residents(rnd: Any, code: str, count: int = 3) -> list[Resident]:
    election = Election.objects.filter(round=rnd, unit__code=code, kind="villagers_committee").get()
    return make_residents(election, count, start=0 if code == SHIGOU else 100)


def _receive(rnd: Any, code: str = SHIGOU) -> Petition:
    return do_receive_petition(
        rnd, division=Division.objects.get(code=code), channel="visit", received_on=dt.date(2026, 12, 1),
        subject="选民登记有遗漏", content="外出务工人员未登记。", petitioners="村民1", petitioner_count=1,
        actor=SYSTEM,
    )  # fmt: skip


def test_it_links_a_resident_of_the_unit_and_audits_no_id_number(rnd: Any, officer: Any) -> None:
    petition = _receive(rnd)
    someone = _residents(rnd, SHIGOU)[1]
    do_link_petitioner(petition, resident=someone, actor=officer)
    petition.refresh_from_db()
    assert petition.petitioner == someone
    event = Event.objects.filter(action="supervision.petition.petitioner").get()
    assert event.after == {"petitioner": someone.pk} and event.division_path == petition.division.path
    assert someone.id_masked not in str(event.after) and not re.search(FULL_ID, str(event.after))

    do_link_petitioner(petition, resident=someone, actor=officer)  # the same again: nothing to record
    assert Event.objects.filter(action="supervision.petition.petitioner").count() == 1
    do_link_petitioner(petition, resident=None, actor=officer)
    petition.refresh_from_db()
    assert petition.petitioner is None


def test_it_refuses_a_resident_of_another_unit_or_a_street_petition(
    rnd: Any, officer: Any, admin: Any
) -> None:
    petition = _receive(rnd)
    elsewhere = _residents(rnd, CHANGWA)[0]
    with pytest.raises(ActionError) as refused:
        do_link_petitioner(petition, resident=elsewhere, actor=admin)
    assert refused.value.field == "resident"
    street = _receive(rnd, QINGBAISHI)
    with pytest.raises(ActionError):
        do_link_petitioner(street, resident=_residents(rnd, SHIGOU)[0], actor=officer)
    changwa = _receive(rnd, CHANGWA)
    with pytest.raises(NotAllowed):  # another street's petition
        do_link_petitioner(changwa, resident=elsewhere, actor=officer)
    assert not Petition.objects.filter(petitioner__isnull=False).exists()


def test_the_page_chooses_the_petitioner_with_the_picker(rnd: Any, client_for: Any, officer: Any) -> None:
    petition = _receive(rnd)
    residents = _residents(rnd, SHIGOU)
    client = client_for(officer)
    url = f"/office/supervision/petitions/{petition.pk}/"
    page = client.get(url).content.decode()
    assert f"/office/voters/units/{SHIGOU}/residents/" in page  # the picker asks the unit's residents
    found = client.get(url, {"q": "村民1"}).content.decode()  # without JavaScript: the page's own search
    assert [int(pk) for pk in RADIO.findall(found)] == [residents[1].pk]

    other = _residents(rnd, CHANGWA)[0]
    refused = client.post(url, {"form": "petitioner", "resident": other.pk})
    assert refused.status_code == 200 and b"errorlist" in refused.content
    assert Petition.objects.get(pk=petition.pk).petitioner is None

    assert client.post(url, {"form": "petitioner", "resident": residents[1].pk}).status_code == 302
    shown = client.get(url)
    html = shown.content.decode()
    chosen = residents[1]
    assert f"{chosen.name} · {chosen.group} · " in html and str(chosen.birth_year) in html
    assert chosen.id_masked not in html and not re.search(FULL_ID, html)
    access = Access.objects.filter(view="petition").latest("at")
    assert access.people == 1 and access.division_path == petition.division.path

    assert client.post(url, {"form": "unlink"}).status_code == 302
    assert Petition.objects.get(pk=petition.pk).petitioner is None


def test_an_inspector_sees_the_petitioner_but_cannot_choose(
    rnd: Any, client_for: Any, inspector: Any, officer: Any
) -> None:
    petition = _receive(rnd)
    chosen = _residents(rnd, SHIGOU)[0]
    do_link_petitioner(petition, resident=chosen, actor=officer)
    client = client_for(inspector)
    url = f"/office/supervision/petitions/{petition.pk}/"
    html = client.get(url).content.decode()
    assert chosen.name in html and 'id="petitioner-card"' not in html and 'value="unlink"' not in html
    client.post(url, {"form": "unlink"})
    assert Petition.objects.get(pk=petition.pk).petitioner == chosen


def test_a_street_petition_offers_no_picker(rnd: Any, client_for: Any, officer: Any) -> None:
    petition = _receive(rnd, QINGBAISHI)
    html = client_for(officer).get(f"/office/supervision/petitions/{petition.pk}/").content.decode()
    assert 'id="petitioner-card"' not in html
