"""B25 voiding for misconduct — golden vectors from OL Art.17 ✅ (以暴力、威胁、欺骗、贿赂、伪造选票、虚报选举票数
等不正当手段当选村民委员会成员的，当选无效) and ZJ Art.41 ✅ (re-elected after fraud: void again)."""

from __future__ import annotations

import pytest

from huanjie.rules.misconduct import Grounds, VoidingError, void
from huanjie.rules.terms import Post

ELECTED = {Post.DIRECTOR: ["甲"], Post.MEMBER: ["丙", "丁"]}
SEATS = {Post.MEMBER: 2, Post.DIRECTOR: 1}


def test_it_vacates_one_persons_seat_and_bars_him_from_the_new_vote() -> None:
    # OL Art.17: 丁's election obtained by bribery is void; 甲 and 丙 stay; one member seat to a new vote.
    v = void("villagers_committee", ELECTED, SEATS, "bribery", ["丁"])
    assert not v.whole
    assert v.vacated == {Post.MEMBER: ("丁",)} and v.seats == {Post.MEMBER: 1}
    assert v.barred == ("丁",)
    assert v.reasons[0].article == "村民委员会组织法 (2018) Art.17" and "贿赂" in v.reasons[0].text_zh
    assert v.reasons[1].rule == "B22" and "ZJ Art.41" in v.reasons[1].article


def test_it_vacates_every_seat_when_the_whole_election_is_void() -> None:
    # OL Art.17 with a false count (虚报选举票数): nobody's election stands; the vote is held again, every post.
    v = void("villagers_committee", ELECTED, SEATS, Grounds.FALSE_COUNT)
    assert v.whole and v.barred == ()
    assert v.vacated == {Post.DIRECTOR: ("甲",), Post.MEMBER: ("丙", "丁")}
    assert list(v.seats.items()) == [(Post.DIRECTOR, 1), (Post.MEMBER, 2)]
    assert "虚报选举票数" in v.reasons[0].text_zh and "false count" in v.reasons[0].text_en


def test_it_cites_the_residents_committee_texts_for_a_community() -> None:
    v = void("residents_committee", ELECTED, SEATS, "threats", ["甲"])
    assert all("村民委员会组织法" not in r.article and "OL Art." not in r.article for r in v.reasons)
    assert "城市居民委员会组织法" in v.reasons[0].article


def test_it_refuses_what_the_statute_does_not_allow() -> None:
    with pytest.raises(VoidingError) as err:
        void("party_branch", ELECTED, SEATS, "bribery")
    assert err.value.field == "body"
    with pytest.raises(VoidingError) as err:
        void("villagers_committee", ELECTED, SEATS, "rumours")
    assert err.value.field == "grounds"
    with pytest.raises(VoidingError) as err:
        void("villagers_committee", ELECTED, SEATS, "bribery", ["戊"])
    assert err.value.field == "persons" and "戊" in err.value.message
