"""The recommended list against the 20 % differential (P4), the branch's structure (P2), who may stand
(P1), and the higher committee's approval (P9). A refused list names the rule and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.party.actions import do_approve_candidates, do_set_candidates
from huanjie.party.models import PartyCandidate, PartyElection
from huanjie.rules.party import min_candidates
from huanjie.rules.profiles import load
from tests.party.conftest import HIGHER, add_members

pytestmark = pytest.mark.django_db


def _set(branch: Election, seats: int, committee: list[Any], secretary: list[Any], deputy: list[Any]) -> None:
    do_set_candidates(
        branch,
        seats=seats,
        deputy=bool(deputy),
        committee=committee,
        secretary=secretary,
        deputy_secretary=deputy,
        actor=SYSTEM,
    )


@pytest.mark.parametrize("seats", [3, 5, 7])
def test_it_refuses_a_list_short_of_the_differential(branch: Election, seats: int) -> None:
    members = add_members(branch, 12)
    need = min_candidates(seats, load("gansu"))
    assert need == {3: 4, 5: 6, 7: 9}[seats]  # golden vector 16: 20 %, rounded up
    with pytest.raises(ActionError) as exc:
        _set(branch, seats, members[: need - 1], members[:1], [])
    assert (
        exc.value.field == "committee_member" and f"{need}" in exc.value.message and "P4" in exc.value.message
    )
    assert not PartyCandidate.objects.exists() and not PartyElection.objects.exists()
    _set(branch, seats, members[:need], members[:1], members[1:2])
    assert PartyCandidate.objects.filter(post="committee_member").count() == need


def test_it_takes_the_secretary_and_deputy_from_the_committee_candidates(branch: Election) -> None:
    members = add_members(branch, 8)
    with pytest.raises(ActionError) as exc:
        _set(branch, 3, members[:4], members[5:6], [])
    assert exc.value.field == "secretary"
    with pytest.raises(ActionError) as exc:
        _set(branch, 3, members[:4], members[:1], members[:1])
    assert exc.value.field == "deputy_secretary"
    assert not PartyCandidate.objects.exists()


def test_it_lets_only_full_members_with_voting_rights_stand(branch: Election) -> None:
    members = add_members(branch, 8)
    probationary = add_members(branch, 1, prefix="预备", standing="probationary")
    with pytest.raises(ActionError) as exc:
        _set(branch, 3, [*members[:3], *probationary], members[:1], [])
    assert "P1" in exc.value.message and not PartyCandidate.objects.exists()


def test_it_elects_only_a_secretary_in_a_branch_of_fewer_than_seven(branch: Election) -> None:
    members = add_members(branch, 5)
    with pytest.raises(ActionError) as exc:
        _set(branch, 3, members[:4], members[:1], [])
    assert exc.value.field == "seats"
    _set(branch, 0, [], members[:1], members[1:2])
    assert PartyElection.objects.get(election=branch).seats == 0


def test_it_needs_the_approval_again_after_the_list_changes(branch: Election, today: dt.date) -> None:
    members = add_members(branch, 8)
    with pytest.raises(ActionError):
        do_approve_candidates(branch, approved_on=today, approved_by=HIGHER, document="", actor=SYSTEM)
    _set(branch, 3, members[:4], members[:1], [])
    with pytest.raises(ActionError) as exc:
        do_approve_candidates(branch, approved_on=today, approved_by="", document="", actor=SYSTEM)
    assert exc.value.field == "approved_by"
    do_approve_candidates(branch, approved_on=today, approved_by=HIGHER, document="1号", actor=SYSTEM)
    assert PartyElection.objects.get(election=branch).candidates_approved_on == today
    _set(branch, 3, members[1:5], members[1:2], [])
    assert PartyElection.objects.get(election=branch).candidates_approved_on is None
