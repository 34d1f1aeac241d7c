"""publish-static as background jobs on Celery workers (issue 19): the demo district from scratch, then
again with nothing changed, against the target of <= 60 s from scratch on 2 workers.

Uses the database of DATABASE_URL as it is (build it first: `huanjie demo`), a Redis at JOBS_BROKER_URL
(default redis://127.0.0.1:6379/4), and writes the site into a fresh directory under HUANJIE_VAR. It starts
`--workers` Celery workers (solo pool each: one job at a time), starts the publish job as the system,
waits for it and prints the time, the parts and the files; stored notice PDFs (bulletin/pdfstore.py) are
removed first unless --keep-pdfs, so that "from scratch" renders every PDF.

usage: DATABASE_URL=postgres://… HUANJIE_VAR=… uv run python bench/publish_jobs.py [--workers 2] [--keep-pdfs]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ.setdefault("JOBS_BROKER_URL", "redis://127.0.0.1:6379/4")
os.environ.setdefault("JOBS_QUEUE", f"huanjie-bench-{uuid.uuid4().hex[:6]}")
os.environ.setdefault("JOBS_KEY_PREFIX", os.environ["JOBS_QUEUE"] + ":")
os.environ.setdefault("JOBS_LEASE_SECONDS", "120")
os.environ["PUBLISH_DIR"] = tempfile.mkdtemp(prefix="publish-", dir=os.environ.get("HUANJIE_VAR", "/tmp"))

TARGET = 60.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep-pdfs", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    from huanjie.jobs.actions import start_scheduled
    from huanjie.jobs.models import Job
    from huanjie.units.models import Division

    if not args.keep_pdfs:
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "papers" / "notices", ignore_errors=True)
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
        for label in ("from scratch", "nothing changed"):
            started = time.perf_counter()
            job = start_scheduled("bulletin.publish")
            while True:
                job.refresh_from_db()
                if job.state in ("done", "failed"):
                    break
                time.sleep(0.2)
            seconds = time.perf_counter() - started
            parts = job.parts.count()
            files = sum(1 for p in Path(settings.PUBLISH_DIR).rglob("*") if p.is_file())
            print(
                f"publish by jobs, {label}: {seconds:.1f} s on {args.workers} workers ({job.state}; "
                f"{parts} parts; {files} files) — target {TARGET:.0f} s, ratio {seconds / TARGET:.2f}"
            )
            if job.state != "done":
                print(job.error)
                break
        print(f"site in {settings.PUBLISH_DIR}; jobs: {Job.objects.count()}")
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
