"""The keyed hash of an ID number as 16 bytes (issue 20; fields.KeyedHashField, uuid on PostgreSQL): the
same person is found by it through the import's every way, B3 and the party roll's identification; a
refused file still writes nothing; migration 0010 turns the stored hex into the same bytes."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from huanjie.core.errors import FileRejected
from huanjie.elections.models import Election
from huanjie.voters import idcrypto, staging
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Resident, Voter
from tests.voters.conftest import SHANGPING, SHIGOU, csv_file, good_rows, person


def _column_types() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT data_type FROM information_schema.columns
                WHERE table_name = ANY(%s) AND column_name = 'id_hash'""",
            [list(staging.WRITTEN)],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.sqlite
@pytest.mark.django_db
@pytest.mark.parametrize("big", [False, True], ids=["staging", "copy"])
def test_the_same_person_is_found_by_the_16_bytes_every_way(
    shigou: Election, admin: Any, big: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if big:  # a district's first file: straight into the tables by binary COPY (PostgreSQL)
        monkeypatch.setattr(staging, "BIG", 5)
    do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 12)), actor=admin)
    if connection.vendor == "postgresql":
        assert _column_types() == {"uuid"}
    resident = Resident.objects.get(unit=shigou.unit, name="村民3")
    assert isinstance(resident.id_hash, bytes) and len(resident.id_hash) == 16
    assert resident.id_hash == idcrypto.id_hash(person(3))
    assert Voter.objects.get(resident=resident).id_hash == resident.id_hash
    assert Resident.objects.filter(id_hash=idcrypto.id_hash(person(3))).get() == resident
    assert Resident.objects.filter(id_hash__in=[idcrypto.id_hash(person(3)).hex()]).get() == resident
    # The same file again matches every row by (unit, hash) and changes nothing.
    again = do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 12)), actor=admin)
    assert (again.residents_added, again.residents_updated, again.voters_added) == (0, 0, 0)
    # B3: the same person registered in another unit of the round is found by the bytes, and the file
    # that tries it changes nothing.
    rows = [*good_rows(SHANGPING, 3, start=100), [person(3), "村民3", SHANGPING, "", "", "是", "是", ""]]
    with pytest.raises(FileRejected) as refused:
        do_import_voters(shigou.round, "sp.csv", csv_file(rows), actor=admin)
    assert [(e.row, e.rule) for e in refused.value.errors] == [(5, "B3")]
    assert Resident.objects.count() == 12 and Voter.objects.count() == 12


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_stored_hex_into_the_same_bytes(shigou: Election) -> None:
    before, after = (
        [("voters", "0009_education_database_default")],
        [("voters", "0011_no_resident_index_on_the_roll")],
    )
    numbers = [person(0), person(1)]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        resident_model, voter_model = old.get_model("voters", "Resident"), old.get_model("voters", "Voter")
        # AES-CMAC's 32 hex characters; an HMAC-SM3 hash's 64, of which the first 16 bytes are kept.
        stored = [idcrypto.id_hash(numbers[0]).hex(), idcrypto.id_hash(numbers[1]).hex() + "ab" * 16]
        for i, text in enumerate(stored):
            r = resident_model.objects.create(
                unit_id=shigou.unit_id, name=f"村民{i}", sex="male", birth_year=1980,
                id_hash=text, id_masked="x", id_cipher=b"x",
            )  # fmt: skip
            voter_model.objects.create(
                election_id=shigou.pk, round_id=shigou.round_id, resident_id=r.pk, id_hash=text,
                added_on=shigou.round.starts_on,
            )  # fmt: skip
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
    for i, number in enumerate(numbers):
        resident = Resident.objects.get(name=f"村民{i}")
        assert resident.id_hash == idcrypto.id_hash(number)
        assert Voter.objects.get(resident=resident).id_hash == resident.id_hash
    if connection.vendor == "postgresql":
        assert _column_types() == {"uuid"}
