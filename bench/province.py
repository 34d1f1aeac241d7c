"""The province demo's figures (issue 19): the progress roll-up over all districts from the snapshot
(target <= 1 s) and the province summary on 2 Celery workers (target <= 120 s), each beside a baseline
measured in the same run — the roll-up counted live from every stage, the summary made in this one process.

Uses the database of DATABASE_URL as it is (build it first: `huanjie demo --scale province`, with or without
--full-size), a Redis at JOBS_BROKER_URL (default redis://127.0.0.1:6379/6) with a queue and key prefix of
its own, and starts `--workers` Celery workers (solo pool each: one job at a time), as bench/publish_jobs.py.
The summary is started as the province office (`gansu`) would start it from the office: the job action.

usage: DATABASE_URL=postgres://… HUANJIE_VAR=… uv run python bench/province.py [--workers 2] [--format both]
       [--skip-rollup]   (the workers' own output goes to HUANJIE_VAR/bench-province-workers.log)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ.setdefault("JOBS_BROKER_URL", "redis://127.0.0.1:6379/6")
os.environ.setdefault("JOBS_QUEUE", f"huanjie-province-bench-{uuid.uuid4().hex[:6]}")
os.environ.setdefault("JOBS_KEY_PREFIX", os.environ["JOBS_QUEUE"] + ":")
os.environ.setdefault("JOBS_LEASE_SECONDS", "120")

ROLLUP_TARGET = 1.0
SUMMARY_TARGET = 120.0


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


def median_s(fn: Callable[[], object], runs: int = 5) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def line(label: str, seconds: float, target: float, baseline: float | None = None) -> None:
    verdict = "ok" if seconds <= target else "OVER"
    base = f"; baseline {baseline:.3f} s, {seconds / baseline:.2f}× of it" if baseline else ""
    print(
        f"  {label:<58} {seconds:8.3f} s  target {target:5.0f} s  ratio {seconds / target:5.3f}  {verdict}{base}"
    )


def rollups() -> None:
    """Every district's progress per stage family: the province's row per city and each city's row per
    district, as the overview pages read them (elections/views/overview.py)."""
    from django.test import Client

    from huanjie.core import clock
    from huanjie.elections.models import ProgressSnapshot
    from huanjie.elections.views.overview import progress_by_child
    from huanjie.units.models import Division, Level

    today = clock.today()
    province = Division.objects.get(level=Level.PROVINCE)
    # The cities with districts (Jiayuguan has none: nothing of it is in the snapshot).
    cities = list(
        Division.objects.filter(level=Level.CITY, children__level=Level.DISTRICT).distinct().order_by("code")
    )
    rows = ProgressSnapshot.objects.filter(day=today).count()
    if not rows:
        print(f"  no snapshot for {today}: run `huanjie refresh-progress` first")
        return

    def all_districts(day: dt.date) -> int:
        seen = 0
        for division in (province, *cities):
            from_snapshot, table = progress_by_child(division, day)
            assert from_snapshot == (day == today)
            seen += len(table)
        return seen

    n = all_districts(today)
    # The baseline: the same roll-up on a day with no snapshot, which counts every stage live.
    live = median_s(lambda: all_districts(today + dt.timedelta(days=1)), runs=3)
    snap = median_s(lambda: all_districts(today))
    print(f"progress roll-up ({rows:,} snapshot rows; {n} rows: the cities, then their districts; {load()})")
    line("roll-up over all districts, from the snapshot (median of 5)", snap, ROLLUP_TARGET, live)
    line("the same counted live from every stage (baseline, median of 3)", live, ROLLUP_TARGET)
    client = Client()
    from huanjie.accounts.models import User

    client.force_login(User.objects.get(username="gansu"))

    def pages() -> None:
        for division in (province, *cities):
            response = client.get("/office/rounds/overview/", {"division": division.code})
            assert response.status_code == 200, response.status_code

    page = median_s(pages, runs=3)
    line(
        f"the {1 + len(cities)} overview pages as gansu (median of 3)",
        page,
        ROLLUP_TARGET * (1 + len(cities)),
    )


def summary(workers: int, formats: list[str]) -> None:
    from django.conf import settings

    from huanjie.accounts.models import User
    from huanjie.core import clock
    from huanjie.jobs.actions import do_start_job
    from huanjie.jobs.models import Job
    from huanjie.jobs.province_summary import KIND
    from huanjie.reports import render
    from huanjie.reports.province_summary import build_province_summary, summary_rounds, to_pdf
    from huanjie.units.models import Division, Level

    gansu = User.objects.get(username="gansu")
    province = Division.objects.get(level=Level.PROVINCE)
    districts = len(summary_rounds(province, gansu))
    baseline: dict[str, float] = {}
    for fmt in formats:
        print(f"province summary ({districts} districts, {fmt}) in this one process; {load()}")
        started = time.perf_counter()
        doc = build_province_summary(province, lang="zh", today=clock.today(), user=gansu)
        figures = time.perf_counter() - started
        data = render.to_docx(doc) if fmt == "docx" else to_pdf(doc)
        baseline[fmt] = time.perf_counter() - started
        print(f"  figures {figures:.1f} s, document {baseline[fmt] - figures:.1f} s ({len(data):,} bytes)")
        line(f"province summary ({fmt}) in one process (baseline)", baseline[fmt], SUMMARY_TARGET)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    log = (Path(settings.VAR_DIR) / "bench-province-workers.log").open("ab")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "huanjie.jobs.worker", "worker", "--pool=solo",
             "--without-gossip", "--without-mingle", "-Q", os.environ["JOBS_QUEUE"], "-n",
             f"province{i}@%h", "--loglevel=WARNING"],
            env=env, cwd=ROOT, start_new_session=True, stdout=log, stderr=log,
        )
        for i in range(workers)
    ]  # fmt: skip
    try:
        time.sleep(6)  # the workers connect
        for fmt in formats:
            print(f"province summary ({fmt}) on {workers} Celery workers; {load()}")
            started = time.perf_counter()
            job = do_start_job(KIND, division=province, params={"format": fmt, "lang": "zh"}, actor=gansu)
            while True:
                job.refresh_from_db()
                if job.state in ("done", "failed", "cancelled"):
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            parts = list(job.parts.order_by("started_at"))
            owners = {p.owner.split(":")[1] for p in parts if p.owner}
            ends = [p.finished_at for p in parts if p.finished_at]
            if parts and parts[0].started_at and ends and job.finished_at:
                print(
                    f"  {len(parts)} parts over {len(owners)} worker processes in "
                    f"{(max(ends) - parts[0].started_at).total_seconds():.1f} s, then the document in "
                    f"{(job.finished_at - max(ends)).total_seconds():.1f} s ({job.state})"
                )
            if job.state != "done":
                print(f"  {job.error}")
            line(
                f"province summary ({fmt}) on {workers} Celery workers",
                seconds,
                SUMMARY_TARGET,
                baseline[fmt],
            )
        print(f"  jobs: {Job.objects.filter(kind__startswith='reports.province').count()}; {load()}")
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        log.close()
        import redis

        client = redis.Redis.from_url(os.environ["JOBS_BROKER_URL"])
        for key in client.scan_iter(os.environ["JOBS_KEY_PREFIX"] + "*"):
            client.delete(key)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--format", choices=("docx", "pdf", "both"), default="both")
    parser.add_argument("--skip-rollup", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    print(f"database {connection.settings_dict['NAME']}; {os.cpu_count()} cores; {load()}")
    if not args.skip_rollup:
        rollups()
    summary(args.workers, ["docx", "pdf"] if args.format == "both" else [args.format])


if __name__ == "__main__":
    main()
