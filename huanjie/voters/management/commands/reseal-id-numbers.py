from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from huanjie.core import keys
from huanjie.core.actions import SystemActor
from huanjie.voters import idcrypto
from huanjie.voters.idcrypto import Keyring
from huanjie.voters.reseal import do_reseal_id_numbers


class Command(BaseCommand):
    help = (
        "Open every stored ID number with the old key and suite and seal it again with this server's "
        "ID_NUMBER_KEY and CRYPTO_SUITE (key rotation; AES ⇄ SM4). All or nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from-suite", choices=keys.SUITES, help="the old CRYPTO_SUITE (default: this one)"
        )
        parser.add_argument(
            "--from-key-env",
            metavar="VAR",
            help="environment variable holding the old ID_NUMBER_KEY (default: this one)",
        )
        parser.add_argument(
            "--from-legacy",
            action="store_true",
            help="the old keys are the labelled hashes of versions before HKDF",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        secret = settings.ID_NUMBER_KEY
        if options["from_key_env"]:
            secret = os.environ.get(options["from_key_env"], "")
            if not secret:
                self.stderr.write(f"the environment variable {options['from_key_env']} is empty")
                sys.exit(2)
        if options["from_legacy"]:
            old = Keyring.legacy(secret)
        else:
            old = Keyring.derive(secret, options["from_suite"] or keys.suite())
        if old == idcrypto.current():
            self.stderr.write("the old and the new keys are the same: nothing to do")
            sys.exit(2)
        try:
            count = do_reseal_id_numbers(old, actor=SystemActor("system:reseal-id-numbers"))
        except ValueError as exc:
            self.stderr.write(str(exc))
            sys.exit(1)
        self.stdout.write(f"{count} ID numbers sealed again with {idcrypto.current().suite}")
