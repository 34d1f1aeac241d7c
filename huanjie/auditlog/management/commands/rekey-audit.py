from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.auditlog.models import UNKEYED, current_mac
from huanjie.auditlog.rekey import ChainBroken, do_rekey_audit
from huanjie.core import keys
from huanjie.core.actions import SystemActor


class Command(BaseCommand):
    help = (
        "Verify the audit chain under its old key and recompute it under this server's AUDIT_KEY and "
        "CRYPTO_SUITE (after a key rotation or a suite change). Exit 1 if the old chain does not verify."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        old = parser.add_mutually_exclusive_group(required=True)
        old.add_argument(
            "--from-key-env", metavar="VAR", help="environment variable holding the old AUDIT_KEY"
        )
        old.add_argument(
            "--from-unkeyed", action="store_true", help="the chain is plain SHA-256 (before keys)"
        )
        parser.add_argument(
            "--from-suite", choices=keys.SUITES, help="the old CRYPTO_SUITE (default: this one)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["from_unkeyed"]:
            old = (UNKEYED, b"")
        else:
            secret = os.environ.get(options["from_key_env"], "")
            if not secret:
                self.stderr.write(f"the environment variable {options['from_key_env']} is empty")
                sys.exit(2)
            which = options["from_suite"] or keys.suite()
            name = "hmac-sm3" if which == "sm" else "hmac-sha256"
            old = (name, keys.derive(secret, f"audit/{name}", 32, which=which))
        try:
            count = do_rekey_audit(old, actor=SystemActor("system:rekey-audit"))
        except ChainBroken as exc:
            self.stderr.write(f"the chain does not verify under the old key, nothing changed: {exc}")
            sys.exit(1)
        self.stdout.write(f"audit chain re-keyed to {current_mac()[0]}: {count} entries")
