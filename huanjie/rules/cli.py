"""The two command-line entry points: ``huanjie count CASE.json`` and ``huanjie deadlines``.

The Django management commands and ``python -m huanjie.rules`` call these functions. Exit codes:
0 ok, 2 bad input, with a message naming the field (``contests[1].tally.B: votes must be …``).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any, NoReturn, TextIO

from .calendar import deadlines
from .cases import CaseError, case_from_json, result_to_json
from .counting import count
from .profiles import ProfileError, available, load
from .terms import Body


class _Exit(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


class _Parser(argparse.ArgumentParser):
    """argparse that writes to the given streams and raises instead of exiting."""

    def __init__(self, stdout: TextIO, stderr: TextIO, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.out, self.err = stdout, stderr

    def _print_message(self, message: str, file: Any = None) -> None:
        (self.err if file is sys.stderr else self.out).write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self.err.write(message)
        raise _Exit(status)


def _reject_float(value: str) -> NoReturn:
    raise CaseError("case", f"{value} is not an integer (votes and counts are integers)")


def _parse(text: str) -> Any:
    """The case's JSON, or a CaseError for what the json module would raise as a traceback: nesting deeper
    than the interpreter's recursion limit, integers longer than its digit limit, lone surrogates (which
    no output can encode)."""
    try:
        obj = json.loads(text, parse_float=_reject_float, parse_constant=_reject_float)
        json.dumps(obj, ensure_ascii=False).encode("utf-8")  # what the result's output will need
    except json.JSONDecodeError as exc:
        raise CaseError(
            "CASE", f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise CaseError("CASE", "nested too deeply") from None
    except CaseError:
        raise  # a float, NaN or Infinity (_reject_float)
    except UnicodeEncodeError:
        raise CaseError("CASE", "contains a lone surrogate (not a character)") from None
    except ValueError:  # int() of more digits than sys.get_int_max_str_digits()
        raise CaseError("CASE", "a number is far too large") from None
    return obj


def _dump(obj: object, stdout: TextIO) -> None:
    stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def read_json(name: str, stdin: TextIO) -> Any:
    """A JSON file (``-`` = standard input) with integers only, or CaseError naming what is wrong."""
    try:
        if name == "-":
            text = stdin.read()
        else:
            with open(name, encoding="utf-8") as f:  # noqa: PTH123 (a path given by the user)
                text = f.read()
    except OSError as exc:
        raise CaseError("CASE", f"cannot read {name}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise CaseError("CASE", "not UTF-8 text") from None
    return _parse(text)


def count_main(argv: list[str], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """``count CASE.json`` (``-`` = standard input): print the round's result as JSON."""
    parser = _Parser(stdout, stderr, prog="huanjie count", description="Count one voting round.")
    parser.add_argument("case", help="case JSON file, or - for standard input")
    try:
        args = parser.parse_args(argv)
        obj = read_json(args.case, stdin)
        case = case_from_json(obj)
        try:
            profile = load(case.profile)
        except ProfileError as exc:
            raise CaseError(
                "profile", f"unknown profile {case.profile!r}; available: {', '.join(available())}"
            ) from exc
        _dump(result_to_json(count(case, profile)), stdout)
    except _Exit as exc:
        return exc.status
    except CaseError as exc:
        stderr.write(f"huanjie count: {exc}\n")
        return 2
    return 0


def deadlines_main(argv: list[str], stdout: TextIO, stderr: TextIO) -> int:
    """``deadlines --profile P --election-day YYYY-MM-DD [--body B]``: every stage's window as JSON."""
    parser = _Parser(
        stdout, stderr, prog="huanjie deadlines", description="Stage windows from the election day."
    )
    parser.add_argument("--profile", required=True)
    parser.add_argument("--election-day", required=True)
    parser.add_argument("--body", default=Body.VILLAGERS_COMMITTEE.value, choices=[b.value for b in Body])
    try:
        args = parser.parse_args(argv)
        try:
            day = date.fromisoformat(args.election_day)
        except ValueError:
            raise CaseError("--election-day", f"{args.election_day!r} is not a date YYYY-MM-DD") from None
        try:
            profile = load(args.profile)
        except ProfileError:
            raise CaseError(
                "--profile", f"unknown profile {args.profile!r}; available: {', '.join(available())}"
            ) from None
        windows = deadlines(profile, args.body, day)
    except _Exit as exc:
        return exc.status
    except CaseError as exc:
        stderr.write(f"huanjie deadlines: {exc}\n")
        return 2
    _dump(
        {
            "profile": profile.name,
            "body": args.body,
            "election_day": day.isoformat(),
            "stages": [
                {
                    "stage": w.stage.value,
                    "opens": w.opens and w.opens.isoformat(),
                    "due": w.due and w.due.isoformat(),
                    "notice_due": w.notice_due and w.notice_due.isoformat(),
                    # where the counted day is a rest day: that day, what it is, the next working day
                    "statutory_due": w.statutory_due and w.statutory_due.isoformat(),
                    "rest_day": w.rest_day and {"zh": w.rest_day[0], "en": w.rest_day[1]},
                    "next_working_day": w.next_working_day and w.next_working_day.isoformat(),
                    "publishes_notice": w.publishes_notice,
                    "reason": w.reason and w.reason.to_json(),
                }
                for w in windows
            ],
        },
        stdout,
    )
    return 0
