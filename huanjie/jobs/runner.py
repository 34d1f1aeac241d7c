"""Running jobs: on a Celery worker when a broker is configured (JOBS_BROKER_URL), otherwise in the web
process's own small thread pool (the demo, a single district), or synchronously (JOBS_MODE=sync: tests).

Whatever runs it, a job goes through `run_job`, which first *claims* the row in a transaction:
- a finished job is not run again (a redelivered message is harmless);
- a running job whose heartbeat is fresh is someone else's (`busy`: the queue offers it again later);
- a running job whose heartbeat stopped was left by a worker that died (killed with -9, out of memory,
  the machine gone): this attempt takes it over, removes whatever the dead attempt stored, and runs the
  job again from its start. Jobs are written to be idempotent for exactly this (docs/deployment.md).
While a job runs a heartbeat thread touches its row every JOBS_LEASE_SECONDS / 4.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import queue
import socket
import threading
import time

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import OperationalError, connections, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from huanjie.core.errors import ActionError
from huanjie.jobs.context import JobContext, WaitForParts
from huanjie.jobs.models import FINISHED, Job, State
from huanjie.jobs.registry import get_kind

logger = logging.getLogger(__name__)

BUSY = "busy"
SKIPPED = "skipped"


def mode() -> str:
    configured = str(getattr(settings, "JOBS_MODE", "") or "")
    if configured:
        return configured
    return "celery" if getattr(settings, "JOBS_BROKER_URL", "") else "thread"


def lease_seconds() -> float:
    return float(getattr(settings, "JOBS_LEASE_SECONDS", 60))


def identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


# --- handing a job to whatever runs it -----------------------------------------------------------------


def enqueue(job_id: int) -> None:
    """Call after the transaction that made the job has committed (transaction.on_commit)."""
    how = mode()
    if how == "celery":
        from huanjie.jobs.worker import run_task

        run_task.delay(job_id)
    elif how == "sync":
        run_job(job_id)
    else:
        _pool().submit(job_id)


class Pool:
    """A few daemon threads taking job numbers from a queue. Daemon threads, unlike a
    ThreadPoolExecutor's, do not hold the server up when it is stopped (Ctrl-C on `make demo`): a job
    cut short that way is taken over later, as any dead worker's (`nudge`, and the pool's start)."""

    def __init__(self, threads: int) -> None:
        self.jobs: queue.SimpleQueue[int] = queue.SimpleQueue()
        for n in range(threads):
            threading.Thread(target=self._work, name=f"huanjie-job-{n}", daemon=True).start()

    def submit(self, job_id: int) -> None:
        self.jobs.put(job_id)

    def _work(self) -> None:
        while True:
            _run_in_thread(self.jobs.get())


_pool_lock = threading.Lock()
_executor: Pool | None = None


def _pool() -> Pool:
    global _executor
    with _pool_lock:
        if _executor is None:
            _executor = Pool(int(getattr(settings, "JOBS_THREADS", 2)))
            # Jobs a previous server process left queued or running (a restart of the demo) go on here.
            for pk in stale_jobs():
                _executor.submit(pk)
        return _executor


def stale_jobs() -> list[int]:
    """Jobs nobody is running: queued, or running with a heartbeat older than the lease."""
    cutoff = timezone.now() - dt.timedelta(seconds=lease_seconds())
    left = Q(state=State.QUEUED, created_at__lt=cutoff) | Q(
        state=State.RUNNING, waiting=False, heartbeat_at__lt=cutoff
    )
    return list(Job.objects.filter(left).order_by("pk").values_list("pk", flat=True))


def lost_jobs(queue_empty: bool) -> list[int]:
    """Jobs whose message is gone: running with a heartbeat older than the lease (a dead worker whose
    message the broker has not given back yet), and — when nothing waits in the broker — queued for
    longer than the lease (a broker restarted without its data, a message dropped)."""
    cutoff = timezone.now() - dt.timedelta(seconds=lease_seconds())
    left = Q(state=State.RUNNING, waiting=False, heartbeat_at__lt=cutoff)
    if queue_empty:
        left |= Q(state=State.QUEUED, created_at__lt=cutoff)
    return list(Job.objects.filter(left).order_by("pk").values_list("pk", flat=True)[:1000])


def sweep() -> list[int]:
    """Celery beat runs this every JOBS_SWEEP_SECONDS: each lost job is queued again. A second message
    for a job that was not lost after all is harmless (the claim skips a finished job and postpones a
    live one)."""
    from huanjie.jobs.monitoring import queue_depth

    lost = lost_jobs(queue_depth() == 0)
    for pk in lost:
        enqueue(pk)
    return lost


def nudge(job: Job) -> None:
    """In-process mode: a job left queued or running by a web process that has gone (a restart, a
    recycled gunicorn worker) is taken up again by this one when its page is looked at."""
    if mode() == "thread" and job.pk in stale_jobs():
        _pool().submit(job.pk)


LOCKED_RETRIES = 5


def _run_in_thread(job_id: int) -> None:
    try:
        for attempt in range(LOCKED_RETRIES):
            try:
                run_job(job_id)
            except OperationalError as exc:
                # SQLite's shared in-memory cache (the live server of the browser tests) answers "table is
                # locked" at once, with no busy timeout, while a request thread writes; a job is written to
                # run again (above), so it is simply tried again a moment later.
                if "locked" not in str(exc) or attempt == LOCKED_RETRIES - 1:
                    raise
                time.sleep(0.2 * (attempt + 1))
            else:
                return
    except Exception:
        logger.exception("job %s", job_id)
    finally:
        connections.close_all()  # this thread's connections only (they are per thread)


# --- running one job ---------------------------------------------------------------------------------


def _claim(job_id: int) -> Job | str:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in FINISHED:
            return SKIPPED
        now = timezone.now()
        if job.waiting:
            if Job.objects.filter(parent=job).exclude(state__in=FINISHED).exists():
                return SKIPPED  # the last part to finish hands it back
            job.waiting = False  # its last step now; a duplicate delivery finds it running
        elif job.state == State.RUNNING:
            if job.heartbeat_at and (now - job.heartbeat_at).total_seconds() < lease_seconds():
                return BUSY
            job.attempts += 1
            job.log += (
                f"{timezone.localtime():%H:%M:%S} "
                + _(
                    "The previous attempt stopped without finishing (its worker died); attempt %(n)d starts again."
                )
                % {"n": job.attempts}
                + "\n"
            )
        else:
            job.attempts += 1
        job.state = State.RUNNING
        job.started_at = job.started_at or now
        job.heartbeat_at = now
        job.owner = identity()
        job.save()
        return job


def _discard_earlier_attempts(job: Job) -> None:
    """Files an earlier, dead attempt stored but never named as the result."""
    for attempt in range(1, job.attempts):
        folder = f"jobs/{job.pk}/{attempt}"
        try:
            _dirs, files = default_storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        for name in files:
            default_storage.delete(f"{folder}/{name}")


class Heartbeat(threading.Thread):
    def __init__(self, job_id: int) -> None:
        super().__init__(daemon=True, name=f"huanjie-job-{job_id}-heartbeat")
        self.job_id = job_id
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(lease_seconds() / 4):
                Job.objects.filter(pk=self.job_id, state=State.RUNNING).update(heartbeat_at=timezone.now())
        finally:
            connections.close_all()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=5)


def run_job(job_id: int) -> str:
    """Run the job if it is this call's to run; its state afterwards, or `busy` / `skipped`."""
    claimed = _claim(job_id)
    if isinstance(claimed, str):
        return claimed
    job = claimed
    _discard_earlier_attempts(job)
    beat = Heartbeat(job.pk) if mode() != "sync" else None
    if beat is not None:
        beat.start()
    ctx = JobContext(job)
    try:
        with translation.override(str(job.params.get("language") or settings.LANGUAGE_CODE)):
            try:
                get_kind(job.kind).run(ctx)
                if not ctx.finished:
                    ctx.finish()
            except WaitForParts:
                pass
            except Exception as exc:
                logger.exception("job %s (%s) failed", job.pk, job.kind)
                _fail(job.pk, exc)
    finally:
        if beat is not None:
            beat.stop()
    return str(Job.objects.values_list("state", flat=True).get(pk=job.pk))


def _fail(job_id: int, exc: Exception) -> None:
    if isinstance(exc, ActionError):
        message = str(exc)
    else:
        message = _("The job failed: %(error)s") % {"error": f"{type(exc).__name__}: {exc}"}
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.state in FINISHED:
            return
        job.state = State.FAILED
        job.error = message[:2000]
        job.log += f"{timezone.localtime():%H:%M:%S} {message}\n"
        job.finished_at = timezone.now()
        job.waiting = False
        job.save()
        part_finished(job)


def part_finished(job: Job) -> None:
    """Inside the transaction that finished `job`: count it on its parent, and hand the parent back to
    the queue when this was its last part (the parent's row lock makes exactly one part see that)."""
    if job.parent_id is None:
        return
    parent = Job.objects.select_for_update().get(pk=job.parent_id)
    finished = Job.objects.filter(parent=parent, state__in=FINISHED).count()
    Job.objects.filter(pk=parent.pk).update(done=finished, heartbeat_at=timezone.now())
    if parent.waiting and finished >= (parent.total or 0):
        parent_id = parent.pk
        transaction.on_commit(lambda: enqueue(parent_id))
