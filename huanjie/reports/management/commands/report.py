"""huanjie report summary --round R [--division CODE] [--lang zh|en] [--format docx|pdf|html] [-o FILE]
huanjie report tables --round R [--division CODE] [-o FILE]

The work summary and the statistical tables from the command line, as the office's buttons make them."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from huanjie.core import clock
from huanjie.core.progressbar import Bar
from huanjie.elections.models import Round
from huanjie.reports import render
from huanjie.reports.data import load
from huanjie.reports.summary import build_summary
from huanjie.reports.tables import tables_xlsx
from huanjie.units.models import Division


class Command(BaseCommand):
    help = "Write the round's work summary (DOCX, PDF or HTML) or its statistical tables (XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["summary", "tables"])
        parser.add_argument("--round", type=int, required=True, dest="round_id")
        parser.add_argument("--division", default="", help="a street or unit code (default: the district)")
        parser.add_argument("--lang", choices=["zh", "en"], default="zh")
        parser.add_argument("--format", choices=["docx", "pdf", "html"], default="docx", dest="fmt")
        parser.add_argument(
            "-o", "--output", default="", help="the file to write (default: in the current directory)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rnd = Round.objects.select_related("district").get(pk=options["round_id"])
        except Round.DoesNotExist:
            raise CommandError(f"no round {options['round_id']}") from None
        scope = rnd.district
        if options["division"]:
            try:
                scope = Division.objects.get(code=options["division"], path__startswith=rnd.district.path)
            except Division.DoesNotExist:
                raise CommandError(f"{options['division']} is not a division of this round") from None
        started = time.perf_counter()
        bar = Bar(options["what"])
        bar(0, 2)
        if options["what"] == "tables":
            figures = load(rnd, scope)
            bar(1, 2)
            data, suffix = tables_xlsx(figures), "xlsx"
        else:
            doc = build_summary(rnd, lang=options["lang"], today=clock.today(), scope=scope)
            bar(1, 2)
            suffix = options["fmt"]
            if suffix == "docx":
                data = render.to_docx(doc)
            elif suffix == "pdf":
                data = render.to_pdf(doc)
            else:
                data = render_to_string("reports/summary_pdf.html", render.context(doc)).encode()
            for gap in doc.missing:
                self.stderr.write(f"missing: {gap}")
        bar(2, 2)
        name = options["output"] or f"{options['what']}-{scope.code}-{options['lang']}.{suffix}"
        Path(name).write_bytes(data)
        self.stdout.write(f"{name}: {len(data)} bytes in {time.perf_counter() - started:.2f} s")
