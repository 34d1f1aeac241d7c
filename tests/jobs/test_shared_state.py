"""With REDIS_URL, the cache and the sessions are Redis's, shared by every application server: what one
process caches or logs in, another reads. Skipped with a message when Redis is not reachable; required
under CI."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.jobs.test_celery import REDIS, ROOT, _redis_up

WRITE = """
import django; django.setup()
from django.conf import settings
from django.core.cache import cache
from django.contrib.sessions.backends.cache import SessionStore as CacheStore
from importlib import import_module
assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
cache.set("shared-{key}", "from the first server", 60)
print(cache.get("shared-{key}"))
"""
READ = """
import django; django.setup()
from django.core.cache import cache
print(cache.get("shared-{key}"))
"""


def test_two_processes_share_the_redis_cache(tmp_path: Path) -> None:
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis at 127.0.0.1:6379 is required under CI (.ci/run starts it)")
        pytest.skip("Redis at 127.0.0.1:6379 is not reachable: the shared cache test needs it")
    key = uuid.uuid4().hex
    env = {**os.environ, "REDIS_URL": REDIS, "HUANJIE_VAR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "huanjie.settings",
           "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "PYTHONPATH": str(ROOT)}  # fmt: skip
    outputs = []
    for script in (WRITE, READ):
        done = subprocess.run(
            [sys.executable, "-c", script.format(key=key)], env=env, cwd=ROOT, capture_output=True, text=True,
            timeout=120, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        outputs.append(done.stdout.strip())
    assert outputs == ["from the first server", "from the first server"]


def test_without_redis_url_the_cache_is_the_process_own(settings: object) -> None:
    from django.conf import settings as live

    assert "REDIS_URL" not in os.environ or os.environ["REDIS_URL"] == ""
    assert live.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert live.SESSION_ENGINE == "django.contrib.sessions.backends.db"
