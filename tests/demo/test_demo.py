"""The demo district: the structure of shared/demo-district.md, accounts per role, valid residents."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from huanjie.accounts.models import User
from huanjie.rules.idnumber import parse
from huanjie.units.models import Body, Division
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_build: str) -> str:
    """The end-of-round build shared with test_demo_end.py (tests/demo/conftest.py)."""
    return demo_build


def test_it_builds_the_seed_districts_structure(demo: str) -> None:
    assert Division.objects.filter(level="street").count() == 24
    assert Division.objects.filter(level="unit", kind="community").count() == 125
    villages = Division.objects.filter(level="unit", kind="village")
    assert villages.count() == 18
    assert {v.parent.name for v in villages.select_related("parent") if v.parent} == {
        "东岗街道",
        "青白石街道",
        "伏龙坪街道",
        "雁园街道",
    }
    assert Division.objects.get(name="长洼村").parent.name == "东岗街道"  # type: ignore[union-attr]
    assert Division.objects.get(name="石沟村").parent.name == "青白石街道"  # type: ignore[union-attr]
    assert Division.objects.get(name="上坪村").parent.name == "青白石街道"  # type: ignore[union-attr]
    assert {"大浪沟村", "小雁滩村"} <= set(villages.values_list("name", flat=True))
    assert Body.objects.filter(kind="party_branch", unit__kind="village").count() == 18
    assert Division.objects.get(level="province").profile == "gansu"


def test_it_prints_accounts_for_every_role(demo: str) -> None:
    assert "huanjie-demo-2026" in demo
    assert set(User.objects.values_list("role", flat=True)) == {
        "district_admin",
        "street_officer",
        "clerk",
        "inspector",
        "liaison",
    }
    for user in User.objects.all():
        assert user.check_password("huanjie-demo-2026")


def test_it_makes_residents_with_valid_masked_id_numbers(demo: str) -> None:
    residents = list(Resident.objects.all()[:300])
    assert len(residents) == 300
    for r in residents:
        number = idcrypto.decrypt(r.id_cipher)
        parsed = parse(number)
        assert parsed.birth_date == r.birth_date
        assert parsed.sex == r.sex
        assert r.id_masked == idcrypto.mask(number) and "*" in r.id_masked
        assert r.id_hash == idcrypto.id_hash(number)
        assert 2 <= len(r.name) <= 3


def test_it_skips_a_second_build(demo: str) -> None:
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert Division.objects.filter(level="street").count() == 24


def test_it_never_shows_an_unmasked_id_number(demo: str, client: Any) -> None:
    client.force_login(User.objects.get(username="shigou"))
    shigou = Division.objects.get(name="石沟村")
    body = client.get(f"/office/divisions/{shigou.code}/residents/").content.decode()
    numbers = [idcrypto.decrypt(r.id_cipher) for r in Resident.objects.filter(unit=shigou)]
    assert numbers
    for number in numbers:
        assert number not in body
    assert idcrypto.mask(numbers[0]) in body


def test_a_build_ends_by_gathering_the_planners_statistics(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 20: without statistics (autovacuum may be off, or not yet come by) PostgreSQL planned a
    full-scale unit's roll page at 250-800 ms instead of 90; the build gathers them itself."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from huanjie.demo.management.commands import demo as command

    built: list[str] = []
    monkeypatch.setattr(command, "is_loaded", lambda: False)
    monkeypatch.setattr(command, "build", lambda scale, seed, progress: built.append(scale))
    out = io.StringIO()
    with CaptureQueriesContext(connection) as queries:
        call_command("demo", "--scale", "full", stdout=out)
    assert built == ["full"]
    assert [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")] == ["ANALYZE"]
    assert "ANALYZE" in out.getvalue()
