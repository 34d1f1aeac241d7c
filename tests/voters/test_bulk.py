"""A district's first file on PostgreSQL goes by COPY straight into the tables (bulk.py): the same rows as
through the staging table, B3 still found, the indexes, unique constraints and foreign keys as they were,
and a second file for the same units through the staging table, changing nothing."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from huanjie.core.errors import FileRejected
from huanjie.elections.models import Election
from huanjie.voters import bulk, idcrypto, staging
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Resident, Voter
from tests.voters.conftest import SHANGPING, SHIGOU, csv_file, good_rows, person
from tests.voters.test_import import FULL, make_born, row

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY straight into the tables: PostgreSQL"),
]


def _mixed(day: dt.date) -> bytes:
    """Registered and not, each category, minors, exclusions, a woman: as in test_import."""
    rows = [
        *(row(n) for n in range(20, 32)),
        row(2, id=make_born(day.replace(year=day.year - 18), 11)),
        row(3, id=make_born(day.replace(year=day.year - 18) + dt.timedelta(days=1), 12)),
        row(4, lives="否", wish="是"),
        row(5, lives="否"),
        row(6, hukou="否", since="2015-01-01", applied="2026-01-02", approved="2026-01-09"),
        row(7, hukou="否", since="2015-01-01"),
        row(8, hukou="否", since=(day - dt.timedelta(days=200)).isoformat()),
        row(9, deprived="是"),
        row(10, lost="是"),
        row(11, id=person(11, sex="female"), sex="女"),
    ]
    return csv_file(rows, FULL)


def _rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    residents = sorted(
        (
            r.unit_id,
            r.name,
            r.sex,
            r.birth_date,
            r.id_hash,
            r.id_masked,
            idcrypto.decrypt(r.id_cipher),
            r.group,
            r.household,
            r.hukou_here,
            r.lives_here,
            r.living_since,
            r.ethnicity,
        )
        for r in Resident.objects.all()
    )
    voters = sorted(
        (
            v.election_id,
            v.round_id,
            v.resident.id_hash,
            v.id_hash,
            v.category,
            v.status,
            v.added_on,
            v.added_reason,
            v.removed_on,
            v.removed_reason,
            v.note,
            v.wish_statement,
            v.application_on,
            v.approval_on,
            v.approval_by,
            v.changed_at,
        )
        for v in Voter.objects.select_related("resident")
    )
    return residents, voters


def _schema() -> list[tuple[str, ...]]:
    """The written tables' indexes and constraints, and the other tables' keys that point at them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)
               UNION ALL
               SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) || ' ' || convalidated
                 FROM pg_constraint
                WHERE conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[])
               ORDER BY 1, 2, 3""",
            [list(staging.WRITTEN)] * 3,
        )
        return list(cursor.fetchall())


@pytest.fixture
def small_big(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A "big" file from 5 rows on; records which way each import went: the route (staging, direct,
    pipelined), and whether the indexes were set aside."""
    monkeypatch.setattr(staging, "BIG", 5)
    ways: list[str] = []
    route, aside = bulk.route, bulk._set_aside_indexes

    def spy_route(*args: Any) -> bulk.Route:
        way = route(*args)
        ways.append(way.value)
        return way

    def spy_aside(*args: Any) -> Any:
        ways.append("indexes set aside")
        return aside(*args)

    monkeypatch.setattr(bulk, "route", spy_route)
    monkeypatch.setattr(bulk, "_set_aside_indexes", spy_aside)
    return ways


