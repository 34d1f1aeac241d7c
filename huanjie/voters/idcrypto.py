"""Resident ID numbers at rest: AES-GCM encrypted, a keyed hash for lookups, and the masked form.

The plain number never goes into the database, a URL, a log line or an export for a role without
the permission: pages show `mask()`; duplicates across units are found by the keyed hash (HMAC), which
cannot be reversed without the key.

A district's import hashes and encrypts a million numbers: `protect_many` does it with the HMAC's inner
and outer SHA-256 states computed once (the `hmac` module redoes the key schedule per call) and, for a
big file, in a process per core. The stored format is the same either way: hex HMAC-SHA256, and
nonce ‖ ciphertext ‖ tag.
"""

from __future__ import annotations

import hashlib
import os
import warnings
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from multiprocessing import get_context

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from huanjie.rules.idnumber import mask as mask

__all__ = ["decrypt", "encrypt", "id_hash", "mask", "protect_many"]

NONCE_BYTES = 12
NUMBER_BYTES = 18
SEALED_BYTES = NONCE_BYTES + NUMBER_BYTES + 16  # nonce, the 18 characters, the GCM tag
# Below this many numbers a second process costs more to start than it saves.
PARALLEL = 100_000


@cache
def _keys() -> tuple[bytes, bytes]:
    secret = (settings.ID_NUMBER_KEY or settings.SECRET_KEY).encode("utf-8")
    encryption = hashlib.sha256(b"huanjie/id-number/encrypt\0" + secret).digest()
    lookup = hashlib.sha256(b"huanjie/id-number/lookup\0" + secret).digest()
    return encryption, lookup


def _pads(key: bytes) -> tuple[hashlib._Hash, hashlib._Hash]:
    """HMAC-SHA256 (RFC 2104) with the key's inner and outer blocks already absorbed."""
    block = key.ljust(64, b"\0")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
    return inner, outer


@cache
def _lookup_pads() -> tuple[hashlib._Hash, hashlib._Hash]:
    return _pads(_keys()[1])


def id_hash(number: str) -> str:
    inner, outer = _lookup_pads()
    h = inner.copy()
    h.update(number.upper().encode("ascii"))
    o = outer.copy()
    o.update(h.digest())
    return o.hexdigest()


@cache
def _cipher() -> AESGCM:
    return AESGCM(_keys()[0])


def encrypt(number: str) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + _cipher().encrypt(nonce, number.upper().encode("ascii"), None)


def decrypt(blob: bytes | memoryview) -> str:
    data = bytes(blob)
    return _cipher().decrypt(data[:NONCE_BYTES], data[NONCE_BYTES:], None).decode("ascii")


def _protect(keys: tuple[bytes, bytes], numbers: bytes) -> tuple[str, bytes]:
    """The hashes (64 hex characters each) and sealed numbers (SEALED_BYTES each) of `numbers`, 18
    uppercase ASCII characters each, run together: one string and one bytes object cross the process
    boundary instead of a million small ones."""
    seal = AESGCM(keys[0]).encrypt
    inner, outer = _pads(keys[1])
    count = len(numbers) // NUMBER_BYTES
    nonces = os.urandom(NONCE_BYTES * count)
    hashes: list[str] = []
    sealed: list[bytes] = []
    for i in range(count):
        number = numbers[i * NUMBER_BYTES : (i + 1) * NUMBER_BYTES]
        h = inner.copy()
        h.update(number)
        o = outer.copy()
        o.update(h.digest())
        hashes.append(o.hexdigest())
        nonce = nonces[i * NONCE_BYTES : (i + 1) * NONCE_BYTES]
        sealed.append(nonce)
        sealed.append(seal(nonce, number, None))
    return "".join(hashes), b"".join(sealed)


def protect_many(numbers: list[str]) -> tuple[list[str], list[bytes]]:
    """`id_hash` and `encrypt` of each of `numbers` (normalised: 18 characters, X upper-case)."""
    if not numbers:
        return [], []
    blob = "".join(numbers).encode("ascii")
    if len(blob) != NUMBER_BYTES * len(numbers):
        raise ValueError("protect_many takes normalised 18-character ID numbers")
    keys = _keys()
    workers = min(os.cpu_count() or 1, 4)
    if len(numbers) < PARALLEL or workers < 2:
        parts = [_protect(keys, blob)]
    else:
        step = -(-len(numbers) // workers) * NUMBER_BYTES
        chunks = [blob[i : i + step] for i in range(0, len(blob), step)]
        # fork, not spawn: a spawned worker would re-run the calling script (the bench, a test) from the
        # top. The forked workers touch neither the inherited database connection nor polars' threads,
        # and leave by os._exit, so nothing of the parent is closed or flushed twice.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", ".* is multi-threaded, use of fork", DeprecationWarning)
            with ProcessPoolExecutor(len(chunks), mp_context=get_context("fork")) as pool:
                parts = list(pool.map(_protect, [keys] * len(chunks), chunks))
    hashes = [h[i : i + 64] for h, _ in parts for i in range(0, len(h), 64)]
    sealed = [s[i : i + SEALED_BYTES] for _, s in parts for i in range(0, len(s), SEALED_BYTES)]
    return hashes, sealed
