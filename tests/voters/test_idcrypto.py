"""ID numbers at rest: the batch of a district's import is sealed and hashed exactly as one number at a
time is by `cryptography`'s AES-SIV and AES-CMAC (or SM4-GCM and HMAC-SM3 under the SM suite), under keys
derived with HKDF; sealed numbers open only untouched; the numbers sealed the old ways are sealed again by
the migrations, and `reseal-id-numbers` moves a database between keys and suites."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import importlib
import os
import random

import polars as pl
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import cmac, hashes
from cryptography.hazmat.primitives import hmac as chmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election
from huanjie.rules import idnumber
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident, Voter
from tests.voters.conftest import person

NUMBERS = st.text("0123456789", min_size=17, max_size=17).map(lambda s: s + idnumber.check_digit(s))


@hsettings(max_examples=50, deadline=None)
@given(st.lists(NUMBERS, min_size=1, max_size=40))
def test_a_batch_is_sealed_and_hashed_as_one_by_one(numbers: list[str]) -> None:
    hashes, sealed = idcrypto.protect_many(pl.Series(numbers, dtype=pl.String))
    assert hashes.to_list() == [idcrypto.id_hash(n) for n in numbers]
    assert sealed.to_list() == [idcrypto.encrypt(n) for n in numbers]
    assert [idcrypto.decrypt(s) for s in sealed] == numbers


def test_the_functions_are_the_standard_ones() -> None:
    # Independently of idcrypto's own code: RFC 4493 CMAC and RFC 5297 SIV from `cryptography`, under
    # keys derived as documented, over thousands of numbers (those with X included).
    secret = settings.ID_NUMBER_KEY.encode()
    siv = AESSIV(_hkdf(hashes.SHA256(), 64, b"huanjie/id-number/aes-siv", secret))
    lookup = _hkdf(hashes.SHA256(), 32, b"huanjie/id-number/aes-cmac", secret)
    numbers = _numbers(3000)
    digests, sealed = idcrypto.protect_many(pl.Series(numbers))
    for number, digest, blob in zip(numbers, digests, sealed, strict=True):
        mac = cmac.CMAC(algorithms.AES(lookup))
        mac.update(number.encode())
        assert digest == mac.finalize()
        assert len(digest) == idcrypto.HASH_BYTES == 16
        assert blob == siv.encrypt(number.encode(), None)
        assert len(blob) == idcrypto.SEALED_BYTES


def test_a_sealed_number_opens_only_untouched() -> None:
    blob = idcrypto.encrypt(person(1))
    assert idcrypto.decrypt(blob) == person(1)
    for i in (0, 15, 16, len(blob) - 1):  # the synthetic IV and the encrypted characters
        altered = bytearray(blob)
        altered[i] ^= 1
        with pytest.raises(InvalidTag):
            idcrypto.decrypt(bytes(altered))


def test_it_takes_only_normalised_numbers() -> None:
    assert [s.to_list() for s in idcrypto.protect_many(pl.Series([], dtype=pl.String))] == [[], []]
    with pytest.raises(ValueError, match="normalised"):
        idcrypto.protect_many(pl.Series(["6201021990"]))
    with pytest.raises(ValueError, match="18-character"):
        idcrypto.encrypt("6201021990")
    assert idcrypto.id_hash(person(7).lower()) == idcrypto.id_hash(person(7).upper())


def _hkdf(algorithm: hashes.HashAlgorithm, length: int, info: bytes, secret: bytes) -> bytes:
    return HKDF(algorithm=algorithm, length=length, salt=None, info=info).derive(secret)


def _numbers(count: int) -> list[str]:
    rng = random.Random(5)
    numbers = []
    for _ in range(count):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        numbers.append(first17 + idnumber.check_digit(first17))
    assert any(n.endswith("X") for n in numbers)
    return numbers


def test_the_keys_are_not_derived_from_the_secret_key(settings: object) -> None:
    ring = idcrypto.current()
    settings.SECRET_KEY = "another-secret-key-0123456789-0123456789-0123456789"  # type: ignore[attr-defined]
    assert idcrypto.current() == ring
    settings.ID_NUMBER_KEY = "another-id-number-key-0123456789-0123456789"  # type: ignore[attr-defined]
    assert idcrypto.current() != ring


def test_the_sm_suite_is_hmac_sm3_and_sm4_gcm(settings: object) -> None:
    # Independently of idcrypto's code: `cryptography`'s HKDF-SM3, HMAC-SM3 and SM4-GCM, number by number.
    settings.CRYPTO_SUITE = "sm"  # type: ignore[attr-defined]
    secret = settings.ID_NUMBER_KEY.encode()  # type: ignore[attr-defined]
    sealing = _hkdf(hashes.SM3(), 16, b"huanjie/id-number/sm4-gcm", secret)
    lookup = _hkdf(hashes.SM3(), 32, b"huanjie/id-number/hmac-sm3", secret)
    numbers = _numbers(500)
    hashes_, sealed = idcrypto.protect_many(pl.Series(numbers))
    for number, digest, blob in zip(numbers, hashes_, sealed, strict=True):
        mac = chmac.HMAC(lookup, hashes.SM3())
        mac.update(number.encode())
        # Cut to its first 16 bytes (RFC 2104 §5: at least half the output).
        assert digest == mac.finalize()[:16] == idcrypto.id_hash(number)
        assert len(blob) == idcrypto.SM4_SEALED_BYTES
        nonce, body, tag = blob[:12], blob[12:-16], blob[-16:]
        opener = Cipher(algorithms.SM4(sealing), modes.GCM(nonce, tag)).decryptor()
        assert opener.update(body) + opener.finalize() == number.encode()
        assert idcrypto.decrypt(blob) == number
    assert len(set(sealed.to_list())) == len(numbers)  # random nonces: no two seals alike
    one = idcrypto.encrypt(numbers[0])
    for i in (0, 12, len(one) - 1):
        altered = bytearray(one)
        altered[i] ^= 1
        with pytest.raises(InvalidTag):
            idcrypto.decrypt(bytes(altered))


@pytest.mark.django_db
def test_it_reseals_from_aes_to_sm4_and_back(shigou: Election, settings: object) -> None:
    from huanjie.auditlog.models import Event, current_mac
    from huanjie.auditlog.rekey import do_rekey_audit
    from huanjie.reports.models import PreviousMember
    from huanjie.voters.idcrypto import Keyring
    from huanjie.voters.reseal import do_reseal_id_numbers

    numbers = [person(n) for n in range(7)]
    _residents(shigou, numbers, idcrypto.current())
    # a sealed date of birth moves to the new keys with the numbers (issue 15)
    born = dt.date(1971, 2, 28)
    former = PreviousMember.objects.create(
        round=shigou.round,
        unit=shigou.unit,
        body="villagers_committee",
        post="chair",
        name="老主任",
        birth_date=born,
        elected_on=dt.date(2021, 3, 1),
    )
    aes, aes_mac = idcrypto.current(), current_mac()
    settings.CRYPTO_SUITE = "sm"  # type: ignore[attr-defined]
    do_rekey_audit(aes_mac, actor=SYSTEM)  # the suite keys the audit chain too
    with pytest.raises(ValueError, match="does not open"):
        do_reseal_id_numbers(Keyring.derive("a-wrong-key-0123456789-0123456789", "aes"), actor=SYSTEM)
    assert do_reseal_id_numbers(aes, actor=SYSTEM) == len(numbers)
    _assert_sealed_with_current(numbers)
    assert PreviousMember.objects.get(pk=former.pk).birth_date == born
    assert Event.objects.filter(action="voters.id_numbers_resealed").count() == 1
    sm, sm_mac = idcrypto.current(), current_mac()
    settings.CRYPTO_SUITE = "aes"  # type: ignore[attr-defined]
    do_rekey_audit(sm_mac, actor=SYSTEM)
    do_reseal_id_numbers(sm, actor=SYSTEM)
    _assert_sealed_with_current(numbers)
    assert all(len(bytes(r.id_cipher)) == idcrypto.SEALED_BYTES for r in Resident.objects.all())
    assert PreviousMember.objects.get(pk=former.pk).birth_date == born
    assert PreviousMember.objects.get(pk=former.pk).birth_year == 1971


def _residents(shigou: Election, numbers: list[str], ring: object) -> None:
    for i, number in enumerate(numbers):
        resident = Resident.objects.create(
            unit=shigou.unit,
            name=f"村民{i}",
            sex="male",
            birth_year=idnumber.parse(number).birth_date.year,
            id_hash=idcrypto.id_hash(number, ring),  # type: ignore[arg-type]
            id_masked=idcrypto.mask(number),
            id_cipher=idcrypto.encrypt(number, ring),  # type: ignore[arg-type]
        )
        Voter.objects.create(
            election=shigou,
            round=shigou.round,
            resident=resident,
            id_hash=resident.id_hash,
            added_on="2026-11-01",
        )


def _assert_sealed_with_current(numbers: list[str]) -> None:
    for resident in Resident.objects.order_by("name"):
        number = numbers[int(resident.name.removeprefix("村民"))]
        assert idcrypto.decrypt(resident.id_cipher) == number
        assert resident.id_hash == idcrypto.id_hash(number)
        assert Voter.objects.get(resident=resident).id_hash == resident.id_hash


@pytest.mark.django_db
def test_the_migration_reseals_numbers_under_the_keys_before_hkdf(shigou: Election) -> None:
    from huanjie.voters.idcrypto import Keyring

    numbers = [person(n) for n in range(4)]
    _residents(shigou, numbers, Keyring.legacy(settings.SECRET_KEY))  # what no ID_NUMBER_KEY used to mean
    migration = importlib.import_module("huanjie.voters.migrations.0007_reseal_with_hkdf_keys")
    migration.reseal(apps, None)
    _assert_sealed_with_current(numbers)
    migration.reseal(apps, None)  # a second run finds the current keys and changes nothing
    _assert_sealed_with_current(numbers)


@pytest.mark.django_db
def test_the_migration_seals_old_numbers_again(shigou: Election) -> None:
    secret = (settings.ID_NUMBER_KEY or settings.SECRET_KEY).encode()
    gcm = AESGCM(hashlib.sha256(b"huanjie/id-number/encrypt\0" + secret).digest())
    old_lookup = hashlib.sha256(b"huanjie/id-number/lookup\0" + secret).digest()
    numbers = [person(n) for n in range(5)]
    for i, number in enumerate(numbers):
        nonce = os.urandom(12)
        resident = Resident.objects.create(
            unit=shigou.unit,
            name=f"村民{i}",
            sex="male",
            birth_year=idnumber.parse(number).birth_date.year,
            id_hash=hmac.new(old_lookup, number.encode(), "sha256").digest()[:16],
            id_masked=idcrypto.mask(number),
            id_cipher=nonce + gcm.encrypt(nonce, number.encode(), None),
        )
        Voter.objects.create(
            election=shigou,
            round=shigou.round,
            resident=resident,
            id_hash=resident.id_hash,
            added_on="2026-11-01",
        )
    migration = importlib.import_module("huanjie.voters.migrations.0005_reseal_id_numbers")
    migration.reseal(apps, None)
    for resident in Resident.objects.order_by("name"):
        number = numbers[int(resident.name.removeprefix("村民"))]
        assert idcrypto.decrypt(resident.id_cipher) == number
        assert resident.id_hash == idcrypto.id_hash(number)
        assert Voter.objects.get(resident=resident).id_hash == resident.id_hash
