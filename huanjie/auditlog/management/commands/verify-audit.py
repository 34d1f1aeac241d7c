from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand

from huanjie.auditlog.models import ChainHead
from huanjie.auditlog.record import verify_chain


class Command(BaseCommand):
    help = "Recompute the audit chain and report the first modified, deleted or reordered entry (exit 1)."

    def handle(self, *args: Any, **options: Any) -> None:
        problem = verify_chain()
        if problem is not None:
            self.stderr.write(
                f"audit chain broken at entry #{problem.seq}: {problem.kind} — {problem.detail}"
            )
            sys.exit(1)
        head = ChainHead.objects.filter(id=1).first()
        self.stdout.write(f"audit chain intact: {head.seq if head else 0} entries verified")
