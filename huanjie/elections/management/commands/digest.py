from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.core import clock
from huanjie.elections.digest import send_digests


class Command(BaseCommand):
    help = "Mail each responsible user a digest of the overdue and due-soon stages in their scope."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, help="the day to report on (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="print who would get what; send nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or clock.today()
        sent, unreachable = send_digests(today, dry_run=options["dry_run"])
        for digest in sent:
            self.stdout.write(f"{digest.user.username}: {digest.overdue} overdue, {digest.due_soon} due soon")
        for user in unreachable:
            self.stderr.write(f"{user.username}: has stages to act on but no e-mail address")
        verb = "would send" if options["dry_run"] else "sent"
        self.stdout.write(f"{verb} {len(sent)} digest(s) for {today}")
