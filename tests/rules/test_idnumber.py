from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.idnumber import IdNumberError, check_digit, is_valid, mask, parse

BASE17 = "62010219900307123"
VALID = BASE17 + check_digit(BASE17)


def test_it_knows_the_standard_example() -> None:
    # The example of GB 11643-1999 Annex: 11010519491231002X
    assert check_digit("11010519491231002") == "X"
    assert parse("11010519491231002x").number == "11010519491231002X"


def test_it_parses_region_birth_and_sex() -> None:
    n = parse(VALID)
    assert (n.region_code, n.birth_date, n.sex, n.upgraded_from_15) == (
        "620102",
        date(1990, 3, 7),
        "male",
        False,
    )
    assert parse("11010519491231002X").sex == "female"


def test_it_ignores_spaces() -> None:
    assert parse(f" {VALID[:6]} {VALID[6:14]} {VALID[14:]} ").number == VALID


def test_it_upgrades_a_legacy_number() -> None:
    n = parse("620102900307123")
    assert n.number == VALID and n.upgraded_from_15 and n.birth_date == date(1990, 3, 7)


@pytest.mark.parametrize(
    ("raw", "code", "kwargs"),
    [
        ("620102900307123", "legacy_refused", {"allow_legacy": False}),
        ("62010290030712A", "characters", {}),
        ("6201029003071", "length", {}),
        ("6201021990030712Y", "length", {}),
        ("62010219900307123Y", "characters", {}),
        ("6201021990030712３X", "characters", {}),
        ("00010219900307123" + check_digit("00010219900307123"), "region", {}),
        ("62010219900230123" + check_digit("62010219900230123"), "birth_date", {}),
        ("62010218990307123" + check_digit("62010218990307123"), "birth_date", {}),
        (VALID, "birth_date", {"today": date(1990, 3, 6)}),
        (VALID[:17] + ("0" if VALID[17] != "0" else "1"), "check_digit", {}),
    ],
)
def test_it_refuses_with_a_reason(raw: str, code: str, kwargs: dict[str, object]) -> None:
    with pytest.raises(IdNumberError) as err:
        parse(raw, **kwargs)  # type: ignore[arg-type]
    assert err.value.code == code
    assert err.value.reason.rule == "GB11643" and err.value.reason.text_zh and err.value.reason.text_en
    if "today" not in kwargs:
        assert not is_valid(raw, **kwargs)  # type: ignore[arg-type]


def test_it_checks_the_check_digit_input() -> None:
    with pytest.raises(IdNumberError):
        check_digit("123")


def test_it_masks() -> None:
    assert mask("620102199003071234") == "620102********1234"
    assert mask("620102900307123") == "620102*****7123"
    assert mask("1234") == "****"


@given(
    region=st.sampled_from(["110105", "620102", "330106", "310101", "410102"]),
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2024, 12, 31)),
    seq=st.integers(0, 999),
)
def test_it_round_trips_generated_numbers(region: str, birth: date, seq: int) -> None:
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    n = parse(first17 + check_digit(first17))
    assert n.birth_date == birth and n.sex == ("male" if seq % 2 else "female")
    assert is_valid(n.number) and n.number[-1] in "0123456789X"


@given(pos=st.integers(0, 16), delta=st.integers(1, 9))
def test_it_detects_any_single_digit_error(pos: int, delta: int) -> None:
    digits = list(VALID)
    digits[pos] = str((int(digits[pos]) + delta) % 10)
    changed = "".join(digits)
    try:
        parse(changed)
    except IdNumberError as err:
        assert err.code in {"check_digit", "birth_date", "region"}
    else:  # pragma: no cover - MOD 11-2 detects every single-digit error
        raise AssertionError(changed)


def test_it_accepts_a_birth_date_of_today() -> None:
    assert parse(VALID, today=date(1990, 3, 7) + timedelta(days=0)).birth_date == date(1990, 3, 7)
