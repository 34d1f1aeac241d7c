"""ID numbers at rest: the batch of a district's import is sealed and hashed exactly as one number at a
time is by `cryptography`'s AES-SIV and AES-CMAC, sealed numbers open only untouched, and the numbers
sealed the old way (AES-GCM, HMAC) are sealed again by the migration."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import os
import random

import polars as pl
import pytest
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, AESSIV
from django.apps import apps
from django.conf import settings
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

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
    secret = (settings.ID_NUMBER_KEY or settings.SECRET_KEY).encode()
    siv = AESSIV(hashlib.sha512(b"huanjie/id-number/aes-siv\0" + secret).digest())
    lookup = hashlib.sha256(b"huanjie/id-number/aes-cmac\0" + secret).digest()
    rng = random.Random(5)
    numbers = []
    for _ in range(3000):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        numbers.append(first17 + idnumber.check_digit(first17))
    assert any(n.endswith("X") for n in numbers)
    hashes, sealed = idcrypto.protect_many(pl.Series(numbers))
    for number, digest, blob in zip(numbers, hashes, sealed, strict=True):
        mac = cmac.CMAC(algorithms.AES(lookup))
        mac.update(number.encode())
        assert digest == mac.finalize().hex()
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
            id_hash=hmac.new(old_lookup, number.encode(), "sha256").hexdigest(),
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
