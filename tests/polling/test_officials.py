"""Scrutineers, tellers, callers and monitors: refused when a candidate, a declared near relative of one,
or of a candidate's household (B14); the refusal names the candidate and the relation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from huanjie.auditlog.models import Event
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election, Round
from huanjie.polling.models import Official
from huanjie.polling.officials import current_conflicts, do_appoint_official
from huanjie.polling.registers import do_add_station
from tests.polling import roll
from tests.voters.conftest import days, shigou

__all__ = ["days", "shigou"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(shigou: Election, today: dt.date) -> dict[str, Any]:
    people = roll.build(shigou)
    roll.ballot(shigou, today)
    return people


def test_it_refuses_a_candidate_as_teller(shigou: Election, voters: Any, clerk: Any) -> None:
    with pytest.raises(ActionError) as refused:
        do_appoint_official(shigou, role="teller", name="甲", actor=clerk)
    assert "甲" in refused.value.message and refused.value.field == "name"
    assert not Official.objects.exists()


def test_it_refuses_a_member_of_a_candidates_household(shigou: Election, voters: Any, clerk: Any) -> None:
    with translation.override("en"), pytest.raises(ActionError) as refused:
        do_appoint_official(shigou, role="scrutineer", voter=voters["甲妻"], actor=clerk)
    assert "甲妻" in refused.value.message and "甲" in refused.value.message
    assert "household" in refused.value.message and refused.value.field == "voter"
    assert not Official.objects.exists()


def test_it_refuses_a_declared_relative_naming_the_relation(
    shigou: Election, voters: Any, clerk: Any
) -> None:
    with translation.override("en"), pytest.raises(ActionError) as refused:
        do_appoint_official(
            shigou, role="caller", voter=voters["丙"], relative="乙", relation="sibling", actor=clerk
        )
    assert "乙" in refused.value.message and "sibling" in refused.value.message
    assert refused.value.field == "relative" and not Official.objects.exists()


@pytest.mark.parametrize(
    ("profile", "relation", "barred"),
    [
        ("zhejiang", "sibling", True),  # ZJ Art.22: spouse, parents, children, siblings
        ("zhejiang", "grandchild", False),
        ("shanghai", "sibling", False),  # SH: spouse and direct relatives
        ("shanghai", "grandchild", True),
        ("national", "grandchild", True),  # no national list: Civil Code Art.1045's near relatives ⚠
    ],
)
def test_it_bars_the_relatives_the_province_names(
    shigou: Election, voters: Any, clerk: Any, profile: str, relation: str, barred: bool
) -> None:
    Round.objects.filter(pk=shigou.round_id).update(profile=profile)
    election = Election.objects.select_related("round", "unit").get(pk=shigou.pk)
    appoint = {"role": "caller", "voter": voters["丙"], "relative": "乙", "relation": relation}
    if barred:
        with pytest.raises(ActionError) as refused:
            do_appoint_official(election, **appoint, actor=clerk)
        assert refused.value.field == "relative" and not Official.objects.exists()
    else:
        assert do_appoint_official(election, **appoint, actor=clerk).relation == relation


def test_it_appoints_an_unrelated_voter_with_one_audit_event(
    shigou: Election, voters: Any, clerk: Any
) -> None:
    before = Event.objects.count()
    official = do_appoint_official(shigou, role="teller", voter=voters["丁"], actor=clerk)
    assert official.name == "丁" and Event.objects.count() == before + 1
    with pytest.raises(ActionError):  # the same again
        do_appoint_official(shigou, role="teller", voter=voters["丁"], actor=clerk)


def test_it_flags_an_official_who_became_a_candidates_relative_later(
    shigou: Election, clerk: Any, today: dt.date
) -> None:
    people = roll.build(shigou)
    official = do_appoint_official(shigou, role="teller", voter=people["甲妻"], actor=clerk)
    assert current_conflicts(shigou) == {}
    roll.ballot(shigou, today)  # 甲 becomes a candidate
    assert "甲" in current_conflicts(shigou)[official.pk]


def test_it_puts_monitors_on_a_mobile_box_only(shigou: Election, voters: Any, clerk: Any) -> None:
    central = do_add_station(shigou, kind="central", name="中心会场", actor=clerk)
    with pytest.raises(ActionError) as refused:
        do_appoint_official(shigou, role="monitor", name="张三", station=central, actor=clerk)
    assert refused.value.field == "station"
    with pytest.raises(ActionError):
        do_appoint_official(shigou, role="monitor", name="张三", actor=clerk)


def test_it_refuses_an_outsider_and_a_voter_of_another_roll(
    shigou: Election, voters: Any, outsider: Any, inspector: Any
) -> None:
    with pytest.raises(NotAllowed):
        do_appoint_official(shigou, role="teller", name="张三", actor=outsider)
    with pytest.raises(NotAllowed):
        do_appoint_official(shigou, role="teller", name="张三", actor=inspector)
    assert not Official.objects.exists()


def test_it_shows_the_refusal_at_the_field_and_hides_the_page_from_outsiders(
    client_for: Any, shigou: Election, voters: Any, clerk: Any, outsider: Any
) -> None:
    client = client_for(clerk)
    response = client.post(
        f"/office/elections/{shigou.pk}/registers/officials/",
        {"role": "teller", "name": "", "voter": "甲妻", "relative": "", "relation": ""},
    )
    assert response.status_code == 200 and not Official.objects.exists()
    page = response.content.decode()
    assert "errorlist" in page and "甲妻" in page
    response = client.post(
        f"/office/elections/{shigou.pk}/registers/officials/", {"role": "teller", "voter": "丁"}
    )
    assert response.status_code == 302 and Official.objects.get().name == "丁"
    client = client_for(outsider)
    assert client.get(f"/office/elections/{shigou.pk}/registers/").status_code == 404
    official = Official.objects.get()
    assert client.post(f"/office/officials/{official.pk}/remove/").status_code == 404
    assert Official.objects.exists()
