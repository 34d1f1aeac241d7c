"""Access to personal data is logged: each opening of a roll page, a voter, a list or card PDF or a
residents page leaves who, what, which unit and how many people; the district administrator queries it,
within the district, by user, unit and date; other roles may not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from huanjie.accounts.models import User
from huanjie.auditlog.models import Access
from huanjie.demo.people import make_id_number
from huanjie.elections.models import Election
from huanjie.voters import idcrypto
from huanjie.voters.actions import do_build_roll
from huanjie.voters.models import Resident

pytestmark = pytest.mark.django_db


def _roll(election: Election, admin: User, count: int) -> None:
    for n in range(1, count + 1):
        number = make_id_number("620102", dt.date(1970, 1, n), n, "male")
        Resident.objects.create(
            unit=election.unit,
            name=f"钱{n}",
            sex="male",
            birth_year=1970,
            id_hash=idcrypto.id_hash(number),
            id_masked=idcrypto.mask(number),
            id_cipher=idcrypto.encrypt(number),
        )
    do_build_roll(election, actor=admin)


def test_it_logs_who_opened_the_roll_and_a_voter(
    shigou: Election, admin: User, clerk: User, client: Client
) -> None:
    _roll(shigou, admin, 3)
    client.force_login(clerk)
    assert client.get(f"/office/voters/elections/{shigou.pk}/").status_code == 200
    voter = shigou.voters.first()
    assert voter is not None
    assert client.get(f"/office/voters/voters/{voter.pk}/").status_code == 200
    assert client.get(f"/office/divisions/{shigou.unit.code}/residents/").status_code == 200
    rows = list(Access.objects.order_by("pk").values_list("username", "view", "people", "division_path"))
    assert rows == [
        ("clerk", "roll", 3, shigou.unit.path),
        ("clerk", "voter", 1, shigou.unit.path),
        ("clerk", "residents", 3, shigou.unit.path),
    ]
    assert client.get(f"/office/voters/elections/{shigou.pk}/?page=x").status_code == 200
    assert Access.objects.count() == 4
    client.get("/office/")  # no personal data: not logged
    assert Access.objects.count() == 4


def test_the_district_administrator_queries_it(
    shigou: Election, admin: User, clerk: User, inspector: User, outsider: User, client: Client, tree: Any
) -> None:
    _roll(shigou, admin, 2)
    client.force_login(clerk)
    client.get(f"/office/voters/elections/{shigou.pk}/")
    client.force_login(admin)
    page = client.get("/office/audit/access/", {"user": "clerk", "unit": shigou.unit.code})
    assert page.status_code == 200 and page.content.decode().count("<td>clerk</td>") == 1
    assert "<td>clerk</td>" not in client.get("/office/audit/access/", {"user": "admin"}).content.decode()
    since = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    assert "<td>clerk</td>" not in client.get("/office/audit/access/", {"since": since}).content.decode()
    client.force_login(outsider)  # another district: sees none of it
    other = client.get("/office/audit/access/", {"unit": shigou.unit.code})
    assert other.status_code == 200 and "<td>clerk</td>" not in other.content.decode()
    client.force_login(inspector)
    assert client.get("/office/audit/access/").status_code == 403
