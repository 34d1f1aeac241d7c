from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.arith import (
    at_least_fraction,
    at_least_one_third,
    ceil_div,
    majority,
    more_than_fraction,
    smallest_majority,
)

n = st.integers(0, 10**9)


def test_it_needs_strictly_more_than_half() -> None:
    assert not majority(300, 600) and majority(301, 600) and majority(1, 0)
    assert at_least_one_third(150, 450) and not at_least_one_third(149, 450)


@given(n, n)
def test_it_agrees_with_exact_fractions(v: int, base: int) -> None:
    assert majority(v, base) == (Fraction(v) > Fraction(base, 2))
    assert at_least_one_third(v, base) == (Fraction(v) >= Fraction(base, 3))
    assert majority(v, base) == (v >= smallest_majority(base))


@given(n, st.integers(1, 10**6))
def test_it_rounds_up_without_floats(a: int, b: int) -> None:
    assert ceil_div(a, b) == -(-Fraction(a, b).numerator // Fraction(a, b).denominator)
    assert ceil_div(a, b) * b >= a > (ceil_div(a, b) - 1) * b


@given(n, n, st.integers(1, 9), st.integers(1, 9))
def test_it_compares_fractions(part: int, whole: int, num: int, den: int) -> None:
    assert at_least_fraction(part, whole, num, den) == (Fraction(part) >= Fraction(whole * num, den))
    assert more_than_fraction(part, whole, num, den) == (Fraction(part) > Fraction(whole * num, den))
