from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest

from huanjie.rules.counting import CaseError, RoundResult, case_from_json, count, result_to_json
from huanjie.rules.profiles import Profile, RunoffCandidates, load

NAT = load("national")


def run(profile: str | Profile = "national", **case: Any) -> RoundResult:
    obj = {"profile": "national", "body": "villagers_committee", "registered": 1000, "voted": 600}
    obj |= {"ballots_collected": case.get("voted", 600)} | case
    return count(case_from_json(obj), load(profile) if isinstance(profile, str) else profile)


def by_post(result: RoundResult) -> dict[str, Any]:
    return {c["post"]: c for c in result_to_json(result)["contests"]}


def rules(result: RoundResult) -> list[str]:
    return [r.rule for r in result.trace]


def test_it_serialises_without_floats() -> None:
    result = run(contests=[{"post": "director", "seats": 1, "tally": {"A": 400}}])
    values = _walk(result_to_json(result))
    assert not any(isinstance(v, float) for v in values)
    assert all(isinstance(v, int | str | bool | None) for v in values)
    assert json.loads(json.dumps(result_to_json(result))) == result_to_json(result)


def _walk(obj: Any) -> list[Any]:
    if isinstance(obj, dict):
        return [x for v in obj.values() for x in _walk(v)]
    if isinstance(obj, list):
        return [x for v in obj for x in _walk(v)]
    return [obj]


def test_it_voids_a_round_without_turnout() -> None:
    result = run(voted=500, contests=[{"post": "director", "seats": 1, "tally": {"A": 400}}])
    assert not result.valid and result.reason and result.reason.startswith("B17")
    assert by_post(result)["director"] == by_post(result)["director"] | {"elected": [], "vacancies": 1}


def test_it_requires_runoff_turnout_only_where_the_profile_says() -> None:
    case: dict[str, Any] = {
        "round": "runoff",
        "voted": 400,
        "contests": [{"post": "director", "seats": 1, "tally": {"A": 300}}],
    }
    assert run(**case).valid
    assert not run("henan", **case).valid


def test_it_checks_the_reconciliation_before_anything_else() -> None:
    result = run(ballots_collected=601, contests=[{"post": "director", "seats": 1, "tally": {"A": 400}}])
    assert not result.valid and rules(result) == ["B16"]


def test_it_counts_a_case_object_and_rejects_an_inconsistent_one() -> None:
    case = case_from_json(
        {
            "profile": "national",
            "body": "villagers_committee",
            "registered": 10,
            "voted": 6,
            "ballots_collected": 6,
            "contests": [{"post": "director", "seats": 1, "tally": {"A": 4}}],
        }
    )
    assert count(case, NAT).contests[0].elected == ("A",)
    with pytest.raises(CaseError, match="voted"):
        count(dataclasses.replace(case, voted=11), NAT)


def test_it_allocates_higher_posts_first() -> None:
    result = run(
        voted=900,
        contests=[
            {"post": "member", "seats": 2, "tally": {"A": 1, "C": 460, "D": 455, "E": 452}},
            {"post": "director", "seats": 1, "tally": {"A": 550, "B": 40}},
        ],
    )
    posts = by_post(result)
    assert posts["director"]["elected"] == ["A"]
    assert posts["member"]["elected"] == ["C", "D"]
    assert [c.post for c in result.contests] == ["member", "director"]
    texts = [r["text_en"] for r in posts["member"]["trace"]]
    assert any("already elected" in t for t in texts) and any("seats went to more votes" in t for t in texts)


def test_it_holds_a_tied_person_out_of_lower_posts() -> None:
    result = run(
        contests=[
            {"post": "deputy_director", "seats": 2, "tally": {"D1": 400, "D2": 350, "D3": 350}},
            {"post": "member", "seats": 1, "tally": {"D2": 100, "M": 320}},
        ]
    )
    posts = by_post(result)
    assert posts["deputy_director"]["tie_revote"] == ["D2", "D3"]
    assert posts["member"]["elected"] == ["M"]
    assert any("tie re-vote for a higher post" in r["text_en"] for r in posts["member"]["trace"])


def test_it_counts_only_women_for_the_women_post() -> None:
    result = run(
        "zhejiang",
        contests=[{"post": "women_member", "seats": 1, "tally": {"M": 250, "W": 320}, "women": ["W"]}],
    )
    post = by_post(result)["women_member"]
    assert post["elected"] == ["W"]
    assert any("Only a woman" in r["text_en"] for r in post["trace"])


