"""Candidates and committee seats: the differential per post (B9), the nomination cap (B8), the women
among the candidates (B10), the formal list in vote order with backfill (B11), and the committee's size
(B7, A3). The candidates app feeds plain values in; every margin and band comes from the profile.

Articles (election-law.md):
- OL Art.15 ✅ (B9): candidates are nominated directly by the registered voters, and there are more
  candidates than seats (strict). The province sets the margin: profile ``candidate_margins`` — SH
  director +1, deputy +1, members +1..+3; BJ every post +1..+2; HN director +1, deputy +1, members
  +1..+2; ZJ and national: more than the seats, no ceiling; Gansu not read (national value ⚠).
- B8 ✅ (ZJ Art.17, BJ Art.16, HN Art.24): a voter nominates no more people for a post than its seats;
  a person nominated for two posts must choose one in writing (ZJ).
- B10 ◐: an appropriate number of women among the candidates; if none emerges, the woman with the
  most nomination votes becomes a candidate. OL Art.6 ✅ requires a woman on the committee.
- B11 ✅: the formal list in order of nomination votes; a withdrawal is backfilled from the nominees in
  vote order (ZJ, HN).
- B7 ✅ OL Art.6: a villagers' committee has 3 to 7 members; A3 ✅ RCL Art.7: a residents' committee 5
  to 9 (profile ``vc_size_min``/``vc_size_max``, ``rc_size_min``/``rc_size_max``).
- B6 ✅ OL Art.12: an election-committee member nominated as a candidate must leave the committee.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from .explain import OL, RCL, Decision, Reason, decision
from .profiles import Margin, Profile
from .terms import POST_ZH, Body, Post, post_names

CAP_ARTICLE = "B8: ZJ Art.17, BJ Art.16, HN Art.24 ✅ (每一选民提名人数不得多于应选人数)"
WOMEN_ARTICLE = f"{OL} Art.6 ✅; B10 ◐ (候选人中应有适当数量的妇女)"
LIST_ARTICLE = "B11: ZJ Art.18–19, HN Art.26 ✅ (按提名得票多少排序; 退出的按得票多少依次递补)"
COMMITTEE_ARTICLE = f"{OL} Art.12 ✅ (选举委员会成员被提名为候选人的, 应当退出选举委员会)"


def margin(post: str, profile: Profile) -> Margin:
    """The profile's margin of a committee post (B9)."""
    for m in profile.candidate_margins:
        if m.post == post:
            return m
    raise ValueError(f"{post!r} is not a committee post with a candidate margin")


def size_range(post: str, seats: int, profile: Profile) -> tuple[int, int | None]:
    """How many formal candidates a post may have: (fewest, most); most None = no ceiling (B9)."""
    m = margin(post, profile)
    return seats + m.fewest, None if m.most is None else seats + m.most


def size_ok(post: str, seats: int, size: int, profile: Profile) -> bool:
    low, high = size_range(post, seats, profile)
    return low <= size and (high is None or size <= high)


def differential_article(profile: Profile) -> str:
    return f"{OL} Art.15 ✅ (候选人应当多于应选人数); {profile.article('candidate_margins')}"


def cap_exceeded(named: int, seats: int) -> bool:
    """A voter names more people for a post than it has seats (B8). A meeting's total is checked with
    ``seats`` = voters present × the post's seats."""
    return named > seats


def committee_band(body: str, profile: Profile) -> tuple[int, int]:
    """The fewest and most seats of a committee: villagers' committee OL Art.6 (3–7), residents'
    committee RCL Art.7 (5–9), narrower where a province's profile sets it."""
    if body == Body.VILLAGERS_COMMITTEE:
        return profile.vc_size_min, profile.vc_size_max
    if body == Body.RESIDENTS_COMMITTEE:
        return profile.rc_size_min, profile.rc_size_max
    raise ValueError(f"{body!r} is not a villagers' or residents' committee")


def committee_size(body: str, seats: int, profile: Profile) -> Decision:
    """The committee's total seats against the profile's band (B7 OL Art.6; A3 RCL Art.7)."""
    low, high = committee_band(body, profile)
    if body == Body.VILLAGERS_COMMITTEE:
        rule, law, key = "B7", f"{OL} Art.6 ✅", "vc_size_min"
    else:
        rule, law, key = "A3", f"{RCL} Art.7 ✅", "rc_size_min"
    ok = low <= seats <= high
    return decision(
        ok,
        Reason(
            rule,
            f"{law}; {profile.article(key)}",
            f"委员会职数{seats}名，{'符合' if ok else '不符合'}{low}至{high}名的规定。",
            f"The committee has {seats} seats; {low} to {high} are {'allowed' if ok else 'required'}.",
        ),
    )


@dataclass(frozen=True, slots=True)
class Nominee:
    name: str
    votes: int
    woman: bool = False
    out: str = ""  # "" (standing), "withdrawn", "flagged" (by the qualification review, not overridden)


