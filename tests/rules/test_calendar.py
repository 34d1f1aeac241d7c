from __future__ import annotations

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.calendar import (
    COMMITTEE_STAGES,
    PARTY_STAGES,
    Stage,
    check_completion,
    deadlines,
    handover_due,
    objection_decision_due,
    objection_window,
    runoff_window,
    stages,
)
from huanjie.rules.profiles import available, load

D = date(2025, 6, 30)
NAT, ZJ = load("national"), load("zhejiang")


def test_it_lists_the_stages_in_order() -> None:
    assert stages("villagers_committee")[0] is Stage.ELECTION_COMMITTEE
    assert stages("residents_committee")[-1] is Stage.ARCHIVE
    assert stages("party_branch") == PARTY_STAGES
    assert len(COMMITTEE_STAGES) == 16 and len(PARTY_STAGES) == 6


def test_it_computes_the_worked_example() -> None:
    w = {x.stage: x for x in deadlines(ZJ, "villagers_committee", D)}
    assert w[Stage.VOTER_LIST].due == date(2025, 6, 10)
    assert w[Stage.ELECTION_COMMITTEE].due == date(2025, 6, 9)
    assert w[Stage.OBJECTIONS].opens == date(2025, 6, 10)
    assert w[Stage.OBJECTIONS].due == date(2025, 6, 18)
    assert w[Stage.CANDIDATE_LIST].due == date(2025, 6, 25)
    assert w[Stage.NOMINATION].due == date(2025, 6, 24)
    assert w[Stage.POLLING_NOTICE].due == date(2025, 6, 25)
    assert w[Stage.PROXIES].due == date(2025, 6, 27)
    assert w[Stage.RUNOFF].due == date(2025, 7, 30)
    assert w[Stage.RESULT].due == date(2025, 7, 1)
    assert w[Stage.HANDOVER].due == date(2025, 7, 10)
    assert w[Stage.ARCHIVE].due is None
    assert objection_window(date(2025, 6, 10), NAT) == date(2025, 6, 15)
    assert objection_decision_due(date(2025, 6, 15), NAT) == date(2025, 6, 18)
    assert handover_due(date(2025, 7, 2), NAT) == date(2025, 7, 12)
    assert runoff_window(D, load("beijing")) == (D, date(2025, 7, 15))


def test_it_says_where_the_law_sets_no_date() -> None:
    w = {x.stage: x for x in deadlines(NAT, "villagers_committee", D)}
    for stage in (Stage.POLLING_NOTICE, Stage.PROXIES, Stage.RUNOFF):
        reason = w[stage].reason
        assert w[stage].due is None and reason is not None and "no" in reason.text_en
    assert w[Stage.CANDIDATE_MEETINGS].due == D - timedelta(days=1)
    assert runoff_window(D, NAT) == (D, None)
    no_list = dataclasses.replace(NAT, candidate_list_days_before=None)  # type: ignore[arg-type]
    w = {x.stage: x for x in deadlines(no_list, "villagers_committee", D)}
    assert w[Stage.NOMINATION].due is None and w[Stage.CANDIDATE_LIST].due is None


@pytest.mark.parametrize("name", available())
def test_it_gives_the_candidate_list_a_due_date_in_every_profile(name: str) -> None:
    """B11: ZJ Art.18, SH Art.12, BJ Art.20, HN Art.26 (≥ 5 days before D); national and Gansu use the same
    5 days as a stated ⚠ fallback (OL Art.15 sets none; the 2025 Gansu measure is not read)."""
    w = {x.stage: x for x in deadlines(load(name), "villagers_committee", D)}
    assert w[Stage.CANDIDATE_LIST].due == date(2025, 6, 25)
    assert w[Stage.NOMINATION].due == date(2025, 6, 24)
    if name in ("national", "gansu"):
        assert "⚠" in load(name).source("candidate_list_days_before")


def test_it_gives_party_windows() -> None:
    w = {x.stage: x for x in deadlines(NAT, "party_branch", D)}
    assert w[Stage.PARTY_ASSEMBLY].due == D and w[Stage.PARTY_CANDIDATE_APPROVAL].due == date(2025, 6, 29)
    assert all(x.reason and x.reason.rule == "A2" for x in w.values())


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.sampled_from(available()))
def test_it_keeps_every_due_date_in_procedural_order(day: date, name: str) -> None:
    windows = deadlines(load(name), "villagers_committee", day)
    dues = {w.stage: w.due for w in windows}
    before_d = [s for s in COMMITTEE_STAGES[: COMMITTEE_STAGES.index(Stage.POLLING)] if dues[s]]
    assert all(dues[s] < day for s in before_d)  # type: ignore[operator]
    assert dues[Stage.ELECTION_COMMITTEE] < dues[Stage.VOTER_LIST]  # type: ignore[operator]
    assert all(w.reason is not None for w in windows)


