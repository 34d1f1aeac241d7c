"""Village party organisation elections (P1–P9), after the CPC basic-level election rules (PR2020).

P2 ◐: a branch committee (``party_committee_seats_min``–``_max`` seats) needs ≥ 7 full members
(``party_committee_min_members``); with 3–6 the assembly elects the secretary (± deputy) directly.
P3 ◐: the vote is valid when the members with voting rights present *exceed* four fifths of those who
should attend (``5·present > 4·expected``; ``party_quorum_strict``), ``expected`` = members with voting
rights minus the approved exclusions. P4 ◐⚠: candidates ≥ seats × (100 + 20) %, rounded up; the secretary
and deputy candidates are committee candidates (equal-number elections in the plenary). P5 ◐: ballots
collected > ballots issued → the round is void. P6 ◐: elected iff ``2·yes > base``, base = the members with
voting rights who should attend (``party_majority_base``, ``expected`` in every profile), in the first vote
and in a further election (另行选举) alike; in the committee's plenary the base is all its members. P7:
top by votes, ties re-voted. P8: a shortfall is never filled by plurality: a further vote among the
unelected, or — with the consent of more than half of the electors — fewer seats; a person elected in an
earlier voting round of the same election is never seated again. P9: the secretary and deputy are
elected by the new committee (majority of all its members) and need the higher organisation's approval;
only committee members can be elected there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .allocation import allocate, ranked
from .arith import ceil_div, smallest_majority
from .ballots import check_reconciliation
from .cases import Case, ContestResult, RoundResult, void_result
from .explain import PR, Decision, Reason, decision
from .profiles import Profile
from .terms import POST_EN, POST_RANK, POST_ZH, Post, RoundKind

BRANCH_MIN_MEMBERS = 3
OFFICERS = (Post.SECRETARY, Post.DEPUTY_SECRETARY)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a list or a sitting cannot go ahead: the input field it concerns and the rule."""

    field: str
    reason: Reason


def quorum(expected_roll: int, exclusions: int, present: int, profile: Profile) -> Decision:
    """P3: members present with voting rights against four fifths of those expected."""
    expected = expected_roll - exclusions
    strict = profile.party_quorum_strict
    ok = 5 * present > 4 * expected if strict else 5 * present >= 4 * expected
    op = "超过" if strict else "不少于"
    return decision(
        ok,
        Reason(
            "P3",
            profile.article("party_quorum_strict"),
            f"应到会有选举权党员{expected_roll}人，经批准不计入{exclusions}人，应到{expected}人；实到{present}人，"
            f"{'已' if ok else '未'}{op}应到会人数的五分之四，选举{'有效' if ok else '无效'}。",
            f"Expected {expected} ({expected_roll} minus {exclusions} approved exclusions), present "
            f"{present}: "
            f"quorum of four fifths ({'more than' if strict else 'at least'}) {'met' if ok else 'not met'}.",
        ),
    )


def min_candidates(seats: int, profile: Profile) -> int:
    """P4: the fewest candidates for ``seats`` committee seats (差额 ≥ 20 %, 进一法)."""
    return ceil_div(seats * (100 + profile.party_differential_percent), 100)


def check_differential(candidates: int, seats: int, profile: Profile) -> Decision:
    need = min_candidates(seats, profile)
    ok = candidates >= need
    return decision(
        ok,
        Reason(
            "P4",
            profile.article("party_differential_percent"),
            f"应选{seats}名，候选人应不少于{need}名（差额{profile.party_differential_percent}%，进一法），现有{candidates}名。",
            f"{seats} seats need at least {need} candidates ({profile.party_differential_percent} % "
            "rounded up); "
            f"{candidates} given.",
        ),
    )


def structure(full_members: int, profile: Profile) -> str:
    """P2: ``committee`` (≥ 7 full members), ``secretary_only`` (3–6), or ``too_few`` (< 3)."""
    if full_members >= profile.party_committee_min_members:
        return "committee"
    return "secretary_only" if full_members >= BRANCH_MIN_MEMBERS else "too_few"


