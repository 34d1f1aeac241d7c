"""Candidate rules the profiles do not carry: the differential per post, the nomination cap, the women
among the candidates, the formal list in vote order with backfill, and the qualification review's
departments. No Django here: the app's lists.py feeds plain values in.

Articles (election-law.md):
- OL Art.15 ✅ (B9): candidates are nominated directly by the registered voters, and there are more
  candidates than seats (strict). The province sets the margin; the Gansu text is not read (◐ "差额,
  all posts", 2004 practice), so the national rule "more than seats" is the floor and the margin of the
  provinces read (HN, SH: director +1, deputy +1; HN, BJ: members +1..+2) is the ceiling.
- B8 ✅ (ZJ Art.17, BJ Art.16, HN Art.24): a voter nominates no more people for a post than its seats;
  a person nominated for two posts must choose one in writing (ZJ).
- B10 ◐: an appropriate number of women among the candidates; if none emerges, the woman with the
  most nomination votes becomes a candidate. OL Art.6 ✅ requires a woman on the committee.
- B11 ✅: the formal list in order of nomination votes; a withdrawal is backfilled from the nominees in
  vote order (ZJ, HN).
- B6 ✅ OL Art.12: an election-committee member nominated as a candidate must leave the committee.
- Qualification review (资格联审): practice of the county or township (A1 step 6, ◐); the departments
  below are those the district's implementation plans name. Profiles carry no such list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from huanjie.rules.explain import OL, Reason
from huanjie.rules.terms import POST_ZH, Post

# (fewest, most) candidates over the seats of a post: OL Art.15 floor, HN/SH/BJ ceiling (see above).
DIFFERENTIAL: dict[str, tuple[int, int]] = {
    Post.DIRECTOR: (1, 1),
    Post.DEPUTY_DIRECTOR: (1, 1),
    Post.WOMEN_MEMBER: (1, 1),
    Post.MEMBER: (1, 2),
}
DIFFERENTIAL_ARTICLE = (
    f"{OL} Art.15 ✅ (候选人多于应选人数); HN Art.24, SH Art.12 ◐ (主任、副主任差额一人, 委员差额一至二人)"
)
CAP_ARTICLE = "B8: ZJ Art.17, BJ Art.16, HN Art.24 ✅ (每一选民提名人数不得多于应选人数)"
WOMEN_ARTICLE = f"{OL} Art.6 ✅; B10 ◐ (候选人中应有适当数量的妇女)"
LIST_ARTICLE = "B11: ZJ Art.18–19, HN Art.26 ✅ (按提名得票多少排序; 退出的按得票多少依次递补)"
COMMITTEE_ARTICLE = f"{OL} Art.12 ✅ (选举委员会成员被提名为候选人的, 应当退出选举委员会)"
REVIEW_ARTICLE = "A1 step 6 ◐ (县乡两级组织的候选人资格联审)"

# The departments of the joint qualification review: key, Chinese, English.
DEPARTMENTS: tuple[tuple[str, str, str], ...] = (
    ("public_security", "公安机关", "public security"),
    ("procuratorate", "人民检察院", "procuratorate"),
    ("court", "人民法院", "court"),
    ("discipline", "纪检监察机关", "discipline inspection"),
    ("civil_affairs", "民政部门", "civil affairs"),
    ("petitions", "信访部门", "letters and visits"),
)
DEPARTMENT_KEYS = tuple(d[0] for d in DEPARTMENTS)
DEPARTMENT_ZH = {key: zh for key, zh, _ in DEPARTMENTS}


def size_range(post: str, seats: int) -> tuple[int, int]:
    """How many formal candidates a post may have: (fewest, most)."""
    low, high = DIFFERENTIAL.get(post, (1, 2))
    return seats + low, seats + high


def default_size(post: str, seats: int) -> int:
    return size_range(post, seats)[0]


def cap_exceeded(named: int, seats: int) -> bool:
    """A voter names more people for a post than it has seats (B8)."""
    return named > seats


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


def list_checks(lists: Sequence[PostList], women_required: bool) -> list[Check]:
    """The formal list against the statute: the differential per post, ties at the last place, a woman
    among the candidates, nobody on two posts."""
    out: list[Check] = []
    for pl in lists:
        low, high = size_range(pl.post, pl.seats)
        n = len(pl.formal)
        ok = low <= n <= high
        out.append(
            Check(
                ok,
                Reason(
                    "B9",
                    DIFFERENTIAL_ARTICLE,
                    f"{_label(pl.post)}:应选{pl.seats}名,正式候选人{n}名"
                    f"{'' if ok else f',应为{low}至{high}名' if low != high else f',应为{low}名'}。",
                    f"{pl.post}: {pl.seats} seat(s), {n} formal candidate(s)"
                    f"{'' if ok else f'; {low}–{high} needed' if low != high else f'; {low} needed'}.",
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
                        f"{_label(pl.post)}:{names}提名票数相等,跨越最后一个名额,须预选确定。",
                        f"{pl.post}: {', '.join(pl.tied)} tie for the last place; a pre-selection decides.",
                    ),
                )
            )
    if women_required and lists:
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
                        + (f",提名得票最多的女性{best}应列为候选人。" if best else ",须另行提名女性候选人。"),
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
                        f"{name}同时是{labels}的候选人,须书面选择一个职务,另一职务登记退出。",
                        f"{name} stands for {', '.join(posts)}; they must choose one post in writing and "
                        "withdraw from the other.",
                    ),
                )
            )
    return out


def evaluation_ok(participants: int, counts: Sequence[int]) -> bool:
    """A democratic evaluation: no negative count, and no more ratings than people who took part."""
    return participants >= 0 and all(c >= 0 for c in counts) and sum(counts) <= participants
