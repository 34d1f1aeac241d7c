"""The database side of an import: a staging table, set-based checks, then INSERT … SELECT.

PostgreSQL fills the staging table with COPY (CSV written by polars); SQLite with `executemany`.
Everything after that is set-based SQL: the check across units (B3) is one join against the round's
rolls by keyed hash, and residents and voters are written with one statement each, in keyed-hash order.
A big file on PostgreSQL sets the written tables' foreign keys aside and validates them again before
commit (`set_aside_foreign_keys`). It all runs inside the caller's transaction: a process killed
half-way leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

from huanjie.voters.fastcheck import STAGE_SCHEMA, StagedRows

PROFILE = logging.getLogger("huanjie.voters.profile")  # `import-voters --profile`
TABLE = "voters_import_stage"
WRITTEN = ("voters_resident", "voters_voter")
BIG = 50_000
STAGE_COLUMNS = (
    ("row_no", "integer", "integer"),
    ("unit_id", "bigint", "integer"),
    ("election_id", "bigint", "integer"),
    ("id_hash", "uuid", "blob"),
    ("id_masked", "varchar(18)", "text"),
    ("id_cipher", "bytea", "blob"),
    ("name", "varchar(60)", "text"),
    ("sex", "varchar(6)", "text"),
    ("birth_year", "smallint", "integer"),
    ("grp", "varchar(40)", "text"),
    ("household", "varchar(40)", "text"),
    ("hukou_here", "boolean", "bool"),
    ("lives_here", "boolean", "bool"),
    ("living_since", "date", "date"),
    ("ethnicity", "varchar(20)", "text"),
    ("voter_status", "varchar(12)", "text"),
    ("category", "varchar(30)", "text"),
    ("removed_reason", "varchar(20)", "text"),
    ("wish_statement", "boolean", "bool"),
    ("application_on", "date", "date"),
    ("approval_on", "date", "date"),
    ("approval_by", "varchar(40)", "text"),
)
NAMES = ", ".join(c[0] for c in STAGE_COLUMNS)
TEXT = ", ".join(name for name, kind in STAGE_SCHEMA.items() if kind == pl.String)
COPY_SLICE = 100_000
# Resident fields an import may change; the cipher is kept (it re-encrypts the same number).
RESIDENT_FIELDS = (
    ("name", "name"),
    ("sex", "sex"),
    ("birth_year", "birth_year"),
    ('"group"', "grp"),
    ("household", "household"),
    ("hukou_here", "hukou_here"),
    ("lives_here", "lives_here"),
    ("living_since", "living_since"),
    ("ethnicity", "ethnicity"),
)
# The file's column each field comes from, where the file may leave it out: a file without the column
# says nothing of the field, so a resident on record keeps it (issue 15: a file without the group and
# household columns blanked them). The others are required columns or come from the ID number.
OPTIONAL_SOURCE = {
    '"group"': "group",
    "household": "household",
    "living_since": "living_since",
    "ethnicity": "ethnicity",
}


def updated_fields(columns: frozenset[str]) -> tuple[tuple[str, str], ...]:
    """The resident fields a file with these (canonical) columns updates."""
    return tuple(
        f for f in RESIDENT_FIELDS if f[0] not in OPTIONAL_SOURCE or OPTIONAL_SOURCE[f[0]] in columns
    )


@dataclass(frozen=True)
class Conflict:
    """A staged row whose person is already registered on another unit's roll in the round (B3)."""

    row: int
    unit_code: str
    unit_name: str


@dataclass(frozen=True)
class Written:
    residents_added: int
    residents_updated: int
    voters_added: int


def postgres() -> bool:
    return connection.vendor == "postgresql"


