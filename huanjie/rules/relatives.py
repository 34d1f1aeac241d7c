"""Near relatives across voting rounds (B24, ZJ 浙江省村民委员会选举办法 (2020) Art.31 ✅).

ZJ Art.31 as written: when two persons elected are spouses, parent and child or siblings, the one
elected to the higher post keeps it; the other's seat is refilled — after the first round by the next
person with a majority in vote order, after a runoff by the next person in vote order with at least
one third of the ballots cast; failing that the seat is a shortfall (B22, B23).

Across rounds (interpretation, docs/rules.md): the article speaks of the persons elected, not of the
round they were elected in. So when a runoff (or tie re-vote) elects a person to a *higher* post than
the one a near relative already holds from an earlier round, the runoff winner is not passed over: the
higher post stands and the relative's lower seat is vacated and refilled from the round that relative
was elected in, by that round's rule. Where the earlier holder's post is the same or higher, the
runoff candidate is passed over as within one round.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from .allocation import Related, ranked
from .arith import at_least_one_third, majority
from .explain import Reason
from .profiles import Profile
from .terms import POST_RANK, POST_ZH, Post, RoundKind


@dataclass(frozen=True, slots=True)
class Displaced:
    """``name`` loses the ``post`` won in an earlier round to ``by``, a near relative elected higher."""

    name: str
    post: Post
    by: str
    by_post: Post


def outranked(before: Mapping[str, Post], post: Post, related: Related) -> Related:
    """``related`` without the earlier rounds' holders of posts lower than ``post``: those do not block a
    candidate for ``post``; they give way to him (ZJ Art.31)."""

    def check(a: str, b: str) -> bool:
        return related(a, b) and not (b in before and POST_RANK[before[b]] > POST_RANK[post])

    return check


def displaced(
    before: Mapping[str, Post], post: Post, elected: Collection[str], related: Related
) -> list[Displaced]:
    """The earlier rounds' lower-post holders who give way to a near relative elected to ``post``."""
    return [
        Displaced(holder, held, name, post)
        for name in elected
        for holder, held in sorted(before.items())
        if POST_RANK[held] > POST_RANK[post] and related(name, holder)
    ]


def displaced_reason(d: Displaced, profile: Profile) -> Reason:
    return Reason(
        "B24",
        profile.article("near_relative_avoidance"),
        f"{d.by}当选{POST_ZH[d.by_post]}，与此前当选{POST_ZH[d.post]}的{d.name}系近亲属：保留较高职务，"
        f"{d.name}的{POST_ZH[d.post]}职务由其当选轮次中得票次多者依次递补。",
        f"{d.by} is elected {d.by_post.value}; {d.name}, a near relative already elected {d.post.value}, gives "
        f"way: the higher post stands and the {d.post.value} seat is refilled from the round {d.name} was "
        "elected in.",
    )


def refill(
    d: Displaced,
    *,
    kind: RoundKind,
    tally: Mapping[str, int],
    base: int,
    holders: Collection[str],
    related: Related,
    profile: Profile,
) -> tuple[str | None, Reason]:
    """Who takes ``d``'s vacated seat from the round it was won in (``tally`` of that post, ``base`` its
    voters who voted or ballots cast): the next person in vote order who passes that round's threshold
    (majority in a first round, one third in a runoff), is not elected already, and is not a near relative
    of a holder. A tie for the seat, or nobody, leaves it to a further vote (B22)."""
    first = kind is RoundKind.FIRST

    def passes(votes: int) -> bool:
        return votes > 0 and (majority(votes, base) if first else at_least_one_third(votes, base))

    pool = ranked(
        tally,
        lambda p, v: (
            p != d.name and p not in holders and passes(v) and not any(related(p, h) for h in holders)
        ),
    )
    article = profile.article("near_relative_avoidance")
    label = POST_ZH[d.post]
    if not pool or (len(pool) > 1 and pool[0][1] == pool[1][1]):
        why = "无符合条件的递补人" if not pool else "递补人得票相等"
        return None, Reason(
            "B24",
            article,
            f"{label}：{why}，{d.name}让出的名额空缺，须另行选举。",
            f"{d.post.value}: {'nobody qualifies' if not pool else 'a tie'} to refill {d.name}'s seat; it "
            "goes to a further vote.",
        )
    name, votes = pool[0]
    rule = "过半数" if first else "不少于三分之一"
    return name, Reason(
        "B24",
        article,
        f"{label}：{name}得{votes}票，为{d.name}之后得票最多且{rule}的人，递补当选。",
        f"{d.post.value}: {name}, next in vote order with {votes} votes "
        f"({'a majority' if first else 'at least one third'}), refills {d.name}'s seat.",
    )
