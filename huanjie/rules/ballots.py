"""Ballots and rounds: ballot validity (B15, P5), box reconciliation (B16), turnout (B17).

B15 ✅ (ZJ Art.27; SH Art.19; BJ Art.28; HN Art.35): approvals plus write-ins for a post may not
exceed its seats; the over-vote voids that post's section or the whole ballot (``overvote_scope``
⚠); the same person for two posts voids the ballot where the profile says so (ZJ); identifying
marks or unreadable ballots are void; a blank ballot is a valid abstention. Invalid and blank
ballots still count in the base of B18. B16 ✅: ballots collected ≤ voters who voted (HN: ≤ issued),
else the round is void. B17 ✅ OL Art.15 ¶2: valid only if more than half of the registered voted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .arith import majority
from .explain import OL, Decision, Reason, decision
from .profiles import Profile
from .terms import post_names

ART15 = "ZJ Art.27; SH Art.19; BJ Art.28; HN Art.35"


@dataclass(frozen=True, slots=True)
class BallotDecision:
    """``valid`` is False when any mark does not count; ``void_posts`` names the sections that don't."""

    valid: bool
    void_posts: tuple[str, ...]
    reasons: tuple[Reason, ...]


def check_ballot(
    ballot: Mapping[str, Sequence[str]],
    seats: Mapping[str, int],
    profile: Profile,
    *,
    marked: bool = False,
) -> BallotDecision:
    """Check one ballot: ``ballot`` maps each post to the persons marked for it (approvals + write-ins)."""
    unknown = sorted(set(ballot) - set(seats))
    if unknown:
        raise ValueError(f"ballot post {unknown[0]!r} has no seats")
    reasons: list[Reason] = []
    void: list[str] = []
    whole = False
    if marked:
        whole = True
        reasons.append(
            Reason("B15", ART15, "选票有记号或无法辨认，为废票。", "Identifying marks or unreadable: void.")
        )
    for post, names in ballot.items():
        if len(set(names)) != len(names):
            void.append(post)
            reasons.append(
                Reason(
                    "B15",
                    ART15,
                    f"{post_names(post)[0]}：同一人被重复选择，该栏无效。",
                    f"{post_names(post)[1]}: a person marked twice; section void.",
                )
            )
        elif len(names) > seats[post]:
            void.append(post)
            whole = whole or profile.overvote_scope == "ballot"
            reasons.append(
                Reason(
                    "B15",
                    profile.article("overvote_scope"),
                    f"{post_names(post)[0]}：所选人数{len(names)}多于应选名额{seats[post]}（含另选他人），无效。",
                    f"{post_names(post)[1]}: {len(names)} marks (write-ins included) exceed {seats[post]} seats; "
                    "invalid.",
                )
            )
    chosen = [name for names in ballot.values() for name in set(names)]
    if profile.same_person_two_posts_invalid and len(set(chosen)) != len(chosen):
        whole = True
        reasons.append(
            Reason(
                "B15",
                profile.article("same_person_two_posts_invalid"),
                "同一人被选为两个职务，选票无效。",
                "The same person chosen for two posts: ballot invalid.",
            )
        )
    if whole:
        void = list(ballot)
    if not void and not any(ballot.values()):
        reasons.append(
            Reason(
                "B15",
                ART15,
                "空白票（全部弃权）为有效票，计入投票人数。",
                "Blank ballot: a valid abstention, counted.",
            )
        )
    elif not void:
        reasons.append(Reason("B15", ART15, "选票有效。", "Valid ballot."))
    return BallotDecision(
        valid=not void, void_posts=tuple(p for p in ballot if p in void), reasons=tuple(reasons)
    )


