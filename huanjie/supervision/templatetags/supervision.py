"""Template helpers for the leading group's pages: dates as official documents write them."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from huanjie.core.dates import en_date, zh_date

register = template.Library()


@register.filter
def day(value: dt.date | None) -> str:
    """2026年11月23日 on Chinese pages (GB/T 9704), 23 November 2026 on English ones."""
    if value is None:
        return ""
    return en_date(value) if (get_language() or "").startswith("en") else zh_date(value)
