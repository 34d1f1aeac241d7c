"""Division codes (统计用区划代码): 12 digits — province 2, city 2, county 2, township 3, village 3."""

from __future__ import annotations

from huanjie.units.models import Level

SIGNIFICANT: dict[str, int] = {
    Level.PROVINCE: 2,
    Level.CITY: 4,
    Level.DISTRICT: 6,
    Level.STREET: 9,
    Level.UNIT: 12,
}

LEVEL_ALIASES: dict[str, str] = {
    "province": Level.PROVINCE,
    "省": Level.PROVINCE,
    "省级": Level.PROVINCE,
    "city": Level.CITY,
    "市": Level.CITY,
    "地级": Level.CITY,
    "district": Level.DISTRICT,
    "区": Level.DISTRICT,
    "县": Level.DISTRICT,
    "区县": Level.DISTRICT,
    "street": Level.STREET,
    "街道": Level.STREET,
    "乡镇": Level.STREET,
    "乡": Level.STREET,
    "镇": Level.STREET,
    "unit": Level.UNIT,
    "村": Level.UNIT,
    "社区": Level.UNIT,
    "村(社区)": Level.UNIT,
}


def code_problem(code: str, level: str) -> str | None:
    """Why `code` cannot be a code of a division at `level`, or None when it can."""
    if len(code) != 12 or not (code.isascii() and code.isdigit()):
        return "a division code has 12 digits 0-9"  # not full-width, Arabic-Indic or other digits
    sig = SIGNIFICANT[level]
    if level != Level.UNIT and set(code[sig:]) != {"0"}:
        return f"a {level} code ends in {12 - sig} zeros"
    prev = {2: 0, 4: 2, 6: 4, 9: 6, 12: 9}[sig]
    if set(code[prev:sig]) == {"0"}:
        return f"digits {prev + 1}–{sig} of a {level} code may not all be zero"
    return None


def parent_problem(code: str, parent_code: str, parent_level: str) -> str | None:
    sig = SIGNIFICANT[parent_level]
    if code[:sig] != parent_code[:sig]:
        return f"the code does not start with its parent's {sig} digits {parent_code[:sig]}"
    return None