def test_it_warns_when_a_separate_women_post_is_missing() -> None:
    result = run("zhejiang", contests=[{"post": "director", "seats": 1, "tally": {"A": 400}}])
    assert "B21" in rules(result)


def members(tally: dict[str, int], seats: int = 3, **extra: Any) -> dict[str, Any]:
    return {"contests": [{"post": "member", "seats": seats, "tally": tally}]} | extra


def test_it_reserves_a_seat_for_the_best_woman() -> None:
    result = run("beijing", **members({"M1": 500, "M2": 450, "M3": 400, "W1": 350}, women=["W1"]))
    post = by_post(result)["member"]
    assert post["elected"] == ["M1", "M2", "W1"]
    assert any("reserved for a woman" in r["text_en"] and "M3" in r["text_en"] for r in post["trace"])


def test_it_keeps_the_reserved_seat_open_when_no_woman_qualifies() -> None:
    result = run("beijing", **members({"M1": 450, "M2": 420, "M3": 350, "M4": 300, "W1": 200}, women=["W1"]))
    post = by_post(result)["member"]
    assert (post["elected"], post["vacancies"]) == (["M1", "M2"], 1)
    assert post["runoff_candidates"] == ["M3", "M4", "W1"]
    assert any("not given to a man" in r["text_en"] for r in post["trace"])


def test_it_refuses_the_reserved_seat_to_a_man_when_no_woman_stands() -> None:
    # B21, BJ ✅ (one seat fixed for a woman) and OL Art.6: with no woman standing the reserved seat is
    # refused, not filled by the next man.
    post = by_post(run("beijing", **members({"M1": 500, "M2": 450, "M3": 400, "M4": 380})))["member"]
    assert (post["elected"], post["vacancies"]) == (["M1", "M2"], 1)
    assert any("not given to a man" in r["text_en"] for r in post["trace"])


def test_it_does_not_reserve_when_a_woman_already_holds_a_seat() -> None:
    tally = {"M1": 500, "M2": 450, "M3": 400, "W1": 350}
    assert by_post(run("beijing", **members(tally, women=["W0", "W1"], elected_before={"director": ["W0"]})))[
        "member"
    ]["elected"] == ["M1", "M2", "M3"]
    assert by_post(run("beijing", **members(tally | {"W1": 420}, women=["W1"])))["member"]["elected"] == [
        "M1",
        "M2",
        "W1",
    ]
    deputy = run(
        "beijing",
        women=["W1"],
        reserved_post="deputy_director",
        contests=[{"post": "deputy_director", "seats": 1, "tally": {"M1": 400, "W1": 100}}],
    )
    assert by_post(deputy)["deputy_director"]["elected"] == []


def test_it_resolves_a_boundary_tie_in_favour_of_the_reserved_woman() -> None:
    result = run("beijing", **members({"M1": 500, "M2": 450, "M3": 400, "W1": 400}, women=["W1"]))
    post = by_post(result)["member"]
    assert (post["elected"], post["tie_revote"]) == (["M1", "M2", "W1"], [])


SHANXI = dataclasses.replace(NAT, women_rule="runoff_must_include_woman", women_runoff_fallback="vacant")


def test_it_asks_for_a_woman_when_none_is_available() -> None:
    result = run(SHANXI, **members({"M1": 400, "M2": 200}, seats=2, women=["W9"]))
    post = by_post(result)["member"]
    assert post["runoff_candidates"] == ["M2"]
    assert any("a woman must be nominated" in r["text_en"] for r in post["trace"])
    assert any("too few" in r["text_en"] for r in post["trace"])


def test_it_notes_a_runoff_list_that_already_has_a_woman() -> None:
    result = run(SHANXI, **members({"M1": 400, "W1": 200, "M2": 100}, seats=2, women=["W1"]))
    post = by_post(result)["member"]
    assert post["runoff_candidates"] == ["W1", "M2"]
    assert any("include a woman" in r["text_en"] for r in post["trace"])


