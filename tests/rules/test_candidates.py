"""Candidates and committee seats (huanjie.rules.candidates): B7, B8, B9, B10, B11; RCL Art.7."""

from __future__ import annotations

import dataclasses

import pytest

from huanjie.rules.candidates import (
    Nominee,
    cap_exceeded,
    committee_band,
    committee_size,
    list_checks,
    margin,
    post_list,
    size_ok,
    size_range,
)
from huanjie.rules.profiles import load

NAT, ZJ, SH, BJ, HN, GS = (load(n) for n in ("national", "zhejiang", "shanghai", "beijing", "henan", "gansu"))


# B9, OL Art.15 ✅: more candidates than seats (strict), no ceiling in national law.
def test_it_needs_more_candidates_than_seats_nationally_without_a_ceiling() -> None:
    assert size_range("director", 1, NAT) == (2, None)
    assert not size_ok("director", 1, 1, NAT)  # equal-number election: not lawful
    assert size_ok("director", 1, 2, NAT) and size_ok("director", 1, 5, NAT)
    assert size_range("member", 3, ZJ) == (4, None) and size_range("member", 3, GS) == (4, None)


# election-law.md C: SH director +1, deputy +1, members +1..+3.
def test_it_takes_shanghais_margins() -> None:
    assert size_range("director", 1, SH) == (2, 2)
    assert size_range("deputy_director", 1, SH) == (2, 2)
    assert size_range("member", 3, SH) == (4, 6)
    assert size_ok("member", 3, 6, SH) and not size_ok("member", 3, 7, SH)


# election-law.md C: BJ every post +1..+2; HN director +1, deputy +1, members +1..+2.
def test_it_takes_beijings_and_henans_margins() -> None:
    assert size_range("director", 1, BJ) == (2, 3) and size_range("member", 2, BJ) == (3, 4)
    assert size_range("director", 1, HN) == (2, 2) and size_range("member", 2, HN) == (3, 4)
    assert not size_ok("director", 1, 3, HN) and size_ok("director", 1, 3, BJ)


def test_it_refuses_a_post_without_a_margin() -> None:
    assert margin("women_member", HN).most == 2
    with pytest.raises(ValueError, match="secretary"):
        margin("secretary", NAT)


# B8 ✅ ZJ Art.17, BJ Art.16, HN Art.24: a voter names no more people than the seats.
def test_it_caps_the_nominations_at_the_seats() -> None:
    assert not cap_exceeded(3, 3) and cap_exceeded(4, 3)


# B7 ✅ OL Art.6: 3–7; A3 ✅ RCL Art.7: 5–9.
def test_it_holds_the_committee_to_its_size() -> None:
    assert committee_band("villagers_committee", NAT) == (3, 7)
    assert committee_band("residents_committee", NAT) == (5, 9)
    assert not committee_size("villagers_committee", 2, NAT).ok
    assert (
        committee_size("villagers_committee", 3, NAT).ok and committee_size("villagers_committee", 7, NAT).ok
    )
    eight = committee_size("villagers_committee", 8, NAT)
    assert not eight.ok and eight.reasons[0].rule == "B7" and "Art.6" in eight.reasons[0].article
    rc = committee_size("residents_committee", 4, ZJ)
    assert not rc.ok and rc.reasons[0].rule == "A3" and "居民委员会" in rc.reasons[0].article
    assert committee_size("residents_committee", 9, ZJ).ok
    narrow = dataclasses.replace(NAT, vc_size_min=5)
    assert not committee_size("villagers_committee", 4, narrow).ok
    with pytest.raises(ValueError, match="party_branch"):
        committee_size("party_branch", 5, NAT)


def _list(post: str, seats: int, size: int, *nominees: Nominee) -> object:
    return post_list(post, seats, size, nominees)


# B11 ✅: vote order, backfill in vote order, a tie across the last place.
def test_it_makes_the_formal_list_in_vote_order_with_backfill() -> None:
    pl = post_list(
        "member",
        2,
        3,
        [
            Nominee("A", 90),
            Nominee("B", 80, out="withdrawn"),
            Nominee("C", 70),
            Nominee("D", 60),
            Nominee("E", 50),
        ],
    )
    assert [n.name for n in pl.formal] == ["A", "C", "D"] and pl.backfills == (("D", "B"),)
    tied = post_list("member", 2, 3, [Nominee("A", 9), Nominee("B", 8), Nominee("C", 7), Nominee("D", 7)])
    assert tied.tied == ("C", "D")
    check = list_checks([tied], NAT)[1]
    assert not check.ok and "C、D" in check.reason.text_zh and "C, D tie" in check.reason.text_en


def test_it_checks_the_list_against_the_profile() -> None:
    director = post_list("director", 1, 2, [Nominee("A", 9), Nominee("W", 8, woman=True), Nominee("B", 1)])
    checks = list_checks([director], NAT)
    assert all(c.ok for c in checks) and [c.reason.rule for c in checks] == ["B9", "B10"]
    assert "candidate_margins" in checks[0].reason.article
    three = post_list("director", 1, 3, [Nominee("A", 9), Nominee("W", 8, woman=True), Nominee("B", 1)])
    hn = list_checks([three], HN)
    assert not hn[0].ok and "应为2名" in hn[0].reason.text_zh and "2 needed" in hn[0].reason.text_en
    assert list_checks([three], BJ)[0].ok
    one = post_list("director", 1, 1, [Nominee("W", 8, woman=True)])
    nat = list_checks([one], NAT)
    assert not nat[0].ok and "应至少2名" in nat[0].reason.text_zh and "at least 2" in nat[0].reason.text_en
    members = post_list("member", 2, 5, [Nominee(x, 9 - i, woman=x == "W") for i, x in enumerate("ABCDEW")])
    sh = list_checks([members], SH)
    assert sh[0].ok and not list_checks([members], HN)[0].ok
    assert "应为3至4名" in list_checks([members], HN)[0].reason.text_zh
    assert "3–4 needed" in list_checks([members], HN)[0].reason.text_en


def test_it_asks_for_a_woman_and_one_post_each() -> None:
    d = post_list("director", 1, 2, [Nominee("A", 9), Nominee("B", 8)])
    m = post_list(
        "member", 2, 3, [Nominee("A", 9), Nominee("C", 8), Nominee("D", 7), Nominee("W", 1, woman=True)]
    )
    checks = list_checks([d, m], NAT)
    women = next(c for c in checks if c.reason.rule == "B10")
    assert not women.ok and "W" in women.reason.text_zh and "W" in women.reason.text_en
    two = next(c for c in checks if c.reason.rule == "B8")
    assert not two.ok and "A" in two.reason.text_zh
    none = post_list("director", 1, 2, [Nominee("A", 9), Nominee("B", 8)])
    nobody = next(c for c in list_checks([none], NAT) if c.reason.rule == "B10")
    assert (
        "须另行提名女性候选人" in nobody.reason.text_zh
        and "a woman must be nominated" in nobody.reason.text_en
    )
    no_women_rule = dataclasses.replace(NAT, women_required=False)
    assert [c.reason.rule for c in list_checks([none], no_women_rule)] == ["B9"]
    assert list_checks([], NAT) == []
