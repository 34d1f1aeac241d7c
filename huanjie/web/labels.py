"""Names that pages show for the rules' terms, in the reader's language."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import get_language

from huanjie.rules.citations import in_chinese
from huanjie.rules.terms import post_names


def chinese() -> bool:
    """Whether the page is being written in Chinese (the default language)."""
    return (get_language() or "zh-hans").startswith("zh")


def cited(article: str | None) -> str:
    """A citation the rules engine wrote, as the reader's language cites law: 《中华人民共和国村民委员会组织法》
    第十五条第二款 in Chinese, the engine's own form (村民委员会组织法 (2018) Art.15 ¶2) in English."""
    if not article:
        return ""
    return in_chinese(article) if chinese() else article


def post_name(post: str | None) -> str:
    """A post by its name in the page's language (主任, deputy director), whatever is stored; never the
    stored key (`committee_member`)."""
    if not post:
        return ""
    zh, en = post_names(post)
    return zh if chinese() else en


def enumeration(items: Iterable[str]) -> str:
    """Items named in a sentence: joined by the enumeration comma in Chinese (主任、委员), by a comma and a
    space in English."""
    return ("、" if chinese() else ", ").join(items)
