"""Anchors: the chain's head, copied outside the database, so that a rewrite or a truncated tail is seen.

A key outside the database stops an insider from recomputing the chain. Two attacks remain for someone
who can write the database: dropping the newest entries and winding the head back to the entry before
them (every remaining MAC is still genuine), and — if the key leaked too — rewriting the chain. Both
are caught by comparing the log with copies of its head that were made public before: the day's head
(sequence number and MAC) is published with the bulletin's open data (`/data/audit-anchors.json`,
written by `publish-static` too) and printed at the foot of every result sheet. `huanjie verify-audit
--anchor FILE|URL` reads such a copy — the JSON file, or the line typed from paper — and reports an
anchored entry that is missing (truncated) or has another MAC (rewritten).
"""

from __future__ import annotations

import json
import re
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.db.models.functions import TruncDate

from huanjie.auditlog.models import ChainHead, Event, current_mac
from huanjie.auditlog.record import ChainProblem

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
MAX_ANCHOR_BYTES = 4 * 1024 * 1024
_LINE = re.compile(r"#\s*(\d{1,15})\D{0,40}?((?:[0-9a-fA-F]{8}[\s\u00a0]?){7}[0-9a-fA-F]{8})")


@dataclass(frozen=True)
class Anchor:
    seq: int
    mac: str


def head() -> Anchor:
    found = ChainHead.objects.filter(id=1).first()
    return Anchor(found.seq, found.hash) if found else Anchor(0, "0" * 64)


def printed(anchor: Anchor) -> str:
    """The MAC in groups of eight, so that it can be read aloud and typed back from paper."""
    return " ".join(anchor.mac[i : i + 8] for i in range(0, len(anchor.mac), 8))


def daily_heads() -> list[dict[str, Any]]:
    """The last entry of each day (Asia/Shanghai) with its sequence number and MAC, oldest first."""
    days = (
        Event.objects.annotate(day=TruncDate("at", tzinfo=ZONE))
        .values("day")
        .annotate(last=Max("seq"))
        .order_by("day")
    )
    last_of = {row["last"]: row["day"] for row in days}
    macs = dict(Event.objects.filter(seq__in=list(last_of)).values_list("seq", "hash"))
    return [{"date": day.isoformat(), "seq": seq, "mac": macs[seq]} for seq, day in sorted(last_of.items())]


def document() -> bytes:
    """The published anchor file: every day's head and the head now."""
    now = head()
    body = {
        "chain": "huanjie audit log",
        "mac": current_mac()[0],
        "head": {"seq": now.seq, "mac": now.mac},
        "days": daily_heads(),
    }
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


class AnchorUnreadable(ValueError):
    pass


def _from_json(value: Any, found: list[Anchor]) -> None:
    if isinstance(value, dict):
        seq, mac = value.get("seq"), value.get("mac")
        if isinstance(seq, int) and isinstance(mac, str) and re.fullmatch(r"[0-9a-f]{64}", mac):
            found.append(Anchor(seq, mac))
        for item in value.values():
            _from_json(item, found)
    elif isinstance(value, list):
        for item in value:
            _from_json(item, found)


def parse(data: bytes) -> list[Anchor]:
    """The anchors in a published file (JSON) or in text typed from a printed record ("#123 … 64 hex")."""
    text = data.decode("utf-8", errors="replace")
    found: list[Anchor] = []
    try:
        _from_json(json.loads(text), found)
    except ValueError:
        for match in _LINE.finditer(text):
            found.append(Anchor(int(match.group(1)), re.sub(r"\s", "", match.group(2)).lower()))
    if not found:
        raise AnchorUnreadable("no anchor (a sequence number and a 64-digit MAC) found in it")
    return sorted(set(found), key=lambda a: a.seq)


def check(anchors: list[Anchor]) -> ChainProblem | None:
    """The first anchor the log contradicts: its entry is gone (truncated) or has another MAC (rewritten)."""
    macs = dict(Event.objects.filter(seq__in=[a.seq for a in anchors]).values_list("seq", "hash"))
    last = Event.objects.aggregate(last=Max("seq"))["last"] or 0
    for anchor in anchors:
        if anchor.seq == 0:
            continue
        stored = macs.get(anchor.seq)
        if stored is None:
            return ChainProblem(
                anchor.seq, "truncated", f"the anchor names entry #{anchor.seq}, the log ends at #{last}"
            )
        if stored != anchor.mac:
            return ChainProblem(anchor.seq, "rewritten", "the entry's MAC is not the one anchored")
    return None
