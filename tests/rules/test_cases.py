from __future__ import annotations

import copy
from typing import Any

import pytest

from huanjie.rules.cases import CaseError, case_from_json
from huanjie.rules.terms import Body, Post, RoundKind

GOOD: dict[str, Any] = {
    "profile": "national",
    "body": "villagers_committee",
    "round": "first",
    "registered": 1000,
    "voted": 600,
    "ballots_collected": 600,
    "contests": [
        {"post": "director", "seats": 1, "tally": {"A": 300, "B": 270}},
        {"post": "member", "seats": 3, "tally": {"C": 400}, "women": ["C"]},
    ],
}


def with_(path: str, value: Any) -> dict[str, Any]:
    case = copy.deepcopy(GOOD)
    *parents, last = path.split("/")
    target: Any = case
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    key: Any = int(last) if last.isdigit() else last
    if value is KeyError:
        del target[key]
    else:
        target[key] = value
    return case


def test_it_parses_a_case_with_every_extra_field() -> None:
    case = case_from_json(
        GOOD
        | {
            "ballots_cast": 590,
            "ballots_issued": 600,
            "approved_exclusions": 0,
            "relatives": [["A", "C"]],
            "women": ["W"],
            "elected_before": {"deputy_director": ["Z"]},
            "reserved_post": "member",
            "sitting": "assembly",
        }
    )
    assert (case.body, case.round, case.contests[1].post) == (
        Body.VILLAGERS_COMMITTEE,
        RoundKind.FIRST,
        Post.MEMBER,
    )
    assert case.relatives == (("A", "C"),) and case.elected_before == {Post.DEPUTY_DIRECTOR: ("Z",)}
    assert case.contests[1].women == frozenset({"C"}) and case.reserved_post is Post.MEMBER
    assert case_from_json(with_("round", KeyError)).round is RoundKind.FIRST


def test_it_parses_tie_winners_and_the_refill_source() -> None:
    case = case_from_json(
        GOOD
        | {"tie_winners": {"member": ["C"]}, "refill_from": {"member": {"base": 600, "tally": {"C": 400}}}}
    )
    assert case.tie_winners == {Post.MEMBER: ("C",)}
    source = case.refill_from[Post.MEMBER]
    assert (source.round, source.base, dict(source.tally)) == (RoundKind.FIRST, 600, {"C": 400})


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ([], "case"),
        (with_("profile", ""), "profile"),
        (with_("body", "council"), "body"),
        (with_("round", "second"), "round"),
        (with_("contests", []), "contests"),
        (with_("contests/0", "director"), "contests[0]"),
        (with_("contests/0/post", "mayor"), "contests[0].post"),
        (with_("contests/0/post", "secretary"), "contests[0].post"),
        (with_("contests/0/seats", KeyError), "contests[0].seats"),
        (with_("contests/0/seats", -1), "contests[0].seats"),
        (with_("contests/0/seats", True), "contests[0].seats"),
        (with_("contests/0/seats", 0), "contests[0].seats"),
        (with_("contests/1/tally", [1]), "contests[1].tally"),
        (with_("contests/1/tally", {"": 3}), "contests[1].tally"),
        (with_("contests/1/tally", {"B": -1}), "contests[1].tally.B"),
        (with_("contests/1/tally", {"B": 1.5}), "contests[1].tally.B"),
        (with_("contests/1/women", "C"), "contests[1].women"),
        (with_("relatives", "A,B"), "relatives"),
        (with_("relatives", [["A"]]), "relatives[0]"),
        (with_("relatives", [["A", 3]]), "relatives[0]"),
        (with_("elected_before", []), "elected_before"),
        (with_("elected_before", {"boss": ["A"]}), "elected_before.boss"),
        (with_("elected_before", {"member": "A"}), "elected_before.member"),
        (with_("reserved_post", "queen"), "reserved_post"),
        (with_("tie_winners", ["A"]), "tie_winners"),
        (with_("tie_winners", {"member": "A"}), "tie_winners.member"),
        (with_("refill_from", []), "refill_from"),
        (with_("refill_from", {"member": {"base": 600}}), "refill_from.member"),
        (with_("refill_from", {"member": {"base": 600, "tally": {"A": -1}}}), "refill_from.member.tally"),
        (
            with_("refill_from", {"member": {"round": "x", "base": 600, "tally": {}}}),
            "refill_from.member.round",
        ),
        (with_("refill_from", {"member": {"tally": {}}}), "refill_from.member.base"),
        (with_("sitting", "plenary"), "sitting"),
        (with_("registered", KeyError), "registered"),
        (with_("ballots_cast", "590"), "ballots_cast"),
        (with_("approved_exclusions", 1001), "approved_exclusions"),
        (with_("voted", 1001), "voted"),
        (with_("ballots_cast", 601), "ballots_cast"),
        (with_("contests/1/post", "director"), "contests[1].post"),
        (with_("contests/0/tally", {"A": 601}), "contests[0].tally.A"),
        (with_("contests/0/tally", {"A": 600, "B": 1}), "contests[0].tally"),
    ],
)
def test_it_names_the_bad_field(case: Any, field: str) -> None:
    with pytest.raises(CaseError) as err:
        case_from_json(case)
    assert err.value.field == field
    assert str(err.value).startswith(f"{field}: ")
