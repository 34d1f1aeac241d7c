"""Polling-day register rules the engine (huanjie.rules) does not hold: officials' conflicts and mobile boxes.

Django-free, like the engine, so that the rules stay testable as plain values.

- B14 ✅ (ZJ Art.22; SH, BJ): candidates and their spouse, parents, children, siblings (ZJ) or spouse and
  direct relatives (SH, BJ) may not be scrutineers (监票人), tellers (计票人), callers (唱票人) or ballot
  writers. The union of both lists is barred here — the near relatives of Civil Code Art.1045 ✎ — so that
  no province's list lets through someone another's bars. Mobile-box monitors are held to the same bar:
  they watch the ballots outside the public count (B13).
- Living in the same household (户) as a candidate is treated as a conflict without a declaration: a
  clerk cannot verify kinship, the household register can (a household is a family in the register).
- B13 ✅ (ZJ, BJ, HN): a mobile ballot box has at least 3 monitors (staff carrying it).
- B12 ✅ OL Art.15 ¶4: a proxy is a near relative; the relation names are the profile's
  (`proxy_relations`), shown here in Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from huanjie.rules.explain import OL, Reason

B13 = "ZJ Art.24; BJ; HN (election-law.md B13)"
B14 = "ZJ Art.22; SH; BJ (election-law.md B14)"

MIN_MONITORS = 3

RELATION_ZH: dict[str, str] = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "sibling": "兄弟姐妹",
    "grandparent": "祖父母、外祖父母",
    "grandchild": "孙子女、外孙子女",
}

# Officials: the near relatives of B14 (ZJ's list and SH/BJ's direct relatives together).
OFFICIAL_BARRED_RELATIONS = frozenset(RELATION_ZH)


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in a register: a name and, where the person is on the roll, the household."""

    name: str
    household: str = ""


@dataclass(frozen=True, slots=True)
class Conflict:
    candidate: str
    relation: str  # "self", "household", or a relation of RELATION_ZH
    reason: Reason


def official_conflict(
    person: Person,
    candidates: Iterable[Person],
    *,
    relative: str = "",
    relation: str = "",
) -> Conflict | None:
    """Why `person` may not be an official or monitor (B14), or None. `relative` and `relation` are the
    person's declaration ("the candidate X is my spouse")."""
    for candidate in candidates:
        if person.name == candidate.name:
            return Conflict(
                candidate.name,
                "self",
                Reason(
                    "B14",
                    B14,
                    f"{person.name}是候选人,不得担任监票、计票、唱票人员或流动票箱监督员。",
                    f"{person.name} is a candidate and may not serve as a polling official or monitor.",
                ),
            )
        if relative.strip() == candidate.name and relation in OFFICIAL_BARRED_RELATIONS:
            return Conflict(
                candidate.name,
                relation,
                Reason(
                    "B14",
                    B14,
                    f"{person.name}是候选人{candidate.name}的{RELATION_ZH[relation]},应当回避。",
                    f"{person.name} is the {relation} of the candidate {candidate.name} and must stand aside.",
                ),
            )
        if person.household and person.household == candidate.household:
            return Conflict(
                candidate.name,
                "household",
                Reason(
                    "B14",
                    B14,
                    f"{person.name}与候选人{candidate.name}同户,应当回避。",
                    f"{person.name} lives in the same household as the candidate {candidate.name} "
                    "and must stand aside.",
                ),
            )
    return None


def monitors_short(monitors: int) -> Reason | None:
    """A mobile box with fewer than 3 monitors may not be counted (B13)."""
    if monitors >= MIN_MONITORS:
        return None
    return Reason(
        "B13",
        B13,
        f"流动票箱须有{MIN_MONITORS}名以上监督员,现有{monitors}名。",
        f"A mobile ballot box needs at least {MIN_MONITORS} monitors; it has {monitors}.",
    )


def proxy_relation_zh(relation: str) -> str:
    """The relation as the notice and the authorisation print it (OL Art.15 ¶4: a near relative)."""
    return RELATION_ZH.get(relation, relation)


PROXY_ARTICLE = f"{OL} Art.15 ¶4"
