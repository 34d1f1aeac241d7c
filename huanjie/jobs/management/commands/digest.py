"""`huanjie digest`: here, beside the digest job, because both mail through its delivery ledger
(jobs.kinds.deliver_digests); jobs may import elections, not the other way round."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.core import clock
from huanjie.elections.digest import RESPONSIBLE, send_digests
from huanjie.jobs.kinds import deliver_digests


class Command(BaseCommand):
    help = (
        "Mail each responsible user a digest of the overdue and due-soon stages in their scope, at most once "
        "a day: the delivery ledger the digest job keeps is kept here too."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, help="the day to report on (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="print who would get what; send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        from huanjie.accounts.models import User

        today = options["today"] or clock.today()
        if options["dry_run"]:
            would, unreachable = send_digests(today, dry_run=True)
            for digest in would:
                self.stdout.write(
                    f"{digest.user.username}: {digest.overdue} overdue, {digest.due_soon} due soon"
                )
            for user in unreachable:
                self.stderr.write(f"{user.username}: has stages to act on but no e-mail address")
            self.stdout.write(f"would send {len(would)} digest(s) for {today}")
            return
        users = list(
            User.objects.filter(is_active=True, role__in=RESPONSIBLE, scope__isnull=False)
            .select_related("scope")
            .order_by("username")
        )
        done = deliver_digests(users, today, log=self.stderr.write)
        for digest in done.sent:
            self.stdout.write(f"{digest.user.username}: {digest.overdue} overdue, {digest.due_soon} due soon")
        self.stdout.write(
            f"sent {len(done.sent)} digest(s) for {today}; {done.earlier} sent earlier that day, not again"
        )
