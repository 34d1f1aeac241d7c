"""Voiding an election obtained by misconduct (B25) and what follows from it.

OL Art.17 ✅: 以暴力、威胁、欺骗、贿赂、伪造选票、虚报选举票数等不正当手段当选村民委员会成员的，当选无效
— an election won by violence, threats, deception, bribery, forged ballots or false counts is void.
Who declares it: the election committee or the township/county (ZJ ✅), the county (HN ✅, re-run within
30 days); in Huanjie the district's decision is recorded. A community's election falls under the RCL,
which says nothing of misconduct, and the provincial residents' committee measures (A3 ◐): the same
consequence is applied and cited to them.

Consequences (interpretation, documented in docs/rules.md):
- the whole election void → every seat is vacant and the election is held again from the vote: a new
  voting round under first-round rules (OL Art.15 ¶2) for every post with its full seats;
- one person's (or several persons') election void → their seats are vacant; the others stay elected;
  the vacant seats are filled by a new vote under first-round rules (a vacancy is by-elected under
  Art.15's procedure, OL Art.19), the persons still elected held out of it;
- a person whose own election was voided is not a candidate of the new vote: ZJ Art.41 ✅ voids such a
  person's election again if re-elected (B22), so listing them would be a vote that cannot count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .explain import Reason, cite
from .terms import POST_RANK, POST_ZH, Body, Post


class Grounds(StrEnum):
    VIOLENCE = "violence"
    THREATS = "threats"
    DECEPTION = "deception"
    BRIBERY = "bribery"
    FORGED_BALLOTS = "forged_ballots"
    FALSE_COUNT = "false_count"


GROUNDS_ZH: dict[Grounds, str] = {
    Grounds.VIOLENCE: "暴力",
    Grounds.THREATS: "威胁",
    Grounds.DECEPTION: "欺骗",
    Grounds.BRIBERY: "贿赂",
    Grounds.FORGED_BALLOTS: "伪造选票",
    Grounds.FALSE_COUNT: "虚报选举票数",
}


class VoidingError(ValueError):
    """A voiding that the statute does not allow; ``field`` names the input."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


@dataclass(frozen=True, slots=True)
class Voiding:
    whole: bool  # the whole election, or the named persons' election
    vacated: dict[Post, tuple[str, ...]]  # per post, the persons whose election is void
    seats: dict[Post, int]  # per post, the seats the new vote fills
    barred: tuple[str, ...]  # not candidates of the new vote
    reasons: tuple[Reason, ...]


def void(
    body: Body | str,
    elected: Mapping[Post, Sequence[str]],
    seats: Mapping[Post, int],
    grounds: Grounds | str,
    persons: Sequence[str] = (),
) -> Voiding:
    """The consequences of a decision voiding an election (``persons`` empty) or the named persons'
    election. ``elected`` is who holds each post now, ``seats`` the seats of each post."""
    body = Body(body)
    if body is Body.PARTY_BRANCH:
        raise VoidingError(
            "body", "a party organisation's election is voided under party rules, not OL Art.17"
        )
    try:
        grounds = Grounds(grounds)
    except ValueError:
        raise VoidingError("grounds", f"must be one of {', '.join(g.value for g in Grounds)}") from None
    holders = {name for names in elected.values() for name in names}
    unknown = sorted(set(persons) - holders)
    if unknown:
        raise VoidingError("persons", f"{', '.join(unknown)} is not elected")
    article = cite(body, "B25", "Art.17")
    how = GROUNDS_ZH[grounds]
    order = sorted(seats, key=lambda p: POST_RANK[p])
    if not persons:
        reason = Reason(
            "B25",
            article,
            f"以{how}等不正当手段进行选举，选举无效；全部当选无效，各职务名额全部空缺，须重新投票选举。",
            f"The election was obtained by {grounds.value.replace('_', ' ')}: it is void; every seat is "
            "vacant and the vote is held again.",
        )
        vacated = {p: tuple(elected.get(p, ())) for p in order if elected.get(p)}
        return Voiding(True, vacated, {p: seats[p] for p in order}, (), (reason,))
    vacated = {p: tuple(n for n in elected.get(p, ()) if n in persons) for p in order}
    vacated = {p: names for p, names in vacated.items() if names}
    reasons = [
        Reason(
            "B25",
            article,
            f"{POST_ZH[p]}{'、'.join(names)}以{how}等不正当手段当选，当选无效，{len(names)}个名额空缺，须重新投票补足。",
            f"{p.value}: {', '.join(names)} obtained the election by {grounds.value.replace('_', ' ')}; the "
            f"election is void and {len(names)} seat(s) are filled by a new vote.",
        )
        for p, names in vacated.items()
    ]
    reasons.append(
        Reason(
            "B22",
            "ZJ Art.41 ✅ (B22; applied in every profile, interpretation)",
            f"{'、'.join(sorted(persons))}不列为重新投票的候选人：其当选因不正当手段无效，再次当选亦无效。",
            f"{', '.join(sorted(persons))} are not candidates of the new vote: an election obtained by "
            "misconduct is void again if repeated.",
        )
    )
    return Voiding(
        False,
        vacated,
        {p: len(names) for p, names in vacated.items()},
        tuple(sorted(persons)),
        tuple(reasons),
    )
