"""The Celery application: `celery -A huanjie.jobs.worker worker` runs jobs, `… beat` schedules the daily
progress snapshot. Its configuration is the CELERY_* settings (huanjie/settings.py, docs/deployment.md):
late acknowledgement, a message put back when its worker process is lost, one message reserved at a time.
The message carries only the job's number; the Job row is the state and the result store."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Celery
from celery.schedules import crontab
from celery.signals import worker_process_init
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")

app = Celery("huanjie")
app.config_from_object("django.conf:settings", namespace="CELERY")
_hour, _minute = str(settings.SNAPSHOT_AT).split(":")
_digest_hour, _digest_minute = str(settings.DIGEST_AT).split(":")
# `celery -A huanjie.jobs.worker beat` (one per deployment) starts the snapshot each morning, in China's
# time (CELERY_TIMEZONE), as cron ran `huanjie refresh-progress` before.
app.conf.beat_schedule = {
    "daily-progress-snapshot": {
        "task": "huanjie.jobs.daily_snapshot",
        "schedule": crontab(hour=int(_hour), minute=int(_minute)),
    },
    # Jobs whose message was lost (a broker restarted without its data, a worker gone) are queued again.
    "sweep-lost-jobs": {
        "task": "huanjie.jobs.sweep",
        "schedule": float(getattr(settings, "JOBS_SWEEP_SECONDS", 30)),
    },
    "daily-digest": {
        "task": "huanjie.jobs.daily_digest",
        "schedule": crontab(hour=int(_digest_hour), minute=int(_digest_minute)),
    },
}


@app.task(bind=True, name="huanjie.jobs.run", acks_late=True, reject_on_worker_lost=True, max_retries=None)  # type: ignore[untyped-decorator]
def run_task(self: Any, job_id: int) -> str:
    from huanjie.jobs.runner import BUSY, lease_seconds, run_job

    state = run_job(job_id)
    if state == BUSY:
        # Another live attempt holds it (a redelivery after the visibility timeout): look again later.
        raise self.retry(countdown=lease_seconds())
    return state


@app.task(name="huanjie.jobs.daily_snapshot", acks_late=True)  # type: ignore[untyped-decorator]
def daily_snapshot() -> int:
    from huanjie.jobs.actions import start_scheduled

    return start_scheduled("elections.snapshot").pk


@app.task(name="huanjie.jobs.daily_digest", acks_late=True)  # type: ignore[untyped-decorator]
def daily_digest() -> int:
    from huanjie.jobs.actions import start_scheduled

    return start_scheduled("elections.digest").pk


@app.task(name="huanjie.jobs.sweep", acks_late=True, ignore_result=True)  # type: ignore[untyped-decorator]
def sweep() -> int:
    from huanjie.jobs.runner import sweep as sweep_lost

    return len(sweep_lost())


@worker_process_init.connect  # type: ignore[untyped-decorator]
def warm(**_: Any) -> None:
    """Each process that runs jobs loads, at its start, what its first job would otherwise wait for: the URL
    configuration with every view module (a publish's first page, every job's links), and the fonts and
    renderer of the PDFs (core/pdf.py `warm`). A failure here is logged, never fatal: the job that needs
    the part reports the same error where its user sees it."""
    try:
        from django.urls import reverse

        from huanjie.core.pdf import warm as warm_pdf

        reverse("bulletin:home")
        warm_pdf()
    except Exception:
        logging.getLogger(__name__).warning("warming the worker process failed", exc_info=True)
