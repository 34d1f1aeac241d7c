from __future__ import annotations

import sys
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand

from huanjie.rules.cli import count_main


class Command(BaseCommand):
    help = "Count a voting round from CASE.json (or - for standard input); prints the result as JSON."

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine parses its own arguments, so `huanjie count -` reads standard input as documented.
        sys.exit(count_main(argv[2:], sys.stdin, cast(TextIO, self.stdout), cast(TextIO, self.stderr)))

    def handle(self, *args: Any, **options: Any) -> None:
        code = count_main(list(args), sys.stdin, cast(TextIO, self.stdout), cast(TextIO, self.stderr))
        if code:
            raise SystemExit(code)
