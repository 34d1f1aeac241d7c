"""Dates as Chinese official documents write them (GB/T 9704: Arabic numerals, no leading zeros)."""

from __future__ import annotations

import datetime as dt


def zh_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def en_date(day: dt.date | None) -> str:
    return f"{day.day} {day:%B} {day.year}" if day else ""
