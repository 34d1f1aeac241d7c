"""Sessions slide with each request but are written at most once a minute (huanjie/core/sessions.py):
the idle limit still holds, and a page does not cost a session write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from huanjie.accounts.models import User
from huanjie.core.sessions import TOUCHED, stale

pytestmark = pytest.mark.django_db


def _row(client: Any) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def _session_writes(client: Any, path: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].startswith("SELECT")]
    return status, len(writes)


def test_a_page_within_the_minute_does_not_write_the_session(client: Any, clerk: User) -> None:
    client.force_login(clerk)
    assert client.get("/office/").status_code == 200  # the login's session, now with its time
    expiry = _row(client).expire_date
    status, writes = _session_writes(client, "/office/")
    assert status == 200 and writes == 0
    assert _row(client).expire_date == expiry


def test_a_page_after_the_minute_moves_the_expiry(client: Any, clerk: User, settings: Any) -> None:
    client.force_login(clerk)
    client.get("/office/")
    session = client.session
    session[TOUCHED] = int(timezone.now().timestamp()) - settings.SESSION_TOUCH_SECONDS - 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + dt.timedelta(hours=1)
    )
    status, writes = _session_writes(client, "/office/")
    assert status == 200 and writes >= 1
    left = _row(client).expire_date - timezone.now()
    assert left > dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)  # eight hours again, not one


def test_an_idle_session_still_ends(client: Any, clerk: User) -> None:
    client.force_login(clerk)
    client.get("/office/")
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    response = client.get("/office/")
    assert response.status_code == 302 and "/office/login/" in response["Location"]


def test_a_public_page_without_a_session_makes_none(client: Any, tree: Any) -> None:
    before = Session.objects.count()
    client.get("/")
    assert Session.objects.count() == before


@pytest.mark.parametrize(
    ("touched", "due"),
    [
        (1001, False),
        (1060, False),
        (1000, True),
        (940, True),
        (1100, True),
        (None, True),
        ("1001", True),
        (True, True),
    ],
)
def test_stale(touched: Any, due: bool) -> None:
    # now = 1060: saved less than a minute ago → not due; a minute or more → due; a time in the future (the
    # clock moved back) or not a number → due
    assert stale(touched, 1060) is due
