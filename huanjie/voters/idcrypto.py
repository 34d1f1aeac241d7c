"""Resident ID numbers at rest: AES-GCM encrypted, a keyed hash for lookups, and the masked form.

The plain number never goes into the database, a URL, a log line or an export for a role without
the permission: pages show `mask()`; duplicates across units are found by the keyed hash (HMAC), which
cannot be reversed without the key.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from huanjie.rules.idnumber import mask as mask

__all__ = ["decrypt", "encrypt", "id_hash", "mask"]

NONCE_BYTES = 12


@cache
def _keys() -> tuple[bytes, bytes]:
    secret = (settings.ID_NUMBER_KEY or settings.SECRET_KEY).encode("utf-8")
    encryption = hashlib.sha256(b"huanjie/id-number/encrypt\0" + secret).digest()
    lookup = hashlib.sha256(b"huanjie/id-number/lookup\0" + secret).digest()
    return encryption, lookup


def id_hash(number: str) -> str:
    return hmac.new(_keys()[1], number.upper().encode("ascii"), hashlib.sha256).hexdigest()


@cache
def _cipher() -> AESGCM:
    return AESGCM(_keys()[0])


def encrypt(number: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _cipher().encrypt(nonce, number.upper().encode("ascii"), None)


def decrypt(blob: bytes | memoryview) -> str:
    data = bytes(blob)
    return _cipher().decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], None).decode("ascii")
