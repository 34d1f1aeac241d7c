"""Assessment of candidates for director and secretary: teams assigned to streets, the democratic
evaluation's counts (no more ratings than participants), talks and conclusion; the district's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.candidates.models import Assessment, TeamStreet
from huanjie.candidates.reviews import do_assign_team, do_record_assessment
from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Round
from huanjie.supervision.actions import do_form_team
from huanjie.supervision.models import Team
from huanjie.voters.models import Resident
from tests.candidates.conftest import villagers
from tests.elections.conftest import committee, party
from tests.party.conftest import add_members

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _team(rnd: Round, today: dt.date, kind: str = "assessment") -> Team:
    return do_form_team(
        rnd, kind=kind, name="区委换届考察第一组", leader="张华", starts_on=today, ends_on=today, actor=SYSTEM
    )


def _zhang(election: Any) -> Resident:
    """张伟 of the unit (the assessment comes before nomination: any resident may be assessed)."""
    found = Resident.objects.filter(unit=election.unit, name="张伟").first()
    if found is not None:
        return found
    villagers(election, ["张伟"], "male")
    return Resident.objects.get(unit=election.unit, name="张伟")


def _assess(election: Any, today: dt.date, actor: Any, **kw: Any) -> Assessment:
    values: dict[str, Any] = {
        "person": _zhang(election), "post": "director", "held_on": today, "participants": 40, "excellent": 25,
        "competent": 10, "basic": 3, "incompetent": 1, "talks": 12, "talk_notes": "群众认可度高",
        "conclusion": "suitable", "conclusion_text": "建议作为主任候选人人选",
    }  # fmt: skip
    return do_record_assessment(election, actor=actor, **{**values, **kw})


def test_it_refuses_more_ratings_than_participants(rnd: Round, today: dt.date, admin: Any) -> None:
    election = committee(rnd, SHIGOU)
    with pytest.raises(ActionError, match=r"41.*40"):
        _assess(election, today, admin, excellent=27)
    with pytest.raises(ActionError, match="whole numbers"):
        _assess(election, today, admin, talks=-1)
    with pytest.raises(ActionError, match="secretary or director"):
        _assess(election, today, admin, post="member")
    assert not Assessment.objects.exists()


def test_it_records_assessments_under_the_streets_team(
    client: Any, rnd: Round, today: dt.date, admin: Any, officer: Any, tree: Any
) -> None:
    team = _team(rnd, today)
    with pytest.raises(NotAllowed):
        do_assign_team(team, street=tree["Qingbaishi Street"], actor=officer)
    with pytest.raises(ActionError, match="assessment team"):
        do_assign_team(_team(rnd, today, "inspection"), street=tree["Qingbaishi Street"], actor=admin)
    client.force_login(admin)
    client.post(f"/office/rounds/{rnd.pk}/assessments/assign/", {"team": team.pk, "street": "620102023000"})
    assert TeamStreet.objects.get().street == tree["Qingbaishi Street"]
    election = committee(rnd, SHIGOU)
    zhang = _zhang(election)
    # Any registered voter may be assessed (it comes before nomination): a type-ahead picker over the
    # roll, not a list of every voter; its search shows namesakes apart and its value is the resident.
    form = client.get(f"/office/elections/{election.pk}/assessment/").content.decode()
    assert 'id="id_person_search"' in form and "<option" not in form.split('name="person"')[0][-300:]
    found = client.get(f"/office/elections/{election.pk}/assessment/?q=张伟").content.decode()
    assert f'value="{zhang.pk}"' in found
    client.post(f"/office/elections/{election.pk}/assessment/", {"person": "r1", "held_on": ""})
    assert not Assessment.objects.exists()  # a value that is no resident of the roll changes nothing
    data = {
        "person": zhang.pk, "held_on": today.isoformat(), "participants": 40, "excellent": 25, "competent": 10,
        "basic": 3, "incompetent": 1, "talks": 12, "talk_notes": "", "conclusion": "suitable", "conclusion_text": "",
    }  # fmt: skip
    client.post(f"/office/elections/{election.pk}/assessment/", data)
    assessment = Assessment.objects.get()
    assert assessment.team == team and assessment.approval == 35
    _assess(election, today, admin, excellent=20)  # again: replaces, one row
    assert Assessment.objects.get().excellent == 20
    page = client.get(f"/office/rounds/{rnd.pk}/assessments/").content.decode()
    assert "张伟" in page and "区委换届考察第一组" in page and "东岗街道" in page  # Donggang has no team


def test_it_assesses_a_party_secretary_candidate_from_the_roll(
    rnd: Round, today: dt.date, admin: Any
) -> None:
    branch = party(rnd, SHIGOU)
    (ma,) = add_members(branch, 1, prefix="马建国")
    with pytest.raises(ActionError, match="party roll"):
        _assess(branch, today, admin, person=_zhang(committee(rnd, SHIGOU)), post="secretary")
    with pytest.raises(ActionError, match="secretary or director"):
        _assess(branch, today, admin, person=ma)
    _assess(branch, today, admin, person=ma, post="secretary")
    assessed = Assessment.objects.get()
    assert (assessed.post, assessed.member, assessed.name) == ("secretary", ma, ma.name)


def test_it_keeps_the_assessments_of_two_namesakes_apart(rnd: Round, today: dt.date, admin: Any) -> None:
    election = committee(rnd, SHIGOU)
    villagers(election, ["王建国"], "male", start=5)
    villagers(election, ["王建国"], "male", start=7)
    first, second = Resident.objects.filter(unit=election.unit, name="王建国").order_by("pk")
    _assess(election, today, admin, person=first, excellent=30, competent=5)
    _assess(election, today, admin, person=second, excellent=10, competent=10)
    rows = {a.resident_id: a.approval for a in Assessment.objects.filter(name="王建国")}
    assert rows == {first.pk: 35, second.pk: 20}


def test_it_hides_assessments_outside_the_scope(
    client: Any, rnd: Round, today: dt.date, admin: Any, outsider: Any, liaison: Any
) -> None:
    _assess(committee(rnd, SHIGOU), today, admin)
    client.force_login(liaison)  # Donggang Street: Shigou lies in Qingbaishi
    assert "张伟" not in client.get(f"/office/rounds/{rnd.pk}/assessments/").content.decode()
    client.force_login(outsider)
    assert client.get(f"/office/rounds/{rnd.pk}/assessments/").status_code == 404
    with pytest.raises(NotAllowed):
        _assess(committee(rnd, SHIGOU), today, outsider)