def secretary_elected_by(full_members: int, profile: Profile) -> str:
    """P2, P9: ``plenary`` where the branch has a committee, ``assembly`` where it has none."""
    return "plenary" if structure(full_members, profile) == "committee" else "assembly"


def _p2(zh: str, en: str, profile: Profile) -> Reason:
    return Reason("P2", profile.article("party_committee_min_members"), zh, en)


def check_candidate_list(
    full_members: int,
    seats: int,
    deputy: bool,
    lists: Mapping[Post, Sequence[str]],
    profile: Profile,
) -> list[Refusal]:
    """The recommended list (A2 step 2): structure (P2), differential (P4), officers from the committee
    candidates (P4, P9). ``lists`` gives each post's candidates (any keys that tell persons apart)."""
    committee = list(lists.get(Post.COMMITTEE_MEMBER, ()))
    secretary = list(lists.get(Post.SECRETARY, ()))
    deputies = list(lists.get(Post.DEPUTY_SECRETARY, ()))
    shape = structure(full_members, profile)
    out: list[Refusal] = []
    if shape == "too_few":
        return [
            Refusal(
                "seats",
                _p2(
                    f"正式党员{full_members}人，不足{BRANCH_MIN_MEMBERS}人，不能成立支部。",
                    f"{full_members} full members: a branch needs at least {BRANCH_MIN_MEMBERS}.",
                    profile,
                ),
            )
        ]
    need = profile.party_committee_min_members
    if shape == "secretary_only":
        if seats or committee:
            out.append(
                Refusal(
                    "seats",
                    _p2(
                        f"正式党员{full_members}人，不足{need}人，不设支部委员会，由党员大会直接选举书记（副书记）。",
                        f"{full_members} full members, fewer than {need}: no committee; the assembly elects the "
                        "secretary (and deputy) directly.",
                        profile,
                    ),
                )
            )
        if not secretary:
            out.append(
                Refusal("secretary", _p2("须提出书记候选人。", "Name the candidate for secretary.", profile))
            )
    else:
        lo, hi = profile.party_committee_seats_min, min(profile.party_committee_seats_max, full_members)
        if not lo <= seats <= hi:
            out.append(
                Refusal(
                    "seats",
                    Reason(
                        "P2",
                        profile.article("party_committee_seats_max"),
                        f"正式党员{full_members}人，设支部委员会，委员应为{lo}至{hi}名，现为{seats}名。",
                        f"{full_members} full members: a committee of {lo} to {hi} members; {seats} given.",
                    ),
                )
            )
        diff = check_differential(len(committee), seats, profile)
        if not diff.ok:
            out.append(Refusal(Post.COMMITTEE_MEMBER.value, diff.reasons[0]))
        if len(secretary) != 1 or secretary[0] not in committee:
            out.append(
                Refusal(
                    "secretary",
                    Reason(
                        "P9",
                        PR,
                        "书记由委员会第一次全体会议等额选举产生：须从委员候选人中提出一名书记候选人。",
                        "The committee's first plenary elects the secretary (equal-number): name one candidate "
                        "from the committee candidates.",
                    ),
                )
            )
    if len(deputies) != (1 if deputy else 0) or any(
        d in secretary or (shape == "committee" and d not in committee) for d in deputies
    ):
        out.append(
            Refusal(
                "deputy_secretary",
                Reason(
                    "P9",
                    PR,
                    "副书记候选人须为一名（书记候选人以外的委员候选人），或不设副书记。",
                    "Name one candidate for deputy secretary, other than the secretary and (with a committee) "
                    "from the committee candidates, or elect no deputy.",
                ),
            )
        )
    return out


