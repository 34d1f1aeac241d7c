"""The same checks as `importing.Checker._row`, on a whole file at once with polars.

`plain_rows` marks the rows a vectorised test can pass: an 18-character ID number with a valid region,
birth date and check character, every flag and date written the plain way, the unit known and in scope,
no cross-field rule broken, the ID number not found twice in the file. The test errs on the careful
side: a row it does not pass (a bad row, or merely an unusual one — a lower-case x, a date written
2015/3/1, a legacy number) goes through `Checker._row`, which writes every error message. So the
messages, their order and the rows' numbers are the row-by-row checker's, whichever path a row took.

The eligibility of the plain rows is decided once per distinct set of facts (`Checker._decided`), not per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import cast

import numpy as np
import polars as pl

from huanjie.rules import idnumber
from huanjie.voters.reading import HEADERS, SPACES

TRUE = ("是", "y", "yes", "true", "1", "√", "✓", "有")
FALSE = ("否", "n", "no", "false", "0", "无", "×")
ASSEMBLIES = ("村民会议", "村民代表会议", "居民会议", "居民代表会议")
SEXES = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female"}
REQUIRED_FLAGS = ("hukou_here", "lives_here")
FLAGS = ("hukou_here", "lives_here", "wish_statement", "deprived", "lost_capacity")
DATES = ("living_since", "application_on", "approval_on", "birth_date")
STRICT = r"^[0-9]{17}[0-9X]$"
FACTS = ("born", "hukou", "lives", "since", "extra", "wish", "applied", "approved", "deprived", "lost", "day")


# The order of a staged row: what the staging table holds (staging.STAGE_COLUMNS names them).
Staged = tuple[
    int,  # row
    int,  # unit_id
    int,  # election_id
    bytes,  # id_hash (16 bytes)
    str,  # id_masked
    bytes,  # id_cipher
    str,  # name
    str,  # sex
    int,  # birth_year
    str,  # group
    str,  # household
    bool,  # hukou_here
    bool,  # lives_here
    dt.date | None,  # living_since
    str,  # ethnicity
    str,  # voter status: "" (resident only), registered, excluded
    str,  # category
    str,  # removed_reason (exclusions)
    bool,  # wish_statement
    dt.date | None,  # application_on
    dt.date | None,  # approval_on
    str,  # approval_by
]
STAGE_SCHEMA: dict[str, type[pl.DataType] | pl.DataType] = {
    **dict.fromkeys(("row_no", "unit_id", "election_id"), pl.Int64),
    "id_hash": pl.Binary,
    "id_masked": pl.String,
    "id_cipher": pl.Binary,
    **dict.fromkeys(("name", "sex"), pl.String),
    "birth_year": pl.Int16,
    **dict.fromkeys(("grp", "household"), pl.String),
    **dict.fromkeys(("hukou_here", "lives_here"), pl.Boolean),
    "living_since": pl.Date,
    **dict.fromkeys(("ethnicity", "voter_status", "category", "removed_reason"), pl.String),
    "wish_statement": pl.Boolean,
    **dict.fromkeys(("application_on", "approval_on"), pl.Date),
    "approval_by": pl.String,
}


class StagedRows:
    """The staged rows of a checked file, as a polars frame (columns STAGE_SCHEMA); iterating gives the
    `Staged` tuples."""

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def __iter__(self) -> Iterator[Staged]:
        return cast(Iterator[Staged], self.frame.iter_rows())

    def __len__(self) -> int:
        return self.frame.height


def cells(frame: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    """One stripped text column per canonical column ("" where the file has none), and `row`; rows with
    nothing in any known column are dropped, as the row-by-row reader skips them."""
    last = {c: i for i, c in enumerate(columns) if c}  # a column named twice: the last one counts
    exprs = [pl.col("row")] + [
        pl.col(f"c{last[c]}").str.strip_chars(SPACES).alias(c) if c in last else pl.lit("").alias(c)
        for c in HEADERS
    ]
    out = frame.select(exprs)
    known = [c for c in HEADERS if c in last]
    return out.filter(~pl.all_horizontal(pl.col(c) == "" for c in known)) if known else out.clear()


WEIGHTS = np.array(idnumber.WEIGHTS, dtype=np.int32)
CHECK_CHARS = np.frombuffer(idnumber.CHECK_CHARS.encode("ascii"), dtype=np.uint8)


def check_character_ok(numbers: pl.Series) -> pl.Series:
    """True where the cell is 17 digits and a digit or X, that last character the check character of the
    first 17 (GB 11643): the weighted sum computed over all the numbers at once as a matrix of bytes."""
    strict = numbers.str.contains(STRICT).fill_null(False)
    digits = numbers.filter(strict)
    blob = digits.str.join("").item().encode("ascii") if len(digits) else b""
    rows = np.frombuffer(blob, dtype=np.uint8).reshape(-1, 18)
    total = (rows[:, :17].astype(np.int32) - ord("0")) @ WEIGHTS
    ok = np.zeros(len(numbers), dtype=bool)
    ok[strict.to_numpy()] = CHECK_CHARS[total % 11] == rows[:, 17]
    return pl.Series(ok)


def _normalised(raw: str) -> str:
    """The number `idnumber.parse` would accept the cell as (a legacy number upgraded), or the cell
    without its spaces: two rows with the same value here may be the same person."""
    text = "".join(raw.split()).upper()
    if len(text) == 15 and text.isdigit() and text.isascii():
        first17 = text[:6] + "19" + text[6:]
        return first17 + idnumber.check_digit(first17)
    return text


def _date(column: str) -> tuple[pl.Expr, pl.Expr]:
    """The plain-written date of a cell (or null), and whether the cell is empty or plain-written."""
    text = pl.col(column).str.replace_all("/", "-", literal=True).str.replace_all(".", "-", literal=True)
    text = text.str.slice(0, 10)
    value = text.str.to_date("%Y-%m-%d", strict=False)
    plain = text.str.contains(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$") & value.is_not_null() & (value.dt.year() >= 1)
    return pl.when(pl.col(column) == "").then(None).otherwise(value), (pl.col(column) == "") | plain


def with_twice(table: pl.DataFrame) -> pl.DataFrame:
    """`table` (from `cells`) with `twice`: True where the row's number may occur twice in the file.

    Decided over the whole file, before it is checked a slice at a time (`Checker.slices`). By the
    normalised number's 64-bit hash: it may find a pair that is not one (both rows then go the row-by-row
    way, which compares the numbers themselves) but never misses one."""
    raw = pl.col("id_number")
    strict = raw.str.contains(STRICT)
    key = pl.when(strict).then(raw).otherwise(raw.map_elements(_normalised, return_dtype=pl.String))
    return table.with_columns(twice=key.hash(7305).is_duplicated() & (key != ""))


def plain_rows(
    table: pl.DataFrame, targets: pl.DataFrame, *, fixed_unit: str | None, today: dt.date
) -> pl.DataFrame:
    """`table` (from `with_twice`) joined to its unit's `targets` row (unit_code, unit_id, election_id,
    day: only the units a row may name), with the parsed values and `plain`: True where the row passes."""
    raw = pl.col("id_number")
    code = pl.col("unit_code")
    table = table.with_columns(unit_code=pl.when(code == "").then(pl.lit(fixed_unit or "")).otherwise(code))
    strict = raw.str.contains(STRICT)
    dates = {c: _date(c) for c in DATES}
    flags = {f: pl.col(f).str.to_lowercase() for f in FLAGS}
    sex = pl.col("sex").str.to_lowercase().replace_strict(SEXES, default="?", return_dtype=pl.String)
    table = table.with_columns(
        born=raw.str.slice(6, 8).str.to_date("%Y%m%d", strict=False),
        id_sex=pl.when(raw.str.slice(16, 1).cast(pl.Int32, strict=False) % 2 == 1)
        .then(pl.lit("male"))
        .otherwise(pl.lit("female")),
        sex_given=pl.when(pl.col("sex") == "").then(pl.lit("")).otherwise(sex),
        **{f"{f}_ok": flags[f].is_in(TRUE + FALSE + (() if f in REQUIRED_FLAGS else ("",))) for f in FLAGS},
        **{f"{f}_v": flags[f].is_in(TRUE) for f in FLAGS},
        **{f"{c}_ok": ok for c, (_value, ok) in dates.items()},
        **{f"{c}_v": value for c, (value, _ok) in dates.items()},
    )
    # In the file's order: the rows' numbers, the notes and the errors keep it without a sort.
    table = table.join(targets, on="unit_code", how="left", maintain_order="left")
    app, appr = pl.col("application_on_v"), pl.col("approval_on_v")
    checks = [
        strict,
        raw.str.slice(0, 2).cast(pl.Int32, strict=False).is_in(sorted(idnumber.PROVINCES)),
        pl.col("born").is_not_null(),
        pl.col("born").dt.year() >= idnumber.MIN_BIRTH_YEAR,
        pl.col("born") <= today,
        check_character_ok(table.get_column("id_number")),
        pl.col("name") != "",
        pl.col("name").str.len_chars() <= 60,
        pl.col("unit_id").is_not_null(),
        *(pl.col(f"{f}_ok") for f in FLAGS),
        *(pl.col(f"{c}_ok") for c in DATES),
        (pl.col("sex_given") == "") | (pl.col("sex_given") == pl.col("id_sex")),
        pl.col("birth_date_v").is_null() | (pl.col("birth_date_v") == pl.col("born")),
        pl.col("living_since_v").is_null() | (pl.col("living_since_v") <= today),
        pl.col("hukou_here_v") | ~pl.col("lives_here_v") | (pl.col("living_since") != ""),
        (app.is_null() & appr.is_null()) | (app.is_not_null() & appr.is_not_null() & (appr >= app)),
        (pl.col("approval_by") == "") | pl.col("approval_by").is_in(ASSEMBLIES),
        pl.col("group").str.len_chars() <= 40,
        pl.col("household").str.len_chars() <= 40,
        ~pl.col("twice"),
    ]
    return table.with_columns(plain=pl.all_horizontal(checks).fill_null(False))


def facts(table: pl.DataFrame) -> pl.DataFrame:
    """The plain rows with the facts eligibility depends on, one column each (FACTS)."""
    return table.with_columns(
        born=pl.col("born"),
        hukou=pl.col("hukou_here_v"),
        lives=pl.col("lives_here_v"),
        since=pl.col("living_since_v"),
        extra=pl.when(pl.col("extra_category") == "").then(None).otherwise(pl.col("extra_category")),
        wish=pl.col("wish_statement_v"),
        applied=pl.col("application_on_v").is_not_null(),
        approved=pl.col("approval_on_v").is_not_null(),
        deprived=pl.col("deprived_v"),
        lost=pl.col("lost_capacity_v"),
        day=pl.col("day"),
    )


def staged(plain: pl.DataFrame, hashes: pl.Series, sealed: pl.Series) -> pl.DataFrame:
    """The staged rows (STAGE_SCHEMA) of the decided plain rows, with their numbers' hashes and ciphers."""
    raw = pl.col("id_number")
    return plain.select(
        row_no="row",
        unit_id="unit_id",
        election_id="election_id",
        id_hash=hashes,
        id_masked=raw.str.slice(0, 6) + "*" * 11 + raw.str.slice(17, 1),  # as idnumber.mask
        id_cipher=sealed,
        name="name",
        sex="id_sex",
        birth_year=pl.col("born").dt.year().cast(pl.Int16),
        grp="group",
        household="household",
        hukou_here="hukou",
        lives_here="lives",
        living_since="since",
        ethnicity=pl.col("ethnicity").str.slice(0, 20),
        voter_status="status",
        category="category",
        removed_reason="removed",
        wish_statement="wish",
        application_on="application_on_v",
        approval_on="approval_on_v",
        approval_by=pl.when(pl.col("approval_by") != "")
        .then("approval_by")
        .when(pl.col("approved"))
        .then(pl.lit(ASSEMBLIES[0]))
        .otherwise(pl.lit("")),
    )
