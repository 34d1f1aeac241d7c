"""The database side of an import: a staging table, set-based checks, then INSERT … SELECT.

PostgreSQL fills the staging table with COPY (the rows stream in as they are checked); SQLite with
`executemany`. Everything after that is the same SQL on both: the check across units (B3) is one join
against the round's rolls by keyed hash, and residents and voters are written with one statement each.
It all runs inside the caller's transaction: a process killed half-way leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from huanjie.voters.importing import Staged

TABLE = "voters_import_stage"
BIG = 50_000
STAGE_COLUMNS = (
    ("row_no", "integer", "integer"),
    ("unit_id", "bigint", "integer"),
    ("election_id", "bigint", "integer"),
    ("id_hash", "varchar(64)", "text"),
    ("id_masked", "varchar(18)", "text"),
    ("id_cipher", "bytea", "blob"),
    ("name", "varchar(60)", "text"),
    ("sex", "varchar(6)", "text"),
    ("birth_date", "date", "date"),
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
# Resident fields an import may change; the cipher is kept (it re-encrypts the same number).
RESIDENT_FIELDS = (
    ("name", "name"),
    ("sex", "sex"),
    ("birth_date", "birth_date"),
    ('"group"', "grp"),
    ("household", "household"),
    ("hukou_here", "hukou_here"),
    ("lives_here", "lives_here"),
    ("living_since", "living_since"),
    ("ethnicity", "ethnicity"),
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
        cursor.execute(f"CREATE TEMPORARY TABLE {TABLE} ({columns})" + (" ON COMMIT DROP" if pg else ""))


def drop() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def load(rows: Iterable[Staged], progress: Callable[[int], None] | None = None) -> int:
    """Stream the staged rows into the staging table; returns how many."""
    n = 0
    with connection.cursor() as cursor:
        if postgres():
            with cursor.copy(f"COPY {TABLE} ({NAMES}) FROM STDIN") as copy:
                for staged in rows:
                    copy.write_row(staged)
                    n += 1
        else:
            sql = f"INSERT INTO {TABLE} ({NAMES}) VALUES ({', '.join('%s' for _ in STAGE_COLUMNS)})"
            batch: list[Staged] = []
            for staged in rows:
                batch.append(staged)
                if len(batch) == 5000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    batch = []
            cursor.executemany(sql, batch)
            n += len(batch)
        # The planner knows nothing of a fresh temporary table: without statistics it may join the
        # round's rolls row by row instead of hashing them.
        cursor.execute(f"ANALYZE {TABLE}")
    return n


def conflicts(round_id: int, limit: int = 10_000) -> list[Conflict]:
    """B3: staged registrations of persons registered on another unit's roll in the round."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT s.row_no, u.code, u.name
              FROM {TABLE} s
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


def write(round_id: int, today: dt.date) -> Written:
    pg = postgres()
    differs = " OR ".join(
        f"voters_resident.{col} IS DISTINCT FROM excluded.{col}"
        if pg
        else f"voters_resident.{col} IS NOT excluded.{col}"
        for col, _src in RESIDENT_FIELDS
    )
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            f"""SELECT count(*) FROM {TABLE} s
                 WHERE NOT EXISTS (SELECT 1 FROM voters_resident r
                                    WHERE r.unit_id = s.unit_id AND r.id_hash = s.id_hash)"""
        )
        new = int(cursor.fetchone()[0])
        cursor.execute(
            f"""
            INSERT INTO voters_resident (unit_id, id_hash, id_masked, id_cipher,
                                         {", ".join(col for col, _src in RESIDENT_FIELDS)})
            SELECT unit_id, id_hash, id_masked, id_cipher, {", ".join(src for _col, src in RESIDENT_FIELDS)}
              FROM {TABLE} WHERE true
            ON CONFLICT (unit_id, id_hash) DO UPDATE SET
                {", ".join(f"{col} = excluded.{col}" for col, _src in RESIDENT_FIELDS)}
             WHERE {differs}
            """
        )
        touched = cursor.rowcount
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
            ON CONFLICT (election_id, resident_id) DO NOTHING
            """,
            [round_id, today, today, now],
        )
        voters = cursor.rowcount
        if pg and touched + voters >= BIG:
            # A big import changes the tables' sizes by orders of magnitude: refresh the statistics now,
            # not when autovacuum gets to it, so the next unit's upload is planned for what is there.
            cursor.execute("ANALYZE voters_resident, voters_voter")
    return Written(residents_added=new, residents_updated=max(touched - new, 0), voters_added=voters)
