"""Integer thresholds used by every counting rule (election-law.md, counting-word convention).

过半数 = strictly more than half (`2*v > base`); 不得少于三分之一 = `3*v >= base`; 以上 includes the
number itself. No floating point: fractions are compared by cross-multiplication, ceilings by
`-(-a // b)`.
"""

from __future__ import annotations


def majority(votes: int, base: int) -> bool:
    """过半数: strictly more than half of ``base`` (exactly half is not enough)."""
    return 2 * votes > base


def at_least_one_third(votes: int, base: int) -> bool:
    """不少于三分之一: ``votes >= base / 3`` (exactly one third passes)."""
    return 3 * votes >= base


def at_least_fraction(part: int, whole: int, numerator: int, denominator: int) -> bool:
    """``part >= whole * numerator / denominator`` in integers (以上 includes the bound)."""
    return denominator * part >= numerator * whole


def more_than_fraction(part: int, whole: int, numerator: int, denominator: int) -> bool:
    """``part > whole * numerator / denominator`` in integers (超过 excludes the bound)."""
    return denominator * part > numerator * whole


def ceil_div(a: int, b: int) -> int:
    """Ceiling of ``a / b`` for ``b > 0`` (进一法), without floats."""
    return -(-a // b)


def smallest_majority(base: int) -> int:
    """The fewest votes that are a majority of ``base``: ``base // 2 + 1``."""
    return base // 2 + 1
