"""Today's date in the unit's time zone — or the date a demo or a training session is set to.

`HUANJIE_TODAY=2027-04-02` shows the demo district as it stands on that day (the round's end), so that
a trainer can show the whole procedure without waiting for it. Never set in production.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.utils import timezone

# While the demo replays a day of the round, what happens is stamped with that day (see `replaying`).
_replayed_day: ContextVar[dt.date | None] = ContextVar("replayed_day", default=None)


def today() -> dt.date:
    fixed: str = getattr(settings, "HUANJIE_TODAY", "")
    return dt.date.fromisoformat(fixed) if fixed else timezone.localdate()


def now() -> dt.datetime:
    """The time that documents carry, e.g. a notice's publication time: now, or 9:00 of the replayed day."""
    day = _replayed_day.get()
    if day is None:
        return timezone.now()
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=timezone.get_current_timezone())


@contextmanager
def replaying(day: dt.date) -> Iterator[None]:
    """The demo's replay of one day: notices published meanwhile carry that day, as on the board."""
    token = _replayed_day.set(day)
    try:
        yield
    finally:
        _replayed_day.reset(token)