def test_it_flags_a_late_voter_list() -> None:
    done = {Stage.VOTER_REGISTRATION: date(2025, 6, 1)}
    v = check_completion(Stage.VOTER_LIST, date(2025, 6, 11), D, NAT, done)
    assert [x.kind for x in v] == ["deadline"] and "2025-06-10" in v[0].reason.text_en
    assert check_completion(Stage.VOTER_LIST, date(2025, 6, 10), D, NAT, done) == []


def test_it_flags_the_candidate_list_before_the_voter_list() -> None:
    done = {Stage.QUALIFICATION_REVIEW: date(2025, 6, 1), Stage.VOTER_LIST: date(2025, 6, 5)}
    v = check_completion(Stage.CANDIDATE_LIST, date(2025, 6, 2), D, ZJ, done)
    assert [x.kind for x in v] == ["order"] and "voter_list" in v[0].reason.text_en
    v = check_completion(
        Stage.CANDIDATE_LIST, date(2025, 6, 26), D, ZJ, done | {Stage.VOTER_LIST: date(2025, 6, 1)}
    )
    assert [x.kind for x in v] == ["deadline"]


def test_it_uses_the_actual_publication_for_objections() -> None:
    done = {Stage.VOTER_LIST: date(2025, 6, 1)}
    assert [x.kind for x in check_completion(Stage.OBJECTIONS, date(2025, 6, 10), D, NAT, done)] == [
        "deadline"
    ]
    assert check_completion(Stage.OBJECTIONS, date(2025, 6, 9), D, NAT, done) == []


def test_it_flags_early_completion() -> None:
    done = {Stage.RESULT: D}
    assert [x.kind for x in check_completion(Stage.HANDOVER, D - timedelta(days=1), D, NAT, done)] == [
        "order",
        "early",
    ]
    party = check_completion(Stage.PARTY_ASSEMBLY, D - timedelta(days=1), D, NAT, {})
    assert [x.kind for x in party] == ["order", "early"] and party[0].reason.rule == "A2"
    assert check_completion(Stage.ELECTION_COMMITTEE, date(2025, 5, 1), D, NAT, {}) == []


def test_it_marks_a_due_date_on_a_holiday_and_keeps_it_by_default() -> None:
    """国务院办公厅 2026 notice: 15–23 Feb 2026 is the Spring Festival block. D = 2026-02-20: the
    candidate list (D − 5 = 02-15) falls in it; a day counted back from D never moves; the result (D + 0 in
    Gansu) is a forward period and stands under the default ⚠ ``deadline_on_rest_day = stands``."""
    day = date(2026, 2, 20)
    w = {x.stage: x for x in deadlines(load("gansu"), "villagers_committee", day)}
    cl = w[Stage.CANDIDATE_LIST]
    assert (cl.due, cl.statutory_due, cl.next_working_day) == (
        date(2026, 2, 15),
        date(2026, 2, 15),
        date(2026, 2, 24),
    )
    assert cl.rest_day == ("春节", "Spring Festival") and cl.reason and "stands" in cl.reason.text_en
    result_reason = w[Stage.RESULT].reason
    assert w[Stage.RESULT].due == day and result_reason and "stands under" in result_reason.text_en
    assert (
        w[Stage.POLLING].rest_day is None and w[Stage.NOMINATION].rest_day is None
    )  # 02-14: a working Saturday
    assert w[Stage.HANDOVER].rest_day is None and w[Stage.HANDOVER].statutory_due == w[Stage.HANDOVER].due


def test_it_moves_a_forward_period_to_the_next_working_day_where_the_profile_says() -> None:
    """Civil Code Art.203 by analogy: a forward period ending on a rest day ends on the next working day;
    the objections' notice follows; a day counted back from D stays."""
    moving = dataclasses.replace(load("gansu"), deadline_on_rest_day="next_working_day")
    day = date(2026, 2, 20)
    w = {x.stage: x for x in deadlines(moving, "villagers_committee", day)}
    result = w[Stage.RESULT]
    assert (result.statutory_due, result.due) == (day, date(2026, 2, 24))
    assert result.reason and "moves to the next working day" in result.reason.text_en
    assert w[Stage.CANDIDATE_LIST].due == date(2026, 2, 15)
    # voter list 2026-01-31 (Sat); lodging ends 02-05 (Thu), decisions 02-08 (Sun) → Mon 02-09
    obj = w[Stage.OBJECTIONS]
    assert (obj.statutory_due, obj.due, obj.notice_due) == (
        date(2026, 2, 8),
        date(2026, 2, 9),
        date(2026, 2, 9),
    )
    assert objection_window(date(2026, 9, 30), moving) == date(2026, 10, 8)
    assert objection_window(date(2026, 9, 30), load("gansu")) == date(2026, 10, 5)
    assert objection_decision_due(date(2026, 9, 20), moving) == date(2026, 9, 23)
    assert handover_due(date(2026, 9, 27), moving) == date(2026, 10, 8)
    assert handover_due(date(2026, 9, 27), load("gansu")) == date(2026, 10, 7)
