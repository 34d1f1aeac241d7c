"""The women's seat at counting (B21; OL Art.6 ✅ requires at least one woman on the committee).

``women_rule`` of the profile:
- ``separate_post`` (ZJ ✅, Fujian ◐): the women-member post is its own contest; only women can
  take it; if unfilled, the runoff lists it again (handled by ordinary counting).
- ``reserved_position`` (BJ ✅): one seat of a post fixed in advance (``reserved_post``, default
  ``member``) goes to the best-placed qualified woman if no woman holds a seat yet; if none
  qualifies, that seat stays open for a runoff that includes women.
- ``runoff_must_include_woman`` (Shanxi ◐): if no woman is elected, the best-placed unelected woman is
  a runoff candidate; if a man still wins, the seat stays vacant or goes to him
  (``women_runoff_fallback`` ⚠).
"""

from __future__ import annotations

from collections.abc import Collection

from .allocation import Pick, Ranked, Related, allocate
from .explain import OL, Reason
from .profiles import Profile
from .terms import POST_EN, POST_ZH, Post


def no_woman_standing(
    post: Post, candidates: Collection[str], women: Collection[str], profile: Profile
) -> Reason | None:
    """The women-member post with no woman among its candidates is refused, not filled by a man
    (B21; OL Art.6 requires a woman on the committee, ZJ lists the post separately). None if a woman
    stands or the post is not the women-member post. The apps ask this before a ballot is opened and
    when the formal list is checked."""
    if post is not Post.WOMEN_MEMBER or any(c in women for c in candidates):
        return None
    return Reason(
        "B21",
        f"{OL} Art.6; {profile.article('women_rule')}",
        f"{POST_ZH[post]}：没有女性候选人，该职位不由男性当选，名额空缺，须提名女性候选人另行选举。",
        f"{POST_EN[post]}: no woman stands; the post is not filled by a man, the seat stays open and a woman must "
        "be nominated for a further vote.",
    )


def reserve_seat(
    people: Ranked, seats: int, normal: Pick, women: Collection[str], holders: list[str], related: Related
) -> tuple[Pick, bool]:
    """Re-allocate a post so that one seat goes to a woman; returns (pick, seat_still_open)."""
    if any(p in women for p in normal.elected):
        return normal, False
    men = allocate([pv for pv in people if pv[0] not in women], seats - 1, holders, related)
    candidates = [pv for pv in people if pv[0] in women]
    woman = allocate(candidates, 1, [*holders, *men.elected], related)
    pick = Pick(
        elected=men.elected + woman.elected,
        tied=men.tied + woman.tied,
        tie_seats=men.tie_seats + woman.tie_seats,
        passed_over=men.passed_over + woman.passed_over,
    )
    return pick, woman.filled == 0


def reserved_reasons(
    people: Ranked, pick: Pick, normal: Pick, open_seat: bool, post: Post, article: str
) -> list[Reason]:
    out = []
    votes = dict(people)
    for name in pick.elected:
        if name not in normal.elected and name not in normal.tied:
            passed = (*pick.elected, *pick.tied)
            displaced = [p for p, v in people if v > votes[name] and p not in passed]
            out.append(
                Reason(
                    "B21",
                    article,
                    f"{POST_ZH[post]}：该职务预留一名女性名额，{name}作为得票最多的合格女性当选"
                    f"{'，' + '、'.join(displaced) + '虽得票较多但不当选' if displaced else ''}。",
                    f"{POST_EN[post]}: one seat is reserved for a woman; {name}, the best-placed qualified woman, "
                    "is elected"
                    f"{' although ' + ', '.join(displaced) + ' had more votes' if displaced else ''}.",
                )
            )
    if open_seat:
        out.append(
            Reason(
                "B21",
                article,
                f"{POST_ZH[post]}：没有女性达到当选票数，预留给女性的名额不由男性递补，留待另行选举。",
                f"{POST_EN[post]}: no woman reached the threshold; the seat reserved for a woman is not given to a "
                "man "
                "and goes to a runoff.",
            )
        )
    return out


def with_woman(
    candidates: list[str], pool: Ranked, women: Collection[str], post: Post, profile: Profile
) -> tuple[list[str], Reason]:
    """Make sure the runoff candidates of ``post`` include the best-placed unelected woman."""
    article = profile.article("women_rule")
    if any(c in women for c in candidates):
        return candidates, Reason(
            "B21",
            article,
            f"{POST_ZH[post]}：另行选举候选人中已有女性。",
            f"{POST_EN[post]}: the runoff candidates include a woman.",
        )
    best = [pv for pv in pool if pv[0] in women]
    if not best:
        return candidates, Reason(
            "B21",
            article,
            f"{POST_ZH[post]}：没有未当选的女性可列为另行选举候选人，须另行提名女性候选人。",
            f"{POST_EN[post]}: no unelected woman is available for the runoff; a woman must be nominated.",
        )
    top = [p for p, v in best if v == best[0][1]]
    return candidates + top, Reason(
        "B21",
        article,
        f"{POST_ZH[post]}：尚无女性当选，得票最多的未当选女性{'、'.join(top)}列为另行选举候选人。",
        f"{POST_EN[post]}: no woman is elected yet; the best-placed unelected woman ({', '.join(top)}) is a runoff "
        "candidate.",
    )


def runoff_fallback(pick: Pick, post: Post, profile: Profile) -> tuple[Pick, Reason]:
    """After a runoff that elected no woman (Shanxi model): leave the last seat vacant, or keep the man."""
    article = profile.article("women_runoff_fallback")
    if profile.women_runoff_fallback == "vacant" and pick.elected:
        last = pick.elected[-1]
        kept = Pick(pick.elected[:-1], pick.tied, pick.tie_seats, pick.passed_over)
        return kept, Reason(
            "B21",
            article,
            f"{POST_ZH[post]}：另行选举后仍无女性当选，该名额不由男性担任，{last}不当选，名额暂缺。",
            f"{POST_EN[post]}: still no woman after the runoff; the seat is not given to a man ({last}) and stays "
            "vacant.",
        )
    return pick, Reason(
        "B21",
        article,
        f"{POST_ZH[post]}：另行选举后仍无女性当选，按本省规则由得票者当选，委员会暂无女性成员。",
        f"{POST_EN[post]}: still no woman after the runoff; per the profile the winners keep their seats and the "
        "committee has no woman yet.",
    )
