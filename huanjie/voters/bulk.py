"""A district's first import on PostgreSQL: the checked rows straight into the tables by COPY.

When none of the file's units has a resident on record yet — a district's or a province's first file —
every row is a new resident and every registration a new roll entry: nothing to compare, nothing to
update. The rows then skip the staging table and go by binary COPY into `voters_resident` and
`voters_voter`, with the residents' ids taken from their sequence beforehand, so that the voters' rows
can name them (`Direct`).

B3 (one roll per person in the round) is decided before anything is written. When nobody is registered
in the round yet it cannot fail, and the file is checked a slice at a time while a thread COPYs the
slice before (`Route.PIPELINED`); otherwise the file is checked whole and B3 is one join against the
round's registered voters first (`Route.DIRECT`, `conflicts`).

The cost of a million rows is then in the indexes. Where the file brings at least as many rows as the
tables hold, their indexes — primary keys and unique constraints included — and the foreign keys of and
to them are set aside and built again from the full tables, sorted, as PostgreSQL's own manual advises
for a bulk load ("Populating a Database": remove indexes, and foreign keys, and re-create them after);
where the tables are bigger, rows go into the indexes one by one, in key order, and only the written
tables' own foreign keys are set aside. It all runs in the caller's transaction, under the ACCESS
EXCLUSIVE lock that `route` takes first: an error in any slice, a unique index that cannot be built or a
process killed at any point leaves the tables as they were, indexes and keys included.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
import time
from collections.abc import Sequence
from queue import Queue
from threading import Thread
from typing import Any

import polars as pl
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.utils import timezone
from pgpq import ArrowToPostgresBinaryEncoder
from psycopg import Cursor
from psycopg.copy import QueuedLibpqWriter

from huanjie.voters import staging
from huanjie.voters.fastcheck import StagedRows
from huanjie.voters.staging import Conflict, Written

# `import-voters --profile` shows how long each step on the server took (docs/voters.md, "Fourth pass").
PROFILE = logging.getLogger("huanjie.voters.profile")
KEYS = "voters_import_keys"
COPY_SLICE = 100_000
# The slices a district's first file is checked and written in, one being written as the next is checked.
SLICE = 250_000
FIRST_SLICE = 100_000  # smaller: the server starts on it sooner
RawCursor = Cursor[Any]
RESIDENT_COLUMNS = (
    *("id", "unit_id", "id_hash", "id_masked", "id_cipher", "name", "sex", "birth_year", '"group"'),
    *("household", "hukou_here", "lives_here", "living_since", "ethnicity"),
)
VOTER_COLUMNS = (
    *("id", "election_id", "round_id", "resident_id", "id_hash", "category", "status", "added_on"),
    *("added_reason", "removed_on", "removed_reason", "note", "wish_statement", "application_on"),
    *("approval_on", "approval_by", "created_at", "changed_at"),
)


class Route(enum.Enum):
    STAGING = "staging"  # a unit has residents on record: through the staging table (staging.py)
    DIRECT = "direct"  # checked whole, B3 against the round's registered voters, then COPY
    PIPELINED = "pipelined"  # nobody registered in the round yet: each slice COPYed as the next is checked


def route(round_id: int, units: list[int], rows: int) -> Route:
    """Which way a file goes: PostgreSQL, a big file (`rows`, estimated), and none of its `units` with a
    resident on record go directly. Locks the written tables first (see the module's note)."""
    if not staging.postgres() or rows < staging.BIG:
        return Route.STAGING
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {', '.join(staging.WRITTEN)} IN ACCESS EXCLUSIVE MODE")
        cursor.execute("SELECT EXISTS (SELECT 1 FROM voters_resident WHERE unit_id = ANY(%s))", [units])
        if cursor.fetchone()[0]:
            return Route.STAGING
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM voters_voter WHERE round_id = %s AND status = 'registered')",
            [round_id],
        )
        return Route.DIRECT if cursor.fetchone()[0] else Route.PIPELINED


