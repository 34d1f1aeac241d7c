from __future__ import annotations

import datetime as dt
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.core import clock
from huanjie.elections.snapshot import refresh


class Command(BaseCommand):
    help = "Make today's progress snapshot for the province and country roll-ups (run each morning)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--day", type=dt.date.fromisoformat, help="the day (YYYY-MM-DD); default today")

    def handle(self, *args: Any, **options: Any) -> None:
        day = options["day"] or clock.today()
        started = time.monotonic()
        rows = refresh(day)
        self.stdout.write(f"progress snapshot of {day}: {rows} rows in {time.monotonic() - started:.1f} s")
