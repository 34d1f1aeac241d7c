"""The dynamic site's caching: whole responses in Django's cache, ETags, Cache-Control.

A cached response is keyed by the language, the address, and the *generation*: the number of the public
pages' edition (bulletin.models.Edition). Every write in Huanjie is an action (core.actions); an action
that changes what a public page shows — a notice published or corrected, a result, a voter list, an
election day, a stage, a division — declares it, and its publication event moves the edition on, in the
same transaction (bulletin/publications.py). Nothing else does: signing in and out, failed logins, lockouts, account administration
and the office's private records never empty the cache, so that a stream of failed logins cannot make
every visitor's request a database read (issue 15 finding 5). One single-row read tells a
process whether its cache is still good. A process reads the generation at most
once per BULLETIN_FRESHNESS seconds, so under load a page costs a cache lookup and no database query.

The cache is the `default` of CACHES: a local-memory cache per process out of the box; several server
processes or machines share one Redis or Memcached (docs/bulletin.md). In front of it each process keeps
the entries it served lately in a small dictionary (`_hot`): an entry is immutable for its key (the key
names the generation), so this memory is never wrong, and a repeat costs neither an unpickling nor a
round trip to Redis.

Under gunicorn, `front` (installed by huanjie/gunicorn_conf.py) answers a cached page at the WSGI level,
before Django builds a request, sends its signals and runs the middleware chain: the same lookup, the
same headers, the same 304s as `CachedPageMiddleware`, which stays first in the chain for other servers.
"""

from __future__ import annotations

import functools
import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.wsgi import get_path_info, get_script_name
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseNotModified
from django.utils import translation
from django.utils.csp import build_policy
from django.utils.encoding import escape_uri_path, iri_to_uri

from huanjie.bulletin import conf
from huanjie.bulletin.publications import edition
from huanjie.core.replica import edition_alias

View = Callable[..., HttpResponse]

_lock = threading.Lock()
_seen: tuple[float, int] = (0.0, -1)  # until when the generation is trusted, and its value


def generation() -> int:
    """The public pages' edition, re-read at most once per BULLETIN_FRESHNESS seconds."""
    global _seen
    until, value = _seen
    now = time.monotonic()
    if now < until and value >= 0:
        return value
    with _lock:
        # From the database the public pages are rendered from (the replica, if any): core/replica.py.
        fresh = edition(using=edition_alias())
        if fresh != value:
            _forget_pages()  # every key of the old generation is dead
        # the setting is read here, once per re-read, not on every request
        _seen = (now + conf.freshness(), fresh)
    return fresh


def forget() -> None:
    """Drop this process's memory of the generation and of the pages it served (tests; after a bulk
    change in the same process)."""
    global _seen
    _seen = (0.0, -1)
    _forget_pages()


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _matches(header: str, etag: str) -> bool:
    if not header:
        return False
    if header.strip() == "*":
        return True
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return etag in tags


Entry = tuple[bytes, str, str, int]  # content, content type, ETag, max-age

HOT_BYTES = 32 * 1024 * 1024  # what a process keeps at hand; beyond that it starts afresh (bounded memory)
HOT_SECONDS = 300.0  # as long as the shared cache keeps them: pages that show "today" change by the day
_hot: dict[str, tuple[float, Entry]] = {}
_hot_bytes = 0


def _forget_pages() -> None:
    global _hot_bytes
    _hot.clear()
    _hot_bytes = 0


def _key(full_path: str, lang: str, also: str = "") -> str:
    digest = hashlib.sha256(full_path.encode()).hexdigest()
    return f"bulletin:{generation()}{also}:{lang}:{digest}"


def _lookup(key: str) -> Entry | None:
    now = time.monotonic()
    hot = _hot.get(key)
    if hot is not None and hot[0] > now:
        return hot[1]
    entry: Entry | None = cache.get(key)
    if entry is not None:
        _keep(key, entry, now)
    return entry


def _keep(key: str, entry: Entry, now: float) -> None:
    global _hot_bytes
    with _lock:
        if _hot_bytes + len(entry[0]) > HOT_BYTES:
            _forget_pages()
        _hot_bytes += len(entry[0])
        _hot[key] = (now + HOT_SECONDS, entry)