def test_it_applies_the_runoff_fallback_only_when_it_can() -> None:
    base: dict[str, Any] = {"round": "runoff", "voted": 500, "women": ["W1"]}
    no_woman_running = run(SHANXI, **base, **members({"M5": 300, "M6": 100}, seats=1))
    assert by_post(no_woman_running)["member"]["elected"] == ["M5"]
    tied = run(SHANXI, **base, **members({"M5": 200, "M6": 200, "W1": 100}, seats=1))
    assert by_post(tied)["member"]["tie_revote"] == ["M5", "M6"]
    seated = run(
        SHANXI, **base, elected_before={"director": ["W1"]}, **members({"M5": 300, "W1": 0}, seats=1)
    )
    assert by_post(seated)["member"]["elected"] == ["M5"]
    nobody = run(SHANXI, **base, **members({"M5": 100, "W1": 50}, seats=1))
    assert by_post(nobody)["member"]["vacancies"] == 1


def test_it_sends_relatives_with_equal_votes_to_a_further_vote() -> None:
    zj = load("zhejiang")
    result = run(zj, relatives=[["A", "B"]], **members({"A": 400, "B": 400, "C": 350, "D": 320}))
    post = by_post(result)["member"]
    assert (post["elected"], post["tie_revote"], post["tie_revote_seats"]) == (["C", "D"], ["A", "B"], 1)
    one = run(
        zj,
        round="runoff",
        voted=900,
        relatives=[["A", "B"]],
        **members({"A": 300, "B": 300, "C": 300}, seats=1),
    )
    assert by_post(one)["member"]["tie_revote"] == ["A", "B", "C"]


def test_it_ignores_relatives_where_the_profile_has_no_avoidance() -> None:
    result = run(relatives=[["A", "B"]], **members({"A": 400, "B": 390, "C": 350}, seats=2))
    assert by_post(result)["member"]["elected"] == ["A", "B"]


def test_it_blocks_runoff_relatives_of_earlier_winners() -> None:
    result = run(
        "zhejiang",
        round="runoff",
        voted=450,
        relatives=[["D", "M"]],
        elected_before={"director": ["D"]},
        **members({"M": 200, "X": 160, "Y": 90}, seats=1),
    )
    post = by_post(result)["member"]
    assert post["elected"] == ["X"] and any(r["rule"] == "B24" for r in post["trace"])


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("remaining_plus_one", ["B", "C"]),
        ("remaining_plus_two", ["B", "C", "D"]),
        ("all_unelected", ["B", "C", "D", "E"]),
    ],
)
def test_it_lists_runoff_candidates_per_the_profile(rule: RunoffCandidates, expected: list[str]) -> None:
    profile = dataclasses.replace(NAT, runoff_candidates=rule)
    result = run(profile, **members({"A": 400, "B": 250, "C": 200, "D": 150, "E": 100, "F": 0}, seats=2))
    assert by_post(result)["member"]["runoff_candidates"] == expected


def test_it_includes_everyone_tied_at_the_runoff_cut() -> None:
    result = run(**members({"A": 400, "B": 250, "C": 200, "D": 200}, seats=2))
    assert by_post(result)["member"]["runoff_candidates"] == ["B", "C", "D"]


def test_it_lets_shanghai_leave_vacancies_after_round_one() -> None:
    tally = {"A": 400, "B": 380, "C": 350, "D": 200}
    assert run("shanghai", **members(tally, seats=4)).vacancy_tolerated is True
    assert run("shanghai", **members({"A": 400, "D": 200}, seats=4)).vacancy_tolerated is False
    assert run("zhejiang", **members(tally, seats=4)).vacancy_tolerated is False
    assert run(**members(tally, seats=3)).vacancy_tolerated is None


def test_it_needs_the_director_for_beijing_vacancies() -> None:
    case: dict[str, Any] = {"round": "runoff", "voted": 450}
    before = {"deputy_director": ["B"], "member": ["C", "E"]}
    runoff = members({"X": 200, "Y": 100}, seats=2)
    assert run("beijing", **case, elected_before=before, **runoff).vacancy_tolerated is False
    with_director = before | {"director": ["A"]}
    assert run("beijing", **case, elected_before=with_director, **runoff).vacancy_tolerated is True
    director_now = {
        "contests": [{"post": "director", "seats": 1, "tally": {"A": 300}}, runoff["contests"][0]]
    }
    assert run("beijing", **case, elected_before=before, **director_now).vacancy_tolerated is True


