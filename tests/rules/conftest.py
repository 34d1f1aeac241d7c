"""The rules tests run without Django (DESIGN.md: huanjie/rules is pure).

The app suite's ``tests/conftest.py`` has an autouse fixture that needs pytest-django's ``settings``;
this same-named no-op overrides it for tests/rules, so ``pytest -p no:django tests/rules`` works.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords() -> None:
    """No passwords are hashed in the rules tests."""
