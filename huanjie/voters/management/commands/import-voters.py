from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import ActionError, FileRejected
from huanjie.elections.models import Round
from huanjie.units.models import Division
from huanjie.voters.actions import ImportRejected, do_import_voters

PHASES = {"check": "检查 check", "cross-check": "跨村核对 B3", "write": "写入 write"}


class Bar:
    """A progress bar on stderr: rows checked of the file's estimated rows, then the database phases."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.tty = sys.stderr.isatty()

    def __call__(self, phase: str, done: int, total: int) -> None:
        total = max(total, done, 1)
        filled = int(30 * done / total)
        elapsed = time.monotonic() - self.started
        rate = done / max(elapsed, 1e-6)
        line = (
            f"{PHASES.get(phase, phase)} [{'#' * filled}{'.' * (30 - filled)}] {done:>9,}  {rate:,.0f} rows/s"
            f"  {elapsed:.1f} s"
        )
        sys.stderr.write(("\r" if self.tty else "") + line + ("" if self.tty else "\n"))
        sys.stderr.flush()


class Command(BaseCommand):
    help = "Import residents and register voters from a CSV or XLSX file: every row checked, all or nothing."
    # Django's system checks look at the configuration (URLs, templates, models) and take 1.3 s, about as
    # long as checking a district's file: the deployment runs them (`huanjie check --deploy`, CI, every
    # server's start), an import need not run them again (docs/voters.md, "Fifth pass").
    requires_system_checks: list[str] = []

    def run_from_argv(self, argv: list[str]) -> None:
        """From the shell (never `call_command`, which goes through `execute`): once the import has
        committed and said so, the process ends at once. The interpreter's own exit would spend half a
        second taking a gigabyte of objects apart one by one, which the kernel frees in a moment. Only
        when no other thread is at work: a daemon thread would be stopped by either exit."""
        super().run_from_argv(argv)
        sys.stdout.flush()
        sys.stderr.flush()
        if all(t.daemon for t in threading.enumerate() if t is not threading.current_thread()):
            connections.close_all()
            logging.shutdown()
            os._exit(0)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--round", type=int, required=True, help="the round's number (id)")
        parser.add_argument("--unit", help="the unit's division code, when the file is one unit's")
        parser.add_argument(
            "--profile", action="store_true", help="print how long each step on the database server took"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if options["profile"]:
            logging.getLogger("huanjie.voters.profile").setLevel(logging.DEBUG)
            # The bench subtracts the time it started the command: how long Python and Django took.
            sys.stderr.write(f"profile: handling from unix time {time.time():.3f}\n")
        began = time.monotonic()
        try:
            rnd = Round.objects.select_related("district").get(pk=options["round"])
        except Round.DoesNotExist:
            raise CommandError(f"no round {options['round']}") from None
        unit = None
        if options["unit"]:
            unit = Division.objects.filter(code=options["unit"], level="unit").first()
            if unit is None:
                raise CommandError(f"no unit {options['unit']}")
        if not path.is_file():
            raise CommandError(f"no such file: {path}")
        try:
            summary = do_import_voters(
                rnd, path.name, path.read_bytes(), unit=unit, actor=SYSTEM, progress=Bar()
            )
        except FileRejected as exc:
            sys.stderr.write("\n")
            for e in exc.errors[:200]:
                self.stderr.write(
                    f"{path.name}: row {e.row}, column {e.column or '-'}, {e.rule}: {e.message}"
                )
            if len(exc.errors) > 200:
                self.stderr.write(f"… and {len(exc.errors) - 200} more")
            notes = len(exc.notes) if isinstance(exc, ImportRejected) else 0
            raise CommandError(
                f"{len(exc.errors)} error(s), {notes} row(s) not registered; nothing was imported",
                returncode=2,
            ) from None
        except ActionError as exc:
            raise CommandError(exc.message, returncode=2) from None
        sys.stderr.write("\n")
        if options["profile"]:
            sys.stderr.write(f"profile: committed, keys validated: {time.monotonic() - began:.2f} s\n")
        self.stdout.write(
            f"{summary.rows} rows in {summary.seconds:.1f} s: {summary.registered} registered, "
            f"{summary.excluded} excluded, {len(summary.notes)} kept as residents only; "
            f"{summary.voters_added} new on the rolls, {summary.residents_added} residents added, "
            f"{summary.residents_updated} updated"
        )