def create() -> None:
    pg = postgres()
    columns = ", ".join(f"{name} {pg_type if pg else lite}" for name, pg_type, lite in STAGE_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
        if not pg:
            # SQLite's default page cache is 2 MB: a million rows' indexes would go through the OS page
            # cache by system call, page after page. 256 MB for this connection's tables, and as much for
            # the staging table's (temp_store itself cannot change inside the caller's transaction).
            cursor.execute("PRAGMA main.cache_size = -262144")
            cursor.execute("PRAGMA temp.cache_size = -262144")
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns})" + (" ON COMMIT DROP" if pg else ""))


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def load(rows: StagedRows) -> int:
    """Put the staged rows into the staging table; returns how many."""
    frame = rows.frame
    with connection.cursor() as cursor:
        if postgres():
            # COPY in CSV, written by polars a slice at a time: bytea as hex, NULL only for the dates.
            # The keyed hash as 32 hex digits, which uuid's input takes as they are.
            text = frame.with_columns(
                id_hash=pl.col("id_hash").bin.encode("hex"),
                id_cipher=pl.lit("\\x") + pl.col("id_cipher").bin.encode("hex"),
            )
            with cursor.copy(
                f"COPY {TABLE} ({NAMES}) FROM STDIN WITH (FORMAT csv, FORCE_NOT_NULL ({TEXT}))"
            ) as copy:
                for chunk in text.iter_slices(COPY_SLICE):
                    copy.write(chunk.write_csv(include_header=False))
            if frame.height >= BIG:
                # `write` will set aside the foreign keys of these tables; take the lock it needs now,
                # before this transaction reads them, so that it never waits to upgrade a lower one.
                cursor.execute(f"LOCK TABLE {', '.join(WRITTEN)} IN ACCESS EXCLUSIVE MODE")
        else:
            sql = f"INSERT INTO {TABLE} ({NAMES}) VALUES ({', '.join('%s' for _ in STAGE_COLUMNS)})"
            # Dates as the ISO text SQLite keeps them in: sqlite3 would call an adapter per date otherwise.
            text = frame.with_columns(pl.col(pl.Date).dt.to_string("%Y-%m-%d"))
            for chunk in text.iter_slices(COPY_SLICE):
                cursor.executemany(sql, chunk.rows())
        # The planner knows nothing of a fresh temporary table: without statistics it may join the
        # round's rolls row by row instead of hashing them.
        cursor.execute(f"ANALYZE {TABLE}")
    return frame.height


def conflicts(round_id: int, limit: int = 10_000, table: str = TABLE) -> list[Conflict]:
    """B3: staged registrations of persons registered on another unit's roll in the round (`table`: the
    staging table, or another with its row_no, election_id, id_hash and voter_status)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.row_no, u.code, u.name
              FROM {table} s
              JOIN voters_voter v ON v.round_id = %s AND v.id_hash = s.id_hash
                                 AND v.status = 'registered' AND v.election_id <> s.election_id
              JOIN elections_election e ON e.id = v.election_id
              JOIN units_division u ON u.id = e.unit_id
             WHERE s.voter_status = 'registered'
             ORDER BY s.row_no
             LIMIT %s
            """,
            [round_id, limit],
        )
        return [Conflict(row, code, name) for row, code, name in cursor.fetchall()]


def set_aside_foreign_keys(cursor: CursorWrapper, *, referencing: bool = False) -> list[tuple[str, str, str]]:
    """Drop the written tables' foreign keys, returning how to add them back; with `referencing`, also
    the other tables' keys that point at them (their primary keys can then be set aside too).

    PostgreSQL checks a foreign key with one query per inserted row, at commit: 3.7 million queries for a
    district's million residents and their registrations, longer than all the rest of the import. Added
    back in the same transaction, each key is validated by one join over the whole table instead, before
    commit; and if the import fails or is killed, the transaction (the drop with it) is rolled back."""
    cursor.execute(
        f"""SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[])
                                     {"OR confrelid = ANY(%s::regclass[])" if referencing else ""})
            ORDER BY conrelid, conname""",
        [list(WRITTEN)] * (2 if referencing else 1),
    )
    keys = [(table, name, definition) for table, name, definition in cursor.fetchall()]
    # PostgreSQL refuses to alter a table with foreign-key checks still queued in the transaction (when
    # the import runs inside a caller's transaction): run them now, then defer again as Django's keys are.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, name, _definition in keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return keys


