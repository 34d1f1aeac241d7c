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
from tests.elections.conftest import committee, party

pytestmark = pytest.mark.django_db
SHIGOU = "620102023201"


def _team(rnd: Round, today: dt.date, kind: str = "assessment") -> Team:
    return do_form_team(
        rnd, kind=kind, name="区委换届考察第一组", leader="张华", starts_on=today, ends_on=today, actor=SYSTEM
    )


def _assess(election: Any, today: dt.date, actor: Any, **kw: Any) -> Assessment:
    values: dict[str, Any] = {
        "name": "张伟", "post": "director", "held_on": today, "participants": 40, "excellent": 25,
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
    data = {
        "name": "张伟", "held_on": today.isoformat(), "participants": 40, "excellent": 25, "competent": 10,
        "basic": 3, "incompetent": 1, "talks": 12, "talk_notes": "", "conclusion": "suitable", "conclusion_text": "",
    }  # fmt: skip
    client.post(f"/office/elections/{election.pk}/assessment/", data)
    assessment = Assessment.objects.get()
    assert assessment.team == team and assessment.approval == 35
    _assess(election, today, admin, excellent=20)  # again: replaces, one row
    assert Assessment.objects.get().excellent == 20
    page = client.get(f"/office/rounds/{rnd.pk}/assessments/").content.decode()
    assert "张伟" in page and "区委换届考察第一组" in page and "东岗街道" in page  # Donggang has no team


def test_it_assesses_a_party_secretary_candidate_by_name(rnd: Round, today: dt.date, admin: Any) -> None:
    branch = party(rnd, SHIGOU)
    with pytest.raises(ActionError, match="secretary or director"):
        _assess(branch, today, admin, name="马建国")
    _assess(branch, today, admin, name="马建国", post="secretary")
    assert Assessment.objects.get().post == "secretary"


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