def _headers(entry: Entry, lang: str) -> dict[str, str]:
    return {"ETag": entry[2], "Cache-Control": f"public, max-age={entry[3]}", "Content-Language": lang}


def _respond(request: HttpRequest, entry: Entry, lang: str) -> HttpResponse:
    headers = _headers(entry, lang)
    if _matches(request.headers.get("If-None-Match", ""), entry[2]):
        return HttpResponseNotModified(headers=headers)
    return HttpResponse(entry[0], content_type=entry[1], headers=headers)


def _lang(path: str) -> str:
    return "en" if path == "/en/" or path.startswith("/en/") else "zh-hans"


# Addresses that are never public pages: the office, static and uploaded files, the language switch.
NOT_PUBLIC = ("/office/", "/static/", "/media/", "/i18n/")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    # What Django's CSP middleware adds further down the chain, which a repeat answered here never reaches.
    "Content-Security-Policy": build_policy(getattr(settings, "SECURE_CSP", {})),
}


class CachedPageMiddleware:
    """First in the chain: answer a repeat request for a public page from the cache, before sessions,
    authentication, CSRF and URL resolution run. Only pages that `public_page` cached can be answered,
    under the same key, so nothing else is ever served from here; a miss goes down the chain as usual."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and not request.path.startswith(NOT_PUBLIC):
            lang = _lang(request.path)
            entry = _lookup(_key(request.get_full_path(), lang))
            if entry is not None:
                response = _respond(request, entry, lang)
                for name, value in SECURITY_HEADERS.items():
                    response.headers.setdefault(name, value)
                return response
        return self.get_response(request)


WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def full_path(environ: dict[str, Any]) -> str:
    """`request.get_full_path()` of the request Django would build from this environ (WSGIRequest), so
    that the front and the views use one key for one address and never one key for two."""
    path_info = get_path_info(environ) or "/"
    path = "%s/%s" % (get_script_name(environ).rstrip("/"), path_info.replace("/", "", 1))  # noqa: UP031
    query = environ.get("QUERY_STRING", "")
    return escape_uri_path(path) + (("?" + iri_to_uri(query)) if query else "")


def front(app: WSGIApp) -> WSGIApp:
    """A WSGI application that answers cached public pages itself and passes everything else to `app`."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "")
        if method in ("GET", "HEAD"):
            path = full_path(environ)
            if not path.startswith(NOT_PUBLIC):
                lang = _lang(path)
                entry = _lookup(_key(path, lang))
                if entry is not None:
                    headers = {**_headers(entry, lang), **SECURITY_HEADERS}
                    if _matches(environ.get("HTTP_IF_NONE_MATCH", ""), entry[2]):
                        start_response("304 Not Modified", list(headers.items()))
                        return []
                    headers["Content-Type"] = entry[1]
                    headers["Content-Length"] = str(len(entry[0]))
                    start_response("200 OK", list(headers.items()))
                    return [] if method == "HEAD" else [entry[0]]
        return app(environ, start_response)

    return application


def public_page(
    *, max_age: int | None = None, also: Callable[[], object] | None = None
) -> Callable[[View], View]:
    """A public, read-only view in the language its address names, served from the cache when it can.
    `also`: a further part of the key, for a page that changes with more than the publications (the audit
    anchors follow the chain's head); such a page is never answered by the front, only by its view."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, lang: str = "zh-hans", **kwargs: Any) -> HttpResponse:
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET", "HEAD"])
            translation.activate(lang)
            request.LANGUAGE_CODE = lang
            key = _key(request.get_full_path(), lang, f"+{also()}" if also is not None else "")
            entry = _lookup(key)
            if entry is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                age = conf.max_age() if max_age is None else max_age
                entry = (response.content, response["Content-Type"], etag_of(response.content), age)
                cache.set(key, entry, timeout=int(HOT_SECONDS))
                _keep(key, entry, time.monotonic())
            return _respond(request, entry, lang)

        return wrapper

    return decorate
