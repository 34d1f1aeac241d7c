"""The attacks of issue 15 finding 6, reproduced: someone who can write the database recomputes every
hash, or drops the tail and winds the head back. The keyed chain catches the first; the anchors published
on the bulletin and printed on the result sheet catch the second, and a rewrite by someone who holds the
key as well. Deleting a user leaves the chain verifiable."""

from __future__ import annotations

import importlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client

from huanjie.accounts.models import User
from huanjie.auditlog import anchor
from huanjie.auditlog.models import UNKEYED, ChainHead, Event, current_mac, mac_hex
from huanjie.auditlog.record import ChainKeyMismatch, record, verify_chain
from huanjie.auditlog.rekey import do_rekey_audit
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


def _recompute(name: str, key: bytes, start: int = 1) -> None:
    """The attacker's rewrite: every entry from `start` re-hashed in order, the head set to the new end."""
    prev = Event.objects.get(seq=start - 1).hash if start > 1 else "0" * 64
    for event in Event.objects.filter(seq__gte=start).order_by("seq"):
        event.prev_hash = prev
        prev = mac_hex(event.payload(), name, key)
        Event.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=prev)
    ChainHead.objects.filter(id=1).update(hash=prev)


def _verify(*anchors: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    args = [a for source in anchors for a in ("--anchor", source)]
    try:
        call_command("verify-audit", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), err.getvalue()
    return 0, out.getvalue()


def test_it_detects_a_modified_chain_recomputed_without_the_key(chain: list[Event]) -> None:
    Event.objects.filter(seq=3).update(actor_name="mallory")
    _recompute(UNKEYED, b"", start=3)  # what verified as intact before the chain was keyed
    assert _verify()[0] == 1
    _recompute("hmac-sha256", b"a guessed key", start=3)
    problem = verify_chain()
    assert problem is not None and (problem.seq, problem.kind) == (3, "modified")


def test_it_detects_a_dropped_tail_against_the_published_anchor(
    chain: list[Event], client: Client, tmp_path: Path
) -> None:
    published = client.get("/data/audit-anchors.json")
    assert published.status_code == 200
    file = tmp_path / "audit-anchors.json"
    file.write_bytes(published.content)
    assert _verify(str(file)) == (
        0,
        "audit chain intact: 5 entries verified\n1 anchors match, the latest #5\n",
    )
    # Drop entries 4 and 5 and wind the head back to entry 3: every remaining MAC is genuine.
    Event.objects.filter(seq__gte=4)._raw_delete(Event.objects.db)
    ChainHead.objects.filter(id=1).update(seq=3, hash=Event.objects.get(seq=3).hash)
    assert verify_chain() is None  # the key alone cannot see it
    code, message = _verify(str(file))
    assert code == 1 and "#5: truncated" in message


def test_it_detects_a_rewrite_by_someone_holding_the_key(chain: list[Event], tmp_path: Path) -> None:
    printed = f"审计链锚点(打印时):#{anchor.head().seq} {anchor.printed(anchor.head())}"
    file = tmp_path / "typed-from-paper.txt"
    file.write_text(printed, encoding="utf-8")
    assert _verify(str(file))[0] == 0
    Event.objects.filter(seq=2).update(after={"i": 99})
    _recompute(*current_mac(), start=2)
    assert verify_chain() is None
    code, message = _verify(str(file))
    assert code == 1 and "#5: rewritten" in message


def test_the_result_sheet_prints_the_anchor_line(chain: list[Event]) -> None:
    from huanjie.polling.papers import _anchor_line

    line = _anchor_line()
    assert anchor.parse(line.encode()) == [anchor.Anchor(5, Event.objects.get(seq=5).hash)]


def test_it_publishes_each_days_head() -> None:
    with transaction.atomic():
        record("test.step", actor=None, object_type="test")
    days = anchor.daily_heads()
    assert [d["seq"] for d in days] == [1]
    assert days[0]["mac"] == Event.objects.get(seq=1).hash


def test_it_refuses_an_unreadable_anchor(chain: list[Event], tmp_path: Path) -> None:
    file = tmp_path / "nothing.txt"
    file.write_text("no anchor here", encoding="utf-8")
    code, message = _verify(str(file))
    assert code == 2 and "no anchor" in message


def test_deleting_a_user_keeps_the_chain_verifiable(admin: User) -> None:
    assert admin.scope is not None
    from huanjie.accounts.actions import do_create_user

    temp = do_create_user(
        username="temp", password="a-long-test-password-7", role="inspector", scope=admin.scope, actor=admin
    )
    with transaction.atomic():
        record("test.by_temp", actor=temp, object_type="test")
    User.objects.filter(pk=temp.pk).delete()
    assert Event.objects.get(action="test.by_temp").actor_id == temp.pk
    assert verify_chain() is None


def test_it_rekeys_after_a_rotation_and_refuses_a_broken_chain(
    chain: list[Event], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_key = settings.AUDIT_KEY
    settings.AUDIT_KEY = "a-rotated-audit-key-0123456789-0123456789"
    assert verify_chain() is not None
    monkeypatch.setenv("OLD_AUDIT_KEY", old_key)
    out = io.StringIO()
    call_command("rekey-audit", "--from-key-env", "OLD_AUDIT_KEY", stdout=out)
    assert "5 entries" in out.getvalue() and verify_chain() is None
    assert Event.objects.filter(action="audit.rekeyed").count() == 1
    Event.objects.filter(seq=2).update(actor_name="mallory")
    with pytest.raises(SystemExit) as exit:
        call_command("rekey-audit", "--from-key-env", "OLD_AUDIT_KEY", stderr=io.StringIO())
    assert exit.value.code == 1


def test_the_migration_keys_a_chain_written_before_keys(chain: list[Event]) -> None:
    _recompute(UNKEYED, b"")
    ChainHead.objects.filter(id=1).update(mac="")
    migration = importlib.import_module("huanjie.auditlog.migrations.0002_keyed_chain")
    with transaction.atomic():  # as migrate runs it
        migration.key_the_chain(apps, None)
    assert verify_chain() is None
    assert ChainHead.objects.get(id=1).mac == current_mac()[0]


def test_it_refuses_to_append_under_another_suite(chain: list[Event], settings: Any) -> None:
    settings.CRYPTO_SUITE = "sm"
    problem = verify_chain()
    assert problem is not None and problem.kind == "key"
    with pytest.raises(ChainKeyMismatch), transaction.atomic():
        record("test.step", actor=None, object_type="test")
    do_rekey_audit(_aes_mac(settings), actor=SYSTEM)
    assert verify_chain() is None and ChainHead.objects.get(id=1).mac == "hmac-sm3"


def _aes_mac(settings: Any) -> tuple[str, bytes]:
    from huanjie.core import keys

    return "hmac-sha256", keys.derive(settings.AUDIT_KEY, "audit/hmac-sha256", 32, which="aes")


def test_the_audit_page_shows_the_head_to_copy(admin: User, client: Client) -> None:
    client.force_login(admin)
    page = client.get("/office/audit/").content.decode()
    line = page.split('id="chain-anchor"', 1)[1].split("</p>", 1)[0]
    assert anchor.parse(line.encode()) == [anchor.head()]
