"""The party organisations' elections in the demo, step by step through the actions the office uses.

`party_step(election_pk, stage, day, seed)` runs what a branch does at a stage: the roll and the
recommended list (PARTY_CANDIDATES), the higher committee's approval (PARTY_CANDIDATE_APPROVAL), the
attendance and the assembly's vote (PARTY_ASSEMBLY), the plenary (PARTY_COMMITTEE_PLENARY) and the
approval of the result (PARTY_RESULT_APPROVAL). Each step is idempotent and does nothing where the step
before it did not happen.

The seed's figures for the 17 villages that finish (secretaries' average age 45, the members' 44; among
the members 6 with college education or above, 14 with senior secondary or above) are planned over all
villages together (party_plan.py); Changwa's assembly falls short of its quorum, so its branch stalls.
"""

from __future__ import annotations

import datetime as dt
import math

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError
from huanjie.demo.party_plan import STALL_UNIT, Branch, Planned, plan_for
from huanjie.elections.models import Election
from huanjie.party.actions import (
    copy_elected_details,
    do_add_member,
    do_approve_candidates,
    do_approve_result,
    do_exclude_member,
    do_open_assembly,
    do_open_plenary,
    do_record_attendance,
    do_set_candidates,
    do_update_member,
)
from huanjie.party.models import PartyCandidate, PartyElection, PartyMember
from huanjie.polling.actions import do_add_box, do_count, do_enter_tally
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.rules.arith import smallest_majority
from huanjie.rules.calendar import Stage

TELLERS = ("计票员甲", "计票员乙")
NAMESAKE_UNIT = "徐家湾村"  # its branch has two members of one name (issue 17), as its village has two 王建国
# The stages at which a branch does its own work, in order; Changwa stalls from the third (the assembly).
STEPS = (
    Stage.PARTY_CANDIDATES,
    Stage.PARTY_CANDIDATE_APPROVAL,
    Stage.PARTY_ASSEMBLY,
    Stage.PARTY_COMMITTEE_PLENARY,
    Stage.PARTY_RESULT_APPROVAL,
)
BOX = "党员大会会场"


def party_step(election_pk: int, stage: str, day: dt.date, seed: int) -> None:
    election = Election.objects.select_related("round", "unit", "street", "body").get(pk=election_pk)
    branch = plan_for(election, seed)
    if branch is None:
        return
    if stage == Stage.PARTY_CANDIDATES:
        _roll_and_list(election, branch, day)
    elif stage == Stage.PARTY_CANDIDATE_APPROVAL:
        party = PartyElection.objects.filter(election=election).first()
        if party is not None and party.candidates_approved_on is None:
            do_approve_candidates(
                election,
                approved_on=day,
                approved_by=_higher(election),
                document=_doc(election, 1),
                actor=SYSTEM,
            )
    elif stage == Stage.PARTY_ASSEMBLY:
        _assembly(election, branch, day)
    elif stage == Stage.PARTY_COMMITTEE_PLENARY:
        _plenary(election, branch, day)
    elif stage == Stage.PARTY_RESULT_APPROVAL:
        party = PartyElection.objects.filter(election=election).first()
        has_secretary = ElectedMember.objects.filter(election=election, post="secretary").exists()
        if party is not None and party.result_approved_on is None and has_secretary:
            do_approve_result(
                election,
                approved_on=day,
                approved_by=_higher(election),
                document=_doc(election, 2),
                actor=SYSTEM,
            )


def _higher(election: Election) -> str:
    return f"中共{election.street.name}工作委员会"


def _doc(election: Election, n: int) -> str:
    """A plausible document number of the street's party working committee: 〔year〕 and a serial."""
    serial = int(election.unit.code[-3:]) * 2 + n
    return f"{election.street.name[:2]}党工发〔{election.round.starts_on.year + (n > 1)}〕{serial}号"


def _add(election: Election, p: Planned) -> PartyMember:
    details = {
        "name": p.name,
        "sex": p.sex,
        "birth_date": p.birth_date,
        "education": p.education,
        "ethnicity": p.ethnicity,
        "standing": p.standing,
        "previous_post": p.previous_post,
    }
    member = do_add_member(election, details=details, resident=p.resident, actor=SYSTEM)
    if not p.voting_rights:
        do_update_member(member, details={"voting_rights": False}, actor=SYSTEM)
    return member