def test_it_decides_a_tie_revote_by_plurality() -> None:
    result = run(round="tie_revote", voted=590, **members({"C3": 100, "C4": 90}, seats=1))
    assert by_post(result)["member"]["elected"] == ["C3"] and "B19" in rules(result)
    again = run(round="tie_revote", voted=590, **members({"C3": 100, "C4": 100}, seats=1))
    assert by_post(again)["member"]["tie_revote"] == ["C3", "C4"]
    zero = run(round="tie_revote", voted=590, **members({"C3": 0, "C4": 0}, seats=1))
    assert by_post(zero)["member"]["vacancies"] == 1


def test_it_reports_a_committee_without_a_woman() -> None:
    assert "B7" in rules(run(women=["W"], **members({"A": 400}, seats=1)))
    assert "B7" not in rules(run(women=["A"], **members({"A": 400}, seats=1)))
    assert "B7" not in rules(run(**members({"A": 400}, seats=1)))


# B19/B20: a lower post whose allocation a higher post's pending tie re-vote can change is provisional.
TIE_CASE: dict[str, Any] = {
    "contests": [
        {"post": "deputy_director", "seats": 2, "tally": {"D1": 400, "D2": 350, "D3": 350}},
        {"post": "member", "seats": 2, "tally": {"D2": 340, "C": 330, "D": 320}},
    ]
}


def test_it_marks_a_lower_post_provisional_on_a_higher_tie() -> None:
    # 600 voted, threshold 301: D2/D3 tie for the second deputy seat; D2 (340) would take a member seat
    # ahead of D (320) if D3 wins the re-vote → the member result is provisional on D2.
    posts = by_post(run(**TIE_CASE))
    assert (
        posts["deputy_director"]["tie_revote"] == ["D2", "D3"] and not posts["deputy_director"]["provisional"]
    )
    assert posts["member"]["provisional"] and posts["member"]["provisional_on"] == ["D2"]
    assert any("provisional" in r["text_en"] for r in posts["member"]["trace"])


def test_it_is_final_when_the_held_person_could_not_change_it() -> None:
    # D2 has only 100 member votes (below 301): the member post does not depend on the re-vote.
    case: dict[str, Any] = {
        "contests": [TIE_CASE["contests"][0], {"post": "member", "seats": 1, "tally": {"D2": 100, "M": 320}}]
    }
    assert not by_post(run(**case))["member"]["provisional"]


def test_it_settles_the_provisional_posts_with_the_tie_winners() -> None:
    # The re-vote elects D3: counted again, D2 is free for the member post and takes D's seat.
    posts = by_post(run(**TIE_CASE, tie_winners={"deputy_director": ["D3"]}))
    assert (
        posts["deputy_director"]["elected"] == ["D1", "D3"] and posts["deputy_director"]["tie_revote"] == []
    )
    assert posts["member"]["elected"] == ["D2", "C"] and not posts["member"]["provisional"]
    assert any("tie re-vote has been held" in r["text_en"] for r in posts["deputy_director"]["trace"])


def test_its_reasons_name_posts_in_words_never_by_their_keys() -> None:
    """A reason is read by the clerk and printed on the result: 副主任 and "deputy director", not
    `副主任(deputy_director)` or `deputy_director:`."""
    result = run(
        contests=[
            {"post": "director", "seats": 1, "tally": {"A": 400, "B": 150}},
            {"post": "deputy_director", "seats": 1, "tally": {"A": 320, "C": 200, "D": 60}},
            {"post": "member", "seats": 2, "tally": {"E": 250, "F": 250, "G": 100}},
        ]
    )
    texts = [t for r in result.trace for t in (r.text_zh, r.text_en)]
    assert any(t.startswith("副主任：") for t in texts) and any(
        t.startswith("deputy director: ") for t in texts
    )
    keys = ("director", "deputy_director", "women_member", "member")
    assert not [t for t in texts if any(f"({k})" in t for k in keys)]  # 副主任(deputy_director)
    assert not [t for t in texts if "_" in t]  # deputy_director:


def test_a_post_is_named_in_both_languages_and_anything_else_is_left_as_given() -> None:
    from huanjie.rules.terms import post_names

    assert post_names("deputy_director") == ("副主任", "deputy director")
    assert post_names("committee_member") == ("委员", "committee member")
    assert post_names("第一组") == ("第一组", "第一组")  # not a post: shown as the caller wrote it
