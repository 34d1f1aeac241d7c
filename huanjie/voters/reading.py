"""Reading a voters file into a table of strings: the header's columns and the data rows.

CSV goes through polars' multi-threaded reader and XLSX through calamine (Rust): a district's million rows
are read in a second, not a minute. Both give the same rows, numbered as the clerk's spreadsheet numbers
them, as the standard library's `csv` module and openpyxl did. Where polars could number or split the
rows differently (a header not on the first line, quote characters, bare carriage returns), the file is
read with `csv` instead: slower, the same.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path

import polars as pl
from django.utils.translation import gettext as _

from huanjie.core.errors import FileRejected, RowError
from huanjie.core.uploads import Limits, check_table, csv_field_error, too_many_rows

# canonical column → accepted headers (compared lower-cased, spaces kept as written)
HEADERS: dict[str, tuple[str, ...]] = {
    "id_number": ("身份证号", "身份证号码", "公民身份号码"),
    "name": ("姓名",),
    "unit_code": ("村(社区)代码", "村（社区）代码", "区划代码", "unit"),
    "group": ("村民小组", "居民小组", "小组"),
    "household": ("户号",),
    "hukou_here": ("户籍在本村", "户籍在本社区", "户籍在本村(社区)"),
    "lives_here": ("居住在本村", "居住在本社区", "居住在本村(社区)"),
    "living_since": ("居住起始日期", "居住起始时间"),
    "sex": ("性别",),
    "birth_date": ("出生日期",),
    "ethnicity": ("民族",),
    "wish_statement": ("本人表示参加选举", "本人表示参加"),
    "application_on": ("申请日期", "本人申请日期"),
    "approval_on": ("会议同意日期", "村民会议同意日期", "居民会议同意日期"),
    "approval_by": ("同意会议", "审议会议"),
    "extra_category": ("其他登记类别", "extra category"),
    "deprived": ("被剥夺政治权利",),
    "lost_capacity": ("丧失行为能力",),
}
ALIASES: dict[str, str] = {
    alias.lower(): canonical for canonical, names in HEADERS.items() for alias in (canonical, *names)
}
REQUIRED = frozenset({"id_number", "name", "hukou_here", "lives_here"})
TEMPLATE_COLUMNS: tuple[str, ...] = (
    *("id_number", "name", "unit_code", "group", "household", "hukou_here", "lives_here", "living_since"),
    *("sex", "ethnicity", "wish_statement", "application_on", "approval_on", "approval_by"),
    *("deprived", "lost_capacity"),
)
# What Python's str.strip() strips (all of it below U+3001): polars' own strip_chars() leaves \x1c-\x1f,
# so the vectorised checks strip exactly these to see the cells as the row-by-row checks do.
SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


class Table:
    """The data rows under the header: `frame` holds them for the vectorised checks (a `row` column with
    the row number, then `c0`, `c1`, … by position, "" for an empty cell); iterating gives them one by
    one as (row number, cells), the way the row-by-row checker reads them."""

    def __init__(self, frame: pl.DataFrame, columns: list[str]) -> None:
        self.frame, self.columns = frame, columns
        self._rows: Iterator[tuple[int, list[str]]] | None = None

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        return self

    def __next__(self) -> tuple[int, list[str]]:
        if self._rows is None:
            self._rows = ((r[0], list(r[1:])) for r in self.frame.iter_rows())
        return next(self._rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if type(value) is str:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _frame(rows: Sequence[Sequence[object]]) -> pl.DataFrame:
    """The rows as text columns; a column with other values than text (numbers, dates, booleans, empty
    cells of a spreadsheet) has them written as openpyxl's values were, one by one."""
    width = max(map(len, rows), default=0)
    if any(len(r) != width for r in rows):
        rows = [[*r, *[""] * (width - len(r))] for r in rows]
    columns = {}
    for i, column in enumerate(zip(*rows, strict=True)):
        if set(map(type, column)) != {str}:
            column = tuple(map(_cell, column))
        columns[f"c{i}"] = pl.Series(column, dtype=pl.String)
    return pl.DataFrame(columns).with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))


def _xlsx(data: bytes) -> pl.DataFrame:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        values = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several kinds for a damaged file
        raise FileRejected([RowError(0, "", "file", f"not a readable XLSX file: {exc}")]) from exc
    # Text cells stay as they are: the checks strip every cell, as for CSV.
    return _frame(values)


