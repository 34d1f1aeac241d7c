"""Importing a division tree: validated whole, imported whole or not at all, idempotent."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from openpyxl import Workbook

from huanjie.core.actions import SYSTEM
from huanjie.core.errors import FileRejected
from huanjie.units.actions import do_import_divisions
from huanjie.units.models import Body, Division
from tests.conftest import TREE_CSV

pytestmark = pytest.mark.django_db

HEADER = "区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法\n"


def _errors(csv_text: str, actor: Any = SYSTEM) -> list[tuple[int, str, str]]:
    with pytest.raises(FileRejected) as info:
        do_import_divisions("t.csv", csv_text.encode(), actor=actor)
    return [(e.row, e.column, e.rule) for e in info.value.errors]


def test_it_imports_a_tree_with_bodies(tree: Any) -> None:
    shigou = Division.objects.get(code="620102023201")
    assert shigou.path == "620000000000/620100000000/620102000000/620102023000/620102023201/"
    assert set(Body.objects.filter(unit=shigou).values_list("name", flat=True)) == {
        "石沟村村民委员会",
        "石沟村党支部",
    }
    jincheng = Division.objects.get(code="620102023001")
    assert set(Body.objects.filter(unit=jincheng).values_list("kind", flat=True)) == {
        "party_branch",
        "residents_committee",
    }


def test_it_changes_nothing_when_imported_again(tree: Any) -> None:
    summary = do_import_divisions("tree.csv", TREE_CSV.encode(), actor=SYSTEM)
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 13)


def test_it_updates_a_renamed_division(tree: Any) -> None:
    summary = do_import_divisions(
        "t.csv", TREE_CSV.replace("上坪村,Shangping", "上坪新村,Shangping").encode(), actor=SYSTEM
    )
    assert summary.updated == 1
    assert Division.objects.get(code="620102023202").name == "上坪新村"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("62010202320,短码村,,村,620102023000,村,,", (3, "code", "code")),
        ("620102023203,,,村,620102023000,村,,", (3, "name", "required")),
        ("620102023203,新村,,乡村,620102023000,村,,", (3, "level", "level")),
        ("620102023203,新村,,村,620102099000,村,,", (3, "parent_code", "parent")),
        ("620102023203,新村,,村,620102000000,村,,", (3, "parent_code", "parent")),
        ("620102015203,新村,,村,620102023000,村,,", (3, "code", "code")),
        ("620102023203,新村,,unit,620102023000,,,", (3, "kind", "kind")),
        ("620102023201,石沟村,,村,620102015000,村,,", (3, "parent_code", "parent")),
    ],
)
def test_it_locates_each_bad_row(tree: Any, row: str, expected: tuple[int, str, str]) -> None:
    text = HEADER + "620102023000,青白石街道,Qingbaishi Street,街道,620102000000,,是,\n" + row + "\n"
    assert expected in _errors(text)


def test_it_refuses_duplicates_and_imports_nothing(db: Any) -> None:
    text = TREE_CSV + "620102023201,石沟村二,,村,620102023000,村,,\n"
    errors = _errors(text)
    assert (15, "code", "duplicate") in errors
    assert Division.objects.count() == 0


def test_it_refuses_an_unknown_column(db: Any) -> None:
    assert (1, "颜色", "header") in _errors("区划代码,名称,层级,颜色\n620000000000,甘肃省,省,红\n")


def test_it_refuses_a_missing_column(db: Any) -> None:
    assert (1, "level", "header") in _errors("区划代码,名称\n620000000000,甘肃省\n")


def test_it_refuses_rows_outside_the_admins_scope(admin: Any) -> None:
    text = HEADER + "620103001002,新社区,,社区,620103001000,社区,,\n"
    assert (2, "code", "scope") in _errors(text, actor=admin)
    text = HEADER + "620102023203,新村,,村,620102023000,村,,\n"
    assert do_import_divisions("t.csv", text.encode(), actor=admin).created == 1


def test_it_reads_xlsx_and_gb18030(db: Any) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for line in TREE_CSV.strip().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert do_import_divisions("tree.xlsx", buffer.getvalue(), actor=SYSTEM).created == 13
    assert do_import_divisions("tree.csv", TREE_CSV.encode("gb18030"), actor=SYSTEM).unchanged == 13


def test_it_refuses_a_damaged_xlsx_and_other_types(db: Any) -> None:
    assert _errors_for("t.xlsx", b"not a zip")[0][2] == "file"
    assert _errors_for("t.pdf", b"%PDF")[0][2] == "file"


def _errors_for(name: str, data: bytes) -> list[tuple[int, str, str]]:
    with pytest.raises(FileRejected) as info:
        do_import_divisions(name, data, actor=SYSTEM)
    return [(e.row, e.column, e.rule) for e in info.value.errors]


def test_it_imports_through_the_office_and_shows_errors(client_for: Any, admin: Any) -> None:
    client = client_for(admin)
    bad = SimpleUploadedFile("t.csv", (HEADER + "620102023203,,,村,620102023000,村,,\n").encode())
    body = client.post("/office/divisions/import/", {"file": bad}).content.decode()
    assert "import-errors" in body and "required" in body
    good = SimpleUploadedFile("t.csv", (HEADER + "620102023203,新村,,村,620102023000,村,,\n").encode())
    assert client.post("/office/divisions/import/", {"file": good}).status_code == 302
    assert Division.objects.filter(code="620102023203").exists()


def test_it_imports_from_the_command_line(db: Any, tmp_path: Any) -> None:
    path = tmp_path / "tree.csv"
    path.write_text(TREE_CSV, encoding="utf-8")
    out = io.StringIO()
    call_command("import-divisions", str(path), stdout=out)
    assert "13 created" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "1,x,,村,2,村,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(SystemExit) as info:
        call_command("import-divisions", str(bad), stdout=out, stderr=err)
    assert info.value.code == 2
    assert "row 2" in err.getvalue()
