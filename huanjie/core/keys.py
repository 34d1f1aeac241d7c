"""Every key Huanjie uses is derived with HKDF (RFC 5869) from a master secret the deployment gives in
its environment — never from SECRET_KEY, never stored in the database — so that who can read or write the
database still cannot open an ID number or forge an audit entry.

The crypto suite (`CRYPTO_SUITE`) picks the primitives:

- `aes` (default): HKDF-SHA256; ID numbers sealed with AES-SIV, looked up by AES-CMAC; the audit chain
  keyed with HMAC-SHA256.
- `sm` (GB/T 39786-2021, commercial cryptography for a 密评 assessment): HKDF-SM3; ID numbers sealed with
  SM4-GCM, looked up by HMAC-SM3; the audit chain keyed with HMAC-SM3.

Each purpose has its own `info` label, so no two uses ever share a key.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

SUITES = ("aes", "sm")


def suite() -> str:
    value = str(getattr(settings, "CRYPTO_SUITE", "aes"))
    if value not in SUITES:
        raise ValueError(f"CRYPTO_SUITE must be one of {', '.join(SUITES)}, not {value!r}")
    return value


def hash_algorithm(which: str) -> hashes.HashAlgorithm:
    return hashes.SM3() if which == "sm" else hashes.SHA256()


def derive(master: str, purpose: str, length: int, *, which: str) -> bytes:
    """The key for `purpose` (e.g. "id-number/aes-siv") from the master secret, under the suite's hash."""
    if not master:
        raise ValueError(f"no master secret for {purpose}")
    hkdf = HKDF(algorithm=hash_algorithm(which), length=length, salt=None, info=f"huanjie/{purpose}".encode())
    return hkdf.derive(master.encode("utf-8"))
