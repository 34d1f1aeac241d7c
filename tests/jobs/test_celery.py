"""A real Celery worker on Redis (127.0.0.1:6379, database 4) runs jobs end to end, in processes of their
own over a database file of their own; a worker killed with -9 in the middle of a job leaves it unfinished
and without a result, and a second worker takes it over and completes it (acks late, the visibility
timeout, the heartbeat's lease). Skipped with a message when Redis is not reachable; required under CI."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.jobs.slowkind import RESULT

REDIS = "redis://127.0.0.1:6379/4"
ROOT = Path(__file__).resolve().parents[2]

SETUP = """
import django; django.setup()
import tests.jobs.slowkind
from huanjie.core.actions import SYSTEM
from huanjie.jobs.actions import do_start_job
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Division
do_import_divisions("t.csv", "区划代码,名称,层级,上级代码\\n620000000000,甘肃省,省,\\n".encode(), actor=SYSTEM)
root = Division.objects.get()
print(do_start_job("elections.snapshot", division=root, params={}, actor=SYSTEM).pk)
print(do_start_job("tests.slow", division=root, params={}, actor=SYSTEM).pk)
"""
WORKER = """
import sys, django; django.setup()
import tests.jobs.slowkind
from huanjie.jobs.worker import app
app.worker_main(["worker", "--pool=solo", "--without-gossip", "--without-mingle", "--loglevel=INFO",
                 "-Q", sys.argv[1], "-n", sys.argv[2]])
"""


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis at 127.0.0.1:6379 is required under CI (.ci/run starts it)")
        pytest.skip("Redis at 127.0.0.1:6379 is not reachable: the Celery worker test needs it")
    queue = f"huanjie-test-{uuid.uuid4().hex[:8]}"
    prefix = f"{queue}:"  # every key of this run's broker: runs side by side (SQLite, PostgreSQL) never meet
    values = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'jobs.sqlite3'}",
        "HUANJIE_VAR": str(tmp_path),
        "SHARED_FILES_DIR": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "huanjie.settings",
        "JOBS_BROKER_URL": REDIS,
        "JOBS_QUEUE": queue,
        "JOBS_KEY_PREFIX": prefix,
        "JOBS_LEASE_SECONDS": "2",
        "JOBS_VISIBILITY_TIMEOUT": "4",
        "JOBS_RESTORE_INTERVAL": "1",
        "HUANJIE_TODAY": "",
        "PYTHONPATH": str(ROOT),
    }
    values.pop("JOBS_MODE", None)
    yield values
    import redis

    client = redis.Redis.from_url(REDIS)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)


def _run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _worker(env: dict[str, str], name: str, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", WORKER, env["JOBS_QUEUE"], name],
        env=env,
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: killed whole, as a machine dies
    )


def _job(db: Path, pk: int) -> tuple[str, int, int, str, str]:
    with sqlite3.connect(db, timeout=10) as c:
        row = c.execute(
            "SELECT state, done, attempts, result_file, log FROM jobs_job WHERE id = ?", (pk,)
        ).fetchone()
    state, done, attempts, result, log = row
    return str(state), int(done), int(attempts), str(result), str(log)


Row = tuple[str, int, int, str, str]


def _wait(db: Path, pk: int, ok: Callable[[Row], bool], seconds: float, log: Path) -> Row:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = _job(db, pk)
        if ok(row):
            return row
        time.sleep(0.1)
    raise AssertionError(f"job {pk} is {_job(db, pk)[:4]}; worker log:\n{log.read_text()[-3000:]}")


def test_a_celery_worker_runs_jobs_and_a_killed_workers_job_is_completed_by_another(
    env: dict[str, str], tmp_path: Path
) -> None:
    _run(env, sys.executable, "-m", "huanjie.manage", "migrate", "-v0")
    snapshot_id, slow_id = (int(x) for x in _run(env, sys.executable, "-c", SETUP).split())
    db = tmp_path / "jobs.sqlite3"
    assert _job(db, slow_id)[0] == "queued"

    first = _worker(env, "first@%h", tmp_path / "first.log")
    try:
        _wait(db, snapshot_id, lambda r: r[0] == "done", 90, tmp_path / "first.log")
        _wait(db, slow_id, lambda r: r[0] == "running" and r[1] >= 2, 60, tmp_path / "first.log")
    finally:
        os.killpg(first.pid, signal.SIGKILL)
        first.wait()
    state, _done, attempts, result, _log = _job(db, slow_id)
    assert (state, attempts, result) == ("running", 1, "")  # nothing half-done is visible

    second = _worker(env, "second@%h", tmp_path / "second.log")
    try:
        state, _done, attempts, result, log = _wait(
            db, slow_id, lambda r: r[0] in ("done", "failed"), 90, tmp_path / "second.log"
        )
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(timeout=30)
    assert (state, attempts) == ("done", 2), log
    assert result.startswith(f"jobs/{slow_id}/2/")
    assert (tmp_path / "media" / result).read_bytes() == RESULT
    assert "all steps done" in log
