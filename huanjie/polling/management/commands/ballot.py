from __future__ import annotations

import sys
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand

from huanjie.rules.ballot_cli import ballot_main


class Command(BaseCommand):
    help = (
        "Decide one doubtful ballot from BALLOT.json (or - for standard input) as the election "
        "committee does at the count (B15); prints the decision as JSON."
    )

    def run_from_argv(self, argv: list[str]) -> None:
        # The engine reads its own arguments, so `huanjie ballot -` reads standard input as documented.
        sys.exit(ballot_main(argv[2:], sys.stdin, cast(TextIO, self.stdout), cast(TextIO, self.stderr)))

    def handle(self, *args: Any, **options: Any) -> None:
        code = ballot_main(list(args), sys.stdin, cast(TextIO, self.stdout), cast(TextIO, self.stderr))
        if code:
            raise SystemExit(code)
