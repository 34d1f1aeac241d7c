from __future__ import annotations

import sys
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand

from huanjie.rules.cli import deadlines_main


class Command(BaseCommand):
    help = "Every stage's statutory window: --profile P --election-day YYYY-MM-DD [--body B]."

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine parses its own options (the same ones as `python -m huanjie.rules deadlines`).
        code = deadlines_main(argv[2:], cast(TextIO, self.stdout), cast(TextIO, self.stderr))
        sys.exit(code)

    def handle(self, *args: Any, **options: Any) -> None:
        code = deadlines_main(list(args), cast(TextIO, self.stdout), cast(TextIO, self.stderr))
        if code:
            raise SystemExit(code)
