"""Seat allocation inside one post (B19, B20, B22, B24, P7): top by votes, ties, near relatives.

Input is the list of persons who passed the round's threshold. Seats go to the highest vote
groups; a group that does not fit the remaining seats is a tie at the boundary → re-vote among the
tied only (B19). With near-relative avoidance (B24, ZJ Art.31) a person whose near relative already
holds a seat (higher post, earlier round, or more votes in this post) is passed over and the next
qualified person moves up; relatives with equal votes in the same post go to a further vote.
Ordering never depends on the order of the tally: persons are sorted by (−votes, name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby

from .explain import Reason

Ranked = list[tuple[str, int]]
Related = Callable[[str, str], bool]


@dataclass(slots=True)
class Pick:
    """Allocation of one post: elected, tied for a re-vote, and the persons passed over."""

    elected: list[str] = field(default_factory=list)
    tied: list[str] = field(default_factory=list)
    tie_seats: int = 0
    passed_over: list[tuple[str, str]] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return len(self.elected) + self.tie_seats


def ranked(tally: Mapping[str, int], keep: Callable[[str, int], bool]) -> Ranked:
    """Persons of ``tally`` that ``keep`` accepts, by votes descending then name."""
    return sorted(((p, v) for p, v in tally.items() if keep(p, v)), key=lambda pv: (-pv[1], pv[0]))


def relation(pairs: Iterable[tuple[str, str]]) -> Related:
    """A symmetric near-relative predicate from listed pairs."""
    known = {frozenset(p) for p in pairs}
    return lambda a, b: a != b and frozenset((a, b)) in known


def no_relatives(a: str, b: str) -> bool:
    return False


def _components(names: Sequence[str], related: Related) -> int:
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            n = parent[n]
        return n

    for a in names:
        for b in names:
            if related(a, b):
                parent[root(a)] = root(b)
    return len({root(n) for n in names})


def allocate(
    people: Ranked, seats: int, holders: Iterable[str] = (), related: Related = no_relatives
) -> Pick:
    """Give ``seats`` seats to ``people`` (already ranked and qualified)."""
    pick = Pick()
    held = list(holders)
    remaining = seats
    for _, group in groupby(people, key=lambda pv: pv[1]):
        if remaining == 0:
            break
        block = []
        for name, _ in group:
            blocker = next((h for h in (*held, *pick.elected) if related(name, h)), None)
            if blocker is None:
                block.append(name)
            else:
                pick.passed_over.append((name, blocker))
        paired = [n for n in block if any(related(n, m) for m in block)]
        free = [n for n in block if n not in paired]
        components = _components(paired, related) if paired else 0
        if len(free) + components <= remaining:
            pick.elected.extend(free)
            pick.tied.extend(paired)
            pick.tie_seats += components
            remaining -= len(free) + components
        else:
            pick.tied.extend(block)
            pick.tie_seats += remaining
            remaining = 0
    return pick


def runoff_pool(people: Ranked, wanted: int) -> list[str]:
    """The first ``wanted`` persons by votes; persons tied with the last one are all included."""
    if len(people) <= wanted:
        return [p for p, _ in people]
    cut = people[wanted - 1][1]
    return [p for p, v in people if v >= cut]


def passed_over_reasons(pick: Pick, article: str) -> list[Reason]:
    return [
        Reason(
            "B24",
            article,
            f"{name}与{blocker}系近亲属，保留{blocker}，{name}不能当选，由下一位依次递补。",
            f"{name} is a near relative of {blocker}, who keeps the seat; {name} is passed over and the next "
            "qualified person moves up.",
        )
        for name, blocker in pick.passed_over
    ]
