"""B3: a person is registered in one unit only in a round — found by keyed hash across units."""

from __future__ import annotations

from typing import Any

import pytest

from huanjie.core.errors import ActionError, FileRejected
from huanjie.elections.models import Election
from huanjie.voters.actions import do_add_voter, do_build_roll, do_import_voters
from huanjie.voters.models import Resident, Voter
from tests.voters.conftest import SHANGPING, SHIGOU, csv_file, good_rows

pytestmark = pytest.mark.django_db


def test_it_finds_the_same_person_on_another_units_roll(
    shigou: Election, shangping: Election, admin: Any
) -> None:
    do_import_voters(shigou.round, "shigou.csv", csv_file(good_rows(SHIGOU, 10)), actor=admin)
    moved = good_rows(SHANGPING, 10, start=5)  # persons 5..9 are on Shigou's roll already
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "shangping.csv", csv_file(moved), actor=admin)
    assert [(e.row, e.rule) for e in info.value.errors] == [(r, "B3") for r in range(2, 7)]
    assert "石沟村" in info.value.errors[0].message
    assert not Voter.objects.filter(election=shangping).exists()
    assert not Resident.objects.filter(unit=shangping.unit).exists()


def test_it_finds_a_person_twice_in_a_district_file(shigou: Election, admin: Any) -> None:
    rows = [*good_rows(SHIGOU, 3), [*good_rows(SHANGPING, 1)[0]]]
    rows[-1][0] = rows[0][0]
    with pytest.raises(FileRejected) as info:
        do_import_voters(shigou.round, "district.csv", csv_file(rows), actor=admin)
    assert [(e.row, e.rule) for e in info.value.errors] == [(5, "duplicate_in_file")]


def test_it_leaves_persons_registered_elsewhere_out_of_a_roll_built_from_residents(
    shigou: Election, shangping: Election, admin: Any
) -> None:
    do_import_voters(shigou.round, "s.csv", csv_file(good_rows(SHIGOU, 4)), actor=admin)
    # The same four persons are also residents of Shangping (e.g. the household register of both).
    for r in Resident.objects.filter(unit=shigou.unit):
        Resident.objects.create(
            unit=shangping.unit,
            name=r.name,
            sex=r.sex,
            birth_year=r.birth_year,
            id_hash=r.id_hash,
            id_masked=r.id_masked,
            id_cipher=r.id_cipher,
        )
    assert do_build_roll(shangping, actor=admin) == 0
    with pytest.raises(ActionError):
        do_add_voter(
            shangping,
            Resident.objects.filter(unit=shangping.unit).first(),  # type: ignore[arg-type]
            reason="moved_in",
            on=shangping.round.starts_on,
            actor=admin,
        )
