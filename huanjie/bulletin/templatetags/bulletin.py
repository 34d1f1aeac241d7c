"""Template helpers for the public site: addresses in the reader's language, notices' codes."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

from huanjie.bulletin import public
from huanjie.bulletin.sitefiles import Addresses
from huanjie.elections.models import Notice

register = template.Library()


def url_name(name: str) -> str:
    return f"bulletin:{name}_en" if public.english() else f"bulletin:{name}"


_ADDRESSES = Addresses()  # a page lists dozens of notices, each with its links; publish-static, thousands


@register.simple_tag
def burl(name: str, *args: object) -> str:
    """The address of a bulletin page in the language of the page being rendered."""
    return _ADDRESSES(f"{name}_en" if public.english() else name, *args)


@register.simple_tag(takes_context=True)
def other_language(context: template.Context) -> str:
    """This page's address in the other language: Chinese at the root, English under /en/."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request is not None else "/"
    if public.english():
        return path.removeprefix("/en") or "/"
    return "/en" + path


@register.filter
def code(notice: Notice) -> str:
    return public.code_of(notice)


@register.filter
def redact(text: str) -> str:
    return public.redact(text or "")
