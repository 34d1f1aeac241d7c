"""B21 the women's post with no woman standing — OL Art.6 ✅ (the committee must include a woman) and the
ZJ separate women-member post ✅ (单列妇女委员职位): the post is refused, never filled by a man."""

from __future__ import annotations

from typing import Any

from huanjie.rules.counting import case_from_json, count, result_to_json
from huanjie.rules.profiles import load
from huanjie.rules.terms import Post
from huanjie.rules.women import no_woman_standing


def run(profile: str, **case: Any) -> dict[str, Any]:
    obj = {"profile": profile, "body": "villagers_committee", "registered": 1000, "voted": 600}
    obj |= {"ballots_collected": 600} | case
    return result_to_json(count(case_from_json(obj), load(profile)))


def test_it_does_not_give_the_women_post_to_a_man_when_no_woman_stands() -> None:
    # ZJ: the women-member post, 600 voted; M has 400 (a majority) but is not a woman → seat open.
    for profile in ("zhejiang", "national"):
        post = run(profile, contests=[{"post": "women_member", "seats": 1, "tally": {"M": 400, "N": 150}}])[
            "contests"
        ][0]
        assert (post["elected"], post["vacancies"], post["runoff_candidates"]) == ([], 1, [])
        assert any("no woman stands" in r["text_en"] and "Art.6" in r["article"] for r in post["trace"])


def test_it_still_counts_the_woman_when_one_stands() -> None:
    post = run(
        "zhejiang",
        contests=[{"post": "women_member", "seats": 1, "tally": {"M": 250, "W": 320}, "women": ["W"]}],
    )["contests"][0]
    assert post["elected"] == ["W"]
    assert not any("no woman stands" in r["text_en"] for r in post["trace"])


def test_it_tells_the_apps_before_the_ballot_is_opened() -> None:
    zj = load("zhejiang")
    refused = no_woman_standing(Post.WOMEN_MEMBER, ["M"], [], zj)
    assert refused is not None and refused.rule == "B21" and "Art.6" in refused.article
    assert no_woman_standing(Post.WOMEN_MEMBER, ["M", "W"], ["W"], zj) is None
    assert no_woman_standing(Post.MEMBER, ["M"], [], zj) is None
    # The reason names the post in each language, never by its key.
    assert refused.text_zh.startswith("妇女委员：") and refused.text_en.startswith("women member: ")
