"""`huanjie digest`: each responsible user gets their own overdue and due-soon stages, nobody else's."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from huanjie.core.actions import SYSTEM
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Round
from tests.elections.conftest import committee

pytestmark = pytest.mark.django_db


def test_it_mails_each_responsible_user_their_scope(
    rnd: Round, today: dt.date, clerk: Any, admin: Any, liaison: Any
) -> None:
    for user, address in (
        (clerk, "clerk@example.cn"),
        (admin, "admin@example.cn"),
        (liaison, "l@example.cn"),
    ):
        user.email = address
        user.save(update_fields=["email"])
    do_set_election_day(
        committee(rnd, "620102015201"), today + dt.timedelta(days=5), actor=SYSTEM
    )  # Changwa: overdue
    do_set_election_day(
        committee(rnd, "620102023201"), today + dt.timedelta(days=25), actor=SYSTEM
    )  # Shigou: due soon
    out = io.StringIO()
    call_command("digest", stdout=out, stderr=io.StringIO())
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {"clerk@example.cn", "admin@example.cn"}  # liaison officers get no digest
    clerk_mail = by_recipient["clerk@example.cn"].body
    assert "石沟村" in clerk_mail and "长洼村" not in clerk_mail and "将到期" in clerk_mail
    admin_mail = by_recipient["admin@example.cn"].body
    assert "长洼村" in admin_mail and "逾期" in admin_mail
    assert "sent 2 digest(s)" in out.getvalue()


def test_it_reports_users_without_an_address(rnd: Round, today: dt.date, clerk: Any) -> None:
    do_set_election_day(committee(rnd, "620102023201"), today + dt.timedelta(days=25), actor=SYSTEM)
    err = io.StringIO()
    call_command("digest", "--dry-run", stdout=io.StringIO(), stderr=err)
    assert "clerk" in err.getvalue() and not mail.outbox


def test_it_never_mails_a_user_twice_a_day_whatever_runs_it(
    rnd: Round,
    today: dt.date,
    clerk: Any,
    admin: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The command keeps the digest job's delivery ledger: run twice, or after the job, it sends nothing
    again; another day, it sends again."""
    from huanjie.jobs.actions import do_start_job
    from huanjie.jobs.models import Delivery

    settings.JOBS_MODE = "sync"  # the job runs at once, once its start commits
    for user in (clerk, admin):
        user.email = f"{user.username}@example.cn"
        user.save(update_fields=["email"])
    do_set_election_day(committee(rnd, "620102023201"), today + dt.timedelta(days=25), actor=SYSTEM)
    out = io.StringIO()
    call_command("digest", stdout=out, stderr=io.StringIO())
    assert len(mail.outbox) == 2 and "sent 2 digest(s)" in out.getvalue()
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 2

    again = io.StringIO()
    call_command("digest", stdout=again, stderr=io.StringIO())
    assert len(mail.outbox) == 2 and "sent 0 digest(s)" in again.getvalue()
    assert "2 sent earlier that day" in again.getvalue()
    with django_capture_on_commit_callbacks(execute=True):
        job = do_start_job("elections.digest", division=admin.scope, params={}, actor=SYSTEM)
    job.refresh_from_db()
    assert job.data == {"sent": 0, "earlier": 2} and len(mail.outbox) == 2

    call_command("digest", "--today", (today + dt.timedelta(days=1)).isoformat(), stdout=io.StringIO())
    assert len(mail.outbox) == 4