def put_back_foreign_keys(
    cursor: CursorWrapper, keys: list[tuple[str, str, str]], *, proven: frozenset[str] = frozenset()
) -> None:
    """Add back the keys `set_aside_foreign_keys` dropped: each validated by one join over its table,
    except those of the tables in `proven`, whose rows the caller has proved to refer to rows that exist
    and are locked: they come back NOT VALID — enforced from now on for every new or changed row, the
    rows already there validated after the commit (`validate_pending_keys`), outside the transaction and
    its locks."""
    for table, name, definition in keys:
        later = " NOT VALID" if table in proven and not definition.endswith("NOT VALID") else ""
        cursor.execute(
            f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}{later}"
        )


def validate_pending_keys() -> int:
    """Validate the written tables' foreign keys added back NOT VALID (bulk.Direct): one join over each
    table, under a lock that lets the roll be read and written meanwhile (SHARE UPDATE EXCLUSIVE). Run
    after an import commits; any later import runs it again, so a key left unvalidated by a process that
    died in between is validated then. Returns how many were validated.

    Each table's keys are validated on a connection of their own, at the same time: the lock of one
    table's validation does not conflict with the other's (SHARE UPDATE EXCLUSIVE on its own table, ROW
    SHARE on the tables it refers to), and the residents' key is then done while the roll's three are
    (1.6 s instead of 2.3–3.1 s for a district's million rows, docs/voters.md "Fifth pass"). Inside a
    transaction — a test running the hooks before its own commit — they stay on the caller's connection,
    which holds the locks the others would wait for."""
    if not postgres():
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT conrelid::regclass::text, conname FROM pg_constraint
                WHERE contype = 'f' AND NOT convalidated AND conrelid = ANY(%s::regclass[])
                ORDER BY conrelid, conname""",
            [list(WRITTEN)],
        )
        pending = cursor.fetchall()
    by_table: dict[str, list[str]] = {}
    for table, name in pending:
        by_table.setdefault(table, []).append(name)
    started = time.monotonic()
    apart = len(by_table) > 1 and not connection.in_atomic_block
    if apart:
        with ThreadPoolExecutor(max_workers=len(by_table), thread_name_prefix="voters-keys") as pool:
            for done in [pool.submit(_validate_apart, table, names) for table, names in by_table.items()]:
                done.result()  # a key that does not hold is raised here, as on the caller's connection
    else:
        for table, names in by_table.items():
            _validate(table, names)
    if pending:
        PROFILE.debug(
            "%.2f s  keys validated after the commit (%s)",
            time.monotonic() - started,
            f"{len(by_table)} tables at once" if apart else "one after the other",
        )
    return len(pending)


def _validate_apart(table: str, names: list[str]) -> None:
    """`_validate` in a thread of its own, on the thread's own connection, closed afterwards."""
    try:
        _validate(table, names)
    finally:
        connection.close()


