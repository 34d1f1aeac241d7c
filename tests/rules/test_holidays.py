"""The holiday schedule (holidays.toml): the State Council's 2026 notice as published, 2027 computed from
《全国年节及纪念日放假办法》 (2024) on that year's lunar dates."""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from importlib import resources

from huanjie.rules.holidays import WEEKEND, covered, next_working_day, rest_day, schedule


def test_it_holds_the_2026_notice() -> None:
    """国务院办公厅关于2026年部分节假日安排的通知 (2025-11-04): 33 rest days in 7 blocks, 6 working weekends."""
    y = schedule()[2026]
    assert y.status == "published" and "2026年部分节假日安排" in y.source
    assert len(y.rest) == 33 and sorted(y.work) == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    assert rest_day(date(2026, 2, 15)) == ("春节", "Spring Festival")
    assert rest_day(date(2026, 2, 23)) == ("春节", "Spring Festival")
    assert rest_day(date(2026, 2, 14)) is None  # 调休上班 on a Saturday
    assert rest_day(date(2026, 10, 7)) == ("国庆节", "National Day")
    assert rest_day(date(2026, 3, 7)) == WEEKEND and rest_day(date(2026, 3, 9)) is None


def test_it_computes_2027_from_the_statutory_days() -> None:
    """2024 办法 Art.2: New Year 1, Spring Festival 4 (除夕 2027-02-05 to 初三 02-08), Qingming 1, Labour Day 2,
    Dragon Boat 1 (06-09), Mid-Autumn 1 (09-15), National Day 3; each statutory day on a weekend made up on
    the next working day; no 调休 (only a notice sets those)."""
    y = schedule()[2027]
    assert y.status == "computed" and "⚠" in y.source and y.work == {}
    raw = tomllib.loads(
        resources.files("huanjie.rules").joinpath("holidays.toml").read_text(encoding="utf-8")
    )
    blocks = raw["years"]["2027"]["rest"]
    assert [b["statutory"] for b in blocks] == [1, 4, 1, 2, 1, 1, 3]
    for b in blocks:
        days = [b["from"] + timedelta(days=i) for i in range((b["to"] - b["from"]).days + 1)]
        statutory = days[: b["statutory"]]
        weekend = sum(d.weekday() >= 5 for d in statutory)
        assert b["makeup"] == weekend
        assert all(d.weekday() < 5 for d in days[b["statutory"] :])  # the make-up days are weekdays
    assert rest_day(date(2027, 2, 10)) == ("春节", "Spring Festival") and rest_day(date(2027, 2, 11)) is None


def test_it_finds_the_next_working_day() -> None:
    assert next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)
    assert next_working_day(date(2026, 2, 13)) == date(2026, 2, 14)  # a working Saturday
    assert next_working_day(date(2026, 9, 30)) == date(2026, 10, 8)
    assert next_working_day(date(2027, 9, 30)) == date(2027, 10, 6)


def test_it_knows_only_weekends_outside_the_schedule() -> None:
    assert covered(2026) and covered(2027) and not covered(2028)
    assert rest_day(date(2028, 10, 2)) is None  # a Monday: the 2028 holidays are not in the file
    assert rest_day(date(2028, 10, 7)) == WEEKEND
