"""The fast path of the voter import (issue 5) gives what checking row by row gives.

The vectorised sweep passes only plainly written good rows and sends every other row through the
row-by-row checks: whatever path a row takes, the errors, the notes, the counts and the staged rows must
be those of `Checker._row` run on every row. Also: the readers number rows as `csv` and openpyxl do, and a big
PostgreSQL import puts the foreign keys back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from openpyxl import Workbook

from huanjie.core import tabular
from huanjie.core.errors import RowError
from huanjie.elections.models import Election
from huanjie.rules import idnumber, profiles
from huanjie.voters import idcrypto, staging
from huanjie.voters.actions import do_import_voters
from huanjie.voters.fastcheck import STAGE_SCHEMA, Staged
from huanjie.voters.importing import Checker, Target, _Row, open_table
from huanjie.voters.models import Resident, Voter
from huanjie.voters.reading import read_frame
from tests.voters.conftest import SHIGOU, csv_file, good_rows, person
from tests.voters.test_import import FULL, row

pytestmark = pytest.mark.django_db


def _checker(election: Election) -> Checker:
    assert election.election_day is not None
    targets = {
        election.unit.code: Target(election.unit_id, election.pk, election.election_day, True),
        "620102023202": Target(99, 98, None, True),  # an election without its day
        "620102015201": Target(97, 96, election.election_day, False),  # out of scope
    }
    return Checker(
        targets=targets, fixed_unit=None, profile=profiles.load("gansu"), today=dt.date.today(), progress=None
    )


def _row_by_row(checker: Checker, name: str, data: bytes) -> list[Staged]:
    """The reference: every row through `_row`, the way the import checked files before the sweep."""
    _estimate, columns, table = open_table(name, data)
    index = [(i, c) for i, c in enumerate(columns) if c]
    staged = []
    for number, raw in table:
        cells = {c: raw[i].strip() for i, c in index}
        if not any(cells.values()):
            continue
        checker.result.rows += 1
        one = checker._row(_Row(number, cells, checker.result.errors))
        if one is not None and not checker.result.errors:
            staged.append(one)
    return staged


def _plain(staged: list[Staged]) -> list[tuple[Any, ...]]:
    """The staged rows without the cipher (random nonce) but with the number it decrypts to."""
    return sorted((*s[:5], idcrypto.decrypt(s[5]), *s[6:]) for s in staged)


def _same_as_row_by_row(election: Election, name: str, data: bytes) -> list[RowError]:
    fast, slow = _checker(election), _checker(election)
    staged = list(fast.run(*open_table(name, data)[1:]))
    reference = _row_by_row(slow, name, data)
    a, b = fast.result, slow.result
    assert a.errors == b.errors
    assert a.notes == b.notes
    assert (a.rows, a.registered, a.excluded) == (b.rows, b.registered, b.excluded)
    # A file with an error is refused whole: the sweep stages nothing of it, not even its good rows.
    assert _plain(staged) == (_plain(reference) if not a.errors else [])
    return a.errors


# Rows the sweep passes and rows it hands to `_row`: a lower-case x, spaces in the number, a legacy
# 15-digit number, dates written with / or dots, a wish statement, category 3, exclusions, the under-age.
X_PERSON = next(person(n) for n in range(100, 200) if person(n).endswith("X"))
UNUSUAL = [
    row(1),
    row(2, id=X_PERSON.lower()),
    row(3, id=f" {person(3)[:6]} {person(3)[6:]} "),
    row(4, id="620102900101123"),  # legacy: 1990-01-01, upgraded and accepted in Gansu
    row(5, hukou="否", since="2015/03/01"),
    row(6, hukou="否", since="2015-03-01", applied="2026-01-02", approved="2026-01-09"),
    row(7, hukou="否", since="2015-03-01"),  # category 3 without application: kept as resident
    row(8, lives="否"),  # category 2 without the wish statement: kept as resident
    row(9, lives="否", wish="是"),
    row(10, deprived="是"),
    row(11, lost="Y"),
    row(12, id=person(12, age=17)),
    row(13, sex="男", birth=""),
    row(14, id=person(14, sex="female"), sex="F"),
    row(15, hukou="TRUE", lives="yes"),
    row(16, name="\x1c张16\u3000", household="\x1f0016"),  # whitespace to Python, not to Rust
    ["", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
]


def test_it_stages_unusual_rows_as_checking_row_by_row_does(shigou: Election) -> None:
    errors = _same_as_row_by_row(shigou, "mixed.csv", csv_file(UNUSUAL, FULL))
    assert errors == []


BAD = [
    row(1),
    row(2, id=X_PERSON),
    row(3, id=X_PERSON.lower()),  # the same person as row 2, written differently
    row(4, id=person(4)[:17] + "0" if person(4)[17] != "0" else person(4)[:17] + "1"),
    row(5, unit="620102023202"),
    row(6, unit="620102015201"),
    row(7, unit=""),
    row(8, hukou="maybe", since="2015.3.1"),
    row(9, hukou="否", since="2999-01-01"),
    row(10, name="王" * 61, group="组" * 41),
    row(11, applied="2026-01-05", approved="2026-01-02", approval_by="乡政府"),
    row(12, sex="女"),
    row(13, birth="1901-01-01"),
    row(1, name="again"),
    row(15, id=" "),
]


def test_it_finds_the_same_errors_as_checking_row_by_row(shigou: Election) -> None:
    errors = _same_as_row_by_row(shigou, "bad.csv", csv_file(BAD, FULL))
    assert {e.row for e in errors} == set(range(4, 17))  # the header is row 1


def test_it_imports_a_file_of_unusual_rows(shigou: Election, admin: Any) -> None:
    summary = do_import_voters(shigou.round, "mixed.csv", csv_file(UNUSUAL, FULL), actor=admin)
    assert (summary.rows, summary.registered, summary.excluded, len(summary.notes)) == (16, 10, 2, 4)
    upgraded = Resident.objects.get(name="张4")
    assert idcrypto.decrypt(upgraded.id_cipher) == "62010219900101123" + idnumber.check_digit(
        "62010219900101123"
    )
    assert idcrypto.decrypt(Resident.objects.get(name="张2").id_cipher) == X_PERSON
    assert Resident.objects.filter(name="张16", household="0016").exists()


H2, H3 = "身份证号,姓名", "身份证号,姓名,户号"
TEXTS = [
    f"{H3}\n1,2,3\n",
    f"{H3}\r\n1,,3\r\n\r\n4,5\r\n6,7,8,9\r\n",
    f'{H3}\n1,"x,\ny",3\n"q""uote",2,3\n',
    f"\n\n{H2}\n1,2\n",
    f"{H2}\r1,2\r3,4\r",
    f"{H2}\n1,\x1cx\x1c\n",
    f",\n{H3}\n1,2,3,4\n",
]


@pytest.mark.parametrize("text", TEXTS)
def test_it_reads_a_csv_file_as_the_csv_module_does(text: str) -> None:
    frame = read_frame("f.csv", "\ufeff".encode() + text.encode())
    reference = list(enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    header = next(i for i, (_n, r) in enumerate(reference) if any(c.strip() for c in r))
    width = len(reference[header][1])
    want = [(n, (r + [""] * width)[:width]) for n, r in reference[header:]]
    assert [(r[0], list(r[1 : width + 1])) for r in frame.rows()][header:] == want


def test_it_reads_a_gb18030_file() -> None:
    data = csv_file(good_rows(SHIGOU, 3)).decode().encode("gb18030")
    _n, columns, table = open_table("f.csv", data)
    assert columns[:2] == ["id_number", "name"] and [cells[1] for _r, cells in table] == [
        "村民0",
        "村民1",
        "村民2",
    ]


def test_it_reads_an_xlsx_file_as_openpyxl_does() -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([])
    sheet.append(["身份证号", "姓名", "户号", "居住起始日期", "户籍在本村"])
    sheet.append([person(1), " 王伟 ", 12, dt.datetime(2015, 3, 1), True])
    sheet.append([person(2), "李娜", 3.0, "2015-03-01", None])
    sheet.append([])
    sheet.append([person(3), "张三", 4.5, dt.date(2016, 1, 2), "否"])
    out = io.BytesIO()
    book.save(out)
    rows = list(enumerate(tabular._open_rows("f.xlsx", out.getvalue()), start=1))
    frame = read_frame("f.xlsx", out.getvalue())
    # calamine gives a date where openpyxl gives a datetime at midnight: the same date to the checks.
    want = [(n, [c.removesuffix(" 00:00:00") for c in (r + [""] * 5)[:5]]) for n, r in rows]
    assert [(r[0], [c.strip() for c in r[1:]]) for r in frame.rows()] == want


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the foreign keys are set aside on PostgreSQL")
def test_it_puts_the_foreign_keys_back_after_a_big_import(
    shigou: Election, admin: Any, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    def keys() -> list[tuple[str, str, str]]:
        with connection.cursor() as cursor:
            cursor.execute(
                """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2""",
                [list(staging.WRITTEN)],
            )
            return list(cursor.fetchall())

    before = keys()
    monkeypatch.setattr(staging, "BIG", 10)
    # (validated once the import commits: bulk.Direct puts them back NOT VALID)
    with django_capture_on_commit_callbacks(execute=True):
        summary = do_import_voters(shigou.round, "big.csv", csv_file(good_rows(SHIGOU, 30)), actor=admin)
    assert summary.voters_added == 30 and Voter.objects.count() == 30
    assert keys() == before and len(before) == 4


def test_it_takes_a_file_with_only_the_header(shigou: Election, admin: Any) -> None:
    summary = do_import_voters(shigou.round, "empty.csv", csv_file([], [*FULL, "身份证号码"]), actor=admin)
    assert (summary.rows, summary.voters_added, summary.residents_added) == (0, 0, 0)


def test_it_stages_the_columns_in_the_staging_tables_order() -> None:
    # COPY and INSERT name the staging table's columns; the frame must hold them in the same order.
    assert list(STAGE_SCHEMA) == [name for name, _pg, _lite in staging.STAGE_COLUMNS]