def test_a_first_file_gives_the_rows_the_staging_table_gives(
    shigou: Election,
    admin: Any,
    small_big: list[str],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    assert shigou.election_day is not None
    schema = _schema()
    with django_capture_on_commit_callbacks() as after_commit:
        summary = do_import_voters(shigou.round, "mixed.csv", _mixed(shigou.election_day), actor=admin)
    assert small_big[0] == "pipelined"
    # Committed, the written tables' own keys are there and enforced, but not yet validated: the import
    # proved its references, and the check of every row runs after the commit, outside its locks.
    pending = [(t, n) for t, n, d in _schema() if d.endswith(" false")]
    assert {t for t, _n in pending} == set(staging.WRITTEN) and len(pending) == 4
    entry = Voter.objects.values_list("pk", flat=True).first()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # Django's keys are checked at commit otherwise
        cursor.execute("UPDATE voters_voter SET resident_id = %s WHERE id = %s", [10**9, entry])
    for callback in after_commit:
        callback()
    assert _schema() == schema
    assert staging.validate_pending_keys() == 0
    direct = _rows()
    assert (summary.residents_added, summary.voters_added) == (len(direct[0]), len(direct[1])) == (22, 18)

    Voter.objects.all().delete()
    Resident.objects.all().delete()
    monkeypatch.setattr(staging, "BIG", 10**9)
    through_staging = do_import_voters(shigou.round, "mixed.csv", _mixed(shigou.election_day), actor=admin)
    assert small_big[-1] == "staging"
    assert _rows() == direct
    assert (through_staging.registered, through_staging.excluded, len(through_staging.notes)) == (
        summary.registered,
        summary.excluded,
        len(summary.notes),
    )


def test_a_second_file_for_the_same_units_changes_nothing(
    shigou: Election, admin: Any, small_big: list[str]
) -> None:
    do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 20)), actor=admin)
    before = _rows()
    again = do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 20)), actor=admin)
    assert small_big[0] == "pipelined" and small_big[-1] == "staging"
    assert (again.residents_added, again.residents_updated, again.voters_added) == (0, 0, 0)
    assert _rows() == before


def test_it_finds_a_person_registered_in_another_unit(
    shigou: Election, shangping: Election, admin: Any, small_big: list[str]
) -> None:
    do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 10)), actor=admin)
    moved = good_rows(SHANGPING, 10, start=5)  # persons 5..9 are on Shigou's roll already
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "shangping.csv", csv_file(moved), actor=admin)
    assert [(e.row, e.rule) for e in info.value.errors] == [(r, "B3") for r in range(2, 7)]
    assert "石沟村" in info.value.errors[0].message
    assert not Resident.objects.filter(unit=shangping.unit).exists()
    # The first file: nobody registered in the round yet; the second: checked whole against the first.
    assert [w for w in small_big if w != "indexes set aside"] == ["pipelined", "direct"]


@pytest.mark.parametrize("held", [0, 10**9])
def test_the_indexes_and_keys_are_as_before_whether_set_aside_or_not(
    shigou: Election,
    shangping: Election,
    admin: Any,
    small_big: list[str],
    held: int,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    # The tables' size decides whether the indexes are set aside and built again (held rows <= the file's)
    # or filled row by row: both ways end with the same indexes, constraints and keys, all validated.
    monkeypatch.setattr(bulk, "_rows_held", lambda cursor: held)
    schema = _schema()
    with django_capture_on_commit_callbacks(execute=True):
        do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 30)), actor=admin)
    with django_capture_on_commit_callbacks(execute=True):
        second = do_import_voters(
            shigou.round, "sp.csv", csv_file(good_rows(SHANGPING, 10, start=100)), actor=admin
        )
    assert small_big == (
        ["pipelined", "indexes set aside", "direct", "indexes set aside"]
        if held == 0
        else ["pipelined", "direct"]
    )
    assert second.voters_added == 10
    assert Voter.objects.filter(election=shangping).count() == 10
    assert Resident.objects.count() == 40
    assert _schema() == schema
    # The residents' ids were taken from their sequence: the next resident comes after them.
    fresh = Resident.objects.create(
        unit=shigou.unit,
        name="新",
        sex="male",
        birth_year=1990,
        id_hash=b"x" * 16,
        id_masked="x",
        id_cipher=b"x",
    )
    assert fresh.pk > max(Resident.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))
    # So were the roll entries' (issue 20: no nextval per row): a voter added now takes a fresh one.
    entry = Voter.objects.create(
        election=shigou,
        round=shigou.round,
        resident=fresh,
        id_hash=fresh.id_hash,
        added_on=shigou.round.starts_on,
    )
    assert entry.pk > max(Voter.objects.exclude(pk=entry.pk).values_list("pk", flat=True))


def test_a_file_written_slice_by_slice_is_refused_whole_for_an_error_in_a_later_slice(
    shigou: Election, admin: Any, small_big: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "FIRST_SLICE", 5)  # 30 rows: 5, then slices of 7, those before row 26
    monkeypatch.setattr(bulk, "SLICE", 7)  # written before it is checked
    rows = good_rows(SHIGOU, 30)
    rows[24][0] = rows[24][0][:-1] + ("0" if rows[24][0][-1] != "0" else "1")  # a wrong check character
    rows[28][1] = ""  # and a name missing
    schema = _schema()
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "shigou.csv", csv_file(rows), actor=admin)
    assert [(e.row, e.column) for e in info.value.errors] == [(26, "id_number"), (30, "name")]
    assert small_big[0] == "pipelined"
    assert not Resident.objects.exists() and not Voter.objects.exists()
    assert _schema() == schema


