"""Cancelling a queued job and retrying a failed one from its page (actions, audited, scoped), and the
digest's delivery ledger: a digest is never mailed twice to one user on one day, whatever runs it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from huanjie.auditlog.models import Event
from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Round
from huanjie.jobs.models import Delivery, Job, State
from huanjie.jobs.runner import SKIPPED, run_job


def _queued(user: Any, kind: str = "elections.snapshot") -> Job:
    return Job.objects.create(kind=kind, division=user.scope, started_by=user)


def test_a_queued_job_is_cancelled_from_its_page_and_never_runs(
    tree: Any, admin: Any, client_for: Any
) -> None:
    client = client_for(admin)
    job = _queued(admin)
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'id="job-cancel"' in page and 'id="job-retry"' not in page
    response = client.post(reverse("jobs:cancel", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == State.CANCELLED and job.finished_at is not None
    event = Event.objects.latest("seq")
    assert (event.action, event.object_id, event.after) == ("job.cancel", str(job.pk), {"state": "cancelled"})
    # The message still in the queue finds it finished.
    assert run_job(job.pk) == SKIPPED
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'id="job-cancelled"' in page and 'id="job-cancel"' not in page and "hx-trigger" not in page
    # A second cancel is refused and records nothing.
    events = Event.objects.count()
    client.post(reverse("jobs:cancel", args=[job.pk]))
    assert Event.objects.count() == events


def test_a_running_or_finished_job_is_not_cancelled(tree: Any, admin: Any, client_for: Any) -> None:
    client = client_for(admin)
    for state in (State.RUNNING, State.DONE, State.FAILED):
        job = Job.objects.create(
            kind="elections.snapshot", division=admin.scope, started_by=admin, state=state
        )
        assert 'id="job-cancel"' not in client.get(reverse("jobs:job", args=[job.pk])).content.decode()
        client.post(reverse("jobs:cancel", args=[job.pk]))
        job.refresh_from_db()
        assert job.state == state


def test_a_failed_job_is_retried_and_runs_to_completion(
    tree: Any, admin: Any, client_for: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(admin)
    job = Job.objects.create(
        kind="elections.snapshot",
        division=admin.scope,
        started_by=admin,
        state=State.FAILED,
        error="The job failed: OperationalError",
        attempts=1,
        finished_at=timezone.now(),
    )
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'id="job-retry"' in page and 'id="job-cancel"' not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == State.DONE and job.attempts == 2 and job.error == ""
    retried = Event.objects.filter(action="job.retry").get()
    assert retried.object_id == str(job.pk) and (retried.before or {})["state"] == "failed"


def test_only_the_starter_or_a_rounds_manager_in_scope_cancels_or_retries(
    tree: Any, admin: Any, clerk: Any, officer: Any, outsider: Any, client_for: Any
) -> None:
    job = _queued(admin)
    # A job of the district: a village's clerk and the neighbouring district's administrator do not see it.
    for user in (clerk, outsider):
        assert client_for(user).post(reverse("jobs:cancel", args=[job.pk])).status_code == 404
    # A street officer sees the clerk's job of their street's village but did not start it and manages no
    # rounds: the button is not shown and the action refuses.
    own = _queued(clerk, "reports.tables")
    client = client_for(officer)
    assert 'id="job-cancel"' not in client.get(reverse("jobs:job", args=[own.pk])).content.decode()
    client.post(reverse("jobs:cancel", args=[own.pk]))
    own.refresh_from_db()
    assert own.state == State.QUEUED
    # The clerk who started it may; so may the district administrator.
    assert client_for(clerk).post(reverse("jobs:cancel", args=[own.pk])).status_code == 302
    own.refresh_from_db()
    assert own.state == State.CANCELLED
    assert client_for(admin).post(reverse("jobs:cancel", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.state == State.CANCELLED


@pytest.fixture
def mailed(rnd: Round, admin: Any, officer: Any, clerk: Any) -> Round:
    from huanjie.elections.actions import do_set_election_day
    from tests.elections.conftest import committee

    for user in (admin, officer, clerk):
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    do_set_election_day(committee(rnd, "620102023201"), dt.date.today() + dt.timedelta(days=25), actor=SYSTEM)
    return rnd


def test_a_second_digest_job_the_same_day_mails_nobody_again(
    mailed: Round, admin: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from huanjie.jobs.actions import do_start_job

    with django_capture_on_commit_callbacks(execute=True):
        first = do_start_job("elections.digest", division=admin.scope, params={}, actor=SYSTEM)
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):
        second = do_start_job("elections.digest", division=admin.scope, params={}, actor=admin)
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.state == State.DONE and len(mail.outbox) == 3
    assert second.data == {"sent": 0, "earlier": 3}
    assert Delivery.objects.filter(status=Delivery.Status.SENT, job=first).count() == 3


class Killed(BaseException):
    """A worker killed with -9 while it talks to the mail server."""


def test_a_worker_killed_mid_send_never_mails_that_user_twice(
    mailed: Round, admin: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    from huanjie.elections import digest as digests
    from huanjie.jobs.actions import do_start_job

    real = digests.send_digest
    calls: list[str] = []

    def dies_on_the_second(found: Any) -> None:
        calls.append(found.user.username)
        if len(calls) == 2:
            raise Killed  # the mail may or may not have left: the worker is gone
        real(found)

    monkeypatch.setattr(digests, "send_digest", dies_on_the_second)
    with pytest.raises(Killed), django_capture_on_commit_callbacks(execute=True):
        do_start_job("elections.digest", division=admin.scope, params={}, actor=SYSTEM)
    job = Job.objects.get(kind="elections.digest")
    assert len(mail.outbox) == 1
    claims = dict(Delivery.objects.values_list("recipient__username", "status"))
    assert claims == {calls[0]: "sent", calls[1]: "sending"}
    # The message comes back to another worker once the heartbeat is old: it mails the third user only.
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    assert run_job(job.pk) == State.DONE
    assert len(mail.outbox) == 2 and calls.count(calls[1]) == 1
    job.refresh_from_db()
    assert calls[1] in job.log and job.data == {"sent": 1, "earlier": 2}


def test_the_sweep_finds_the_jobs_whose_message_was_lost(
    tree: Any, admin: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    from huanjie.jobs import monitoring, runner

    old = timezone.now() - dt.timedelta(seconds=120)
    dead = Job.objects.create(
        kind="elections.snapshot", division=admin.scope, state=State.RUNNING, heartbeat_at=old
    )
    live = Job.objects.create(
        kind="elections.snapshot", division=admin.scope, state=State.RUNNING, heartbeat_at=timezone.now()
    )
    waiting = Job.objects.create(kind="elections.snapshot", division=admin.scope)
    Job.objects.filter(pk=waiting.pk).update(created_at=old)
    fresh = Job.objects.create(kind="elections.snapshot", division=admin.scope)
    # Messages still wait in the broker: a queued job may be among them, only the dead worker's is lost.
    assert runner.lost_jobs(queue_empty=False) == [dead.pk]
    # Nothing in the broker: the old queued job's message is gone too; the fresh one may be in a worker's hand.
    assert runner.lost_jobs(queue_empty=True) == [dead.pk, waiting.pk]
    monkeypatch.setattr(monitoring, "queue_depth", lambda: 0)
    assert runner.sweep() == [dead.pk, waiting.pk]
    for job in (dead, waiting):
        job.refresh_from_db()
        assert job.state == State.DONE  # run again at once here (JOBS_MODE=sync)
    assert {live.pk, fresh.pk} == set(Job.objects.exclude(state=State.DONE).values_list("pk", flat=True))
