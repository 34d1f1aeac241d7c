"""Today's date in the unit's time zone — or the date a demo or a training session is set to.

`HUANJIE_TODAY=2027-04-02` shows the demo district as it stands on that day (the round's end), so that
a trainer can show the whole procedure without waiting for it. Never set in production.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed: str = getattr(settings, "HUANJIE_TODAY", "")
    return dt.date.fromisoformat(fixed) if fixed else timezone.localdate()
