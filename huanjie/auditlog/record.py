"""Writing and verifying the audit chain. Actions call `record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from huanjie.auditlog.models import (
    GENESIS,
    PAYLOAD_FIELDS,
    ChainHead,
    Event,
    current_mac,
    mac_hex,
    payload_of,
)
from huanjie.core.actions import counted


class ChainKeyMismatch(RuntimeError):
    """The chain was keyed with another MAC than this server's: re-key it before writing (rekey-audit)."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def record(
    action: str,
    *,
    actor: Any,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    division_path: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Append one event to the chain. Must run inside the action's transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit events are written inside the action's transaction")
    # Lock the head row: concurrent actions append one after the other, never from the same head.
    head, _ = ChainHead.objects.select_for_update().get_or_create(id=1)
    mac_name, mac_key = current_mac()
    if head.mac != mac_name:
        if head.seq:
            raise ChainKeyMismatch(
                f"the audit chain is keyed with {head.mac or 'SHA-256'}, this server with {mac_name}: "
                "run `huanjie rekey-audit` (docs/security.md)"
            )
        head.mac = mac_name
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:200]
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    event = Event(
        seq=head.seq + 1,
        at=timezone.now().astimezone(dt.UTC),
        actor=actor if authenticated else None,
        actor_name=(actor.get_username() if authenticated else str(actor or "system"))[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        division_path=division_path,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        prev_hash=head.hash,
    )
    # JSON columns may normalise what we stored (e.g. key order); hash what a later read will see.
    event.hash = mac_hex(event.payload(), mac_name, mac_key)
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash", "mac"])
    counted(event)  # the running action checks on its way out that it recorded exactly one
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # modified | missing | reordered | truncated
    detail: str


def walk_chain(
    events: Any, head: tuple[int, str], mac: tuple[str, bytes], batch: int = 5000
) -> ChainProblem | None:
    """Recompute the chain of `events` (a queryset of Event, or of the historical model in a migration)
    under `mac`; return the first problem, or None when it ends at `head` intact."""
    expected_seq = 1
    prev = GENESIS
    last = 0
    name, key = mac
    rows = events.order_by("seq").values(*PAYLOAD_FIELDS, "hash")
    for row in rows.iterator(chunk_size=batch):
        if row["seq"] != expected_seq:
            return ChainProblem(
                expected_seq, "missing", f"expected entry #{expected_seq}, found #{row['seq']}"
            )
        if row["prev_hash"] != prev:
            return ChainProblem(row["seq"], "reordered", "does not follow the entry before it")
        if mac_hex(payload_of(row), name, key) != row["hash"]:
            return ChainProblem(row["seq"], "modified", "content does not match its MAC")
        prev = row["hash"]
        last = row["seq"]
        expected_seq += 1
    head_seq, head_hash = head
    if head_seq != last or head_hash != prev:
        return ChainProblem(
            last + 1, "truncated", f"the chain head says #{head_seq}, the log ends at #{last}"
        )
    return None


def verify_chain(batch: int = 5000) -> ChainProblem | None:
    """Recompute the chain from the start under this server's key; return the first problem, or None."""
    head = ChainHead.objects.filter(id=1).first()
    mac = current_mac()
    if head is not None and head.seq and head.mac != mac[0]:
        return ChainProblem(
            1, "key", f"the chain is keyed with {head.mac or 'SHA-256'}, this server verifies {mac[0]}"
        )
    state = (head.seq, head.hash) if head else (0, GENESIS)
    return walk_chain(Event.objects.all(), state, mac, batch)