@dataclass(frozen=True, slots=True)
class PostList:
    post: str
    seats: int
    size: int
    preliminary: tuple[Nominee, ...]  # every nominee in vote order (withdrawn and flagged ones too)
    formal: tuple[Nominee, ...]
    backfills: tuple[tuple[str, str], ...] = field(default=())  # (who moves in, in place of whom)
    tied: tuple[str, ...] = field(default=())  # equal votes across the last place: pre-selection needed


def ranked(nominees: Sequence[Nominee]) -> list[Nominee]:
    """Nominees in vote order; equal votes keep the order of record (the list marks the tie)."""
    return sorted(nominees, key=lambda n: -n.votes)


def post_list(post: str, seats: int, size: int, nominees: Sequence[Nominee]) -> PostList:
    """The formal list of one post: the first `size` standing nominees in vote order (B11). Those who
    enter below the first `size` places do so in place of the withdrawn or flagged above them."""
    order = ranked(nominees)
    standing = [n for n in order if not n.out]
    formal = standing[:size]
    gone = [n for n in order[:size] if n.out]
    entered = [n for n in formal if order.index(n) >= size]
    backfills = tuple((n.name, g.name) for n, g in zip(entered, gone, strict=False))
    tied: tuple[str, ...] = ()
    if len(standing) > size and size and standing[size - 1].votes == standing[size].votes:
        last = standing[size - 1].votes
        tied = tuple(n.name for n in standing if n.votes == last)
    return PostList(post, seats, size, tuple(order), tuple(formal), backfills, tied)


@dataclass(frozen=True, slots=True)
class Check:
    ok: bool
    reason: Reason


def _label(post: str) -> str:
    return POST_ZH[Post(post)]


def _needed(low: int, high: int | None) -> tuple[str, str]:
    if high is None:
        return f"，应至少{low}名", f"; at least {low} needed"
    if low == high:
        return f"，应为{low}名", f"; {low} needed"
    return f"，应为{low}至{high}名", f"; {low}–{high} needed"


def list_checks(lists: Sequence[PostList], profile: Profile) -> list[Check]:
    """The formal list against the statute: the profile's differential per post (B9), ties at the last
    place, a woman among the candidates where the profile requires one (B10), nobody on two posts (B8)."""
    out: list[Check] = []
    for pl in lists:
        low, high = size_range(pl.post, pl.seats, profile)
        n = len(pl.formal)
        ok = size_ok(pl.post, pl.seats, n, profile)
        zh, en = ("", "") if ok else _needed(low, high)
        out.append(
            Check(
                ok,
                Reason(
                    "B9",
                    differential_article(profile),
                    f"{_label(pl.post)}：应选{pl.seats}名，正式候选人{n}名{zh}。",
                    f"{post_names(pl.post)[1]}: {pl.seats} seat(s), {n} formal candidate(s){en}.",
                ),
            )
        )
        if pl.tied:
            names = "、".join(pl.tied)
            out.append(
                Check(
                    False,
                    Reason(
                        "B9",
                        LIST_ARTICLE,
                        f"{_label(pl.post)}：{names}提名票数相等，跨越最后一个名额，须预选确定。",
                        f"{post_names(pl.post)[1]}: {', '.join(pl.tied)} tie for the last place; a pre-selection decides.",
                    ),
                )
            )
    if profile.women_required and lists:
        formal = [n for pl in lists for n in pl.formal]
        women = [n for pl in lists for n in pl.preliminary if n.woman and not n.out]
        if any(n.woman for n in formal):
            out.append(
                Check(
                    True,
                    Reason("B10", WOMEN_ARTICLE, "正式候选人中有女性。", "A woman is among the candidates."),
                )
            )
        else:
            best = max(women, key=lambda n: n.votes).name if women else ""
            out.append(
                Check(
                    False,
                    Reason(
                        "B10",
                        WOMEN_ARTICLE,
                        "正式候选人中没有女性"
                        + (
                            f"，提名得票最多的女性{best}应列为候选人。"
                            if best
                            else "，须另行提名女性候选人。"
                        ),
                        "No woman is among the candidates"
                        + (
                            f"; {best}, the woman with most nomination votes, should be one."
                            if best
                            else "; a woman must be nominated."
                        ),
                    ),
                )
            )
    posts_of: dict[str, list[str]] = {}
    for pl in lists:
        for nominee in pl.formal:
            posts_of.setdefault(nominee.name, []).append(pl.post)
    for name, posts in posts_of.items():
        if len(posts) > 1:
            labels = "、".join(_label(p) for p in posts)
            out.append(
                Check(
                    False,
                    Reason(
                        "B8",
                        CAP_ARTICLE,
                        f"{name}同时是{labels}的候选人，须书面选择一个职务，另一职务登记退出。",
                        f"{name} stands for {', '.join(posts)}; they must choose one post in writing and "
                        "withdraw from the other.",
                    ),
                )
            )
    return out
