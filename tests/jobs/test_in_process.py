"""Without a broker a job runs in the web process's thread pool: the request that starts it returns at
once, and the job runs to completion on its own thread and database connection."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.urls import reverse

from huanjie.jobs.models import Job, State


@pytest.mark.django_db(transaction=True)
def test_a_job_runs_in_the_web_process_thread_pool(admin: Any, client_for: Any, settings: Any) -> None:
    settings.JOBS_MODE = "thread"
    settings.JOBS_LEASE_SECONDS = 5
    client = client_for(admin)
    response = client.post(reverse("jobs:start_publish"))
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job", args=[job.pk])
    deadline = time.monotonic() + 60
    while Job.objects.get(pk=job.pk).state not in (State.DONE, State.FAILED) and time.monotonic() < deadline:
        time.sleep(0.1)
    job.refresh_from_db()
    assert job.state == State.DONE, job.error
    assert job.owner.split(":")[2] != str(threading.get_ident())  # not this (the request's) thread
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'value="100"' in page and job.outcome in page


@pytest.mark.django_db(transaction=True)
def test_a_job_left_behind_by_a_gone_process_is_taken_up_when_its_page_is_looked_at(
    admin: Any, client_for: Any, settings: Any
) -> None:
    settings.JOBS_MODE = "thread"
    settings.JOBS_LEASE_SECONDS = 1
    job = Job.objects.create(kind="elections.snapshot", division=admin.scope, started_by=admin)
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at.replace(year=2020))
    client_for(admin).get(reverse("jobs:job", args=[job.pk]))
    deadline = time.monotonic() + 30
    while Job.objects.get(pk=job.pk).state != State.DONE and time.monotonic() < deadline:
        time.sleep(0.1)
    assert Job.objects.get(pk=job.pk).state == State.DONE
