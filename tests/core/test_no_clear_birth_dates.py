"""Issue 15: no table keeps a full date of birth in the clear.

A full date beside the masked ID number (region and last digit) and the sex narrows the number to some 45
candidates, so every date of birth is sealed (huanjie.voters.fields.SealedDateField, opened with the
ID-number keys) and only the year is kept in the clear. The contract is checked on the models and on the
database's own columns, so a raw DateField or a migration that forgets to drop a clear column both fail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.apps import apps
from django.db import connection, models


def _births() -> list[tuple[str, str]]:
    return [
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.DateField) and "birth" in field.name.lower()
    ]


def test_no_model_stores_a_clear_date_of_birth() -> None:
    assert _births() == []


def test_every_sealed_date_keeps_its_year_in_the_clear() -> None:
    from huanjie.voters.fields import SealedDateField

    sealed = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, SealedDateField)
    ]
    assert {m._meta.label for m, _ in sealed} >= {
        "party.PartyMember",
        "reports.PreviousMember",
    }  # an elected member's date is the person's record's (issue 17): no column of its own
    for model, field in sealed:
        year = model._meta.get_field(field.year_field)
        assert isinstance(year, models.PositiveSmallIntegerField), model


@pytest.mark.django_db
def test_no_database_column_holds_a_clear_date_of_birth() -> None:
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                kind = connection.introspection.get_field_type(column.type_code, column)
                if "birth" in column.name.lower() and kind in {"DateField", "DateTimeField"}:
                    found.append(f"{table}.{column.name}")
    assert found == []


def test_a_sealed_date_is_not_stored_as_the_date() -> None:
    from huanjie.voters import idcrypto

    day = dt.date(1979, 5, 17)
    first, second = idcrypto.seal_date(day), idcrypto.seal_date(day)
    assert first != second  # randomised: equal dates do not show as equal bytes
    assert b"1979" not in first and b"05-17" not in first
    assert idcrypto.open_date(first) == idcrypto.open_date(second) == day


@pytest.mark.django_db(transaction=True)
def test_the_migration_seals_the_stored_dates_and_drops_the_clear_column(tree: Any) -> None:
    """reports.0002 as an upgraded database runs it: a previous-term member stored with a clear date comes
    out with the date sealed (opening to the same day), the year beside it, and no clear column."""
    from django.db.migrations.executor import MigrationExecutor

    from huanjie.reports.models import PreviousMember
    from huanjie.voters import idcrypto

    before, after = [("reports", "0001_initial")], [("reports", "0002_seal_birth_dates")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        Round = old.get_model("elections", "Round")
        Member = old.get_model("reports", "PreviousMember")  # noqa: N806 (a model class)
        rnd = Round.objects.create(
            name="2021",
            district_id=tree["Chengguan"].pk,
            profile="gansu",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 6, 30),
        )
        common = {"round": rnd, "unit_id": tree["Shigou Village"].pk, "body": "villagers_committee"}
        Member.objects.create(
            **common, post="chair", name="甲", birth_date=dt.date(1968, 11, 3), elected_on=dt.date(2021, 3, 1)
        )
        Member.objects.create(**common, post="member", name="乙", elected_on=dt.date(2021, 3, 1))
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())  # and on to today's schema (issue 17's columns)
    first, second = PreviousMember.objects.get(name="甲"), PreviousMember.objects.get(name="乙")
    assert (first.name, first.birth_date, first.birth_year) == ("甲", dt.date(1968, 11, 3), 1968)
    assert (second.birth_date, second.birth_year) == (None, None)
    with connection.cursor() as cursor:
        cursor.execute("SELECT birth_sealed FROM reports_previousmember WHERE name = %s", ["甲"])
        (raw,) = cursor.fetchone()
        columns = [
            c.name for c in connection.introspection.get_table_description(cursor, "reports_previousmember")
        ]
    assert b"1968" not in bytes(raw) and idcrypto.open_date(raw) == dt.date(1968, 11, 3)
    assert "birth_date" not in columns and "birth_date_clear" not in columns


def test_setting_the_date_sets_the_year_beside_it() -> None:
    from huanjie.party.models import PartyMember
    from huanjie.reports.models import PreviousMember

    for model in (PartyMember, PreviousMember):
        made = model(name="甲", birth_date=dt.date(1980, 7, 1))
        assert made.birth_year == 1980, model
        made.birth_date = None
        assert made.birth_year is None, model