def check_plenary(seats: int, committee: Sequence[str], lists: Mapping[Post, Sequence[str]]) -> list[Refusal]:
    """P8, P9: the plenary sits once every committee seat is filled; its candidates are committee members."""
    out: list[Refusal] = []
    if len(committee) < seats:
        out.append(
            Refusal(
                Post.COMMITTEE_MEMBER.value,
                Reason(
                    "P8",
                    PR,
                    f"委员会应选{seats}名，已选出{len(committee)}名：须先就缺额另行选举（或经同意减少名额）。",
                    f"The committee has {len(committee)} of its {seats} members: fill the seats first (or "
                    "reduce them with the electors' consent).",
                ),
            )
        )
    for post in OFFICERS:
        outside = [n for n in lists.get(post, ()) if n not in committee]
        if outside:
            out.append(
                Refusal(
                    post.value,
                    Reason(
                        "P9",
                        PR,
                        f"{'、'.join(outside)}未当选委员，不能作为{POST_ZH[post]}候选人，须由上级党组织另行审批。",
                        f"{', '.join(outside)} was not elected to the committee and cannot stand for "
                        f"{POST_EN[post]}: the higher committee must approve another candidate.",
                    ),
                )
            )
    return out


def _shape_error(case: Case, profile: Profile) -> Reason | None:
    """P2, P9: what the sitting may elect, given the branch's full members where the case gives them."""
    posts = {c.post for c in case.contests}
    officers = bool(posts & set(OFFICERS))
    if case.sitting == "committee" and Post.COMMITTEE_MEMBER in posts:
        return Reason(
            "P9",
            PR,
            "委员会全体会议只选举书记、副书记。",
            "A committee plenary elects only the secretary and deputy.",
        )
    if case.full_members is None:
        return None
    by = secretary_elected_by(case.full_members, profile)
    shape = structure(case.full_members, profile)
    if shape == "too_few":
        return _p2(
            f"正式党员{case.full_members}人，不足{BRANCH_MIN_MEMBERS}人，不能成立支部。",
            f"{case.full_members} full members: too few for a branch.",
            profile,
        )
    if by == "plenary" and case.sitting == "assembly" and officers:
        return _p2(
            f"正式党员{case.full_members}人，设委员会：书记、副书记由委员会第一次全体会议选举，不由党员大会直接选举。",
            f"{case.full_members} full members: the committee's first plenary elects the secretary and deputy, "
            "not the assembly.",
            profile,
        )
    if by == "assembly" and (case.sitting == "committee" or Post.COMMITTEE_MEMBER in posts):
        return _p2(
            f"正式党员{case.full_members}人，不设委员会：由党员大会直接选举书记（副书记）。",
            f"{case.full_members} full members: no committee; the assembly elects the secretary directly.",
            profile,
        )
    return None


def _base(case: Case, profile: Profile, trace: list[Reason]) -> tuple[int, str, str] | None:
    """The majority base of the sitting (P6, P9), after the quorum (P3) for an assembly; None = void."""
    if case.sitting == "committee":
        return case.registered, "委员会全体委员", "all committee members"
    q = quorum(case.registered, case.approved_exclusions, case.voted, profile)
    trace.extend(q.reasons)
    if not q.ok:
        return None
    if profile.party_majority_base == "present":
        return case.voted, "实到会", "present"
    return case.registered - case.approved_exclusions, "应到会", "expected"