def conflicts(rows: StagedRows, round_id: int) -> list[Conflict]:
    """B3: rows registering persons already registered on another unit's roll in the round — the staging
    way's join, on a table of the registrations' keys only."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {KEYS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {KEYS} (row_no bigint, election_id bigint,"
            " id_hash uuid, voter_status varchar(12)) ON COMMIT DROP"
        )
        columns = ("row_no", "election_id", "id_hash", "voter_status")
        keys = rows.frame.filter(pl.col("voter_status") == "registered").select(columns)
        _copy(cursor.cursor, KEYS, columns, keys)
        cursor.execute(f"ANALYZE {KEYS}")
        found = staging.conflicts(round_id, table=KEYS)
        cursor.execute(f"DROP TABLE {KEYS}")
        return found


class Direct:
    """The COPY of a file's staged rows, slice after slice, into the tables.

    A thread sends the slices through the transaction's own connection (psycopg's connection is
    thread-safe; the caller's thread, checking the next slice meanwhile, does not use it until `finish`):
    the database server takes in one slice while polars checks the next. `finish` builds the indexes and
    keys again; `abandon` stops, leaving the caller to roll the transaction back."""

    def __init__(self, round_id: int, today: dt.date, rows: int) -> None:
        self.round_id, self.today, self.now = round_id, today, timezone.now()
        with connection.cursor() as cursor:
            # Index builds sort in memory up to this much, instead of in files.
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            # The foreign keys are validated by one join over each table (staging.put_back_foreign_keys):
            # with the default 4 MB, the million-row hash join of the voters to the residents spills to
            # disk in batches; in memory it takes half the time.
            cursor.execute("SET LOCAL work_mem = '256MB'")
            self.rebuild = rows >= _rows_held(cursor)
            _lock_referenced(cursor, round_id)
            self.keys = staging.set_aside_foreign_keys(cursor, referencing=self.rebuild)
            self.indexes = _set_aside_indexes(cursor) if self.rebuild else []
            cursor.execute("SELECT pg_get_serial_sequence('voters_resident', 'id')")
            self.sequence = str(cursor.fetchone()[0])
            # The roll entries' ids too: a column default would call nextval once per row, inside the COPY
            # (a fifth of its time, measured: docs/voters.md, "Fourth pass").
            cursor.execute("SELECT pg_get_serial_sequence('voters_voter', 'id')")
            self.voter_sequence = str(cursor.fetchone()[0])
        raw = connection.connection
        assert raw is not None  # the statements above opened it
        self.raw = raw
        self.residents = self.voters = 0
        self.copying = 0.0  # seconds the thread spent encoding and sending
        self.failure: BaseException | None = None
        self.queue: Queue[StagedRows | None] = Queue(maxsize=2)  # at most two slices waiting in memory
        self.thread = Thread(target=self._copy_all, name="voters-copy", daemon=True)
        self.thread.start()

    def add(self, rows: StagedRows) -> None:
        if self.failure is None:
            self.queue.put(rows)

    def abandon(self) -> None:
        self.queue.put(None)
        self.thread.join()

    def finish(self) -> Written:
        waited = time.monotonic()
        self.abandon()
        PROFILE.debug(
            "COPY: %.2f s sending %d residents and %d roll entries, %.2f s of it after the last slice was checked",
            self.copying, self.residents, self.voters, time.monotonic() - waited,
        )  # fmt: skip
        if self.failure is not None:
            raise self.failure
        with connection.cursor() as cursor:
            for statement in self.indexes:
                started = time.monotonic()
                cursor.execute(statement)
                PROFILE.debug("%.2f s  %s", time.monotonic() - started, statement)
            started = time.monotonic()
            # The written tables' own keys come back NOT VALID, validated after the commit: every row
            # written here refers to the round, one of its elections and that election's unit (the
            # checks chose them; `_lock_referenced` keeps them from going away) and to a resident whose
            # id was taken from the sequence for it and written beside it.
            staging.put_back_foreign_keys(cursor, self.keys, proven=frozenset(staging.WRITTEN))
            PROFILE.debug("%.2f s  foreign keys added back (%d)", time.monotonic() - started, len(self.keys))
            started = time.monotonic()
            # Statistics for the columns queries select and join by: the next upload is planned for what
            # is there now, not for the empty tables.
            cursor.execute(
                "ANALYZE voters_resident (unit_id, id_hash),"
                " voters_voter (election_id, resident_id, round_id, id_hash, status)"
            )
            PROFILE.debug("%.2f s  ANALYZE", time.monotonic() - started)
        return Written(residents_added=self.residents, residents_updated=0, voters_added=self.voters)

    def _copy_all(self) -> None:
        with self.raw.cursor() as cursor:
            while (rows := self.queue.get()) is not None:
                if self.failure is not None:
                    continue  # drain: the caller stops at `finish` or `abandon`
                try:
                    started = time.monotonic()
                    self._copy_slice(cursor, rows.frame)
                    self.copying += time.monotonic() - started
                except BaseException as exc:  # handed to the caller's thread in `finish`
                    self.failure = exc

    def _copy_slice(self, cursor: RawCursor, frame: pl.DataFrame) -> None:
        first = _take_ids(cursor, self.sequence, frame.height)
        # Into live indexes, rows go in key order: each index is then filled a page at a time. Indexes built
        # afterwards sort for themselves. (select and with_columns share the columns; filter copies.)
        residents = (frame if self.rebuild else frame.sort("unit_id", "id_hash")).with_columns(
            id=pl.int_range(first, first + frame.height, dtype=pl.Int64)
        )
        _copy(
            cursor,
            "voters_resident",
            RESIDENT_COLUMNS,
            residents.select(
                *("id", "unit_id", "id_hash", "id_masked", "id_cipher", "name", "sex", "birth_year", "grp"),
                *("household", "hukou_here", "lives_here", "living_since", "ethnicity"),
            ),
        )
        excluded = pl.col("voter_status") == "excluded"
        entries = residents.select(
            "election_id",
            round_id=pl.lit(self.round_id, dtype=pl.Int64),
            resident_id="id",
            id_hash="id_hash",
            category="category",
            status="voter_status",
            added_on=pl.lit(self.today, dtype=pl.Date),
            added_reason=pl.lit("registration"),
            removed_on=pl.when(excluded).then(pl.lit(self.today, dtype=pl.Date)),
            removed_reason="removed_reason",
            note=pl.lit(""),
            wish_statement="wish_statement",
            application_on="application_on",
            approval_on="approval_on",
            approval_by="approval_by",
            created_at=pl.lit(self.now, dtype=pl.Datetime("us", "UTC")),
            changed_at=pl.lit(None, dtype=pl.Datetime("us", "UTC")),
        ).filter(pl.col("status") != "")
        del residents
        if not self.rebuild:
            entries = entries.sort("election_id", "resident_id")
        first = _take_ids(cursor, self.voter_sequence, entries.height) if entries.height else 1
        entries = entries.select(
            pl.int_range(first, first + entries.height, dtype=pl.Int64).alias("id"), pl.all()
        )
        _copy(cursor, "voters_voter", VOTER_COLUMNS, entries)
        self.residents += frame.height
        self.voters += entries.height


def _copy(cursor: RawCursor, table: str, columns: Sequence[str], frame: pl.DataFrame) -> None:
    """COPY `frame` (its columns in the order of `columns`, each of the column's type: Int64 for bigint,
    String for text, Binary for bytea, Date, Boolean, Datetime for timestamptz) into `table`, in
    PostgreSQL's binary format (pgpq encodes Arrow batches into it): the server then parses no text."""
    arrow = frame.to_arrow()
    encoder = ArrowToPostgresBinaryEncoder(arrow.schema)
    statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT binary)"
    # A thread sends each batch while the next is encoded: the server reads on one core, the client
    # encodes on the other.
    with cursor.copy(statement, writer=QueuedLibpqWriter(cursor)) as copy:
        copy.write(encoder.write_header())
        for batch in arrow.to_batches(max_chunksize=COPY_SLICE):
            copy.write(encoder.write_batch(batch))
        copy.write(encoder.finish())


