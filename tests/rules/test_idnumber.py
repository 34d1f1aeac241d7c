from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from huanjie.rules.idnumber import IdNumberError, check_digit, find_in_text, is_valid, mask, parse

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


def test_it_masks_all_but_the_region_and_the_check_character() -> None:
    # Issue 15: the old mask kept the sequence; with the birth date shown beside it, it was the number.
    assert mask("620102199003071234") == "620102***********4"
    assert mask("620102900307123") == "620102********3"
    assert mask("1234567") == "*******"


def test_it_finds_id_numbers_however_they_are_written() -> None:
    cases = {
        f"证号{VALID}。": (2, 20),
        f"A{VALID[:17]}x": (1, 19),
        "６２０１０２１９９００３０７１２３"
        + VALID[-1].translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")): (0, 18),
        "\u0666" + VALID[1:]: (0, 18),  # an Arabic-Indic digit is a digit
        VALID[:6] + "-" + VALID[6:14] + " " + VALID[14:]: (0, 20),
        "\u200b".join(VALID[:3]) + VALID[3:]: (0, 20),
        "620102900307123": (0, 15),
        "00" + VALID: (0, 20),  # a plausible 18-character part of a longer run
        "99" + VALID[:6] + "900307123": (0, 17),  # a plausible 15-digit part
    }
    for text, (start, end) in cases.items():
        found = find_in_text(text)
        assert found is not None, text
        assert (found.start, found.end) == (start, end), text


def test_it_leaves_dates_phones_codes_and_long_implausible_runs() -> None:
    for text in (
        "",
        "2026-12-03—2026-12-10",
        "电话 0931-12345678",
        "代码 620102023201 第3组",
        "9876543210987654",  # 16 digits, no province and date where a number has them
        "6201021990030712X3",  # X only ever ends a number
        "7" * 14 + "。",
    ):
        assert find_in_text(text) is None, text


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
