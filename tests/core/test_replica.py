"""The read replica's router (core/replica.py): which reads go to the replica, the pin after a write,
and — without a replica configured — every read on the primary. These run without a replica; the last
test uses the local cluster's (`make cluster`) when it is reachable and is skipped otherwise."""

from __future__ import annotations

import contextlib
import os
import time
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from huanjie.accounts.models import User
from huanjie.core import replica
from huanjie.core.actions import SYSTEM
from huanjie.core.replica import PIN_COOKIE, REPLICA, ReplicaMiddleware, ReplicaRouter, choose, pinned
from huanjie.units.models import Division

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("path", "where"),
    [
        ("/", REPLICA),
        ("/rounds/3/results/", REPLICA),
        ("/en/notices/12/", REPLICA),
        ("/data/rounds/3/results.json", REPLICA),
        ("/office/reports/", REPLICA),
        ("/office/reports/province/", REPLICA),
        ("/office/", "default"),
        ("/office/boxes/4/tally/", "default"),
        ("/office/jobs/7/", "default"),
        ("/office/login/", "default"),
        ("/healthz", "default"),
        ("/i18n/setlang/", "default"),
    ],
)
def test_public_and_statistical_reads_go_to_the_replica(path: str, where: str) -> None:
    assert choose("GET", path, None, NOW) == where


def test_a_write_request_is_on_the_primary_whatever_its_address() -> None:
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        assert choose(method, "/", None, NOW) == "default"


def test_a_browser_that_just_wrote_reads_the_primary_for_the_pin(settings: Any) -> None:
    settings.REPLICA_PIN_SECONDS = 5
    assert choose("GET", "/office/reports/", str(NOW + 3), NOW) == "default"
    assert choose("GET", "/office/reports/", str(NOW - 0.1), NOW) == REPLICA  # the pin has run out
    assert not pinned("garbage", NOW)
    # A forged cookie far in the future pins nobody for longer than one pin.
    assert not pinned(str(NOW + 3600), NOW)


def test_without_a_replica_every_read_is_on_the_primary() -> None:
    assert not replica.configured()
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(ReplicaRouter().db_for_read(Division))
        return HttpResponse("ok")

    response = ReplicaMiddleware(view)(RequestFactory().get("/rounds/1/results/"))
    assert seen == ["default"]
    assert PIN_COOKIE not in response.cookies


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if DATABASE_REPLICA_URL were set (the views below query nothing, so no replica is needed)."""
    monkeypatch.setattr(replica, "configured", lambda: True)


def test_the_router_sends_a_marked_requests_reads_to_the_replica(with_replica: None) -> None:
    seen: list[tuple[str | None, str | None]] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append((ReplicaRouter().db_for_read(Division), ReplicaRouter().db_for_write(Division)))
        return HttpResponse("ok")

    factory = RequestFactory()
    ReplicaMiddleware(view)(factory.get("/rounds/1/results/"))
    ReplicaMiddleware(view)(factory.get("/office/"))
    pinned_request = factory.get("/rounds/1/results/")
    pinned_request.COOKIES[PIN_COOKIE] = str(time.time() + 3)
    ReplicaMiddleware(view)(pinned_request)
    assert seen == [(REPLICA, "default"), ("default", "default"), ("default", "default")]
    # Outside a request (a worker, a command) the router keeps to the primary.
    assert ReplicaRouter().db_for_read(Division) == "default"
    assert ReplicaRouter().allow_migrate(REPLICA, "units") is False
    assert ReplicaRouter().allow_migrate("default", "units") is True


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_there(with_replica: None) -> None:
    """A view that writes and then reads in one transaction must read what it wrote (the tests' own
    transaction stands for it here)."""
    seen: list[str | None] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(ReplicaRouter().db_for_read(Division))
        return HttpResponse("ok")

    ReplicaMiddleware(view)(RequestFactory().get("/rounds/1/results/"))
    assert seen == ["default"]


@pytest.mark.django_db
def test_a_committed_action_pins_the_browser_even_on_a_get(
    with_replica: None, admin: User, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from huanjie.accounts.actions import do_create_user

    settings.REPLICA_PIN_SECONDS = 4

    assert admin.scope is not None
    scope = admin.scope

    def view(request: HttpRequest) -> HttpResponse:
        with django_capture_on_commit_callbacks(execute=True):
            do_create_user(
                username="newadmin",
                password="a-long-password-1",
                role="district_admin",
                scope=scope,
                actor=SYSTEM,
            )
        return HttpResponse("ok")

    before = time.time()
    response = ReplicaMiddleware(view)(RequestFactory().get("/office/reports/"))
    cookie = response.cookies[PIN_COOKIE]
    assert before + 3.999 <= float(cookie.value) <= time.time() + 4.001
    assert cookie["max-age"] == 4
    assert cookie["httponly"]


@pytest.mark.django_db
def test_a_successful_post_pins_and_a_refused_one_does_not(with_replica: None) -> None:
    factory = RequestFactory()
    ok = ReplicaMiddleware(lambda r: HttpResponse(status=302))(factory.post("/office/boxes/1/tally/"))
    refused = ReplicaMiddleware(lambda r: HttpResponse(status=403))(factory.post("/office/boxes/1/tally/"))
    read = ReplicaMiddleware(lambda r: HttpResponse("ok"))(factory.get("/rounds/1/results/"))
    assert PIN_COOKIE in ok.cookies
    assert PIN_COOKIE not in refused.cookies
    assert PIN_COOKIE not in read.cookies


def test_a_real_replica_serves_what_the_primary_wrote() -> None:
    """With the local cluster up (`make cluster`): a row the primary commits is read back on the replica
    within seconds, and the replica refuses writes."""
    psycopg = pytest.importorskip("psycopg")
    primary_url = os.environ.get("TEST_PRIMARY_URL", "postgresql://postgres@127.0.0.1:5441/postgres")
    replica_url = os.environ.get("TEST_REPLICA_URL", "postgresql://postgres@127.0.0.1:5442/postgres")
    try:
        primary = psycopg.connect(primary_url, autocommit=True, connect_timeout=2)
        standby = psycopg.connect(replica_url, autocommit=True, connect_timeout=2)
    except psycopg.OperationalError:
        pytest.skip("no local cluster's replica at 127.0.0.1:5442 (make cluster starts one)")
    with primary, standby:
        assert standby.execute("SELECT pg_is_in_recovery()").fetchone() == (True,)
        marker = f"replica-test-{time.time_ns()}"
        primary.execute("CREATE TABLE IF NOT EXISTS replica_probe (marker text)")
        primary.execute("INSERT INTO replica_probe VALUES (%s)", [marker])
        deadline = time.monotonic() + 10
        found = None
        while time.monotonic() < deadline and not found:
            with contextlib.suppress(psycopg.errors.UndefinedTable):
                found = standby.execute("SELECT 1 FROM replica_probe WHERE marker = %s", [marker]).fetchone()
            time.sleep(0.1)
        assert found == (1,)
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            standby.execute("INSERT INTO replica_probe VALUES ('x')")
        primary.execute("DELETE FROM replica_probe WHERE marker = %s", [marker])


def test_the_bulletin_reads_its_edition_where_it_reads_its_pages(with_replica: None) -> None:
    """With a replica the public edition is read from it, so a page rendered from the replica is never
    cached under an edition the replica has not replayed yet."""
    assert replica.edition_alias() == REPLICA


def test_without_a_replica_the_edition_is_the_primarys() -> None:
    assert replica.edition_alias() == "default"
