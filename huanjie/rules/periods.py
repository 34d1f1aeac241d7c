"""Periods counted from an event (objections, their decision, the runoff, the handover), and what happens
to any stage's due date that falls on a rest day.

A due date that falls on a rest day (holidays.py: a public holiday, or a weekend that is not an adjusted
working day) keeps its counted day in ``statutory_due`` and names the next working day. Under
``deadline_on_rest_day = next_working_day`` (Civil Code Art.203 by analogy ⚠) a period counted *forward*
from an event (objections, result, runoff, handover) ends on that working day; a day counted *back* from
the election day never moves later, which would shorten the statutory notice.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from . import holidays
from .explain import Reason
from .profiles import Profile
from .stages import Stage, StageWindow


def days_after(d: date, n: int) -> date:
    return d + timedelta(days=n)


# Periods counted forward from an event: these may end on the next working day (deadline_on_rest_day).
FORWARD = frozenset({Stage.OBJECTIONS, Stage.RUNOFF, Stage.RESULT, Stage.HANDOVER})


def _forward(day: date, profile: Profile) -> date:
    """The last day of a period counted forward, moved off a rest day where the profile says so."""
    if profile.deadline_on_rest_day == "next_working_day" and holidays.rest_day(day) is not None:
        return holidays.next_working_day(day)
    return day


def objection_window(published: date, profile: Profile) -> date:
    """Last day on which an objection to a voter list published on ``published`` is accepted."""
    return _forward(days_after(published, profile.objection_lodge_days), profile)


def objection_decision_due(received: date, profile: Profile) -> date:
    """Latest day for the election committee's decision on an objection received on ``received``."""
    return _forward(days_after(received, profile.objection_decide_days), profile)


def runoff_window(election_day: date, profile: Profile) -> tuple[date, date | None]:
    """First and last day of a runoff (B22): from D, up to the profile's limit (None = no limit)."""
    days = profile.runoff_max_days
    return election_day, None if days is None else days_after(election_day, days)


def handover_due(new_committee_day: date, profile: Profile) -> date:
    """OL Art.20: handover within ``handover_days`` of the day the new committee is produced."""
    return _forward(days_after(new_committee_day, profile.handover_days), profile)


def on_rest_day(w: StageWindow, p: Profile) -> StageWindow:
    """Mark a window whose counted due date is a rest day; move it where the profile and direction allow."""
    if w.due is None or w.stage is Stage.POLLING:  # the election day itself is chosen, not counted
        return w
    assert w.reason is not None  # every window of deadlines() says why
    counted = w.due
    rest = holidays.rest_day(counted)
    if rest is None:
        return replace(w, statutory_due=counted)
    nxt = holidays.next_working_day(counted)
    moves = w.stage in FORWARD and p.deadline_on_rest_day == "next_working_day"
    due = nxt if moves else counted
    if moves:
        zh, en = f"顺延至下一个工作日{nxt}", f"moves to the next working day, {nxt}"
    elif w.stage in FORWARD:
        zh, en = (
            f"本省参数不顺延（下一个工作日为{nxt}）",
            f"stands under the profile (next working day {nxt})",
        )
    else:
        zh, en = (
            "系选举日前倒计的期限，不顺延（顺延将缩短法定期间）",
            "counted back from D: it stands (moving it would shorten the notice)",
        )
    why = Reason(
        w.reason.rule,
        # The short citation: the profile's whole source text (p.article) is for docs and `deadlines`; a
        # stage's article is stored beside it (200 characters) and printed in findings.
        f"{w.reason.article}; Civil Code Art.203 by analogy ⚠ (deadline_on_rest_day = {p.deadline_on_rest_day})",
        f"{w.reason.text_zh}期限末日{counted}为{rest[0]}，{zh}。",
        f"{w.reason.text_en} The last day, {counted}, is a rest day ({rest[1]}): it {en}.",
    )
    notice = due if w.notice_due == counted else w.notice_due
    return replace(
        w, due=due, reason=why, notice_due=notice, statutory_due=counted, rest_day=rest, next_working_day=nxt
    )