def _validate(table: str, names: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET work_mem = '256MB'")  # the joins in memory, as in the import
        try:
            for name in names:
                started = time.monotonic()
                cursor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {connection.ops.quote_name(name)}")
                PROFILE.debug("%.2f s  %s validated (after the commit)", time.monotonic() - started, name)
        finally:
            cursor.execute("RESET work_mem")


def write(round_id: int, today: dt.date, columns: frozenset[str]) -> Written:
    """Write the staged rows; residents on record get only the fields the file's `columns` carry."""
    pg = postgres()
    changing = updated_fields(columns)
    differs = " OR ".join(
        f"voters_resident.{col} IS DISTINCT FROM excluded.{col}"
        if pg
        else f"voters_resident.{col} IS NOT excluded.{col}"
        for col, _src in changing
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        if pg:
            # Rows go in by keyed hash: each index on it (and on unit or election, then hash) is then
            # filled page after page instead of at a random page per row. The sort needs the memory.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"SELECT count(*) FROM {TABLE}")
        big = pg and int(cursor.fetchone()[0]) >= BIG
        keys = set_aside_foreign_keys(cursor) if big else []
        residents = ", ".join(col for col, _src in RESIDENT_FIELDS)
        staged = ", ".join(f"s.{src}" for _col, src in RESIDENT_FIELDS)
        missing = """NOT EXISTS (SELECT 1 FROM voters_resident r
                                  WHERE r.unit_id = s.unit_id AND r.id_hash = s.id_hash)"""
        if big:
            # The tables are locked (see `load`): nobody else can add the same person meanwhile, so the
            # rows go in by plain UPDATE and INSERT, without ON CONFLICT's per-row speculative insertion.
            cursor.execute(
                f"""
                UPDATE voters_resident SET {", ".join(f"{col} = s.{src}" for col, src in changing)}
                  FROM {TABLE} s
                 WHERE voters_resident.unit_id = s.unit_id AND voters_resident.id_hash = s.id_hash
                   AND ({" OR ".join(f"voters_resident.{col} IS DISTINCT FROM s.{src}" for col, src in changing)})
                """
            )
            updated = cursor.rowcount
            cursor.execute(
                f"""
                INSERT INTO voters_resident (unit_id, id_hash, id_masked, id_cipher, {residents})
                SELECT s.unit_id, s.id_hash, s.id_masked, s.id_cipher, {staged}
                  FROM {TABLE} s WHERE {missing}
                 ORDER BY s.id_hash
                """
            )
            new = cursor.rowcount
        else:
            cursor.execute(f"SELECT count(*) FROM {TABLE} s WHERE {missing}")
            new = int(cursor.fetchone()[0])
            cursor.execute(
                f"""
                INSERT INTO voters_resident (unit_id, id_hash, id_masked, id_cipher, {residents})
                SELECT s.unit_id, s.id_hash, s.id_masked, s.id_cipher, {staged}
                  FROM {TABLE} s WHERE true
                 ORDER BY s.id_hash
                ON CONFLICT (unit_id, id_hash) DO UPDATE SET
                    {", ".join(f"{col} = excluded.{col}" for col, _src in changing)}
                 WHERE {differs}
                """
            )
            updated = cursor.rowcount - new
        cursor.execute(
            f"""
            INSERT INTO voters_voter (election_id, round_id, resident_id, id_hash, category, status,
                                      added_on, added_reason, removed_on, removed_reason, note,
                                      wish_statement, application_on, approval_on, approval_by,
                                      created_at, changed_at)
            SELECT s.election_id, %s, r.id, s.id_hash, s.category, s.voter_status,
                   %s, 'registration', CASE WHEN s.voter_status = 'excluded' THEN %s END, s.removed_reason, '',
                   s.wish_statement, s.application_on, s.approval_on, s.approval_by, %s, NULL
              FROM {TABLE} s
              JOIN voters_resident r ON r.unit_id = s.unit_id AND r.id_hash = s.id_hash
             WHERE s.voter_status <> ''
               AND NOT EXISTS (SELECT 1 FROM voters_voter v WHERE v.election_id = s.election_id
                                                               AND v.resident_id = r.id)
             ORDER BY s.id_hash
            {"" if big else "ON CONFLICT (election_id, resident_id) DO NOTHING"}
            """,
            [round_id, today, today, now],
        )
        voters = cursor.rowcount
        put_back_foreign_keys(cursor, keys)
        if pg and new + updated + voters >= BIG:
            # A big import changes the tables' sizes by orders of magnitude: refresh the statistics now,
            # not when autovacuum gets to it, so the next unit's upload is planned for what is there.
            cursor.execute("ANALYZE voters_resident, voters_voter")
    return Written(residents_added=new, residents_updated=max(updated, 0), voters_added=voters)
