"""Resident identity card numbers (公民身份号码), GB 11643-1999.

18 characters: 6-digit region code, 8-digit birth date (YYYYMMDD), 3-digit sequence (odd = male,
even = female), check character (ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, value 10 written X).
15-digit numbers (first-generation cards, before 1999) carry YYMMDD and no check digit; they are
upgraded by inserting "19" before the year and computing the check character, or refused when
the caller does not allow legacy numbers. Used by eligibility (B1: date of birth from the ID card).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .explain import Reason

ARTICLE = "GB 11643-1999 公民身份号码"
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
# First two digits: provinces (11–65), Taiwan (71, 83 residence permits), Hong Kong (81), Macao (82),
# and 9x for foreigners' permanent-residence cards (2023 format).
PROVINCES = frozenset(
    {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
    | {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83}
    | set(range(90, 100))
)
MIN_BIRTH_YEAR = 1900

Sex = Literal["male", "female"]

_TEXTS: dict[str, tuple[str, str]] = {
    "length": (
        "身份号码应为18位（或15位旧号码）。",
        "An ID number has 18 characters (or 15 for a legacy number).",
    ),
    "characters": (
        "身份号码前17位应为数字，最后一位为数字或X。",
        "The first 17 characters must be digits and the last a digit or X.",
    ),
    "region": ("身份号码前两位不是有效的省级行政区划代码。", "The first two digits are not a province code."),
    "birth_date": ("身份号码中的出生日期无效。", "The birth date in the ID number is not a valid date."),
    "check_digit": ("身份号码校验码不符。", "The check character does not match the first 17 digits."),
    "legacy_refused": (
        "不接受15位旧身份号码，请提供18位号码。",
        "Legacy 15-digit numbers are not accepted here; give the 18-digit number.",
    ),
}


class IdNumberError(ValueError):
    """A refused ID number: ``code`` is machine-readable, ``reason`` explains it."""

    def __init__(self, code: str, detail: str = "") -> None:
        zh, en = _TEXTS[code]
        if detail:
            zh, en = f"{zh}（{detail}）", f"{en} ({detail})"
        self.code = code
        self.reason = Reason("GB11643", ARTICLE, zh, en)
        super().__init__(en)


@dataclass(frozen=True, slots=True)
class IdNumber:
    number: str
    region_code: str
    birth_date: date
    sex: Sex
    upgraded_from_15: bool


def check_digit(first17: str) -> str:
    """The GB 11643 check character of 17 digits."""
    if len(first17) != 17 or not first17.isdigit() or not first17.isascii():
        raise IdNumberError("characters", "check_digit needs 17 digits")
    total = sum(int(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def _birth(text: str, today: date | None) -> date:
    try:
        born = date(int(text[0:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise IdNumberError("birth_date", text) from None
    if born.year < MIN_BIRTH_YEAR or (today is not None and born > today):
        raise IdNumberError("birth_date", text)
    return born


def parse(raw: str, *, allow_legacy: bool = True, today: date | None = None) -> IdNumber:
    """Validate and normalise an ID number (spaces removed, x → X); 15 digits are upgraded."""
    text = "".join(raw.split()).upper()
    upgraded = False
    if len(text) == 15:
        if not text.isdigit() or not text.isascii():
            raise IdNumberError("characters")
        if not allow_legacy:
            raise IdNumberError("legacy_refused")
        first17 = text[:6] + "19" + text[6:]
        text = first17 + check_digit(first17)
        upgraded = True
    if len(text) != 18:
        raise IdNumberError("length", f"{len(text)}")
    first17, last = text[:17], text[17]
    if not (first17.isdigit() and first17.isascii() and (last.isdigit() or last == "X") and last.isascii()):
        raise IdNumberError("characters")
    if int(text[:2]) not in PROVINCES:
        raise IdNumberError("region", text[:2])
    born = _birth(text[6:14], today)
    if check_digit(first17) != last:
        raise IdNumberError("check_digit")
    sex: Sex = "male" if int(text[16]) % 2 == 1 else "female"
    return IdNumber(number=text, region_code=text[:6], birth_date=born, sex=sex, upgraded_from_15=upgraded)


def is_valid(raw: str, *, allow_legacy: bool = True) -> bool:
    try:
        parse(raw, allow_legacy=allow_legacy)
    except IdNumberError:
        return False
    return True


def mask(number: str) -> str:
    """Keep the region and the check character, hide the rest (``620102***********4``).

    The birth date (8 digits) and the sequence (3 digits, its last one the sex) stay hidden: shown beside
    a birth year and the sex, as pages show them, some 16,000 numbers remain possible (365 days × 500
    sequences ÷ 11 check characters). The old mask kept the sequence, and beside a birth date it was the
    number itself.
    """
    if len(number) <= 7:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 7) + number[-1:]


# --- ID numbers inside free text (notices) ---------------------------------------------------------------

# Characters a number may be broken up with and still be read as one: spaces, hyphens and dashes, dots,
# middle dots, underscores, slashes (after NFKC, which folds the full-width forms to these).
SEPARATORS = frozenset(
    " \t\n\r\u00a0\u3000-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63._/\u00b7\u30fb\u2027"
)


@dataclass(frozen=True, slots=True)
class Found:
    """Where an ID-number-like run of digits lies in a text: `start`..`end` index the text as given."""

    start: int
    end: int


def _plausible(window: str) -> bool:
    """A region that is a province and a real date where the birth date stands (18 or 15 characters)."""
    born = window[6:14] if len(window) == 18 else "19" + window[6:12]
    try:
        date(int(born[0:4]), int(born[4:6]), int(born[6:8]))
    except ValueError:
        return False
    return int(window[:2]) in PROVINCES


def _reads_as_number(digits: str) -> bool:
    """A run of exactly 15 or 18 characters always does; a longer one when a 15- or 18-character part of it
    is plausible (province and date), so that a letter or more digits before it hide nothing."""
    if len(digits) in (15, 18):
        return True
    if len(digits) < 15:
        return False
    windows = [digits[i : i + 18] for i in range(len(digits) - 17)]
    windows += [digits[i : i + 15] for i in range(len(digits) - 14) if "X" not in digits[i : i + 15]]
    return any("X" not in w[:-1] and _plausible(w) for w in windows)


def find_in_text(text: str) -> Found | None:
    """The first run of `text` that may be an ID number, however it is written: full-width or other
    scripts' digits, broken up with spaces, hyphens, dots or invisible characters (zero-width space and
    joiners, byte-order mark, soft hyphen), the check character x or X, a letter or digits beside it."""
    chars: list[tuple[str, int]] = []
    for i, c in enumerate(text):
        if unicodedata.category(c) == "Cf":  # invisible format characters: ZWSP, ZWJ, BOM, soft hyphen…
            continue
        value = unicodedata.decimal(c, None)
        if value is not None:
            chars.append((str(value), i))
            continue
        chars.extend((n, i) for n in unicodedata.normalize("NFKC", c))
    k = 0
    while k < len(chars):
        if not chars[k][0].isdigit():
            k += 1
            continue
        digits, start, end, j = "", chars[k][1], k, k
        while j < len(chars):
            c = chars[j][0]
            if c.isdigit():
                digits, end = digits + c, j
            elif c in "xX" and len(digits) >= 17:
                digits, end = digits + "X", j
                j += 1
                break
            elif c not in SEPARATORS:
                break
            j += 1
        if _reads_as_number(digits):
            return Found(start, chars[end][1] + 1)
        k = max(j, k + 1)
    return None