def _roll_and_list(election: Election, branch: Branch, day: dt.date) -> None:
    if PartyMember.objects.filter(election=election).exists():
        return
    made = {id(p): _add(election, p) for p in branch.roll}
    if election.unit.name == NAMESAKE_UNIT:
        _namesake(election, branch.winners[0])
    for p in branch.roll:
        if p.exclusion:
            do_exclude_member(
                made[id(p)],
                reason=p.exclusion,
                approved_by=_higher(election),
                approved_on=day,
                actor=SYSTEM,
            )
    committee = [made[id(p)] for p in branch.winners + branch.losers] if branch.seats else []
    secretary = [made[id(branch.winners[0])]]
    deputy = [made[id(branch.winners[1])]] if branch.deputy else []
    do_set_candidates(
        election,
        seats=branch.seats,
        deputy=branch.deputy,
        committee=committee,
        secretary=secretary,
        deputy_secretary=deputy,
        actor=SYSTEM,
    )


def _namesake(election: Election, twin: Planned) -> PartyMember:
    """A probationary member of the same name as the secretary's candidate, not on the household register
    (issue 17): two members of one name on the roll, told apart by the year of birth, never merged."""
    born = twin.birth_date
    year = born.year + 11 if born.year + 11 < election.round.starts_on.year - 18 else born.year - 11
    details = {
        "name": twin.name,
        "sex": twin.sex,
        "birth_date": born.replace(year=year, day=min(born.day, 28)),
        "education": "senior",
        "ethnicity": twin.ethnicity,
        "standing": "probationary",
        "previous_post": "",
    }
    member = do_add_member(election, details=details, resident=None, actor=SYSTEM)
    do_update_member(member, details={"voting_rights": False}, actor=SYSTEM)
    return member


def _vote(vr: VotingRound, voted: int, tally: dict[str, dict[str, int]]) -> None:
    """One box at the meeting's venue, entered by two tellers, then counted by the rules engine."""
    box = do_add_box(vr, name=BOX, kind="central", actor=SYSTEM)
    data = {
        "voters_signed": voted,
        "ballots_issued": voted,
        "ballots_collected": voted,
        "invalid": 0,
        "blank": 0,
    }
    for teller in TELLERS:
        do_enter_tally(box, data={**data, "tally": tally}, actor=SYSTEM, entrant=teller)
    do_count(vr, actor=SYSTEM)


def _share(branch: Branch, k: int, voted: int, low: float = 0.68) -> int:
    """A winner's votes: a clear majority of those voting, varied from person to person."""
    share = low + (0.93 - low) * ((k * 37 + branch.salt) % 100) / 100
    return min(voted, max(smallest_majority(voted), math.ceil(voted * share)))


def _assembly(election: Election, branch: Branch, day: dt.date) -> None:
    party = PartyElection.objects.filter(election=election).first()
    if party is None or party.candidates_approved_on is None or election.voting_rounds.exists():
        return
    voting = [m for m in PartyMember.objects.filter(election=election) if m.can_vote]
    candidates = set(PartyCandidate.objects.filter(election=election).values_list("member_id", flat=True))
    here = sorted((m for m in voting if not m.exclusion), key=lambda m: (m.pk not in candidates, m.pk))
    expected = len(here)
    # Changwa's meeting falls short of four fifths: the vote cannot be held and the branch stalls.
    share = 0.7 if election.unit.name == STALL_UNIT else 0.86 + (branch.salt % 10) / 100
    present = min(expected, max(math.ceil(expected * share), 0 if share < 0.8 else -(-4 * expected // 5)))
    do_record_attendance(election, present={m.pk for m in here[:present]}, on=day, actor=SYSTEM)
    try:
        vr = do_open_assembly(election, held_on=day, actor=SYSTEM)
    except ActionError:
        return  # the quorum is not met: the assembly is called again another day (not in the demo)
    names = {c.post: [line.ref for line in c.entries.all()] for c in vr.contests.all()}
    tally: dict[str, dict[str, int]] = {}
    for post, people in names.items():
        seats = party.seats if post == "committee_member" else 1
        votes = [_share(branch, k, present) for k in range(min(seats, len(people)))]
        for _loser in people[seats:]:  # short of a majority, and within the seats × ballots marks (B15)
            votes.append(
                max(0, min(smallest_majority(present) - 1, present * 2 // 5, seats * present - sum(votes)))
            )
        tally[post] = dict(zip(people, votes, strict=True))
    _vote(vr, present, tally)
    if not party.seats:
        copy_elected_details(election, actor=SYSTEM)


def _plenary(election: Election, branch: Branch, day: dt.date) -> None:
    party = PartyElection.objects.filter(election=election).first()
    if party is None or not party.seats or election.voting_rounds.filter(sitting="committee").exists():
        return
    try:
        vr = do_open_plenary(election, held_on=day, actor=SYSTEM)
    except ActionError:
        return
    size = vr.registered
    tally = {
        c.post: {
            line.ref: size - (k + branch.salt + i) % 2 * (size > 3) for k, line in enumerate(c.entries.all())
        }
        for i, c in enumerate(vr.contests.all())
    }
    _vote(vr, size, tally)
    copy_elected_details(election, actor=SYSTEM)
