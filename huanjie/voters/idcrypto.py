"""Resident ID numbers at rest: sealed (AES-SIV, or SM4-GCM), a keyed hash for lookups, the masked form.

The plain number never goes into the database, a URL, a log line or an export for a role without the
permission: pages show `mask()`; duplicates across units are found by the keyed hash, which cannot be
reversed without the key.

- The keyed hash is AES-CMAC (RFC 4493) of the 18 characters under the lookup key: 16 bytes, stored as
  such (`fields.KeyedHashField`; until issue 20 as 32 hex characters).
- The sealed number is AES-SIV (RFC 5297, AES-256, no associated data): the synthetic IV, 16 bytes, then
  the 18 encrypted characters. SIV is deterministic — the same number seals to the same bytes — which
  tells no more than the keyed hash beside it already does, and its IV authenticates the number:
  `decrypt` refuses sealed bytes that were altered.

Keys come from ID_NUMBER_KEY through HKDF (huanjie/core/keys.py). Under `CRYPTO_SUITE=sm` (GB/T 39786)
the lookup hash is HMAC-SM3 (deterministic, as a lookup must be) cut to its first 16 bytes (a truncated
HMAC keeps half its output or more, as RFC 2104 §5 and NIST SP 800-107 advise) and the sealed number is SM4-GCM with a
random 12-byte nonce: nonce ‖ encrypted characters ‖ 16-byte tag (SM4_SEALED_BYTES). `huanjie
reseal-id-numbers` moves a database from one suite or key to the other (huanjie/voters/reseal.py).

One number at a time, `cryptography`'s CMAC and AESSIV do the work. A district's import seals a million
numbers: `protect_many` computes the same two functions for all of them at once with AES in ECB mode over
whole arrays of blocks (numpy), CMAC's two blocks and SIV's counter blocks included — the only per-number
work is numpy's. Tests hold it to the library's results, number by number.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from functools import cache

import numpy as np
import polars as pl
import pyarrow as pa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import cmac, hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from huanjie.core import keys
from huanjie.rules.idnumber import mask as mask

__all__ = [
    "Keyring",
    "current",
    "decrypt",
    "encrypt",
    "id_hash",
    "mask",
    "open_date",
    "protect_many",
    "seal_date",
]

NUMBER_BYTES = 18
BLOCK = 16
SEALED_BYTES = BLOCK + NUMBER_BYTES  # the synthetic IV, then the encrypted number
NONCE = 12
SM4_SEALED_BYTES = NONCE + NUMBER_BYTES + BLOCK  # the nonce, the encrypted number, the GCM tag

Blocks = np.ndarray[tuple[int, int], np.dtype[np.uint8]]


@dataclass(frozen=True)
class Keyring:
    """One suite's two keys: the sealing key and the lookup key."""

    suite: str
    sealing: bytes
    lookup: bytes

    @classmethod
    def derive(cls, secret: str, suite: str) -> Keyring:
        if suite == "sm":
            return cls(
                "sm",
                keys.derive(secret, "id-number/sm4-gcm", 16, which="sm"),
                keys.derive(secret, "id-number/hmac-sm3", 32, which="sm"),
            )
        return cls(
            "aes",
            keys.derive(secret, "id-number/aes-siv", 64, which="aes"),
            keys.derive(secret, "id-number/aes-cmac", 32, which="aes"),
        )

    @classmethod
    def legacy(cls, secret: str) -> Keyring:
        """The keys of versions before HKDF (labelled SHA-2 hashes of the secret), only to open old data."""
        raw = secret.encode("utf-8")
        return cls(
            "aes",
            hashlib.sha512(b"huanjie/id-number/aes-siv\0" + raw).digest(),
            hashlib.sha256(b"huanjie/id-number/aes-cmac\0" + raw).digest(),
        )


@cache
def current() -> Keyring:
    """The deployment's keyring: ID_NUMBER_KEY under CRYPTO_SUITE."""
    return Keyring.derive(settings.ID_NUMBER_KEY, keys.suite())


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: object) -> None:
    if setting in {"ID_NUMBER_KEY", "CRYPTO_SUITE"}:
        current.cache_clear()


def _bytes(number: str) -> bytes:
    data = number.upper().encode("ascii")
    if len(data) != NUMBER_BYTES:
        raise ValueError("ID numbers are sealed in their 18-character form")
    return data


HASH_BYTES = 16  # the keyed hash stored (fields.KeyedHashField)


def id_hash(number: str, ring: Keyring | None = None) -> bytes:
    """The number's keyed hash, 16 bytes."""
    ring = ring or current()
    if ring.suite == "sm":
        sm3 = hmac.HMAC(ring.lookup, hashes.SM3())
        sm3.update(_bytes(number))
        return sm3.finalize()[:HASH_BYTES]
    mac = cmac.CMAC(algorithms.AES(ring.lookup))
    mac.update(_bytes(number))
    return mac.finalize()


