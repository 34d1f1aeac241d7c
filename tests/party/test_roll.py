"""The member roll: residents and members typed in, full and probationary, voting rights, approved
exclusions and the expected attendance (P1, P3); bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Election, Round
from huanjie.party import summary
from huanjie.party.actions import do_add_member, do_exclude_member, do_update_member
from huanjie.party.models import PartyMember
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Resident
from tests.elections.conftest import committee
from tests.party.conftest import HIGHER, SHIGOU, add_members
from tests.voters.conftest import csv_file, good_rows

pytestmark = pytest.mark.django_db
CHANGWA = "620102015201"


def _residents(rnd: Round, today: dt.date, unit: str, start: int = 0) -> list[Resident]:
    do_set_election_day(committee(rnd, unit), today + dt.timedelta(days=40), actor=SYSTEM)
    do_import_voters(rnd, "people.csv", csv_file(good_rows(unit, 2, start)), actor=SYSTEM)
    return list(Resident.objects.filter(unit__code=unit))


def test_it_takes_a_residents_identity_from_the_household_register(
    rnd: Round, today: dt.date, branch: Election, clerk: Any
) -> None:
    resident = _residents(rnd, today, SHIGOU)[0]
    member = do_add_member(
        branch,
        details={"name": "别的名字", "standing": "full", "education": "college"},
        resident=resident,
        actor=clerk,
    )
    assert (member.name, member.sex, member.birth_date) == (resident.name, resident.sex, resident.birth_date)
    with pytest.raises(ActionError):
        do_add_member(
            branch, details={"standing": "full"}, resident=resident, actor=clerk
        )  # already on the roll
    stranger = _residents(rnd, today, CHANGWA, start=100)[0]
    with pytest.raises(ActionError) as exc:
        do_add_member(branch, details={"standing": "full"}, resident=stranger, actor=clerk)
    assert exc.value.field == "resident" and PartyMember.objects.count() == 1


def test_it_refuses_bad_details_and_writes_nothing(branch: Election, clerk: Any) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"name": " ", "sex": "male", "standing": "full"}, "name"),
        ({"name": "甲", "sex": "x", "standing": "full"}, "sex"),
        ({"name": "甲", "sex": "male", "standing": "candidate"}, "standing"),
        ({"name": "甲", "sex": "male", "standing": "full", "education": "phd"}, "education"),
        ({"name": "甲", "sex": "male", "standing": "full", "birth_date": dt.date(2999, 1, 1)}, "birth_date"),
    ]
    for details, field in cases:
        with pytest.raises(ActionError) as exc:
            do_add_member(branch, details=details, actor=clerk)
        assert exc.value.field == field
    assert not PartyMember.objects.exists()


def test_it_counts_the_expected_as_voting_rights_less_approved_exclusions(
    branch: Election, clerk: Any
) -> None:
    full = add_members(branch, 10, actor=clerk)
    add_members(branch, 2, prefix="预备", standing="probationary", actor=clerk)
    do_update_member(full[9], details={"voting_rights": False}, actor=clerk)  # under 留党察看 (P1)
    with pytest.raises(ActionError) as exc:
        do_exclude_member(full[0], reason="away", approved_by=" ", approved_on=dt.date.today(), actor=clerk)
    assert exc.value.field == "exclusion_approved_by"
    with pytest.raises(ActionError):
        do_exclude_member(full[9], reason="ill", approved_by=HIGHER, approved_on=dt.date.today(), actor=clerk)
    do_exclude_member(full[0], reason="away", approved_by=HIGHER, approved_on=dt.date.today(), actor=clerk)
    roll = summary.counts(branch)
    assert (roll.members, roll.full, roll.probationary, roll.voting, roll.excluded, roll.expected) == (
        12,
        10,
        2,
        9,
        1,
        8,
    )
    assert not PartyMember.objects.filter(standing="probationary", voting_rights=True).exists()
    assert summary.structure(branch, roll) == "committee"


def test_it_keeps_the_roll_to_the_clerks_scope(
    branch: Election, tree: Any, outsider: Any, inspector: Any
) -> None:
    for actor in (outsider, inspector):
        with pytest.raises(NotAllowed):
            add_members(branch, 1, actor=actor)
    assert not PartyMember.objects.exists()
