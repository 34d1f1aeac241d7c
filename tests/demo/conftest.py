"""The end-of-round demo district, built once per run and shared by every test of this package.

Replaying a whole round is the slowest thing the suite does; both modules here read the same build (the
district as it stands on END, the day after the last election).

- Under scripts/test.sh on PostgreSQL, scripts/demo_template.py builds it once into a database named by
  HUANJIE_DEMO_TEMPLATE, beside the suite; each pytest-xdist worker clones it (CREATE DATABASE … TEMPLATE,
  seconds) into a database of its own for these tests, so that both workers share the demo's tests — the
  crawl of every persona's pages above all. These tests are put last, to give the build its time.
- Otherwise (SQLite, or pytest run by hand) the package builds it in the test database, in one xdist
  group, and flushes the database afterwards.
"""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

END = "2027-04-05"
TEMPLATE = os.environ.get("HUANJIE_DEMO_TEMPLATE", "")
READY = os.environ.get("HUANJIE_DEMO_READY", "")  # the build writes "ok" (or its error) here
BUILD_WAIT = 30 * 60  # seconds: a build on a busy machine


def _here(item: pytest.Item) -> bool:
    return "tests/demo/" in item.path.as_posix()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if TEMPLATE:
        items.sort(key=_here)  # stable: the demo's tests last, in their order
    else:
        for item in items:
            if _here(item):
                item.add_marker(pytest.mark.xdist_group("demo"))


def _admin_dsn(settings: dict[str, Any]) -> str:
    dsn = f"host={settings['HOST'] or '127.0.0.1'} port={settings['PORT'] or 5432} user={settings['USER']} dbname=postgres"
    return dsn + (f" password={settings['PASSWORD']}" if settings["PASSWORD"] else "")


def _clone(django_db_blocker: Any) -> Iterator[str]:
    import psycopg
    from django.db import connection

    if READY:
        ready, waited = Path(READY), 0.0
        while not ready.exists() and waited < BUILD_WAIT:
            time.sleep(2)
            waited += 2
        status = ready.read_text() if ready.exists() else "the demo template was not built in time"
        if status != "ok":
            pytest.fail(f"building the demo template failed:\n{status}")
    settings = connection.settings_dict
    original = settings["NAME"]
    clone = f"{original}_demo"
    with django_db_blocker.unblock():
        connection.close()
        with psycopg.connect(_admin_dsn(settings), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{clone}" WITH (FORCE)')
            for attempt in range(5):  # another worker's clone may hold the template for a moment
                try:
                    admin.execute(f'CREATE DATABASE "{clone}" TEMPLATE "{TEMPLATE}"')
                    break
                except psycopg.errors.ObjectInUse:
                    if attempt == 4:
                        raise
                    time.sleep(2)
        settings["NAME"] = clone
        try:
            out = io.StringIO()
            call_command("demo", "--accounts", stdout=out)
            yield out.getvalue()
        finally:
            connection.close()
            settings["NAME"] = original
            with psycopg.connect(_admin_dsn(settings), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{clone}" WITH (FORCE)')


@pytest.fixture(scope="package")
def demo_build(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The accounts table `huanjie demo` prints, with the demo as of END in the database."""
    from django.db import connection

    if TEMPLATE and connection.vendor == "postgresql":
        yield from _clone(django_db_blocker)
        return
    with django_db_blocker.unblock(), override_settings(HUANJIE_TODAY=END):
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        call_command("flush", "--no-input", verbosity=0)
