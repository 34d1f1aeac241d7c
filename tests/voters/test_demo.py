"""The demo's rolls: built from the residents through the actions, objections once the list is posted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.demo.people import make_id_number
from huanjie.demo.voters import build_voters_demo
from huanjie.elections.models import Election
from huanjie.voters import idcrypto
from huanjie.voters.models import Objection, Resident, Voter
from tests.voters.conftest import publish

pytestmark = pytest.mark.django_db


def test_it_builds_the_rolls_and_two_objections(shigou: Election, today: dt.date) -> None:
    for n in range(6):
        number = make_id_number("620102", dt.date(1960 + n, 3, 3), n, "male")
        Resident.objects.create(
            unit=shigou.unit,
            name=f"孙{n}",
            sex="male",
            birth_year=1960 + n,
            id_hash=idcrypto.id_hash(number),
            id_masked=idcrypto.mask(number),
            id_cipher=idcrypto.encrypt(number),
            lives_here=n != 5,  # 孙5 lives away: not on the roll without his statement
        )
    build_voters_demo(shigou.round, today)
    assert Voter.objects.filter(election=shigou).count() == 5
    assert not Objection.objects.exists()  # the list is not posted yet
    publish(shigou, today - dt.timedelta(days=4))
    build_voters_demo(shigou.round, today)
    build_voters_demo(shigou.round, today)  # idempotent
    decisions = dict(Objection.objects.values_list("kind", "decision"))
    assert decisions == {"omitted": "accepted", "wrongly_listed": "rejected"}
    assert Voter.objects.get(resident__name="孙5").added_reason == "objection"
    assert Voter.objects.filter(election=shigou, status="registered").count() == 6


def test_it_needs_nothing_from_party_elections(rnd: Any, today: dt.date) -> None:
    build_voters_demo(rnd, today)  # no election day fixed: nothing to build
    assert not Voter.objects.exists()
