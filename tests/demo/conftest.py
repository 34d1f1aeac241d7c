"""The end-of-round demo district, built once per run and shared by every test of this package.

Replaying a whole round is the slowest thing the suite does; both modules here read the same build (the
district as it stands on END, the day after the last election). Under pytest-xdist the package is one group
(`--dist loadgroup`, scripts/test.sh), so a single worker builds it once, runs these tests one after
another, and flushes the database before it runs anything else.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings

END = "2027-04-05"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/demo/" in item.path.as_posix():
            item.add_marker(pytest.mark.xdist_group("demo"))


@pytest.fixture(scope="package")
def demo_build(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The output of `huanjie demo` as of END (its accounts table); the database is flushed afterwards."""
    with django_db_blocker.unblock(), override_settings(HUANJIE_TODAY=END):
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        call_command("flush", "--no-input", verbosity=0)
