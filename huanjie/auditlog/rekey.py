"""Re-keying the audit chain: after rotating AUDIT_KEY, switching CRYPTO_SUITE, or once for a chain written
before it was keyed (plain SHA-256).

The chain is first verified under the old MAC — a re-key never launders a chain that was already
tampered with — then every entry's MAC is recomputed under the new one, in sequence order, in one
transaction. The anchors published before the re-key name the old MACs; the re-key itself is an audit
entry that records the old head, so the old anchors stay checkable against what was verified
(docs/security.md, "Key rotation").
"""

from __future__ import annotations

from typing import Any

from huanjie.auditlog.models import (
    GENESIS,
    PAYLOAD_FIELDS,
    ChainHead,
    Event,
    current_mac,
    mac_hex,
    payload_of,
)
from huanjie.auditlog.record import ChainProblem, walk_chain
from huanjie.core.actions import SystemActor, action, audit, is_system

Mac = tuple[str, bytes]


class ChainBroken(Exception):
    def __init__(self, problem: ChainProblem) -> None:
        super().__init__(f"entry #{problem.seq}: {problem.kind} — {problem.detail}")
        self.problem = problem


def rekey_events(event_model: Any, head_model: Any, old: Mac, new: Mac, batch: int = 2000) -> tuple[int, str]:
    """Verify the chain under `old`, recompute it under `new`; the entries re-keyed and the old head MAC.
    Takes the models as arguments so that a migration can pass its historical ones."""
    head = head_model.objects.select_for_update().filter(id=1).first()
    if head is None:
        return 0, GENESIS
    problem = walk_chain(event_model.objects.all(), (head.seq, head.hash), old)
    if problem is not None:
        raise ChainBroken(problem)
    old_head = head.hash
    prev = GENESIS
    pending: list[Any] = []
    for row in event_model.objects.order_by("seq").values("pk", *PAYLOAD_FIELDS).iterator(chunk_size=batch):
        row["prev_hash"] = prev
        prev = mac_hex(payload_of(row), *new)
        pending.append(event_model(pk=row["pk"], prev_hash=row["prev_hash"], hash=prev))
        if len(pending) == batch:
            event_model.objects.bulk_update(pending, ["prev_hash", "hash"])
            pending = []
    event_model.objects.bulk_update(pending, ["prev_hash", "hash"])
    head.hash, head.mac = prev, new[0]
    head.save(update_fields=["hash", "mac"])
    return head.seq, old_head


@action("audit.rekeyed", capability=None)
def do_rekey_audit(old: Mac, *, actor: SystemActor) -> int:
    """Re-key the whole chain to this server's MAC; one audit entry (written under the new key) says so.
    Only the system re-keys (`huanjie rekey-audit`, with both keys in its environment)."""
    if not is_system(actor):
        raise TypeError("re-keying the audit chain is the system's: `huanjie rekey-audit`")
    new = current_mac()
    count, old_head = rekey_events(Event, ChainHead, old, new)
    audit(
        object_type="auditlog.chain",
        object_repr=f"{old[0]} → {new[0]}",
        before={"mac": old[0], "seq": count, "head": old_head},
        after={"mac": new[0]},
    )
    return count
