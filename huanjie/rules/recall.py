"""Recall (罢免, B27) and by-election (补选, B28) thresholds.

B27 ✅ OL Art.16: a recall is requested by ≥ 1/5 of the registered voters or ≥ 1/3 of the village
representatives; the recall vote passes iff more than half of the registered voted and more than half
of those who voted said yes. Provinces: the vote is organised within 30 days (ZJ, SH, BJ, HN);
ZJ: a failed recall bars the same grounds for one year.
B28 ✅ OL Art.19: vacancies are by-elected by the 村民会议 or 村民代表会议 under Art.15; ZJ: the
villagers' meeting needs more than half of its members voting, the representatives' assembly at least
two thirds; SH: optional while ≥ 3 members remain, else within 3 months. A by-elected member needs a
majority of those who voted (Art.15) and serves to the end of the term (Art.19).
"""

from __future__ import annotations

from datetime import date, timedelta

from .arith import at_least_fraction, majority
from .explain import OL, Decision, Reason, decision
from .profiles import Profile

ART16 = f"{OL} Art.16"
ART19 = f"{OL} Art.19; ZJ 实施办法 ✅"


def petition(registered: int, signers: int = 0, representatives: int = 0, rep_signers: int = 0) -> Decision:
    """B27: may a recall be put to the vote? ≥ 1/5 of the voters or ≥ 1/3 of the representatives."""
    by_voters = registered > 0 and at_least_fraction(signers, registered, 1, 5)
    by_reps = representatives > 0 and at_least_fraction(rep_signers, representatives, 1, 3)
    ok = by_voters or by_reps
    return decision(
        ok,
        Reason(
            "B27",
            ART16,
            f"罢免要求：选民{signers}/{registered}人联名，村民代表{rep_signers}/{representatives}人联名；"
            f"{'达到' if ok else '未达到'}五分之一以上选民或三分之一以上村民代表。",
            f"Recall petition: {signers} of {registered} voters, {rep_signers} of {representatives} "
            "representatives; "
            f"the 1/5 of voters or 1/3 of representatives is {'met' if ok else 'not met'}.",
        ),
    )


def recall_vote(registered: int, voted: int, yes: int) -> Decision:
    """B27: the vote is valid with more than half voting; recall passes with more than half of the votes."""
    if not majority(voted, registered):
        return decision(
            False,
            Reason(
                "B27",
                ART16,
                f"登记选民{registered}人，投票{voted}人，未过半数，罢免投票无效。",
                f"{voted} of {registered} voted: not more than half, the recall vote is invalid.",
            ),
        )
    ok = majority(yes, voted)
    return decision(
        ok,
        Reason(
            "B27",
            ART16,
            f"投票{voted}人，赞成罢免{yes}票，{'超过半数，罢免通过' if ok else '未超过半数，罢免未通过'}。",
            f"{yes} of {voted} voters in favour: {'recalled' if ok else 'the recall fails'}.",
        ),
    )


def recall_vote_due(requested: date, profile: Profile) -> date | None:
    """Last day for the recall vote after the request, or None where the profile sets none."""
    days = profile.recall_vote_within_days
    return None if days is None else requested + timedelta(days=days)


def recall_barred_until(failed_on: date, profile: Profile) -> date | None:
    """After a failed recall, the same grounds may not be raised before this day (ZJ: one year)."""
    years = profile.recall_bar_years
    if years is None:
        return None
    try:
        return failed_on.replace(year=failed_on.year + years)
    except ValueError:  # 29 February → 1 March
        return date(failed_on.year + years, 3, 1)


def byelection_quorum(meeting: str, members: int, voted: int) -> Decision:
    """B28: villagers' meeting > 1/2 voting; representatives' assembly ≥ 2/3 (ZJ)."""
    if meeting == "villagers_meeting":
        ok, zh, en = majority(voted, members), "过半数", "more than half"
    elif meeting == "representatives_assembly":
        ok, zh, en = at_least_fraction(voted, members, 2, 3), "三分之二以上", "at least two thirds"
    else:
        raise ValueError(f"meeting: {meeting!r} is not villagers_meeting or representatives_assembly")
    return decision(
        ok,
        Reason(
            "B28",
            ART19,
            f"补选会议应有{zh}成员参加投票：{voted}/{members}，{'有效' if ok else '无效'}。",
            f"By-election needs {en} of the members voting: {voted} of {members}, "
            f"{'valid' if ok else 'invalid'}.",
        ),
    )


def byelection_elected(votes: int, voted: int) -> bool:
    """B28 via OL Art.15: a by-elected member needs more than half of those who voted."""
    return majority(votes, voted)


def byelection_required(remaining_members: int, profile: Profile) -> Decision:
    """B28: must vacancies be by-elected? SH: optional while ≥ 3 members remain, else within 3 months."""
    minimum = profile.byelection_optional_min_remaining
    if minimum is not None and remaining_members >= minimum:
        return decision(
            False,
            Reason(
                "B28",
                profile.article("byelection_optional_min_remaining"),
                f"尚有{remaining_members}名成员，可以不补选。",
                f"{remaining_members} members remain: a by-election is optional.",
            ),
        )
    months = profile.byelection_within_months
    when_zh = f"，须在{months}个月内进行" if months is not None else ""
    when_en = f" within {months} months" if months is not None else ""
    return decision(
        True,
        Reason(
            "B28",
            profile.article("byelection_within_months"),
            f"尚有{remaining_members}名成员，出缺的应当补选{when_zh}。",
            f"{remaining_members} members remain: the vacancy is by-elected{when_en}.",
        ),
    )
