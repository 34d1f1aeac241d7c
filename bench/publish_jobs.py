"""publish-static as background jobs on Celery workers (issue 19), in one run: the demo district (1) from
scratch, (2) again with nothing changed, (3) after one new notice published through the real action, each
against its target (60 s, —, 2 s) as a ratio, with the files written and unchanged; then (4) the same
incremental case by the one-process command `huanjie publish-static OUTDIR`, on a copy of the site as (2)
left it.

Uses the database of DATABASE_URL as it is (build it first: `HUANJIE_TODAY=2027-04-05 huanjie demo`, the
round's end; no other deployment's workers on it: their sweeper would take over this bench's jobs — stop
the cluster's with `scripts/cluster.py stop-workers` to bench on its database), a Redis at JOBS_BROKER_URL (default redis://127.0.0.1:6379/4), and writes the site into a
fresh directory under HUANJIE_VAR. It starts `--workers` Celery workers (solo pool each: one job at a
time), starts each publish job as the system, waits for it and prints the time. "From scratch" is an empty
site directory with the notices' PDFs in the shared store, where the workers put each one when its notice
is published (bulletin/pdfstore.py); `--cold-pdfs` empties the store first, so that every PDF is rendered
too. The new notice is a first correction of a notice of a unit (`--unit`, default Shigou Village) by
its clerk: a new notice in that unit, a public publication event there; its PDF is rendered by a worker's
job as in production, the publish started at once.

usage: DATABASE_URL=postgres://… HUANJIE_VAR=… HUANJIE_TODAY=2027-04-05 uv run python bench/publish_jobs.py
           [--workers 2] [--cold-pdfs] [--unit 620102023201]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ.setdefault("JOBS_BROKER_URL", "redis://127.0.0.1:6379/4")
os.environ.setdefault("JOBS_QUEUE", f"huanjie-publish-bench-{uuid.uuid4().hex[:6]}")
os.environ.setdefault("JOBS_KEY_PREFIX", os.environ["JOBS_QUEUE"] + ":")
os.environ.setdefault("JOBS_LEASE_SECONDS", "120")
os.environ["PUBLISH_DIR"] = tempfile.mkdtemp(prefix="publish-", dir=os.environ.get("HUANJIE_VAR", "/tmp"))

FROM_SCRATCH, NEW_NOTICE = 60.0, 2.0


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def target(seconds: float, goal: float | None) -> str:
    return "no target" if goal is None else f"target {goal:.0f} s, ratio {seconds / goal:.2f}"


def publish_by_job(label: str, goal: float | None, workers: int) -> Any:
    from django.conf import settings

    from huanjie.jobs.actions import start_scheduled

    started = time.perf_counter()
    job = start_scheduled("bulletin.publish")
    while True:
        job.refresh_from_db()
        if job.state in ("done", "failed"):
            break
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    files = sum(1 for p in Path(settings.PUBLISH_DIR).rglob("*") if p.is_file())
    data = job.data
    print(
        f"publish by jobs, {label}: {seconds:.2f} s on {workers} workers ({job.state}; {job.parts.count()} "
        f"parts; {data.get('written')} files written, {data.get('unchanged')} unchanged, "
        f"{data.get('removed')} removed; {files} files) — {target(seconds, goal)}; {load()}"
    )
    if job.state != "done":
        print(job.error)
        raise SystemExit(1)
    print(f"  plan: {data.get('plan')}")
    return job


def new_notice(unit: str) -> Any:
    """A correction of the unit's newest notice never corrected before, by its clerk: a new notice (version
    2), published. Not the newest notice whatever it is: each run would correct the last run's correction
    again, and every version's page lists every version, so the runs would grow a chain of pages to
    render again that one new notice does not make."""
    from huanjie.accounts.models import User
    from huanjie.elections.actions import do_correct_notice
    from huanjie.elections.models import Notice

    notice = (
        Notice.objects.filter(unit__code=unit, replaced_by__isnull=True, version=1).order_by("-pk").first()
    )
    assert notice is not None, f"no notice in {unit}"
    clerk = User.objects.filter(scope__code=unit, is_active=True).order_by("pk").first()
    assert clerk is not None, f"no clerk of {unit}"
    stamp = time.strftime("%H:%M:%S")
    return do_correct_notice(
        notice,
        body_zh=notice.body_zh + f"\n(更正 {stamp})",
        body_en=notice.body_en + f"\n(Corrected {stamp})",
        actor=clerk,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold-pdfs", action="store_true", help="empty the PDF store: render every PDF")
    parser.add_argument("--unit", default="620102023201", help="the unit of the new notice (Shigou Village)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from huanjie.units.models import Division

    store = Path(settings.MEDIA_ROOT) / "papers" / "notices"
    if args.cold_pdfs:
        shutil.rmtree(store, ignore_errors=True)
    stored = sum(1 for _ in store.rglob("*.pdf")) if store.exists() else 0
    print(f"{stored} notice PDFs in the store ({store}); {load()}")
    district = Division.objects.filter(level="district", rounds__isnull=False).first()
    assert district is not None, "no district with a round: run `huanjie demo` first"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "huanjie.jobs.worker",
                "worker",
                "--pool=solo",
                "--without-gossip",
                "--without-mingle",
                "-Q",
                os.environ["JOBS_QUEUE"],
                "-n",
                f"bench{i}@%h",
                "--loglevel=WARNING",
            ],
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        for i in range(args.workers)
    ]
    try:
        time.sleep(5)  # the workers connect
        publish_by_job("from scratch", FROM_SCRATCH, args.workers)
        publish_by_job("again, nothing changed", None, args.workers)
        site = Path(settings.PUBLISH_DIR)
        by_command = site.with_name(site.name + "-command")
        shutil.copytree(site, by_command, symlinks=True)  # the site as the last publish left it

        notice = new_notice(args.unit)
        print(f"new notice {notice.pk} in {args.unit} (a correction, version {notice.version}); {load()}")
        publish_by_job("after one new notice", NEW_NOTICE, args.workers)
        page = site / f"notices/{notice.pk}/index.html"
        pdf = site / f"notices/{notice.pk}.pdf"
        assert page.is_file() and pdf.is_file(), "the new notice is not published"

        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "huanjie.manage", "publish-static", str(by_command), "--no-progress"],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - started
        print(
            f"huanjie publish-static OUTDIR (one process, the same new notice): {seconds:.2f} s "
            f"({done.stdout.strip()}) — {target(seconds, NEW_NOTICE)}; {load()}"
        )
        same = (by_command / f"notices/{notice.pk}/index.html").read_bytes() == page.read_bytes()
        print(f"  the command's page of the new notice is the jobs' one: {same}")
        print(f"site in {site}, the command's in {by_command}")
    finally:
        for w in workers:
            os.killpg(w.pid, signal.SIGTERM)
        for w in workers:
            w.wait(timeout=60)
        import redis

        client = redis.Redis.from_url(os.environ["JOBS_BROKER_URL"])
        for key in client.scan_iter(os.environ["JOBS_KEY_PREFIX"] + "*"):
            client.delete(key)


if __name__ == "__main__":
    main()
