"""huanjie publish-static OUTDIR: write the public bulletin as static files, only what changed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.bulletin.publisher import publish
from huanjie.core.progressbar import Bar


class Command(BaseCommand):
    help = "Write the public bulletin as static files into OUTDIR; a second run writes only what changed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("outdir", type=Path)
        parser.add_argument(
            "--jobs",
            type=int,
            default=os.cpu_count() or 1,
            help="processes that render the pages and the new PDFs",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args: Any, **options: Any) -> None:
        verbosity = int(options["verbosity"])
        show = not options["no_progress"] and verbosity > 0
        report = publish(
            options["outdir"],
            jobs=options["jobs"],
            progress=self.stdout.write if verbosity > 1 else None,
            steps=Bar("pages") if show else None,
        )
        if verbosity > 1:
            for name in report.written:
                self.stdout.write(f"wrote {name}")
            for name in report.removed:
                self.stdout.write(f"removed {name}")
        self.stdout.write(
            f"{len(report.written)} written, {report.unchanged} unchanged, {len(report.removed)} removed"
        )
