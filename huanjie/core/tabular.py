"""Reading CSV and XLSX files into rows of strings, with header aliases (Chinese or English).

Kept small and streaming: callers get (row_number, {canonical_column: value}) pairs.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO

from huanjie.core.errors import FileRejected, RowError
from huanjie.core.uploads import Limits, check_table, csv_field_error, too_many_rows


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _open_rows(name: str, data: bytes) -> Iterator[list[str]]:
    suffix = Path(name).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise FileRejected([RowError(0, "", "file", f"not a readable XLSX file: {exc}")]) from exc
        sheet = workbook.worksheets[0]
        for values in sheet.iter_rows(values_only=True):
            yield [_cell(v) for v in values]
        workbook.close()
    elif suffix in {".csv", ".txt"}:
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:  # pragma: no cover - gb18030 decodes any byte sequence
            raise FileRejected([RowError(0, "", "encoding", "the file is neither UTF-8 nor GB18030")])
        reader = csv.reader(io.StringIO(text))
        try:
            yield from reader
        except csv.Error as exc:  # a cell over csv's field limit, among others
            raise csv_field_error(reader.line_num, exc) from exc
    else:
        raise FileRejected(
            [RowError(0, "", "file", f"unsupported file type {suffix or '(none)'}: use CSV or XLSX")]
        )


def header_key(title: str) -> str:
    """A column title as it is compared: NFKC-folded (a Chinese keyboard types 村（社区）代码 with full-width
    brackets, a police station's export may carry 村(社区)代码: the same column), stripped, lower-cased."""
    return unicodedata.normalize("NFKC", title).strip().lower()


def read_table(
    name: str,
    source: bytes | IO[bytes],
    aliases: Mapping[str, str],
    required: set[str],
    limits: Limits | None = None,
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Read a table. `aliases` maps every accepted header (lower-cased) to its canonical column; `limits`
    (default: an upload's) bound the file before it is parsed and the rows as they are read."""
    data = source if isinstance(source, bytes) else source.read()
    limits = limits or Limits.uploads()
    check_table(name, data, limits)
    rows = enumerate(_open_rows(name, data), start=1)
    header: list[str] | None = None
    header_row = 1
    for number, raw in rows:
        if any(c.strip() for c in raw):
            header, header_row = raw, number
            break
    if header is None:
        raise FileRejected([RowError(1, "", "header", "the file is empty")])
    columns: list[str] = []
    errors: list[RowError] = []
    accepted = {header_key(alias): column for alias, column in aliases.items()}
    for title in header:
        key = accepted.get(header_key(title), "")
        if title.strip() and not key:
            errors.append(RowError(header_row, title, "header", f"unknown column {title!r}"))
        columns.append(key)
    missing = sorted(required - set(columns))
    errors.extend(RowError(header_row, m, "header", f"required column {m!r} is missing") for m in missing)
    if errors:
        raise FileRejected(errors)
    out: list[tuple[int, dict[str, str]]] = []
    for number, raw in rows:
        if not any(c.strip() for c in raw):
            continue
        if limits.max_rows is not None and len(out) >= limits.max_rows:
            raise too_many_rows(name, limits.max_rows)
        out.append(
            (number, {col: (raw[i].strip() if i < len(raw) else "") for i, col in enumerate(columns) if col})
        )
    return [c for c in columns if c], out
