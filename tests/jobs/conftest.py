"""Jobs run synchronously here (JOBS_MODE=sync), right after the transaction that started them commits,
and store their results under the test's own directory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.bulletin.conftest import _fresh_cache, results  # noqa: F401  (fixtures)
from tests.reports.conftest import elected, rnd, today  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _jobs_here(settings: Any, tmp_path: Path) -> None:
    settings.JOBS_MODE = "sync"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLISH_DIR = tmp_path / "site"
