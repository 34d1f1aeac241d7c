"""Template helpers: a division's name in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from huanjie.units.models import Division

register = template.Library()


@register.filter
def dname(division: Division | None) -> str:
    """The English name in English pages where there is one; the official Chinese name otherwise."""
    if division is None:
        return ""
    return division.display_name(get_language() or "zh-hans")


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    """A dictionary's value by a key that is a variable (Django templates cannot say d[k])."""
    return mapping.get(key) if mapping else None


# The status marks of election-law.md, in glyphs that every CJK and monospace font has (✅ is an emoji).
MARKS = str.maketrans({"✅": "✓"})


@register.filter
def marks(text: str | None) -> str:
    return (text or "").translate(MARKS)
