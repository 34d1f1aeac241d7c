from __future__ import annotations

import sys
import urllib.request
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.auditlog import anchor
from huanjie.auditlog.models import ChainHead
from huanjie.auditlog.record import verify_chain


def _read(source: str) -> bytes:
    """A published anchor file by address, or a file on disk (a download, or a line typed from paper)."""
    if source.startswith(("https://", "http://")):
        with urllib.request.urlopen(source, timeout=30) as response:
            data: bytes = response.read(anchor.MAX_ANCHOR_BYTES + 1)
    else:
        with Path(source).open("rb") as handle:
            data = handle.read(anchor.MAX_ANCHOR_BYTES + 1)
    if len(data) > anchor.MAX_ANCHOR_BYTES:
        raise anchor.AnchorUnreadable(f"larger than {anchor.MAX_ANCHOR_BYTES} bytes")
    return data


class Command(BaseCommand):
    help = (
        "Recompute the audit chain and report the first modified, deleted or reordered entry (exit 1); "
        "with --anchor, also check the log against published or printed chain heads."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor",
            action="append",
            default=[],
            metavar="FILE|URL",
            help="an anchor file (the bulletin's /data/audit-anchors.json, or text typed from a printed "
            "record: '#<seq> <MAC>'); may be given more than once",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        anchors: list[anchor.Anchor] = []
        for source in options["anchor"]:
            try:
                anchors += anchor.parse(_read(source))
            except (OSError, anchor.AnchorUnreadable) as exc:
                self.stderr.write(f"cannot read the anchor {source}: {exc}")
                sys.exit(2)
        problem = verify_chain()
        if problem is None and anchors:
            problem = anchor.check(anchors)
        if problem is not None:
            self.stderr.write(
                f"audit chain broken at entry #{problem.seq}: {problem.kind} — {problem.detail}"
            )
            sys.exit(1)
        head = ChainHead.objects.filter(id=1).first()
        self.stdout.write(f"audit chain intact: {head.seq if head else 0} entries verified")
        if anchors:
            self.stdout.write(f"{len(anchors)} anchors match, the latest #{max(a.seq for a in anchors)}")