def test_slices_give_the_rows_one_slice_gives(
    shigou: Election, admin: Any, small_big: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shigou.election_day is not None
    whole = do_import_voters(shigou.round, "mixed.csv", _mixed(shigou.election_day), actor=admin)
    once = _rows()
    Voter.objects.all().delete()
    Resident.objects.all().delete()
    monkeypatch.setattr(bulk, "FIRST_SLICE", 3)
    monkeypatch.setattr(bulk, "SLICE", 4)
    sliced = do_import_voters(shigou.round, "mixed.csv", _mixed(shigou.election_day), actor=admin)
    assert _rows() == once
    assert (sliced.registered, sliced.excluded, sliced.notes) == (
        whole.registered,
        whole.excluded,
        whole.notes,
    )


def test_a_failure_while_writing_leaves_nothing(
    shigou: Election, admin: Any, small_big: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "FIRST_SLICE", 10)
    monkeypatch.setattr(bulk, "SLICE", 10)
    copied: list[str] = []
    copy = bulk._copy

    def failing(cursor: Any, table: str, *args: Any) -> None:
        copied.append(table)
        if len(copied) == 3:  # the second slice's residents
            raise RuntimeError("the disk is full")
        copy(cursor, table, *args)

    monkeypatch.setattr(bulk, "_copy", failing)
    schema = _schema()
    with pytest.raises(RuntimeError, match="disk is full"):
        do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 30)), actor=admin)
    assert copied == ["voters_resident", "voters_voter", "voters_resident"]
    assert not Resident.objects.exists() and not Voter.objects.exists()
    assert _schema() == schema


@pytest.mark.django_db(transaction=True)
def test_after_the_commit_each_tables_keys_are_validated_on_a_connection_of_its_own(
    shigou: Election, admin: Any, small_big: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert shigou.election_day is not None
    threads: list[tuple[str, str]] = []
    validate = staging._validate

    def spy(table: str, names: list[str]) -> None:
        threads.append((table, threading.current_thread().name))
        validate(table, names)

    monkeypatch.setattr(staging, "_validate", spy)
    do_import_voters(shigou.round, "mixed.csv", _mixed(shigou.election_day), actor=admin)
    assert small_big[0] == "pipelined"
    # Committed for real: the hook ran, each table's keys in a thread of their own, and every key holds.
    assert sorted(t for t, _n in threads) == sorted(staging.WRITTEN)
    assert all(name.startswith("voters-keys") for _t, name in threads)
    assert not [n for _t, n, d in _schema() if d.endswith(" false")]

    # A key that does not hold is raised to the caller, as on the caller's own connection.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' "
            "AND conrelid = ANY(%s::regclass[]) ORDER BY conrelid::regclass::text, conname",
            [list(staging.WRITTEN)],
        )
        keys: dict[str, str] = dict(cursor.fetchall())
    resident_key = next(n for n, d in keys.items() if "units_division" in d)
    voter_key = next(n for n, d in keys.items() if "elections_round" in d)
    bad = Resident.objects.values_list("pk", "unit_id").first()
    assert bad is not None

    def add_back(table: str, name: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {keys[name]} NOT VALID')

    with connection.cursor() as cursor:
        cursor.execute(f'ALTER TABLE voters_resident DROP CONSTRAINT "{resident_key}"')
        cursor.execute("UPDATE voters_resident SET unit_id = %s WHERE id = %s", [10**9, bad[0]])
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f'ALTER TABLE voters_resident ADD CONSTRAINT "{resident_key}" {keys[resident_key]} NOT VALID'
            )
        add_back("voters_voter", voter_key)
        with pytest.raises(IntegrityError):
            staging.validate_pending_keys()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("UPDATE voters_resident SET unit_id = %s WHERE id = %s", [bad[1], bad[0]])
        assert staging.validate_pending_keys() >= 1
    assert not [n for _t, n, d in _schema() if d.endswith(" false")]
