from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import FileRejected
from huanjie.units.actions import do_import_divisions


class Command(BaseCommand):
    help = "Import a division tree (province → city → district → street → unit) from a CSV or XLSX file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            self.stderr.write(f"{path}: no such file")
            sys.exit(2)
        try:
            summary = do_import_divisions(path.name, path.read_bytes(), actor=SYSTEM)
        except FileRejected as exc:
            for e in exc.errors:
                self.stderr.write(f"{path}: row {e.row}, column {e.column or '-'}: [{e.rule}] {e.message}")
            self.stderr.write(f"{path}: {exc.message}")
            sys.exit(2)
        self.stdout.write(
            f"{summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged"
        )
