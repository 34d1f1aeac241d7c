"""The one writer of every spreadsheet and CSV file Huanjie hands out (DESIGN.md rule 12: every export is
inert data).

A cell whose text begins with `= + - @`, a tab or a carriage return is what Excel, WPS and LibreOffice
take for a formula (OWASP "CSV injection"): a name such as `=HYPERLINK("http://…","点此")` typed into a
form would run on the office's computer when the export is opened. Here:

- XLSX: every text is written as a string cell (never openpyxl's formula type) with Excel's quote
  prefix set, so the cell shows the text and stays text even when someone edits it;
- CSV: such a text gets a leading apostrophe, the form spreadsheet programs read as "this is text".

Characters XML 1.0 cannot hold (control characters, NUL) would make openpyxl raise halfway through a
download; they are replaced by U+FFFD, so a bad name shows as a visible mark instead of a 500. Sheet titles
lose the characters Excel forbids in them (`: / ? * [ ] \\`) and are cut to Excel's 31 characters.

Nothing else in huanjie/ imports openpyxl's Workbook or the csv module's writers
(tests/core/test_export.py checks it).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udfff]")
_TITLE_FORBIDDEN = re.compile(r"[:/?*\[\]\\\x00-\x1f]")


def clean_text(text: str) -> str:
    """The text with characters an XLSX file cannot hold made visible as U+FFFD."""
    return _ILLEGAL.sub("\ufffd", text)


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_START)


def csv_text(value: Any) -> Any:
    """A CSV field's value: a formula-like text gets a leading apostrophe; other values are unchanged."""
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def sheet_title(title: str, taken: Iterable[str] = ()) -> str:
    """A title Excel accepts: no `: / ? * [ ] \\`, at most 31 characters, not empty, not already taken."""
    base = _TITLE_FORBIDDEN.sub(" ", str(title)).strip().strip("'")[:31] or "Sheet"
    used = {t.lower() for t in taken}
    name, n = base, 1
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    return name


class Book:
    """A workbook whose sheets take rows of plain values (text, integers, dates, None)."""

    def __init__(self, *, write_only: bool = False) -> None:
        self.write_only = write_only
        self.book = Workbook(write_only=write_only)
        self._fresh = not write_only  # a normal workbook starts with one empty sheet, used first

    def sheet(self, title: str) -> Sheet:
        name = sheet_title(title, [ws.title for ws in self.book.worksheets if not self._fresh])
        if self._fresh:
            ws = self.book.active
            assert ws is not None
            ws.title = name
            self._fresh = False
        else:
            ws = self.book.create_sheet(name)
        return Sheet(ws, write_only=self.write_only)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


class Sheet:
    def __init__(self, ws: Any, *, write_only: bool) -> None:
        self.ws = ws
        self.write_only = write_only
        self.widths: list[int] = []

    def _cell(self, value: Any, *, bold: bool = False) -> Cell:
        if value is not None and not isinstance(value, int | float | dt.date | dt.datetime):
            value = clean_text(str(value))
        cell = (
            WriteOnlyCell(self.ws, value=value)
            if self.write_only
            else Cell(self.ws, row=1, column=1, value=value)
        )
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text begins with
            if is_formula_like(value):
                cell.quotePrefix = True
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            cell.number_format = "yyyy-mm-dd"
        if bold:
            cell.font = Font(bold=True)
        return cell

    def append(self, row: Sequence[Any], *, bold: bool = False) -> None:
        self.ws.append([self._cell(v, bold=bold) for v in row])
        for i, v in enumerate(row):
            width = min(60, len(str("" if v is None else v)) * 2 + 2)
            if i < len(self.widths):
                self.widths[i] = max(self.widths[i], width)
            else:
                self.widths.append(width)

    def header(self, row: Sequence[Any]) -> None:
        """A bold first row."""
        self.append([str(h) for h in row], bold=True)

    def finish(self, *, freeze: bool = True, fit: bool = True) -> None:
        """Columns wide enough to read and the header row frozen (not in write-only books)."""
        if self.write_only or not isinstance(self.ws, Worksheet):
            return
        if fit:
            for i, width in enumerate(self.widths):
                self.ws.column_dimensions[get_column_letter(i + 1)].width = width
        if freeze:
            self.ws.freeze_panes = "A2"


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> bytes:
    """UTF-8 CSV with a header row; formula-like texts made inert."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_text(v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")
