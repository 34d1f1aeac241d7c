"""The dynamic site's caching: whole responses in Django's cache, ETags, Cache-Control.

A cached response is keyed by the language, the address, and the *generation*: the audit chain's newest
sequence number. Every write in Huanjie is an action that appends exactly one audit event (DESIGN.md),
so the generation changes exactly when anything a page could show has changed, and one indexed
single-row read tells a process whether its cache is still good. A process reads the generation at most
once per BULLETIN_FRESHNESS seconds, so under load a page costs a cache lookup and no database query.

The cache is the `default` of CACHES: a local-memory cache per process out of the box; several server
processes or machines share one Redis or Memcached (docs/bulletin.md).
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified
from django.utils import translation

from huanjie.auditlog.models import ChainHead
from huanjie.bulletin import conf

View = Callable[..., HttpResponse]

_lock = threading.Lock()
_seen: tuple[float, int] = (0.0, -1)


def generation() -> int:
    """The audit chain's head sequence number, re-read at most once per BULLETIN_FRESHNESS seconds."""
    global _seen
    checked, value = _seen
    now = time.monotonic()
    if now - checked < conf.freshness() and value >= 0:
        return value
    with _lock:
        value = ChainHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
        _seen = (now, value)
    return value


def forget() -> None:
    """Drop this process's memory of the generation (tests; after a bulk change in the same process)."""
    global _seen
    _seen = (0.0, -1)


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


Entry = tuple[bytes, str, str, int]  # content, content type, ETag, max-age


def _key(request: HttpRequest, lang: str) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"bulletin:{generation()}:{lang}:{digest}"


def _respond(request: HttpRequest, entry: Entry, lang: str) -> HttpResponse:
    content, content_type, etag, age = entry
    headers = {"ETag": etag, "Cache-Control": f"public, max-age={age}", "Content-Language": lang}
    if _matches(request, etag):
        return HttpResponseNotModified(headers=headers)
    return HttpResponse(content, content_type=content_type, headers=headers)


# Addresses that are never public pages: the office, static and uploaded files, the language switch.
NOT_PUBLIC = ("/office/", "/static/", "/media/", "/i18n/")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


class CachedPageMiddleware:
    """First in the chain: answer a repeat request for a public page from the cache, before sessions,
    authentication, CSRF and URL resolution run. Only pages that `public_page` cached can be answered,
    under the same key, so nothing else is ever served from here; a miss goes down the chain as usual."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not request.path.startswith(NOT_PUBLIC):
            lang = "en" if request.path == "/en/" or request.path.startswith("/en/") else "zh-hans"
            entry: Entry | None = cache.get(_key(request, lang))
            if entry is not None:
                response = _respond(request, entry, lang)
                for name, value in SECURITY_HEADERS.items():
                    response.headers.setdefault(name, value)
                return response
        return self.get_response(request)


def public_page(*, max_age: int | None = None) -> Callable[[View], View]:
    """A public, read-only view in the language its address names, served from the cache when it can."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, lang: str = "zh-hans", **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
            key = _key(request, lang)
            entry: Entry | None = cache.get(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                age = conf.max_age() if max_age is None else max_age
                entry = (response.content, response["Content-Type"], etag_of(response.content), age)
                cache.set(key, entry, timeout=300)
            return _respond(request, entry, lang)

        return wrapper

    return decorate
