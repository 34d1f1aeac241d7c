"""An import killed half-way (SIGKILL, no chance to clean up) leaves nothing of it in the database.

Runs against a database of its own — a SQLite file, or a fresh PostgreSQL database when the suite runs on
PostgreSQL (a copy of the worker's migrated test database) — because the import runs in another process,
which must see committed data.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.voters.conftest import SHIGOU, csv_file, good_rows

ROOT = Path(__file__).resolve().parents[2]
SETUP = """
import datetime as dt, django
django.setup()
from huanjie.elections.actions import do_open_round, do_set_election_day
from huanjie.elections.models import Election
from huanjie.units.actions import do_import_divisions
from tests.conftest import TREE_CSV
from huanjie.core.actions import SYSTEM
do_import_divisions("tree.csv", TREE_CSV.encode(), actor=SYSTEM)
from huanjie.units.models import Division
today = dt.date.today()
rnd = do_open_round(district=Division.objects.get(code="620102000000"), name="r", profile="gansu",
    starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=60),
    bodies=["villagers_committee", "residents_committee"], actor=SYSTEM)
for e in Election.objects.filter(round=rnd):
    do_set_election_day(e, today + dt.timedelta(days=40), actor=SYSTEM)
print(rnd.pk)
"""
COUNT = """
import django
django.setup()
from huanjie.voters.models import Resident, Voter
from huanjie.auditlog.models import Event
print(Resident.objects.count(), Voter.objects.count(), Event.objects.filter(action="voters.import").count())
"""

# The keys and indexes a big import may set aside: the foreign keys of and to the two tables it writes, and
# their indexes (primary keys included). Whatever the moment it dies, they are all there afterwards.
SCHEMA = """
import django
django.setup()
from django.db import connection
tables = ("voters_resident", "voters_voter")
with connection.cursor() as cursor:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                       "WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]) "
                       "UNION ALL SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) "
                       "ORDER BY 1, 2, 3", [list(tables)] * 3)
        print(cursor.fetchall())
    else:
        print([(t, len(cursor.execute(f"PRAGMA foreign_key_list({t})").fetchall()),
                len(cursor.execute(f"PRAGMA index_list({t})").fetchall())) for t in tables])
"""


MIGRATED = "HUANJIE_TEST_MIGRATED"  # set in the environment when the database needs no migrate


def _clone_of_the_test_database(admin: Any, dsn: str, name: str) -> bool:
    """Make `name` a copy of this worker's test database — migrated, and empty between tests — rather than
    migrating a new one in a subprocess (seconds instead of half a minute). False, with `name` an empty
    database to migrate, when the copy cannot be made or holds any record."""
    import psycopg

    connection.close()  # a template may have no session connected to it
    try:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{connection.settings_dict["NAME"]}"')
    except psycopg.Error:  # a session still on it, or no test database
        admin.execute(f'CREATE DATABASE "{name}"')
        return False
    with psycopg.connect(dsn, autocommit=True) as copy:
        found = copy.execute(
            "SELECT EXISTS (SELECT 1 FROM units_division) OR EXISTS (SELECT 1 FROM voters_resident) "
            "OR EXISTS (SELECT 1 FROM auditlog_event) OR EXISTS (SELECT 1 FROM elections_round)"
        ).fetchone()
    if found is None or found[0]:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
        return False
    return True


@pytest.fixture
def database(tmp_path: Path, django_db_setup: Any) -> Iterator[dict[str, str]]:
    """`django_db_setup`: the worker's test database exists (it is copied), with no transaction open."""
    env = {**os.environ, "HUANJIE_VAR": str(tmp_path), "PYTHONPATH": str(ROOT), "HUANJIE_TODAY": ""}
    if connection.vendor == "postgresql":
        import psycopg

        settings = connection.settings_dict
        name = f"huanjie_crash_{uuid.uuid4().hex[:8]}"
        dsn = (
            f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} dbname=postgres"
        )
        if settings["PASSWORD"]:
            dsn += f" password={settings['PASSWORD']}"
        auth = (
            f"{settings['USER']}:{settings['PASSWORD']}@" if settings["PASSWORD"] else f"{settings['USER']}@"
        )
        env["DATABASE_URL"] = f"postgres://{auth}{settings['HOST']}:{settings['PORT'] or 5432}/{name}"
        with psycopg.connect(dsn, autocommit=True) as admin:
            if _clone_of_the_test_database(admin, dsn.replace("dbname=postgres", f"dbname={name}"), name):
                env[MIGRATED] = "1"
        yield env
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'crash.sqlite3'}"
        yield env


def _python(env: dict[str, str], code: str) -> str:
    env = {**env, "DJANGO_SETTINGS_MODULE": "huanjie.settings"}
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    ).stdout.strip()


def _huanjie(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "huanjie.manage", *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_it_leaves_nothing_when_the_process_is_killed_mid_import(
    database: dict[str, str], tmp_path: Path
) -> None:
    if MIGRATED not in database:
        migrate = _huanjie(database, "migrate", "--no-input", "-v0")
        assert migrate.wait(timeout=300) == 0, migrate.stderr.read() if migrate.stderr else ""
    round_id = _python(database, SETUP).splitlines()[-1]
    schema = _python(database, SCHEMA)
    assert "voters_resident_pkey" in schema or connection.vendor != "postgresql"
    big = tmp_path / "shigou.csv"
    big.write_bytes(csv_file(good_rows(SHIGOU, 60_000)))

    proc = _huanjie(database, "import-voters", str(big), "--round", round_id)
    assert proc.stderr is not None
    seen = ""
    for line in proc.stderr:
        seen += line
        # Every row checked, the rows going into the tables (on PostgreSQL with the foreign keys and the
        # indexes set aside, as for a district's first file): the worst moment to die.
        if "write" in line:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, seen
    assert _python(database, COUNT) == "0 0 0"
    assert _python(database, SCHEMA) == schema

    # The database is whole and unlocked: the same file imports completely afterwards.
    again = _huanjie(database, "import-voters", str(big), "--round", round_id)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    # The command leaves by os._exit once it has committed: what it said is there all the same, and the
    # keys validated after the commit are valid (the schema below would say NOT VALID).
    assert out.startswith("60000 rows in "), out
    assert _python(database, COUNT) == "60000 60000 1"
    assert _python(database, SCHEMA) == schema
