from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.demo.build import SCALES, accounts_table, build, is_loaded


class Command(BaseCommand):
    help = "Build the demo district of shared/demo-district.md (skipped when it is already loaded)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: ~60 residents a village, ~30 a community; full: ~1,500 and ~3,000",
        )
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--accounts", action="store_true", help="only print the demo accounts")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["accounts"]:
            if is_loaded():
                self.stdout.write("The demo district is already loaded.")
            else:
                started = time.monotonic()
                build(options["scale"], options["seed"], progress=lambda m: self.stdout.write(f"  {m}"))
                self.stdout.write(f"Demo district built in {time.monotonic() - started:.1f} s.")
        self.stdout.write(accounts_table())