def _lock_referenced(cursor: CursorWrapper, round_id: int) -> None:
    """Hold the rows the import's rows refer to — the round, its elections and their units — against
    deletion until the commit (FOR KEY SHARE: they can still be read and updated). With the foreign keys
    set aside, nothing else would keep them; the keys come back NOT VALID on the strength of it."""
    cursor.execute("SELECT 1 FROM elections_round WHERE id = %s FOR KEY SHARE", [round_id])
    cursor.execute("SELECT 1 FROM elections_election WHERE round_id = %s FOR KEY SHARE", [round_id])
    cursor.execute(
        """SELECT 1 FROM units_division
            WHERE id IN (SELECT unit_id FROM elections_election WHERE round_id = %s) FOR KEY SHARE""",
        [round_id],
    )


def _rows_held(cursor: CursorWrapper) -> int:
    """The rows the written tables hold, as the statistics estimate them (a table never analysed is
    counted: it is the small one)."""
    held = 0
    for table in staging.WRITTEN:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [table])
        estimate = int(cursor.fetchone()[0])
        if estimate < 0:
            cursor.execute(f"SELECT count(*) FROM {table}")
            estimate = int(cursor.fetchone()[0])
        held = max(held, estimate)
    return held


def _set_aside_indexes(cursor: CursorWrapper) -> list[str]:
    """Drop the written tables' indexes, returning the statements that build them again — primary keys
    first, and constraints as constraints, under their names. The foreign keys that use them are set
    aside already (`set_aside_foreign_keys(referencing=True)`)."""
    cursor.execute(
        """
        SELECT i.indrelid::regclass::text, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid),
               c.conname, pg_get_constraintdef(c.oid)
          FROM pg_index i
          LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
                                   AND c.contype IN ('p', 'u', 'x')
         WHERE i.indrelid = ANY(%s::regclass[])
         ORDER BY NOT i.indisprimary, 1, 2
        """,
        [list(staging.WRITTEN)],
    )
    again: list[str] = []
    for table, index, definition, constraint, constraint_definition in cursor.fetchall():
        if constraint:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(constraint)}")
            again.append(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(constraint)} "
                f"{constraint_definition}"
            )
        else:
            cursor.execute(f"DROP INDEX {index}")
            again.append(definition)
    return again


def _take_ids(cursor: RawCursor, sequence: str, count: int) -> int:
    """The first of `count` consecutive ids from `sequence`, taken now (the tables are locked: nobody else
    takes any meanwhile)."""
    cursor.execute("SELECT nextval(%s)", [sequence])
    row = cursor.fetchone()
    assert row is not None
    first = int(row[0])
    if count > 1:
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first
