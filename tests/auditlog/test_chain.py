"""The audit chain: tampering with, deleting or reordering an entry is detected."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from huanjie.auditlog.models import Event
from huanjie.auditlog.record import record, verify_chain
from huanjie.core.actions import SYSTEM

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def chain() -> list[Event]:
    events = []
    for i in range(5):
        with transaction.atomic():
            events.append(
                record("test.step", actor=None, object_type="test", object_id=str(i), after={"i": i})
            )
    return events


def _sql(statement: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_it_verifies_an_intact_chain(chain: list[Event]) -> None:
    assert verify_chain() is None
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[1].prev_hash == chain[0].hash


def test_it_detects_a_modified_entry(chain: list[Event]) -> None:
    _sql("UPDATE auditlog_event SET actor_name = %s WHERE seq = 3", "mallory")
    problem = verify_chain()
    assert problem is not None and (problem.seq, problem.kind) == (3, "modified")


def test_it_detects_a_modified_payload(chain: list[Event]) -> None:
    Event.objects.filter(seq=2).update(after={"i": 99})
    problem = verify_chain()
    assert problem is not None and (problem.seq, problem.kind) == (2, "modified")


def test_it_detects_a_deleted_entry(chain: list[Event]) -> None:
    _sql("DELETE FROM auditlog_event WHERE seq = 2")
    problem = verify_chain()
    assert problem is not None and (problem.seq, problem.kind) == (2, "missing")


def test_it_detects_deleting_the_newest_entry(chain: list[Event]) -> None:
    _sql("DELETE FROM auditlog_event WHERE seq = 5")
    problem = verify_chain()
    assert problem is not None and problem.kind == "truncated"


def test_it_detects_reordered_entries(chain: list[Event]) -> None:
    # Swap the sequence numbers of entries 2 and 3 (through a free number, for the unique index).
    _sql("UPDATE auditlog_event SET seq = 1000 WHERE seq = 2")
    _sql("UPDATE auditlog_event SET seq = 2 WHERE seq = 3")
    _sql("UPDATE auditlog_event SET seq = 3 WHERE seq = 1000")
    problem = verify_chain()
    assert problem is not None and (problem.seq, problem.kind) == (2, "reordered")


def test_it_refuses_to_update_or_delete_through_the_orm(chain: list[Event]) -> None:
    event = chain[0]
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()


def test_it_refuses_events_outside_a_transaction() -> None:
    with pytest.raises(RuntimeError):
        record("test.loose", actor=None)


def test_it_reports_through_the_command(chain: list[Event]) -> None:
    out = io.StringIO()
    call_command("verify-audit", stdout=out)
    assert "intact" in out.getvalue() and "5" in out.getvalue()
    _sql("UPDATE auditlog_event SET action = %s WHERE seq = 4", "test.forged")
    with pytest.raises(SystemExit) as exit_info:
        call_command("verify-audit", stdout=out, stderr=out)
    assert exit_info.value.code == 1
    assert "#4" in out.getvalue() and "modified" in out.getvalue()


def test_it_shows_the_audit_page_with_filters_and_verification(client: Any, chain: list[Event]) -> None:
    from huanjie.accounts.actions import do_create_user
    from huanjie.units.actions import do_import_divisions
    from huanjie.units.models import Division
    from tests.conftest import PASSWORD, TREE_CSV

    do_import_divisions("tree.csv", TREE_CSV.encode(), actor=SYSTEM)
    admin = do_create_user(
        username="admin",
        password=PASSWORD,
        role="district_admin",
        scope=Division.objects.get(code="620102000000"),
        actor=SYSTEM,
    )
    client.force_login(admin)
    body = client.get("/office/audit/?action=account.create").content.decode()
    assert "account.create" in body and "test.step" not in body
    assert "哈希链完整" in client.get("/office/audit/?verify=1").content.decode()
    _sql("UPDATE auditlog_event SET action = %s WHERE seq = 1", "test.forged")
    body = client.get("/office/audit/?verify=1").content.decode()
    assert "哈希链在第 1 条处断开" in body and "哈希链完整" not in body