def _csv(data: bytes) -> pl.DataFrame:
    # UTF-8, the common case, is looked at as bytes and handed to polars as it is (polars refuses bytes
    # that are not UTF-8): a district's file is not decoded into a Python string of some 80 million
    # characters first. Its quote characters and carriage returns are ASCII, never part of a multi-byte
    # character, so the bytes say what the text would.
    utf8 = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    first = utf8.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    if first.replace(",", "").strip() != "" and b'"' not in utf8 and utf8.count(b"\r") == utf8.count(b"\r\n"):
        try:
            frame = pl.read_csv(
                utf8, has_header=False, infer_schema=False, truncate_ragged_lines=True, quote_char=None
            )
        except pl.exceptions.PolarsError:
            pass  # not UTF-8 (GB18030), or not for polars: read below as before
        else:
            frame = frame.rename({name: f"c{i}" for i, name in enumerate(frame.columns)})
            return (
                frame.fill_null("").with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))
            )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise FileRejected([RowError(0, "", "encoding", "the file is neither UTF-8 nor GB18030")])
    utf8 = (data[3:] if data.startswith(b"\xef\xbb\xbf") else data) if encoding == "utf-8-sig" else b""
    utf8 = utf8 or text.encode("utf-8")
    simple = (
        text.split("\n", 1)[0].replace(",", "").strip() != ""
        and '"' not in text
        and text.count("\r") == text.count("\r\n")
    )
    if simple:
        try:
            frame = pl.read_csv(
                utf8, has_header=False, infer_schema=False, truncate_ragged_lines=True, quote_char=None
            )
        except pl.exceptions.PolarsError:
            simple = False
    if not simple:
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            return _frame(list(reader))
        except csv.Error as exc:  # a cell over csv's field limit, among others
            raise csv_field_error(reader.line_num, exc) from exc
    frame = frame.rename({name: f"c{i}" for i, name in enumerate(frame.columns)})
    return frame.fill_null("").with_row_index("row", offset=1).with_columns(pl.col("row").cast(pl.Int64))


def read_frame(name: str, data: bytes, limits: Limits | None = None) -> pl.DataFrame:
    limits = limits or Limits.uploads()
    check_table(name, data, limits)
    frame = _read(name, data)
    if limits.max_rows is not None and frame.height > limits.max_rows + 1:  # the header, then the rows
        raise too_many_rows(name, limits.max_rows)
    return frame


def _read(name: str, data: bytes) -> pl.DataFrame:
    suffix = Path(name).suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        return _xlsx(data)
    if suffix in {".csv", ".txt"}:
        return _csv(data)
    raise FileRejected(
        [RowError(0, "", "file", f"unsupported file type {suffix or '(none)'}: use CSV or XLSX")]
    )


def open_table(name: str, data: bytes, limits: Limits | None = None) -> tuple[int, list[str], Table]:
    """The header (canonical names, "" for an unknown column), and the data rows; FileRejected on a bad
    header or a file past the `limits` (default: an upload's). Also the number of rows, for the progress
    bar."""
    frame = read_frame(name, data, limits)
    cells = [c for c in frame.columns if c != "row"]
    header: list[str] | None = None
    header_row = 1
    # The header is the first row with anything in it: looked for in the first rows, then in the rest.
    for start, length in ((0, 1000), (1000, None)) if cells else ():
        part = frame.slice(start, length)
        blank = part.select(
            pl.all_horizontal(pl.col(c).str.strip_chars(SPACES) == "" for c in cells)
        ).to_series()
        first = blank.arg_min()
        if first is not None and not blank[first]:
            header, header_row = [str(v) for v in part.row(first)[1:]], start + first + 1
            break
    if header is None:
        raise FileRejected([RowError(1, "", "header", _("The file is empty."))])
    columns = [ALIASES.get(title.strip().lower(), "") for title in header]
    errors = [
        RowError(header_row, title, "header", _("Unknown column %(name)s.") % {"name": title})
        for title, key in zip(header, columns, strict=True)
        if title.strip() and not key
    ]
    missing = sorted(REQUIRED - set(columns))
    errors += [
        RowError(header_row, m, "header", _("The required column %(name)s is missing.") % {"name": m})
        for m in missing
    ]
    if errors:
        raise FileRejected(errors)
    rows = frame.slice(header_row)
    return rows.height, columns, Table(rows, columns)