def count_party(case: Case, profile: Profile) -> RoundResult:
    """Count a party assembly (or committee plenary, ``sitting = committee``) voting round."""
    trace: list[Reason] = []
    issued = case.voted if case.ballots_issued is None else case.ballots_issued
    rec = check_reconciliation(case.voted, case.ballots_collected, issued, against="issued")
    trace.extend(rec.reasons)
    if not rec.ok:
        return void_result(case, trace)
    shape = _shape_error(case, profile)
    if shape is not None:
        trace.append(shape)
        return void_result(case, trace)
    sitting = _base(case, profile, trace)
    if sitting is None:
        return void_result(case, trace)
    base, base_zh, base_en = sitting
    plurality = case.round is RoundKind.TIE_REVOTE
    threshold = 1 if plurality else smallest_majority(base)
    further = case.round is RoundKind.RUNOFF
    trace.append(
        Reason(
            "P6",
            profile.article("party_majority_base"),
            f"{'另行选举仍' if further else ''}当选须获得{base_zh}有选举权党员{base}人的过半数赞成票（至少{threshold}票）。"
            if not plurality
            else "得票相等者再次投票，以得票多的当选。",
            f"{'Further election, same rule: e' if further else 'E'}lected with more than half of the {base} "
            f"{base_en} with voting rights (at least {threshold})."
            if not plurality
            else "Tie re-vote: most votes win.",
        )
    )
    # P8: whoever an earlier voting round of this election seated keeps that seat and is not seated again;
    # in the plenary the committee membership is the condition of standing, not a seat held.
    held_posts = OFFICERS if case.sitting == "committee" else tuple(case.elected_before)
    holders: list[str] = [n for post in held_posts for n in case.elected_before.get(post, ())]
    committee = case.elected_before.get(Post.COMMITTEE_MEMBER, ()) if case.sitting == "committee" else ()
    results: dict[str, ContestResult] = {}
    for contest in sorted(case.contests, key=lambda c: POST_RANK[c.post]):
        label = POST_ZH[contest.post]
        notes: list[Reason] = []
        before = sorted(p for p in contest.tally if p in holders)
        if before:
            notes.append(
                Reason(
                    "P8",
                    PR,
                    f"{label}：{'、'.join(before)}已在本次选举中当选，不再计入。",
                    f"{POST_EN[contest.post]}: {', '.join(before)} already elected in this election; not counted.",
                )
            )
        outside = sorted(p for p in contest.tally if committee and p not in committee)
        if outside:
            notes.append(
                Reason(
                    "P9",
                    PR,
                    f"{label}：{'、'.join(outside)}不是委员会委员，得票不计。",
                    f"{POST_EN[contest.post]}: {', '.join(outside)} is not a committee member; votes do not count.",
                )
            )
        barred = set(holders) | set(outside)
        people = [(p, v) for p, v in ranked(contest.tally, lambda p, v: v >= threshold) if p not in barred]
        pick = allocate(people, contest.seats, holders)
        holders.extend(pick.elected)
        notes.extend(
            Reason(
                "P6",
                PR,
                f"{label}：{p}得{contest.tally[p]}票，当选。",
                f"{POST_EN[contest.post]}: {p} elected with {contest.tally[p]}.",
            )
            for p in pick.elected
        )
        if pick.tied:
            notes.append(
                Reason(
                    "P7",
                    PR,
                    f"{label}：{'、'.join(pick.tied)}得票相等，须就其再次投票。",
                    f"{POST_EN[contest.post]}: {', '.join(pick.tied)} tie; re-vote among them.",
                )
            )
        vacancies = contest.seats - pick.filled
        runoff: list[str] = []
        if vacancies:
            # a shortfall means no tie is pending in this post: every unelected person with votes may stand
            runoff = [p for p, _ in ranked(contest.tally, lambda p, v: v > 0 and p not in holders)]
            runoff = [p for p in runoff if p not in outside]
            notes.append(
                Reason(
                    "P8",
                    PR,
                    f"{label}：缺额{vacancies}名，不得以未过半数者按得票多少递补；就缺额在未当选者中另行选举"
                    "（或经半数以上选举人同意减少名额）。",
                    f"{POST_EN[contest.post]}: {vacancies} seat(s) short; no plurality fill — a further vote "
                    "among the "
                    "unelected, or fewer seats with the consent of more than half of the electors.",
                )
            )
        results[contest.post] = ContestResult(
            contest.post,
            contest.seats,
            tuple(pick.elected),
            vacancies,
            tuple(pick.tied),
            pick.tie_seats,
            tuple(runoff),
            tuple(notes),
        )
    ordered = [results[c.post] for c in case.contests]
    for r in sorted(ordered, key=lambda r: POST_RANK[r.post]):
        trace.extend(r.reasons)
    tolerated = False if any(r.vacancies for r in ordered) else None
    return RoundResult(True, None, tuple(ordered), tuple(trace), tolerated, threshold)
