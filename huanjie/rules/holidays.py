"""Public holidays and rest days, for deadlines that end on one (A1; Civil Code Art.203 by analogy).

The schedule is data (``holidays.toml``): per year, the State Council General Office's notice where it
was published (2026), or the statutory holidays of 《全国年节及纪念日放假办法》 (2024) computed on that
year's lunar dates (2027), each year saying which. A *rest day* is a day of a holiday block, or a Saturday
or Sunday that is not an adjusted working day (调休上班). For a year the file does not hold only the
weekends are known (``covered`` tells).
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from typing import Any

WEEKEND = ("周末", "weekend")


@dataclass(frozen=True, slots=True)
class Year:
    status: str  # "published" | "computed"
    source: str
    rest: dict[date, tuple[str, str]]  # day → (zh, en) name of its holiday
    work: dict[date, str]  # adjusted working day → the holiday it makes up for


def _year(raw: dict[str, Any]) -> Year:
    rest: dict[date, tuple[str, str]] = {}
    for block in raw["rest"]:
        day: date = block["from"]
        while day <= block["to"]:
            rest[day] = (block["zh"], block["en"])
            day += timedelta(days=1)
    return Year(raw["status"], raw["source"], rest, {w["day"]: w["zh"] for w in raw["work"]})


@functools.cache
def schedule() -> dict[int, Year]:
    """The years of ``holidays.toml``, by year."""
    text = resources.files("huanjie.rules").joinpath("holidays.toml").read_text(encoding="utf-8")
    return {int(y): _year(raw) for y, raw in tomllib.loads(text)["years"].items()}


def covered(year: int) -> bool:
    """Whether the holidays of ``year`` are known (published or computed), not only its weekends."""
    return year in schedule()


def rest_day(day: date) -> tuple[str, str] | None:
    """The (zh, en) name of the rest day ``day`` is — its holiday, or the weekend — or None on a working day."""
    year = schedule().get(day.year)
    if year is not None:
        if day in year.rest:
            return year.rest[day]
        if day in year.work:
            return None
    return WEEKEND if day.weekday() >= 5 else None


def next_working_day(day: date) -> date:
    """The first working day after ``day``."""
    day += timedelta(days=1)
    while rest_day(day) is not None:
        day += timedelta(days=1)
    return day
