"""Assemblies that decide by vote: the residents' meeting (居民会议, A3) and the villagers' meeting.

RCL Art.9 ✅: a residents' meeting is valid when more than half of its members are present — all
adult residents, one representative per household, or 2–3 representatives per residents' group —
and decides by more than half of those present; it may recall and by-elect members (Art.10).
"""

from __future__ import annotations

from .arith import majority, smallest_majority
from .explain import RCL, Decision, Reason, decision

ART9 = f"{RCL} Art.9"


def meeting_quorum(members: int, present: int) -> Decision:
    """RCL Art.9: more than half of the meeting's members present."""
    ok = majority(present, members)
    return decision(
        ok,
        Reason(
            "A3",
            ART9,
            f"会议组成人员{members}人，到会{present}人，"
            f"{'已过半数，会议有效' if ok else '未过半数，会议不能举行'}。",
            f"{present} of {members} members present: quorum {'met' if ok else 'not met'} (more than half).",
        ),
    )


def motion_passes(present: int, yes: int) -> Decision:
    """RCL Art.9: a decision needs more than half of those present (e.g. 151 present → 76 votes)."""
    ok = majority(yes, present)
    need = smallest_majority(present)
    return decision(
        ok,
        Reason(
            "A3",
            ART9,
            f"到会{present}人，赞成{yes}票，通过需至少{need}票，{'通过' if ok else '未通过'}。",
            f"{yes} of {present} present in favour; {need} needed: {'adopted' if ok else 'rejected'}.",
        ),
    )
