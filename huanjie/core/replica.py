"""Reads that may go to the read replica (docs/deployment.md, "A read replica").

With `DATABASE_REPLICA_URL` set, `settings.DATABASES` has a second alias, `replica`: a PostgreSQL
standby that streams the primary's WAL and answers reads only. The public bulletin, the open data, the
statistics and the reports — pages many people read and nobody writes through — read from it; everything
else, and every write, goes to the primary (`default`).

Read-your-own-writes: a standby lags the primary by a little (milliseconds on a quiet night, more on a
results night). A clerk who has just entered a tally and opens the statistics must see it, so after a
successful write — an action committed during the request (`core.actions` tells `note_write`), or any
POST/PUT/PATCH/DELETE answered without an error — the response pins that browser to the primary for
`REPLICA_PIN_SECONDS` (5) with a cookie holding the time the pin ends. Every request in that window reads
the primary, whatever its address.

Without a replica configured every read is on `default` and nothing here runs: the demo, a single
district and the tests are unchanged.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PIN_COOKIE = "huanjie_primary_until"

# Pages whose reads may be served by the replica: the public bulletin (everything not under these), the
# open data, the statistics and the reports.
PRIVATE_PREFIXES = ("/office/", "/i18n/", "/healthz", "/metrics")
REPLICA_OFFICE_PREFIXES = ("/office/reports/",)

# Set for the length of one request: whether its reads may go to the replica.
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("huanjie_use_replica", default=False)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("huanjie_wrote", default=False)


def configured() -> bool:
    return REPLICA in settings.DATABASES


def pin_seconds() -> float:
    return float(getattr(settings, "REPLICA_PIN_SECONDS", 5))


def reads_from_replica(path: str) -> bool:
    """Whether a page at `path` reads public or statistical data only, which the replica may serve."""
    if path.startswith(REPLICA_OFFICE_PREFIXES):
        return True
    return not path.startswith(PRIVATE_PREFIXES)


def pinned(cookie: str | None, now: float) -> bool:
    """Whether the pin cookie (the time its pin ends, seconds since the epoch) is still running."""
    if not cookie:
        return False
    try:
        until = float(cookie)
    except ValueError:
        return False
    # A forged cookie far in the future only sends its own reads to the primary; never beyond one pin.
    return now < until <= now + pin_seconds() + 1


def choose(method: str, path: str, cookie: str | None, now: float) -> str:
    """The database a request's reads go to: the replica for a safe request to a read-only page from a
    browser not pinned by a recent write; the primary otherwise."""
    if method not in ("GET", "HEAD"):
        return "default"
    if pinned(cookie, now) or not reads_from_replica(path):
        return "default"
    return REPLICA


def edition_alias() -> str:
    """Where the bulletin's cache reads the public edition (bulletin/cache.py): the replica when there is
    one — the database its pages are rendered from. Read from the primary, the edition could be one the
    replica has not replayed yet, and a page rendered from the replica's older records would be cached
    under the new edition's key, stale until the next publication. Read from the replica, the edition is
    never ahead of the records the pages show (a pinned browser's pages, from the primary, are only ever
    newer)."""
    return REPLICA if configured() else "default"


def note_write() -> None:
    """An action committed during this request: pin this browser to the primary (core.actions calls it)."""
    _wrote.set(True)


class ReplicaRouter:
    """settings.DATABASE_ROUTERS: reads of a request that `ReplicaMiddleware` marked go to the replica;
    writes, and reads inside a transaction on the primary, go to the primary; outside a request (commands,
    workers, tests) everything is on the primary."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _use_replica.get() and configured() and not connections["default"].in_atomic_block:
            return REPLICA
        return "default"

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # one database, two copies of it

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db == "default"  # the replica receives the primary's schema through replication


class ReplicaMiddleware:
    """Decides, per request, where its reads go, and pins a browser that wrote to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not configured():
            return self.get_response(request)
        now = time.time()
        use = choose(request.method or "GET", request.path, request.COOKIES.get(PIN_COOKIE), now) == REPLICA
        token, wrote = _use_replica.set(use), _wrote.set(False)
        try:
            response = self.get_response(request)
            write = _wrote.get() or (
                request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 400
            )
        finally:
            _use_replica.reset(token)
            _wrote.reset(wrote)
        if write:
            seconds = pin_seconds()
            response.set_cookie(
                PIN_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=max(1, int(seconds + 0.999)),
                httponly=True,
                samesite="Lax",
                secure=bool(getattr(settings, "SESSION_COOKIE_SECURE", False)),
            )
        return response
