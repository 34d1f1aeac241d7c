"""Polling day in the demo: each committee election voted, entered twice, counted by the rules engine.

Candidates are drawn from the unit's registered voters; the numbers are plausible (turnout 80–92 %, the
winners clear the majority); one village goes to a runoff for a member seat and one to a tie re-vote,
so that the demo shows both. The elected members' sex, birth date and ethnicity come from the household
register; education and party membership are the demo's own.
"""

from __future__ import annotations

import datetime as dt
import random

from huanjie.candidates.lists import formal_contests
from huanjie.core.actions import SYSTEM, SystemActor, action, audit
from huanjie.demo.polling_registers import enter_boxes
from huanjie.elections.models import Election
from huanjie.party.models import PartyMember
from huanjie.polling.actions import (
    do_count,
    do_open_follow_up,
    do_open_voting_round,
)
from huanjie.polling.elected import update_elected
from huanjie.polling.models import Contest, ElectedMember, VotingRound
from huanjie.rules.eligibility import age_on
from huanjie.voters.models import Voter, VoterStatus

RUNOFF_UNIT, TIE_UNIT = "白道坪村", "下坪村"
TELLERS = ("计票员甲", "计票员乙")  # entrants where the register names no tellers


def _shares(rng: random.Random, cast: int, shares: list[float], seats: int = 1) -> list[int]:
    """Votes for each candidate as shares of the ballots cast, rounded up (so that a majority share stays a
    majority on a small roll), then trimmed from the last-placed so that no post has more marks than
    seats × ballots (B15)."""
    votes = [min(cast, -(-cast * round(share * 1000) // 1000)) for share in shares]
    k = len(votes) - 1
    while sum(votes) > seats * cast and k >= 0:
        votes[k] = max(0, votes[k] - (sum(votes) - seats * cast))
        k -= 1
    return votes


def _enter(vr: VotingRound, counts: dict[str, int], tally: dict[str, dict[str, int]]) -> None:
    """A box per station of the election's registers (the central venue, sub-stations, the mobile box),
    each entered by the two tellers appointed in the register (huanjie.demo.polling_registers)."""
    enter_boxes(vr, counts, tally, TELLERS)


def _refs(contest: Contest) -> list[str]:
    return [line.ref for line in contest.entries.all()]


def poll_election(election: Election, day: dt.date, seed: int) -> None:
    """Vote, count, and settle runoffs or tie re-votes on the day; then record the elected's details."""
    if election.voting_rounds.exists():
        return
    rng = random.Random(f"{seed}:poll:{election.pk}")
    voters = list(
        Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).select_related("resident")
    )
    # The ballot carries the formal candidate list the nomination produced (huanjie.demo.candidates).
    formal = {c["post"]: c["candidates"] for c in formal_contests(election)}
    shape = [len(formal.get(p, [])) for p in ("director", "deputy_director", "women_member", "member")]
    if len(voters) < 10 or shape != [2, 2, 2, 3]:
        return
    director, deputy = formal["director"], formal["deputy_director"]
    women_names, members = formal["women_member"], formal["member"]
    registered = len(voters)
    voted = registered * rng.randint(80, 92) // 100
    blank, invalid = voted // 60, voted // 80
    cast = voted - invalid
    unit = election.unit.name
    member_shares = [0.66, 0.55, 0.40]
    if unit == RUNOFF_UNIT:
        member_shares = [0.62, 0.46, 0.42]
    elif unit == TIE_UNIT:
        member_shares = [0.64, 0.53, 0.53]
    # Two residents of one name on the member list (the demo's namesake village, issue 17): the first is
    # elected, the other not, so that the result, the notice and the open data must tell them apart.
    names = [r.name for r in members]
    later = next((i for i, n in enumerate(names) if n in names[:i]), None)
    if later is not None and later != len(names) - 1:
        member_shares[later], member_shares[-1] = member_shares[-1], member_shares[later]
    shares = {
        "director": _shares(rng, cast, [rng.uniform(0.58, 0.74), 0.22]),
        "deputy_director": _shares(rng, cast, [rng.uniform(0.56, 0.70), 0.24]),
        "women_member": _shares(rng, cast, [rng.uniform(0.55, 0.68), 0.27]),
        "member": _shares(rng, cast, member_shares, seats=2),
    }
    contests = [
        {"post": "director", "seats": 1, "candidates": director},
        {"post": "deputy_director", "seats": 1, "candidates": deputy},
        {"post": "women_member", "seats": 1, "candidates": women_names},
        {"post": "member", "seats": 2, "candidates": members},
    ]
    vr = do_open_voting_round(election, held_on=day, registered=registered, contests=contests, actor=SYSTEM)
    # The tellers' sheets name each ballot line; the tally is keyed by the person's reference (issue 17).
    tally = {c.post: dict(zip(_refs(c), shares[c.post], strict=True)) for c in vr.contests.all()}
    counts = {
        "voters_signed": voted,
        "ballots_issued": voted,
        "ballots_collected": voted,
        "invalid": invalid,
        "blank": blank,
    }
    _enter(vr, counts, tally)
    result = do_count(vr, actor=SYSTEM)
    for _ in range(2):  # a tie re-vote or a runoff, held the same day
        if not any(c["tie_revote"] or c["runoff_candidates"] for c in result["contests"]):
            break
        follow = do_open_follow_up(vr, held_on=day, actor=SYSTEM)
        again = voted * 9 // 10
        follow_tally: dict[str, dict[str, int]] = {}
        for contest in follow.contests.all():
            # The first-placed take the remaining seats with a clear lead; the last gets the rest.
            refs = _refs(contest)
            split = [0.55 if k < contest.seats else 0.30 for k in range(len(refs))]
            follow_tally[contest.post] = dict(
                zip(refs, _shares(rng, again, split, seats=contest.seats), strict=True)
            )
        counts_again = {
            "voters_signed": again,
            "ballots_issued": again,
            "ballots_collected": again,
            "invalid": 0,
            "blank": 0,
        }
        _enter(follow, counts_again, follow_tally)
        result = do_count(follow, actor=SYSTEM)
        vr = follow
    _details(election, rng, actor=SYSTEM)


EDUCATION_BY_AGE = (  # (max age, weights for primary, junior, senior, college, university)
    (35, (1, 3, 5, 6, 4)),
    (50, (2, 6, 6, 3, 1)),
    (200, (5, 7, 3, 1, 0)),
)


@action("demo.elected_details", capability=None)
def _details(election: Election, rng: random.Random, *, actor: SystemActor) -> None:
    """The elected members' details as the clerk types them from the people's records, one event for the
    election."""
    filled = 0
    for member in ElectedMember.objects.filter(election=election).select_related("resident", "voting_round"):
        resident = member.resident  # the person, never a namesake
        if resident is None:
            continue
        age = age_on(resident.birth_date, member.voting_round.held_on)
        weights = next(w for limit, w in EDUCATION_BY_AGE if age <= limit)
        education = rng.choices(["primary", "junior", "senior", "college", "university"], weights=weights)[0]
        # Issue 17: one person, one education — the record's, or the party roll's where they are a member.
        on_roll = PartyMember.objects.filter(resident=resident).exclude(education="")
        education = resident.education or on_roll.values_list("education", flat=True).first() or education
        details = {
            "sex": resident.sex,
            "birth_date": resident.birth_date,
            "ethnicity": resident.ethnicity,
            "education": education,
            "party_member": resident.party_member or rng.random() < 0.55,
            "previous_post": rng.choice(["", "", "委员", "村民小组长"]),
        }
        update_elected(member, details)
        filled += 1
    audit(election, division_path=election.unit.path, after={"members": filled})


def result_notes(election: Election) -> str:
    """The result notice's list of the elected, post by post, as it is read out at the meeting."""

    members = list(ElectedMember.objects.filter(election=election).order_by("voting_round__seq", "pk"))
    if not members:
        return ""
    return result_text(election, members)


def result_text(election: Election, members: list[ElectedMember]) -> str:
    """当选人员 with namesakes told apart as the ballot printed them (the name and the villager group), and
    the write-ins the election committee could not identify, counted for no one."""
    from huanjie.polling.lines import people_of
    from huanjie.rules.terms import POST_ZH, Post

    rounds = list(election.voting_rounds.filter(status=VotingRound.Status.COUNTED).order_by("seq"))
    labels = {ref: label for vr in rounds for ref, label in people_of(vr.result).items()}
    lines = [f"{POST_ZH[Post(m.post)]}：{labels.get(m.ref, m.name)}（得票{m.votes}）" for m in members]
    unresolved = [
        f"{POST_ZH[Post(c['post'])]}另选他人“{w['written']}”{w['votes']}票（无法确认为选民名单中的人员，不计入任何人）"
        for vr in rounds
        for c in (vr.result or {}).get("contests", [])
        for w in c.get("write_ins", [])
        if not w["resolved"]
    ]
    return "当选人员：\n" + "\n".join(lines) + ("\n" + "\n".join(unresolved) if unresolved else "")
