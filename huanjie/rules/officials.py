"""Polling officials and mobile ballot boxes: who may not count (B14), how many watch a mobile box (B13).

- B14 ✅ (election-law.md): candidates and their near relatives may not be scrutineers (监票人), tellers
  (计票人), callers (唱票人) or ballot writers. Which relatives is the province's: ZJ Art.22 spouse,
  parents, children, siblings; SH and BJ spouse and direct relatives (parents, children, grandparents,
  grandchildren). National law sets no list: the national profile takes the near relatives of Civil
  Code Art.1045 ✎ ⚠. Profile ``official_barred_relations``. Mobile-box monitors are held to the same
  bar: they watch the ballots outside the public count (B13).
- Living in the same household (户) as a candidate: a conflict without a declaration where the profile
  says so (``official_household_barred``, interpretation ✎): a clerk cannot verify kinship, the
  household register can.
- B13 ✅ (ZJ Art.24, BJ, HN): a mobile ballot box has at least ``mobile_box_min_monitors`` monitors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .explain import Reason
from .profiles import Profile
from .terms import relation_zh


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a register: a name and, where the person is on the roll, the household."""

    name: str
    household: str = ""


@dataclass(frozen=True, slots=True)
class Conflict:
    candidate: str
    relation: str  # "self", "household", or a relation of the profile's official_barred_relations
    reason: Reason


def official_conflict(
    person: Person,
    candidates: Iterable[Person],
    profile: Profile,
    *,
    relative: str = "",
    relation: str = "",
) -> Conflict | None:
    """Why ``person`` may not be an official or monitor (B14), or None. ``relative`` and ``relation`` are
    the person's declaration ("the candidate X is my spouse")."""
    for candidate in candidates:
        if person.name == candidate.name:
            return Conflict(
                candidate.name,
                "self",
                Reason(
                    "B14",
                    profile.article("official_barred_relations"),
                    f"{person.name}是候选人，不得担任监票、计票、唱票人员或流动票箱监督员。",
                    f"{person.name} is a candidate and may not serve as a polling official or monitor.",
                ),
            )
        if relative.strip() == candidate.name and relation in profile.official_barred_relations:
            return Conflict(
                candidate.name,
                relation,
                Reason(
                    "B14",
                    profile.article("official_barred_relations"),
                    f"{person.name}是候选人{candidate.name}的{relation_zh(relation)}，应当回避。",
                    f"{person.name} is the {relation} of the candidate {candidate.name} and must stand aside.",
                ),
            )
        if profile.official_household_barred and person.household and person.household == candidate.household:
            return Conflict(
                candidate.name,
                "household",
                Reason(
                    "B14",
                    profile.article("official_household_barred"),
                    f"{person.name}与候选人{candidate.name}同户，应当回避。",
                    f"{person.name} lives in the same household as the candidate {candidate.name} "
                    "and must stand aside.",
                ),
            )
    return None


def monitors_short(monitors: int, profile: Profile) -> Reason | None:
    """Why a mobile box with too few monitors may not be counted (B13), or None when it has enough."""
    least = profile.mobile_box_min_monitors
    if monitors >= least:
        return None
    return Reason(
        "B13",
        profile.article("mobile_box_min_monitors"),
        f"流动票箱须有{least}名以上监督员，现有{monitors}名。",
        f"A mobile ballot box needs at least {least} monitors; it has {monitors}.",
    )
