"""Issue 15, finding 9: uploads have limits — bytes (checked as the body arrives), rows, an XLSX's
expansion — and a refused file's errors are summarised in the page, all of them in the error file."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from huanjie.accounts.models import User
from huanjie.elections.models import Election, Evidence, Round
from huanjie.units.models import Division
from huanjie.voters.models import Resident
from tests.elections.conftest import committee, stage
from tests.voters.conftest import HEADER, SHIGOU, csv_file, days, rnd, today  # noqa: F401  (fixture)  # noqa: F401  (fixtures)

IMPORT = "/office/voters/elections/{pk}/import/"


def _xlsx_bomb(rows: int) -> bytes:
    """A valid XLSX whose one sheet holds `rows` identical rows: some tens of KB, expanding a hundredfold."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    out = io.BytesIO()
    book.save(out)
    cells = "".join(f'<c t="inlineStr"><is><t>x{i}</t></is></c>' for i in range(8))
    body = "".join(f"<row>{cells}</row>" for _ in range(rows))
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>'
    )
    bomb = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source, zipfile.ZipFile(bomb, "w") as target:
        for part in source.infolist():
            data = xml.encode() if part.filename == "xl/worksheets/sheet1.xml" else source.read(part)
            target.writestr(part.filename, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return bomb.getvalue()


def _post(client: Client, election: Election, name: str, data: bytes) -> Any:
    return client.post(IMPORT.format(pk=election.pk), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def shigou(days: Round) -> Election:  # noqa: F811
    return committee(days, SHIGOU)


def test_it_refuses_an_xlsx_that_expands_too_much_at_once(
    shigou: Election, clerk: User, client_for: Any
) -> None:
    bomb = _xlsx_bomb(200_000)
    assert len(bomb) < 400_000  # expanding to some 60 MB
    started = time.monotonic()
    response = _post(client_for(clerk), shigou, "bomb.xlsx", bomb)
    assert time.monotonic() - started < 5  # it took 41 s to read
    assert response.status_code == 200
    (error,) = response.context["errors"]
    assert error.rule == "expansion"
    assert not Resident.objects.filter(unit=shigou.unit).exists()


def test_it_refuses_a_file_over_the_row_limit(
    shigou: Election, clerk: User, client_for: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_ROWS = 50
    rows = [["x", f"村民{i}", SHIGOU, "", "", "是", "是", ""] for i in range(60)]
    response = _post(client_for(clerk), shigou, "big.csv", csv_file(rows))
    (error,) = response.context["errors"]
    assert error.rule == "rows"


def test_it_summarises_the_errors_of_a_big_bad_file(
    shigou: Election, clerk: User, client_for: Any, settings: Any
) -> None:
    # A file this large goes to a background job by default (tests/jobs/test_voter_upload.py); here the
    # page itself checks it, as it does any file under VOTER_UPLOAD_JOB_BYTES.
    settings.VOTER_UPLOAD_JOB_BYTES = 50_000_000
    # 20,000 bad rows, each unit code a long cell that the message used to quote whole.
    code = "6" * 400
    rows = [["1" * 18, f"村民{i}", code, "", "", "是", "是", ""] for i in range(20_000)]
    data = csv_file(rows)
    assert len(data) > 8_000_000
    client = client_for(clerk)
    response = _post(client, shigou, "bad.csv", data)
    assert response.status_code == 200
    assert response.context["error_total"] >= 20_000
    assert len(response.context["errors"]) == 200
    assert len(response.content) < 400_000  # was 20 MB
    report = client.get(f"/office/voters/elections/{shigou.pk}/import/errors.xlsx")
    assert report.status_code == 200 and len(report.content) > 100_000  # every error, to the cap


def test_it_gives_a_located_error_for_a_csv_cell_over_the_csv_limit(
    shigou: Election, clerk: User, admin: User, client_for: Any
) -> None:
    long = '"' + "x" * 140_000 + '"'
    data = (",".join(HEADER) + "\n" + f"1,{long},{SHIGOU},,,是,是,\n").encode()
    response = _post(client_for(clerk), shigou, "long.csv", data)
    assert response.status_code == 200
    (error,) = response.context["errors"]
    assert error.rule == "csv" and error.row == 2
    # the other readers (core.tabular): the division import
    divisions = "区划代码,名称,层级,上级代码\n" + f"620102023999,{long},村,620102023000\n"
    client = client_for(admin)
    response = client.post(
        "/office/divisions/import/", {"file": SimpleUploadedFile("d.csv", divisions.encode())}
    )
    assert response.status_code == 200
    (error,) = response.context["errors"]
    assert error.rule == "csv"
    assert client.get("/office/file-errors.csv").content.decode("utf-8-sig").count("\n") == 2
    assert not Division.objects.filter(code="620102023999").exists()


def test_it_cuts_an_upload_at_the_limit_as_it_arrives(
    rnd: Round,  # noqa: F811
    today: dt.date,  # noqa: F811
    clerk: User,
    client_for: Any,
    settings: Any,
) -> None:
    settings.UPLOAD_MAX_BYTES = 100_000
    row = stage(committee(rnd, SHIGOU), "election_committee")
    client = client_for(clerk)
    big = b"%PDF-1.4\n" + b"0" * 300_000
    response = client.post(
        f"/office/stages/{row.pk}/evidence/", {"evidence": SimpleUploadedFile("n.pdf", big)}, follow=True
    )
    assert response.status_code == 200
    assert any("0.10 MB" in str(m) for m in response.context["messages"]), [
        str(m) for m in response.context["messages"]
    ]
    assert not Evidence.objects.exists()
    # Announced bigger than the limit: refused before the body is read.
    response = client.post(
        f"/office/stages/{row.pk}/evidence/",
        {"evidence": SimpleUploadedFile("n.pdf", b"%PDF-1.4\n" + b"0" * 1_300_000)},
    )
    assert response.status_code == 413
    assert not Evidence.objects.exists()
