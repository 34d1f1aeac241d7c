"""Sessions that slide without a write on every request.

Staff sessions end after SESSION_COOKIE_AGE idle seconds (8 hours): each save moves the session's expiry
to that long after it. Django's way to slide it, SESSION_SAVE_EVERY_REQUEST, saves the session on every
request — with sessions in the database (`db`, or `cached_db` behind Redis) that is a transaction and a
commit of its own for every page and every form, the write a busy office least needs (a results night's
tally entries: docs/deployment.md, "The drill").

This middleware, in SessionMiddleware's place, saves a session the request did not change at most every
SESSION_TOUCH_SECONDS (60): it records the time of that save in the session, and when the last one is
older it touches the session, which saves it and moves its expiry. A session therefore still ends
SESSION_COOKIE_AGE after the browser's last request, give or take SESSION_TOUCH_SECONDS; one the request
changed (a login, a message, a kept report) is saved as always.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.http import HttpRequest, HttpResponse

TOUCHED = "_huanjie_touched"


def touch_seconds() -> int:
    return int(getattr(settings, "SESSION_TOUCH_SECONDS", 60))


def stale(touched: Any, now: int) -> bool:
    """Whether a session last saved at `touched` (seconds since the epoch, as stored) is due a save."""
    if not isinstance(touched, int) or isinstance(touched, bool):
        return True
    return not touched <= now < touched + touch_seconds()


class SessionMiddleware(DjangoSessionMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            accessed = session.accessed
            touched = session.get(TOUCHED)  # loads it: a session that no longer exists is empty now
            if not session.is_empty() and (session.modified or stale(touched, now)):
                session[TOUCHED] = now  # modified: Django's middleware saves it, with a new expiry
            session.accessed = accessed  # reading the time is not the page's use of the session (Vary)
        return super().process_response(request, response)
