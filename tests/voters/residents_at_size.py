"""Residents made in bulk for the tests and measurements of pages at real size (issue 20): valid ID
numbers sealed and hashed the way an import does it, without the import's checks."""

from __future__ import annotations

import polars as pl

from huanjie.elections.models import Election
from huanjie.rules import idnumber
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident, Voter
from tests.voters.conftest import person


def make_residents(election: Election, count: int, *, start: int = 0, on_roll: int = 0) -> list[Resident]:
    """`count` residents of the election's unit (groups 第1–第9村民小组), the first `on_roll` registered."""
    numbers = [person(start + i, age=20 + (start + i) % 60) for i in range(count)]
    hashes, sealed = idcrypto.protect_many(pl.Series(numbers, dtype=pl.String))
    made = Resident.objects.bulk_create(
        Resident(
            unit=election.unit,
            name=f"村民{start + i}",
            sex=idnumber.parse(n).sex,
            birth_year=idnumber.parse(n).birth_date.year,
            id_hash=h,
            id_masked=idcrypto.mask(n),
            id_cipher=s,
            group=f"第{(start + i) % 9 + 1}村民小组",
            household=f"{start + i:05d}",
        )
        for i, (n, h, s) in enumerate(zip(numbers, hashes, sealed, strict=True))
    )
    Voter.objects.bulk_create(
        Voter(
            election=election,
            round=election.round,
            resident=r,
            id_hash=r.id_hash,
            added_on=election.round.starts_on,
        )
        for r in made[:on_roll]
    )
    return made
