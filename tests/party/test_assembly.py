"""The assembly and the plenary: the quorum from the attendance (PR2020, P3: more than four fifths of the
expected, golden vector 15), the committee counted by polling through the rules engine on the members who
should attend (PR2020, P6: golden vector 17), the further election for the shortfall on the same base and
without seating anyone twice (P8), the secretary elected by a majority of the whole committee among its
members (P9), the approval."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.party.actions import (
    copy_elected_details,
    do_add_member,
    do_approve_result,
    do_open_assembly,
    do_open_plenary,
    do_record_attendance,
)
from huanjie.party.models import PartyElection, PartyMember
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally, do_open_follow_up
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.polling.writeins import do_decide_write_in, undecided
from huanjie.rules import profiles
from huanjie.rules.cases import case_from_json
from huanjie.rules.counting import count
from tests.party.conftest import HIGHER, add_members, approved_list
from tests.polling.people import keyed

pytestmark = pytest.mark.django_db
VOTES = {"a": 40, "b": 38, "c": 30, "d": 25, "e": 23, "f": 20}  # golden vector 17
CLEAR = {"a": 40, "b": 38, "c": 30, "d": 28, "e": 27, "f": 20}  # each of a–e above half of the 50 expected


def _branch_of_52(branch: Election, today: dt.date) -> list[PartyMember]:
    """52 members with voting rights, 2 approved exclusions: 50 expected; a–f the committee candidates."""
    from huanjie.party.actions import do_exclude_member

    named = [
        do_add_member(branch, details={"name": n, "sex": "male", "standing": "full"}, actor=SYSTEM)
        for n in VOTES
    ]
    members = named + add_members(branch, 46)
    for m in members[-2:]:
        do_exclude_member(m, reason="abroad", approved_by=HIGHER, approved_on=today, actor=SYSTEM)
    approved_list(branch, members, 5, today)
    return members


def _attend(branch: Election, members: list[PartyMember], n: int, today: dt.date) -> None:
    do_record_attendance(branch, present={m.pk for m in members[:n]}, on=today, actor=SYSTEM)


def _enter(vr: VotingRound, voted: int, tally: dict[str, dict[str, int]]) -> dict[str, Any]:
    box = do_add_box(vr, name="会场", kind="central", actor=SYSTEM)
    data = {
        "voters_signed": voted,
        "ballots_issued": voted,
        "ballots_collected": voted,
        "invalid": 0,
        "blank": 0,
    }
    for teller in ("甲", "乙"):
        do_enter_tally(box, data=keyed(box, {**data, "tally": tally}), actor=SYSTEM, entrant=teller)
    for post, written in undecided(vr):  # a name written in: the member of the roll it means
        member = PartyMember.objects.get(election=vr.election, name=written)
        do_decide_write_in(vr, post=post, written_as=written, member=member, actor=SYSTEM)
    result = copy.deepcopy(do_count(vr, actor=SYSTEM))  # the round keeps its own
    people = result["people"]
    for c in result["contests"]:  # the engine's references as the names the tests read
        for key in ("elected", "runoff_candidates", "tie_revote"):
            c[key] = [people[ref]["name"] for ref in c[key]]
    return result


def _lines(vr: VotingRound) -> list[str]:
    return [c.name for c in vr.contests.get().entries.all()]


def test_it_holds_the_vote_only_with_the_quorum(branch: Election, today: dt.date) -> None:
    members = _branch_of_52(branch, today)
    _attend(branch, members, 39, today)
    with pytest.raises(ActionError) as exc:
        do_open_assembly(branch, held_on=today, actor=SYSTEM)
    assert exc.value.field == "present" and "P3" in exc.value.message
    assert not VotingRound.objects.exists()
    _attend(branch, members, 40, today)  # exactly four fifths of 50: not more than four fifths
    with pytest.raises(ActionError) as exc:
        do_open_assembly(branch, held_on=today, actor=SYSTEM)
    assert "P3" in exc.value.message
    _attend(branch, members, 41, today)
    vr = do_open_assembly(branch, held_on=today, actor=SYSTEM)
    assert (vr.registered, vr.approved_exclusions, vr.sitting) == (52, 2, "assembly")
    assert _lines(vr) == list(VOTES)
    assert [c.member for c in vr.contests.get().entries.all()] == members[:6]  # the members, not names
    with pytest.raises(ActionError):
        add_members(branch, 1)  # the roll is closed once the assembly votes


def test_it_refuses_the_vote_before_the_higher_committee_approves(branch: Election, today: dt.date) -> None:
    members = add_members(branch, 8)
    _attend(branch, members, 8, today)
    with pytest.raises(ActionError):
        do_open_assembly(branch, held_on=today, actor=SYSTEM)
    assert not VotingRound.objects.exists()


def test_it_elects_the_committee_as_the_rules_engine_does(branch: Election, today: dt.date) -> None:
    members = _branch_of_52(branch, today)
    _attend(branch, members, 44, today)
    vr = do_open_assembly(branch, held_on=today, actor=SYSTEM)
    result = _enter(vr, 44, {"committee_member": VOTES})
    case = {
        "profile": "gansu",
        "body": "party_branch",
        "registered": 52,
        "approved_exclusions": 2,
        "voted": 44,
        "ballots_collected": 44,
        "contests": [{"post": "committee_member", "seats": 5, "tally": VOTES}],
    }
    engine = count(case_from_json(case), profiles.load("gansu"))
    assert result["contests"][0]["elected"] == list(engine.contests[0].elected) == ["a", "b", "c"]
    assert result["threshold"] == 26 and result["contests"][0]["runoff_candidates"] == ["d", "e", "f"]
    assert set(ElectedMember.objects.filter(post="committee_member").values_list("name", flat=True)) == set(
        "abc"
    )
    # P8: the further election for the 2 seats, same base (26 of the 50 expected); a vote for a, already
    # elected, seats nobody twice
    further = do_open_follow_up(vr, held_on=today, actor=SYSTEM)
    assert further.kind == "runoff" and _lines(further) == ["d", "e", "f"]
    again = _enter(further, 44, {"committee_member": {"a": 30, "d": 27, "e": 26, "f": 5}})
    assert again["threshold"] == 26 and again["contests"][0]["elected"] == ["d", "e"]
    assert ElectedMember.objects.filter(name="a").count() == 1


def test_it_voids_an_assembly_whose_ballots_show_no_quorum(branch: Election, today: dt.date) -> None:
    members = _branch_of_52(branch, today)
    _attend(branch, members, 44, today)
    vr = do_open_assembly(branch, held_on=today, actor=SYSTEM)
    result = _enter(vr, 39, {"committee_member": {"a": 30}})
    assert not result["valid"] and "P3" in result["reason"] and not ElectedMember.objects.exists()


def test_it_elects_the_secretary_by_a_majority_of_the_whole_committee(
    branch: Election, today: dt.date
) -> None:
    members = _branch_of_52(branch, today)
    with pytest.raises(ActionError):
        do_open_plenary(branch, held_on=today, actor=SYSTEM)  # no committee yet
    _attend(branch, members, 44, today)
    short = _enter(do_open_assembly(branch, held_on=today, actor=SYSTEM), 44, {"committee_member": VOTES})
    with pytest.raises(ActionError) as exc:
        do_open_plenary(branch, held_on=today, actor=SYSTEM)  # 3 of 5 seats filled (P8)
    assert "P8" in exc.value.message
    assert short["contests"][0]["vacancies"] == 2
    first = VotingRound.objects.get(sitting="assembly", kind="first")
    further = do_open_follow_up(first, held_on=today, actor=SYSTEM)
    _enter(further, 44, {"committee_member": {"d": 28, "e": 27}})
    with pytest.raises(ActionError):
        do_approve_result(branch, approved_on=today, approved_by=HIGHER, document="", actor=SYSTEM)
    plenary = do_open_plenary(branch, held_on=today, actor=SYSTEM)
    assert (plenary.sitting, plenary.registered) == ("committee", 5)
    result = _enter(plenary, 5, {"secretary": {"a": 3}, "deputy_secretary": {"b": 2}})
    elected = {c["post"]: c["elected"] for c in result["contests"]}
    assert elected == {"secretary": ["a"], "deputy_secretary": []}
    # Sex, birth date, education and party membership are the roll's record (issue 17): only the post in
    # the previous term is copied onto each elected member — "a" is elected twice (member, secretary).
    PartyMember.objects.filter(election=branch, name="a").update(previous_post="委员")
    assert copy_elected_details(branch, actor=SYSTEM) == 2
    assert copy_elected_details(branch, actor=SYSTEM) == 0
    secretary = ElectedMember.objects.get(post="secretary")
    assert secretary.party_member and secretary.sex == "male" and secretary.previous_post == "委员"
    do_approve_result(
        branch, approved_on=today, approved_by=HIGHER, document="党工发〔2026〕9号", actor=SYSTEM
    )
    assert PartyElection.objects.get(election=branch).result_approved_by == HIGHER


def test_it_refuses_the_vote_when_the_roll_no_longer_fits_the_list(branch: Election, today: dt.date) -> None:
    """P2: a list for a branch of 3–6 (secretary elected directly) cannot go to the vote once the roll has 7
    full members: the branch then elects a committee."""
    from huanjie.party.actions import do_approve_candidates, do_set_candidates

    members = add_members(branch, 6)
    do_set_candidates(
        branch, seats=0, deputy=False, committee=[], secretary=members[:1], deputy_secretary=[], actor=SYSTEM
    )
    do_approve_candidates(branch, approved_on=today, approved_by=HIGHER, document="", actor=SYSTEM)
    members += add_members(branch, 1, prefix="新党员")
    _attend(branch, members, 7, today)
    with pytest.raises(ActionError) as exc:
        do_open_assembly(branch, held_on=today, actor=SYSTEM)
    assert exc.value.field == "seats" and "P2" in exc.value.message
    assert not VotingRound.objects.exists()