def check_reconciliation(
    voted: int,
    ballots_collected: int,
    ballots_issued: int | None = None,
    *,
    profile: Profile | None = None,
    against: str | None = None,
) -> Decision:
    """B16: the boxes may not hold more ballots than voters who voted (HN, party P5: than issued)."""
    against = against or (profile.reconciliation_against if profile else "voted")
    if against == "issued" and ballots_issued is not None:
        limit, zh, en = ballots_issued, "发出的选票数", "ballots issued"
    else:
        limit, zh, en = voted, "投票人数", "voters who voted"
    article = profile.article("reconciliation_against") if profile else ART15
    if ballots_collected <= limit:
        return decision(
            True,
            Reason(
                "B16",
                article,
                f"收回选票{ballots_collected}张，不多于{zh}{limit}，本次投票有效。",
                f"{ballots_collected} ballots collected, not more than {limit} {en}: the round stands.",
            ),
        )
    return decision(
        False,
        Reason(
            "B16",
            article,
            f"收回选票{ballots_collected}张，多于{zh}{limit}，本次投票无效，应重新投票。",
            f"{ballots_collected} ballots collected exceed {limit} {en}: the round is void and must be "
            "re-run.",
        ),
    )


def check_box(
    *,
    voters_signed: int,
    ballots_issued: int,
    ballots_collected: int,
    invalid: int,
    tally: Mapping[str, Mapping[str, int]],
    seats: Mapping[str, int],
    profile: Profile,
) -> tuple[Reason, ...]:
    """Why one box's agreed tally cannot count as entered (empty: it can). B16 as the profile reads it
    (the same check as the round's count, ``check_reconciliation``), and, whatever the profile compares
    against, a box that holds more ballots than were issued; B15: no post has more marks than its seats
    times the valid ballots, nobody more votes than the valid ballots."""
    reasons: list[Reason] = []
    own = check_reconciliation(voters_signed, ballots_collected, ballots_issued, profile=profile)
    if not own.ok:
        reasons.extend(own.reasons)
    if profile.reconciliation_against == "voted" and ballots_collected > ballots_issued:
        reasons.append(
            Reason(
                "B16",
                ART15,
                f"收回选票{ballots_collected}张，多于发出的{ballots_issued}张，须核查。",
                f"{ballots_collected} ballots collected, only {ballots_issued} issued: to be checked.",
            )
        )
    if profile.reconciliation_against == "issued" and ballots_collected > voters_signed:
        reasons.append(
            Reason(
                "B16",
                ART15,
                f"收回选票{ballots_collected}张，多于签到选民{voters_signed}人，须核查。",
                f"{ballots_collected} ballots collected, only {voters_signed} voters signed in: to be checked.",
            )
        )
    valid = ballots_collected - invalid
    for post, n in seats.items():
        votes = tally.get(post, {})
        total = sum(votes.values())
        if total > n * valid:
            reasons.append(
                Reason(
                    "B15",
                    ART15,
                    f"{post_names(post)[0]}：得票合计{total}，超过应选{n}名×有效票{valid}张。",
                    f"{post_names(post)[1]}: {total} marks exceed {n} seat(s) × {valid} valid ballots.",
                )
            )
        reasons.extend(
            Reason(
                "B15",
                ART15,
                f"{post_names(post)[0]}：{person}得{v}票，超过有效票{valid}张。",
                f"{post_names(post)[1]}: {person} has {v} votes, more than the {valid} valid ballots.",
            )
            for person, v in votes.items()
            if v > valid
        )
    return tuple(reasons)


def check_turnout(registered: int, voted: int) -> Decision:
    """B17, OL Art.15 ¶2: more than half of the registered voters must have voted."""
    ok = majority(voted, registered)
    zh = "过半数，选举有效" if ok else "未过半数，选举无效"
    en = "more than half: the election is valid" if ok else "not more than half: the election is invalid"
    return decision(
        ok,
        Reason(
            "B17",
            f"{OL} Art.15 ¶2",
            f"登记选民{registered}人，投票{voted}人，{zh}。",
            f"{voted} of {registered} registered voters voted, {en}.",
        ),
    )
