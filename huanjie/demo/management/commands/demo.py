from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from huanjie.demo.build import SCALES, accounts_table, build, is_loaded

PROVINCE = "province"


class Command(BaseCommand):
    help = (
        "Build the demo district of shared/demo-district.md, or with --scale province a Gansu-sized province "
        "(skipped when a demo is already loaded)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=[*sorted(SCALES), PROVINCE],
            default="small",
            help="small: ~60 residents a village, ~30 a community; full: ~1,500 and ~3,000; province: Gansu's "
            "14 cities and 86 counties with a round in each (docs/demo.md)",
        )
        parser.add_argument(
            "--full-size",
            action="store_true",
            help="with --scale province: the real counts (~16,000 villages, ~1,600 communities), not a tenth",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--accounts", action="store_true", help="only print the demo accounts")

    def handle(self, *args: Any, **options: Any) -> None:
        province = options["scale"] == PROVINCE
        if options["full_size"] and not province:
            raise CommandError("--full-size goes with --scale province")
        if not options["accounts"]:
            if is_loaded():
                self.stdout.write("The demo is already loaded.")
            else:
                started = time.monotonic()

                def progress(message: str) -> None:
                    self.stdout.write(f"  {message} ({time.monotonic() - started:.0f} s)")

                if province:
                    from huanjie.demo.province import build_province

                    build_province(full_size=options["full_size"], seed=options["seed"], progress=progress)
                    self.stdout.write(f"Demo province built in {time.monotonic() - started:.1f} s.")
                else:
                    build(options["scale"], options["seed"], progress=progress)
                    self.stdout.write(f"Demo district built in {time.monotonic() - started:.1f} s.")
                # The planner's statistics of what was just written, as autovacuum would gather them in a
                # while (or never, where it is off): without them PostgreSQL guesses a few rows per table
                # and plans a full-scale unit's roll page at 250-800 ms instead of 90 (issue 20).
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
                progress("statistics gathered (ANALYZE)")
        if province:
            from huanjie.demo.province import accounts_table as province_accounts

            self.stdout.write(province_accounts())
        else:
            self.stdout.write(accounts_table())
