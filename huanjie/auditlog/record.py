"""Writing and verifying the audit chain. Actions call `record` inside their transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from huanjie.auditlog.models import GENESIS, ChainHead, Event


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
    event.hash = event.compute_hash()
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int
    kind: str  # modified | missing | reordered | truncated
    detail: str


def verify_chain(batch: int = 5000) -> ChainProblem | None:
    """Recompute the chain from the start; return the first problem, or None when intact."""
    expected_seq = 1
    prev = GENESIS
    last = 0
    qs = Event.objects.order_by("seq").values_list("pk", flat=True)
    pks = list(qs)
    for start in range(0, len(pks), batch):
        events = Event.objects.filter(pk__in=pks[start : start + batch]).order_by("seq")
        for event in events:
            if event.seq != expected_seq:
                return ChainProblem(
                    expected_seq, "missing", f"expected entry #{expected_seq}, found #{event.seq}"
                )
            if event.prev_hash != prev:
                return ChainProblem(event.seq, "reordered", "does not follow the entry before it")
            if event.compute_hash() != event.hash:
                return ChainProblem(event.seq, "modified", "content does not match its hash")
            prev = event.hash
            last = event.seq
            expected_seq += 1
    head = ChainHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if head_seq != last or head_hash != prev:
        return ChainProblem(
            last + 1, "truncated", f"the chain head says #{head_seq}, the log ends at #{last}"
        )
    return None
