"""Template helpers every app's templates share (`{% load huanjie %}`): a division's name in the reader's
language, posts, marks, whether the user sees a division or has a capability. The office's home pages have
their own (office/templatetags/office_homes.py)."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from huanjie.units.models import Division
from huanjie.web.labels import chinese, cited, post_name

register = template.Library()


@register.filter
def dname(division: Division | None) -> str:
    """The English name in English pages where there is one; the official Chinese name otherwise."""
    if division is None:
        return ""
    return division.display_name(get_language() or "zh-hans")


@register.simple_tag
def colon() -> str:
    """The colon after a translated label: full-width and without a space in Chinese (GB/T 15834:
    `选举日：`), an ASCII colon and a space in English (`Election day: `). A literal `:` after a
    `{% translate %}` would put the ASCII colon into the Chinese page; scripts/punctuation.py finds it."""
    return "：" if chinese() else ": "


@register.filter(is_safe=True)
def paren(value: object) -> str:
    """A value in brackets after the text before it: full-width and unspaced in Chinese (`（2027年1月20日）`),
    ASCII after a space in English (` (20 January 2027)`). Escaped as any value is, unless it was safe."""
    if chinese():
        return f"（{value}）"
    return f" ({value})"


@register.simple_tag
def comma() -> str:
    """Between two clauses that are translated apart: the Chinese comma, or a comma and a space."""
    return "，" if chinese() else ", "


@register.simple_tag
def list_comma() -> str:
    """Between the items of a list: the enumeration comma in Chinese (大浪沟村、红山根村), a comma and a
    space in English."""
    return "、" if chinese() else ", "


@register.filter
def get(mapping: dict[str, object] | None, key: str) -> object:
    """A dictionary's value by a key that is a variable (Django templates cannot say d[k])."""
    return mapping.get(key) if mapping else None


# The status marks of election-law.md, in glyphs that every CJK and monospace font has (✅ is an emoji).
MARKS = str.maketrans({"✅": "✓"})


@register.filter
def marks(text: str | None) -> str:
    return (text or "").translate(MARKS)


@register.filter
def article(text: str | None) -> str:
    """A citation of the rules engine in the page's language (web.labels.cited), its marks drawable."""
    return marks(cited(text))


# A post by its name in the page's language (web/labels.py).
register.filter("postname", post_name)


@register.filter
def sexname(sex: str | None) -> str:
    from django.utils.translation import gettext

    return {"male": gettext("male"), "female": gettext("female")}.get(sex or "", sex or "")


@register.filter
def sees(user: object, division: Division | None) -> bool:
    """Whether the user's scope contains the division: a page offers a link to a division's page only
    then (a link that answers 404 is a broken promise, issue 15 finding 10)."""
    from huanjie.core.scope import in_scope

    return division is not None and in_scope(user, division)  # type: ignore[arg-type]


@register.filter
def can(user: object, capability: str) -> bool:
    """A capability of accounts/roles.py, for a template: `{% if user|can:"see_petitions" %}`."""
    from huanjie.accounts.models import User
    from huanjie.accounts.roles import Capability
    from huanjie.accounts.roles import can as may

    return isinstance(user, User) and may(user, Capability(capability))
