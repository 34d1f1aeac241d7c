"""The member roll from a file: residents matched by ID number, members not on the register typed in;
a file with any bad row is refused whole, each error located by row and column."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import FileRejected, NotAllowed
from huanjie.elections.actions import do_set_election_day
from huanjie.elections.models import Election, Round
from huanjie.party.importing import do_import_members
from huanjie.party.models import PartyMember
from huanjie.voters.actions import do_import_voters
from tests.elections.conftest import committee
from tests.party.conftest import SHIGOU
from tests.voters.conftest import csv_file, good_rows, person

pytestmark = pytest.mark.django_db
HEADER = ["身份证号", "姓名", "性别", "出生日期", "文化程度", "党员类别", "有选举权", "上届职务"]


def _register(rnd: Round, today: dt.date) -> None:
    do_set_election_day(committee(rnd, SHIGOU), today + dt.timedelta(days=40), actor=SYSTEM)
    do_import_voters(rnd, "people.csv", csv_file(good_rows(SHIGOU, 3)), actor=SYSTEM)


def test_it_imports_residents_and_members_not_on_the_register(
    rnd: Round, today: dt.date, branch: Election, clerk: Any
) -> None:
    _register(rnd, today)
    rows = [
        [person(0), "", "", "", "高中", "正式", "是", "书记"],
        [person(1), "", "", "", "大专", "预备", "", ""],
        ["", "外来党员", "女", "1980-05-01", "本科", "正式", "否", ""],
    ]
    assert do_import_members(branch, "roll.csv", csv_file(rows, HEADER), actor=clerk) == 3
    first, second, third = PartyMember.objects.order_by("pk")
    assert (
        first.resident is not None
        and first.name == "村民0"
        and first.previous_post == "书记"
        and first.can_vote
    )
    assert second.standing == "probationary" and not second.voting_rights  # P1, whatever the file says
    assert third.resident is None and third.education == "university" and not third.can_vote


def test_it_refuses_a_file_with_a_bad_row_whole(
    rnd: Round, today: dt.date, branch: Election, clerk: Any
) -> None:
    _register(rnd, today)
    rows = [
        [person(0), "", "", "", "高中", "正式", "是", ""],
        [person(7, age=50), "", "", "", "", "正式", "", ""],  # not a resident of Shigou
        ["", "", "男", "1970-13-01", "", "党员", "", ""],
        [person(0), "", "", "", "", "正式", "", ""],  # twice
    ]
    with pytest.raises(FileRejected) as exc:
        do_import_members(branch, "roll.csv", csv_file(rows, HEADER), actor=clerk)
    located = {(e.row, e.column) for e in exc.value.errors}
    assert {(3, "id_number"), (4, "standing"), (4, "birth_date"), (5, "id_number")} <= located
    assert not PartyMember.objects.exists()


def test_it_imports_only_in_scope(branch: Election, outsider: Any) -> None:
    with pytest.raises(NotAllowed):
        do_import_members(branch, "roll.csv", csv_file([], HEADER), actor=outsider)


def test_it_imports_through_the_page(
    client_for: Any, rnd: Round, today: dt.date, branch: Election, clerk: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(clerk)
    data = csv_file([["", "外来党员", "女", "", "", "正式", "", ""]], HEADER)
    url = f"/office/elections/{branch.pk}/party/import/"
    client.post(url, {"file": SimpleUploadedFile("roll.csv", data)})
    bad = csv_file([["", "外来党员", "?", "", "", "正式", "", ""]], HEADER)
    page = client.post(url, {"file": SimpleUploadedFile("roll.csv", bad)}, follow=True).content.decode()
    assert "2 · sex" in page and PartyMember.objects.count() == 1