def _sm4_seal(key: algorithms.SM4, number: bytes, nonce: bytes) -> bytes:
    sealer = Cipher(key, modes.GCM(nonce)).encryptor()
    body = sealer.update(number) + sealer.finalize()
    return nonce + body + sealer.tag


def encrypt(number: str, ring: Keyring | None = None) -> bytes:
    ring = ring or current()
    if ring.suite == "sm":
        return _sm4_seal(algorithms.SM4(ring.sealing), _bytes(number), os.urandom(NONCE))
    return AESSIV(ring.sealing).encrypt(_bytes(number), None)


def decrypt(blob: bytes | memoryview, ring: Keyring | None = None) -> str:
    """The number; raises cryptography's InvalidTag when the sealed bytes were altered or the key is not
    the one that sealed them."""
    ring = ring or current()
    data = bytes(blob)
    if ring.suite == "sm":
        if len(data) != SM4_SEALED_BYTES:
            raise InvalidTag
        nonce, body, tag = data[:NONCE], data[NONCE:-BLOCK], data[-BLOCK:]
        opener = Cipher(algorithms.SM4(ring.sealing), modes.GCM(nonce, tag)).decryptor()
        return (opener.update(body) + opener.finalize()).decode("ascii")
    return AESSIV(ring.sealing).decrypt(data, None).decode("ascii")


# --- dates of birth ------------------------------------------------------------------------------------

# Bound into every sealed date as associated data: a sealed date never opens as an ID number, nor the
# other way round, although both are sealed under the same key.
DATE_LABEL = b"huanjie/birth-date"


@cache
def _siv(key: bytes) -> AESSIV:
    # One cipher object per key: a district's statistics open thousands of dates in a request.
    return AESSIV(key)


def seal_date(day: dt.date, ring: Keyring | None = None) -> bytes:
    """A date of birth sealed (issue 15): beside the masked number and the sex, the full date narrows the
    number to a few dozen, so no table keeps it in the clear. Randomised — a fresh nonce each time, so equal
    dates do not seal to equal bytes and a reader who knows one person's date learns nobody else's: AES-SIV
    with the nonce as its last associated-data component (RFC 5297 §3), nonce ‖ IV ‖ 10 encrypted
    characters; under the SM suite SM4-GCM, nonce ‖ encrypted characters ‖ tag."""
    ring = ring or current()
    text = day.isoformat().encode("ascii")
    if ring.suite == "sm":
        nonce = os.urandom(NONCE)
        sealer = Cipher(algorithms.SM4(ring.sealing), modes.GCM(nonce)).encryptor()
        sealer.authenticate_additional_data(DATE_LABEL)
        body = sealer.update(text) + sealer.finalize()
        return nonce + body + sealer.tag
    nonce = os.urandom(BLOCK)
    return nonce + _siv(ring.sealing).encrypt(text, [DATE_LABEL, nonce])


def open_date(blob: bytes | memoryview, ring: Keyring | None = None) -> dt.date:
    """The sealed date; raises InvalidTag when the bytes were altered or sealed under other keys."""
    ring = ring or current()
    data = bytes(blob)
    if ring.suite == "sm":
        if len(data) <= NONCE + BLOCK:
            raise InvalidTag
        nonce, body, tag = data[:NONCE], data[NONCE:-BLOCK], data[-BLOCK:]
        opener = Cipher(algorithms.SM4(ring.sealing), modes.GCM(nonce, tag)).decryptor()
        opener.authenticate_additional_data(DATE_LABEL)
        text = opener.update(body) + opener.finalize()
    else:
        if len(data) <= 2 * BLOCK:
            raise InvalidTag
        nonce = data[:BLOCK]
        text = _siv(ring.sealing).decrypt(data[BLOCK:], [DATE_LABEL, nonce])
    return dt.date.fromisoformat(text.decode("ascii"))


# --- a million at once ---------------------------------------------------------------------------------


def _ecb(key: bytes, blocks: Blocks) -> Blocks:
    """AES of each 16-byte row of `blocks`. ECB here is the block cipher itself, applied to blocks that
    CMAC and CTR mode have made; nothing is encrypted in ECB mode."""
    out = Cipher(algorithms.AES(key), modes.ECB()).encryptor().update(blocks.tobytes())
    return np.frombuffer(out, dtype=np.uint8).reshape(-1, BLOCK)


def _dbl(block: bytes) -> bytes:
    """Doubling in GF(2^128) (RFC 4493 §2.3, RFC 5297 §2.3)."""
    value = int.from_bytes(block, "big") << 1
    if value >> 128:
        value = (value & ((1 << 128) - 1)) ^ 0x87
    return value.to_bytes(BLOCK, "big")


