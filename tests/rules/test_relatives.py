"""B24 near relatives across voting rounds — ZJ 浙江省村民委员会选举办法 (2020) Art.31 ✅ as written: the
holder of the higher post keeps it; the other's seat is refilled (after round 1: next with a majority in
vote order; after a runoff: next with at least one third of the ballots cast); otherwise a shortfall."""

from __future__ import annotations

from typing import Any

from huanjie.rules.counting import case_from_json, count, result_to_json

RUNOFF = {
    "profile": "zhejiang",
    "body": "villagers_committee",
    "round": "runoff",
    "registered": 1000,
    "voted": 500,
    "ballots_collected": 500,
    "relatives": [["A", "M"]],
    "elected_before": {"member": ["M", "N"]},
    "contests": [{"post": "director", "seats": 1, "tally": {"A": 260, "B": 200}}],
}
# Round 1 of the member post: 600 voted, M 400, N 380, P 320 (majority), Q 250 (none).
ROUND1 = {"member": {"round": "first", "base": 600, "tally": {"M": 400, "N": 380, "P": 320, "Q": 250}}}


def run(**extra: Any) -> dict[str, Any]:
    case = case_from_json(RUNOFF | extra)
    from huanjie.rules.profiles import load

    return result_to_json(count(case, load(case.profile)))


def test_it_keeps_the_higher_post_and_refills_the_relatives_lower_seat() -> None:
    # A wins the director runoff; his near relative M holds a member seat from round 1: A stands, M gives
    # way, and P — next in round-1 vote order with a majority (2 × 320 > 600) — refills the seat.
    result = run(refill_from=ROUND1)
    assert result["contests"][0]["elected"] == ["A"]
    assert result["displaced"] == [{"name": "M", "post": "member", "by": "A", "refill": "P"}]
    assert any("gives way" in r["text_en"] for r in result["contests"][0]["trace"])
    assert any("P, next in vote order" in r["text_en"] for r in result["trace"])


def test_it_leaves_the_seat_to_a_further_vote_when_nobody_qualifies() -> None:
    # Round 1: Q has 250 of 600, no majority → nobody refills; the seat goes to a further vote (B22).
    source = {"member": ROUND1["member"] | {"tally": {"M": 400, "N": 380, "Q": 250}}}
    result = run(refill_from=source)
    assert result["displaced"][0]["refill"] is None
    assert any("nobody qualifies" in r["text_en"] for r in result["trace"])
    tie = {"member": ROUND1["member"] | {"tally": {"M": 400, "N": 380, "P": 320, "R": 320}}}
    assert run(refill_from=tie)["displaced"][0]["refill"] is None


def test_it_refills_after_a_runoff_with_one_third() -> None:
    # M had won the member seat in a runoff of 450 ballots: the next with 3 × votes ≥ 450 refills (150 passes).
    source = {"member": {"round": "runoff", "base": 450, "tally": {"M": 200, "S": 150, "T": 149}}}
    assert run(refill_from=source)["displaced"][0]["refill"] == "S"


def test_it_says_when_the_earlier_round_is_not_given() -> None:
    result = run()
    assert result["displaced"][0]["refill"] is None
    assert any("tally was not given" in r["text_en"] for r in result["trace"])


def test_it_passes_over_a_candidate_whose_relative_holds_a_higher_post() -> None:
    # Same post or higher already held: the runoff candidate is passed over, as within one round.
    result = run(
        elected_before={"director": ["M"]},
        contests=[{"post": "member", "seats": 1, "tally": {"A": 260, "B": 200}}],
    )
    assert result["contests"][0]["elected"] == ["B"] and result["displaced"] == []


def test_it_applies_only_where_the_profile_avoids_near_relatives() -> None:
    assert run(profile="national")["displaced"] == []
