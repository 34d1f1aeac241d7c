"""``python -m huanjie.rules count CASE.json`` / ``ballot BALLOT.json`` / ``deadlines --profile …``."""

from __future__ import annotations

import sys

from .ballot_cli import ballot_main
from .cli import count_main, deadlines_main


def main(argv: list[str]) -> int:
    if argv[:1] == ["count"]:
        return count_main(argv[1:], sys.stdin, sys.stdout, sys.stderr)
    if argv[:1] == ["ballot"]:
        return ballot_main(argv[1:], sys.stdin, sys.stdout, sys.stderr)
    if argv[:1] == ["deadlines"]:
        return deadlines_main(argv[1:], sys.stdout, sys.stderr)
    sys.stderr.write(
        "usage: python -m huanjie.rules {count CASE.json | ballot BALLOT.json | deadlines --profile P "
        "--election-day D}\n"
    )
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
