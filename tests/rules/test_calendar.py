from __future__ import annotations

from datetime import date, timedelta

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
    for stage in (Stage.CANDIDATE_LIST, Stage.NOMINATION, Stage.POLLING_NOTICE, Stage.PROXIES, Stage.RUNOFF):
        reason = w[stage].reason
        assert w[stage].due is None and reason is not None and "no" in reason.text_en
    assert w[Stage.CANDIDATE_MEETINGS].due == D - timedelta(days=1)
    assert runoff_window(D, NAT) == (D, None)


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
