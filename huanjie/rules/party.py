"""Village party organisation elections (P1–P9), after the CPC basic-level election rules.

P2 ◐: a branch committee needs ≥ 7 full members; 3–6 → secretary (± deputy) elected directly.
P3 ◐⚠: quorum ``5·present ≥ 4·expected`` (strict ``>`` per profile), ``expected`` = members with
voting rights minus the approved exclusions. P4 ◐⚠: candidates ≥ seats × (100 + 20) %, rounded up.
P5 ◐: ballots collected > ballots issued → the round is void. P6 ◐⚠: elected iff 2·yes > base, base =
present or expected (``party_majority_base``). P7: top by votes, ties re-voted. P8: a shortfall is
never filled by plurality: a further vote among the unelected, or — with the consent of more than half
of the electors — fewer seats. P9: secretary and deputy are elected by the new committee in equal-number
elections (majority of all committee members) and need the higher organisation's approval.
"""

from __future__ import annotations

from .allocation import allocate, ranked
from .arith import ceil_div, majority, smallest_majority
from .ballots import check_reconciliation
from .cases import Case, ContestResult, RoundResult, void_result
from .explain import PR, Decision, Reason, decision
from .profiles import Profile
from .terms import POST_RANK, POST_ZH, RoundKind

BRANCH_MIN_MEMBERS = 3


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


def elect_by_committee(committee_members: int, yes: int) -> Decision:
    """P9: secretary or deputy, equal-number election by the committee: majority of all its members."""
    ok = majority(yes, committee_members)
    return decision(
        ok,
        Reason(
            "P9",
            PR,
            f"委员会{committee_members}人，赞成{yes}票，{'超过' if ok else '未超过'}全体委员半数，"
            f"{'当选，报上级党组织批准' if ok else '不能当选'}。",
            f"{yes} of {committee_members} committee members in favour: "
            f"{'elected, subject to the higher organisation' if ok else 'not elected'}.",
        ),
    )


def count_party(case: Case, profile: Profile) -> RoundResult:
    """Count a party assembly (or committee plenary, ``sitting = committee``) voting round."""
    trace: list[Reason] = []
    issued = case.voted if case.ballots_issued is None else case.ballots_issued
    rec = check_reconciliation(case.voted, case.ballots_collected, issued, against="issued")
    trace.extend(rec.reasons)
    if not rec.ok:
        return void_result(case, trace)
    if case.sitting == "committee":
        base = case.registered
        base_zh, base_en = "委员会全体委员", "all committee members"
    else:
        q = quorum(case.registered, case.approved_exclusions, case.voted, profile)
        trace.extend(q.reasons)
        if not q.ok:
            return void_result(case, trace)
        expected = case.registered - case.approved_exclusions
        base = case.voted if profile.party_majority_base == "present" else expected
        base_zh, base_en = (
            ("实到会", "present") if profile.party_majority_base == "present" else ("应到会", "expected")
        )
    plurality = case.round is RoundKind.TIE_REVOTE
    threshold = 1 if plurality else smallest_majority(base)
    trace.append(
        Reason(
            "P6",
            profile.article("party_majority_base"),
            f"当选须获得{base_zh}有选举权党员{base}人的过半数赞成票（至少{threshold}票）。"
            if not plurality
            else "得票相等者再次投票，以得票多的当选。",
            f"Elected with more than half of the {base} {base_en} with voting rights (at least {threshold})."
            if not plurality
            else "Tie re-vote: most votes win.",
        )
    )
    holders: list[str] = []
    results: dict[str, ContestResult] = {}
    for contest in sorted(case.contests, key=lambda c: POST_RANK[c.post]):
        label = f"{POST_ZH[contest.post]}({contest.post.value})"
        people = ranked(contest.tally, lambda p, v: p not in holders and v >= threshold)
        pick = allocate(people, contest.seats, holders)
        holders.extend(pick.elected)
        notes = [
            Reason(
                "P6",
                PR,
                f"{label}：{p}得{contest.tally[p]}票，当选。",
                f"{contest.post.value}: {p} elected with {contest.tally[p]}.",
            )
            for p in pick.elected
        ]
        if pick.tied:
            notes.append(
                Reason(
                    "P7",
                    PR,
                    f"{label}：{'、'.join(pick.tied)}得票相等，须就其再次投票。",
                    f"{contest.post.value}: {', '.join(pick.tied)} tie; re-vote among them.",
                )
            )
        vacancies = contest.seats - pick.filled
        runoff: list[str] = []
        if vacancies:
            # a shortfall means no tie is pending in this post: every unelected person with votes may stand
            runoff = [p for p, _ in ranked(contest.tally, lambda p, v: v > 0 and p not in holders)]
            notes.append(
                Reason(
                    "P8",
                    PR,
                    f"{label}：缺额{vacancies}名，不得以未过半数者按得票多少递补；就缺额在未当选者中另行选举"
                    "（或经半数以上选举人同意减少名额）。",
                    f"{contest.post.value}: {vacancies} seat(s) short; no plurality fill — a further vote "
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
