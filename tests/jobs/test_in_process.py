"""Without a broker a job runs in the web process's thread pool: the request that starts it returns at
once, and the job runs to completion on its own thread and database connection."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import OperationalError
from django.urls import reverse

from huanjie.jobs.actions import do_start_job
from huanjie.jobs.models import Job, State
from huanjie.jobs.runner import nudge


def _state(pk: int) -> str:
    """The job's state, read while its thread writes. The tests' SQLite database is in memory with a
    shared cache, which locks whole tables instead of waiting as the file database (WAL, busy timeout)
    does: a read that meets the job's write is tried again."""
    for _attempt in range(50):
        try:
            return str(Job.objects.values_list("state", flat=True).get(pk=pk))
        except OperationalError:
            time.sleep(0.05)
    raise AssertionError("the job's row stayed locked")


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_the_web_process_thread_pool(admin: Any, client_for: Any, settings: Any) -> None:
    settings.JOBS_MODE = "thread"
    settings.JOBS_LEASE_SECONDS = 5
    client = client_for(admin)
    started = time.monotonic()
    job = do_start_job("bulletin.publish", division=admin.scope, params={}, actor=admin)
    assert time.monotonic() - started < 1  # handed to the pool, not run here
    while _state(job.pk) not in (State.DONE, State.FAILED) and time.monotonic() < started + 60:
        time.sleep(0.1)
    job.refresh_from_db()
    assert job.state == State.DONE, job.error
    assert job.owner.split(":")[2] != str(threading.get_ident())  # not this (the request's) thread
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'value="100"' in page and job.outcome in page


@pytest.mark.django_db(transaction=True)
def test_a_job_left_behind_by_a_gone_process_is_taken_up_when_its_page_is_looked_at(
    admin: Any, settings: Any
) -> None:
    settings.JOBS_MODE = "thread"
    settings.JOBS_LEASE_SECONDS = 1
    job = Job.objects.create(kind="elections.snapshot", division=admin.scope, started_by=admin)
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    nudge(job)  # what its page does (views.job_page)
    deadline = time.monotonic() + 30
    while _state(job.pk) != State.DONE and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _state(job.pk) == State.DONE
