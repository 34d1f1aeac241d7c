"""Every export is inert data (issue 15 finding 4): a text a spreadsheet would run as a formula is written
as text, in every XLSX file and in the public CSV, through the one writer in huanjie/core/export.py."""

from __future__ import annotations

import ast
import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from huanjie.core.actions import SYSTEM
from huanjie.core.export import Book, csv_bytes, sheet_title

ROOT = Path(__file__).resolve().parents[2] / "huanjie"
HOSTILE = [
    '=HYPERLINK("http://evil.example/","点此")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tx",
    "\rx",
]


def _cells(data: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(data))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _no_formula(data: bytes) -> list[Any]:
    cells = _cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    return [c.value for c in cells]


@pytest.mark.parametrize("write_only", [False, True])
def test_it_writes_formula_like_texts_as_text(write_only: bool) -> None:
    book = Book(write_only=write_only)
    sheet = book.sheet("x")
    sheet.header(["name"])
    for text in HOSTILE:
        sheet.append([text, 1, dt.date(2027, 1, 10), None])
    cells = _cells(book.save())
    texts = [c for c in cells if c.column == 1 and c.row > 1]
    assert [c.value for c in texts] == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in texts)
    assert not any(c.data_type == "f" for c in cells)


def test_it_makes_control_characters_visible_instead_of_failing() -> None:
    book = Book()
    book.sheet("x").append(["a\x00b\x07c"])
    assert _no_formula(book.save()) == ["a\ufffdb\ufffdc"]


def test_it_gives_sheets_titles_excel_accepts() -> None:
    assert sheet_title("a:b/c?d*e[f]g\\h") == "a b c d e f g h"
    assert len(sheet_title("长" * 40)) == 31
    assert sheet_title("x", ["X"]) == "x (2)"
    assert sheet_title("[]") == "Sheet"
    book = Book()
    book.sheet("进度: 2027/1 [甲]")
    book.sheet("进度: 2027/1 [甲]")
    assert load_workbook(io.BytesIO(book.save())).sheetnames == ["进度  2027 1  甲", "进度  2027 1  甲 (2)"]


def test_it_prefixes_formula_like_csv_texts() -> None:
    data = csv_bytes(["a", "b"], [{"a": t, "b": 5} for t in HOSTILE])
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    assert [r["a"] for r in rows] == ["'" + t for t in HOSTILE]
    assert {r["b"] for r in rows} == {"5"}


ALLOWED = {
    "core/export.py",  # the writer
    "demo/build.py",  # the demo's input files, read back by the import, never handed out
    "demo/province.py",  # the province demo's division file, read back by the import likewise
    "demo/supervision.py",
}


def test_it_has_one_writer_for_every_export() -> None:
    """No module but core/export.py builds a Workbook or a csv writer (reading is another matter)."""
    offenders = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel in ALLOWED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            writes_book = isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openpyxl")
            if writes_book and any(a.name in ("Workbook", "WriteOnlyCell", "Cell") for a in node.names):  # type: ignore[attr-defined]
                offenders.append(f"{rel}:{node.lineno}: imports openpyxl's writer")  # type: ignore[attr-defined]
            writes_csv = isinstance(node, ast.Attribute) and node.attr in ("writer", "DictWriter")
            if writes_csv and isinstance(node.value, ast.Name) and node.value.id == "csv":  # type: ignore[attr-defined]
                offenders.append(f"{rel}:{node.lineno}: csv.{node.attr}")  # type: ignore[attr-defined]
    assert offenders == []


# Every export through HTTP, with a unit and a street whose names are formulas.

HOSTILE_TREE = """区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法
620102023000,"=HYPERLINK(""http://evil.example/"",""青白石"")",Qingbaishi Street,街道,620102000000,,是,
620102023201,+1+cmd|' /C calc'!A0,Shigou Village,村,620102023000,村,,
"""

EXPORTS = [
    "/office/rounds/{rnd}/progress.xlsx",
    "/office/reports/tables.xlsx?round={rnd}",
    "/office/reports/previous-term/template.xlsx",
    *(
        f"/office/supervision/{page}/?format=xlsx&round={{rnd}}"
        for page in (
            "agenda",
            "group",
            "contacts",
            "liaison",
            "plans",
            "deadlines",
            "training",
            "training/staff",
            "training/coverage",
            "publicity",
            "teams",
            "findings",
            "petitions",
            "petitions/watch",
        )
    ),
]


@pytest.mark.django_db
def test_it_keeps_every_export_inert(tree: Any, admin: Any, client_for: Any, settings: Any) -> None:
    from huanjie.elections.actions import do_open_round, do_set_election_day
    from huanjie.elections.models import Election
    from huanjie.supervision.actions import do_receive_petition, do_set_deadline
    from huanjie.units.actions import do_import_divisions
    from huanjie.units.models import Division
    from tests.supervision.conftest import ELECTION_DAY, SHIGOU

    do_import_divisions("tree.csv", HOSTILE_TREE.encode(), actor=SYSTEM)
    rnd = do_open_round(
        district=tree["Chengguan"], name="换届", profile="gansu", starts_on=dt.date(2026, 11, 1),
        ends_on=dt.date(2027, 3, 31), bodies=["villagers_committee", "residents_committee"], actor=SYSTEM,
    )  # fmt: skip
    for election in Election.objects.filter(round=rnd).select_related("round", "unit", "body"):
        do_set_election_day(election, ELECTION_DAY, actor=SYSTEM)
    do_receive_petition(
        rnd, division=Division.objects.get(code=SHIGOU), channel="letter", received_on=dt.date(2026, 12, 1),
        subject=HOSTILE[0], content=HOSTILE[1], petitioners="@张三", petitioner_count=1, actor=SYSTEM,
    )  # fmt: skip
    deadline = do_set_deadline(rnd, division=tree["Chengguan"], title="报送: 名单/材料? *[第1批]*", due_on=dt.date(2026, 12, 20), actor=SYSTEM)  # fmt: skip
    settings.HUANJIE_TODAY = "2026-12-05"
    client = client_for(admin)
    seen: set[str] = set()
    for address in [*EXPORTS, f"/office/supervision/deadlines/{deadline.pk}/?format=xlsx&round={{rnd}}"]:
        response = client.get(address.format(rnd=rnd.pk))
        assert response.status_code == 200, address
        assert response.content[:2] == b"PK", address
        seen.update(str(v) for v in _no_formula(response.content) if v is not None)
    assert "+1+cmd|' /C calc'!A0" in seen and HOSTILE[0] in seen  # the hostile names were exported, as text