def _cmac_18(key: bytes, messages: Blocks) -> Blocks:
    """AES-CMAC (RFC 4493 §2.4) of each 18-byte row: a complete first block and an incomplete last one,
    padded with 10…0 and masked with the second subkey."""
    subkey = _dbl(_dbl(_ecb(key, np.zeros((1, BLOCK), dtype=np.uint8)).tobytes()))
    last = np.zeros((len(messages), BLOCK), dtype=np.uint8)
    last[:, : NUMBER_BYTES - BLOCK] = messages[:, BLOCK:]
    last[:, NUMBER_BYTES - BLOCK] = 0x80
    last ^= np.frombuffer(subkey, dtype=np.uint8)
    return _ecb(key, _ecb(key, np.ascontiguousarray(messages[:, :BLOCK])) ^ last)


def _siv_18(key: bytes, numbers: Blocks) -> Blocks:
    """AES-SIV (RFC 5297 §2.6) of each 18-byte row, no associated data: V ‖ C, SEALED_BYTES each."""
    s2v_key, ctr_key = key[: len(key) // 2], key[len(key) // 2 :]
    # S2V with the plaintext alone (§2.4): D = CMAC(<zero>); the plaintext is longer than a block, so
    # T = plaintext xorend D, and V = CMAC(T).
    zero = cmac.CMAC(algorithms.AES(s2v_key))
    zero.update(bytes(BLOCK))
    t = numbers.copy()
    t[:, NUMBER_BYTES - BLOCK :] ^= np.frombuffer(zero.finalize(), dtype=np.uint8)
    v = _cmac_18(s2v_key, t)
    # CTR from Q = V with bits 63 and 31 cleared (§2.6): two counter blocks, Q and Q + 1 — with bit 31
    # clear, adding one never carries out of the last 32-bit word.
    q = v.copy()
    q[:, 8] &= 0x7F
    q[:, 12] &= 0x7F
    q_next = q.copy()
    counter = q_next[:, 12:].copy().view(">u4")
    q_next[:, 12:] = (counter + 1).astype(">u4").view(np.uint8)
    stream = _ecb(ctr_key, np.stack([q, q_next], axis=1).reshape(-1, BLOCK)).reshape(-1, 2 * BLOCK)
    return np.concatenate([v, numbers ^ stream[:, :NUMBER_BYTES]], axis=1)


def _binary(rows: Blocks) -> pl.Series:
    width = rows.shape[1]
    array = pa.FixedSizeBinaryArray.from_buffers(
        pa.binary(width), len(rows), [None, pa.py_buffer(rows.tobytes())]
    )
    return pl.Series(array.cast(pa.large_binary()))


def _protect_sm(ring: Keyring, rows: Blocks) -> tuple[pl.Series, pl.Series]:
    """The SM suite per number, through `cryptography`: HMAC-SM3 from one keyed state copied, SM4-GCM
    under one key object, the nonces drawn in one call."""
    blob = rows.tobytes()
    base = hmac.HMAC(ring.lookup, hashes.SM3())
    key = algorithms.SM4(ring.sealing)
    nonces = os.urandom(NONCE * len(rows))
    digests: list[bytes] = []
    sealed: list[bytes] = []
    for i in range(len(rows)):
        number = blob[i * NUMBER_BYTES : (i + 1) * NUMBER_BYTES]
        mac = base.copy()
        mac.update(number)
        digests.append(mac.finalize()[:HASH_BYTES])
        sealed.append(_sm4_seal(key, number, nonces[i * NONCE : (i + 1) * NONCE]))
    return pl.Series(digests, dtype=pl.Binary), pl.Series(sealed, dtype=pl.Binary)


def protect_many(numbers: pl.Series, ring: Keyring | None = None) -> tuple[pl.Series, pl.Series]:
    """`id_hash` and `encrypt` of each of `numbers` (normalised: 18 characters, X upper-case), as two
    Binary series in the same order."""
    blob = numbers.str.join("").item().encode("ascii") if len(numbers) else b""
    if len(blob) != NUMBER_BYTES * len(numbers):
        raise ValueError("protect_many takes normalised 18-character ID numbers")
    if not len(numbers):
        return pl.Series([], dtype=pl.Binary), pl.Series([], dtype=pl.Binary)
    rows = np.frombuffer(blob, dtype=np.uint8).reshape(-1, NUMBER_BYTES)
    ring = ring or current()
    if ring.suite == "sm":
        return _protect_sm(ring, rows)
    return _binary(_cmac_18(ring.lookup, rows)), _binary(_siv_18(ring.sealing, rows))
