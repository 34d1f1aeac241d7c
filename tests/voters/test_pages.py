"""Every page and export: scope (404 outside, 403 for roles that may not write), and never an unmasked
ID number — in pages, PDFs, spreadsheets or URLs."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from huanjie.accounts.roles import Capability, can
from huanjie.elections.models import Election
from huanjie.voters.actions import do_import_voters
from huanjie.voters.models import Objection, Resident, Voter
from huanjie.voters.objections import do_lodge_objection
from tests.voters.conftest import FULL_ID, SHIGOU, csv_file, good_rows, person, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(shigou: Election, admin: Any, today: dt.date) -> Election:
    do_import_voters(shigou.round, "s.csv", csv_file(good_rows(SHIGOU, 12)), actor=admin)
    publish(shigou, today)
    do_lodge_objection(
        shigou,
        resident=Resident.objects.get(name="村民2"),
        kind="wrongly_listed",
        lodged_by="李四",
        grounds="已迁出。",
        lodged_on=today,
        actor=admin,
    )
    return shigou


def _urls(e: Election) -> list[str]:
    voter = Voter.objects.filter(election=e).first()
    assert voter is not None
    return [
        reverse("voters:roll", args=[e.pk]),
        reverse("voters:roll", args=[e.pk]) + "?status=excluded",
        reverse("voters:voter", args=[voter.pk]),
        reverse("voters:list", args=[e.pk]),
        reverse("voters:objections", args=[e.pk]),
        reverse("voters:import", args=[e.pk]),
    ]


def _numbers() -> list[str]:
    return [person(i) for i in range(12)]


def _assert_no_id(text: str) -> None:
    for number in _numbers():
        assert number not in text and number[6:14] + number[14:17] not in text
    assert not re.search(FULL_ID, text)


@pytest.mark.parametrize("role", ["admin", "officer", "clerk"])
def test_it_shows_the_pages_in_scope(ready: Election, client_for: Any, role: str, request: Any) -> None:
    user = request.getfixturevalue(role)
    client = client_for(user)
    for url in _urls(ready):
        response = client.get(url)
        assert response.status_code == 200, url
        # Only a voter's own page shows the full number, and only to roles with the capability.
        if not can(user, Capability.VIEW_ID_NUMBERS) or "/voters/voters/" not in url:
            _assert_no_id(response.content.decode())


def test_it_shows_the_full_number_only_to_roles_that_may_see_it(
    ready: Election, client_for: Any, clerk: Any, officer: Any
) -> None:
    voter = Voter.objects.get(resident__name="村民0")
    url = reverse("voters:voter", args=[voter.pk])
    assert person(0) in client_for(clerk).get(url).content.decode()
    page = client_for(officer).get(url).content.decode()
    assert person(0) not in page and voter.resident.id_masked in page


def test_it_hides_everything_outside_the_scope(
    ready: Election, client_for: Any, outsider: Any, liaison: Any
) -> None:
    for user in (outsider, liaison):  # another district; another street
        client = client_for(user)
        for url in _urls(ready):
            assert client.get(url).status_code == 404, url
        assert client.get(reverse("voters:list_pdf", args=[ready.pk])).status_code == 404
        objection = Objection.objects.get()
        assert client.post(reverse("voters:decide_objection", args=[objection.pk]), {}).status_code in (
            403,
            404,
        )


def test_it_refuses_writes_to_readers(ready: Election, client_for: Any, inspector: Any) -> None:
    client = client_for(inspector)
    voter = Voter.objects.filter(election=ready).first()
    assert voter is not None
    for url in (
        reverse("voters:build", args=[ready.pk]),
        reverse("voters:add", args=[ready.pk]),
        reverse("voters:remove", args=[voter.pk]),
        reverse("voters:import", args=[ready.pk]),
    ):
        assert client.post(url, {}).status_code == 403, url
    assert client.post(reverse("voters:objections", args=[ready.pk]), {}).status_code == 403


def test_the_published_list_has_name_sex_and_group_only(
    ready: Election, client_for: Any, officer: Any
) -> None:
    page = client_for(officer).get(reverse("voters:list", args=[ready.pk])).content.decode()
    assert "村民0" in page and "第1村民小组" in page
    for r in Resident.objects.all():
        assert r.id_masked not in page
    assert (
        reverse("voters:list", args=[ready.pk])
        in client_for(officer).get(reverse("elections:election", args=[ready.pk])).content.decode()
    )


def test_the_import_page_reports_errors_and_the_xlsx_report_has_no_id(
    shigou: Election, client_for: Any, officer: Any
) -> None:
    client = client_for(officer)
    rows = good_rows(SHIGOU, 5)
    bad = rows[2][0][:17] + ("0" if rows[2][0][17] != "0" else "1")
    rows[2][0] = bad
    upload = io.BytesIO(csv_file(rows))
    upload.name = "s.csv"
    page = client.post(reverse("voters:import", args=[shigou.pk]), {"file": upload}).content.decode()
    assert "GB11643" in page and bad not in page
    assert not Resident.objects.exists()
    report = client.get(reverse("voters:import_report", args=[shigou.pk]))
    assert report.status_code == 200
    sheet = load_workbook(io.BytesIO(report.content)).worksheets[0]
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    assert values[1][:3] == [4, "id_number", "GB11643"]
    assert bad not in str(values)
    template = client.get(reverse("voters:template"))
    assert (
        template.status_code == 200 and load_workbook(io.BytesIO(template.content)).worksheets[0]["A1"].value
    )


def test_the_import_page_imports_a_good_file(shigou: Election, client_for: Any, clerk: Any) -> None:
    upload = io.BytesIO(csv_file(good_rows(SHIGOU, 5)))
    upload.name = "s.csv"
    page = (
        client_for(clerk).post(reverse("voters:import", args=[shigou.pk]), {"file": upload}).content.decode()
    )
    assert "import-summary" in page and Voter.objects.filter(election=shigou).count() == 5


def test_the_roll_forms_change_the_roll(ready: Election, client_for: Any, clerk: Any, today: dt.date) -> None:
    client = client_for(clerk)
    voter = Voter.objects.get(resident__name="村民5")
    client.post(reverse("voters:remove", args=[voter.pk]), {"reason": "died", "on": today.isoformat()})
    voter.refresh_from_db()
    assert voter.status == "removed"
    client.post(
        reverse("voters:add", args=[ready.pk]),
        {"resident": voter.resident_id, "reason": "registration", "on": today.isoformat()},
    )
    voter.refresh_from_db()
    assert voter.status == "registered"
    objection = Objection.objects.get()
    client.post(
        reverse("voters:decide_objection", args=[objection.pk]),
        {"accept": "1", "decided_on": today.isoformat(), "reasons": "已迁出本村。"},
    )
    assert Objection.objects.get().decision == "accepted"


def test_the_pdfs_carry_no_id_numbers(ready: Election, client_for: Any, officer: Any) -> None:
    pytest.importorskip("weasyprint")
    from huanjie.core.pdf import PdfError, covered_characters

    try:
        covered_characters()
    except PdfError as exc:
        pytest.skip(str(exc))
    client = client_for(officer)
    for name in ("voters:list_pdf", "voters:supplementary_pdf", "voters:cards_pdf"):
        response = client.get(reverse(name, args=[ready.pk]))
        assert response.status_code == 200 and response.content.startswith(b"%PDF"), name
        _assert_no_id(response.content.decode("latin-1"))


def test_the_list_page_shows_a_page_of_names_in_as_many_queries_however_long_the_list(
    shigou: Election, clerk: Any, client_for: Any, today: dt.date
) -> None:
    """Issue 20: a community's 3,000 names rendered at once took 200 ms of CPU; the page shows LIST_PAGE of
    them, numbered on across pages, with the same queries for 6 names as for 450 (the PDF stays whole)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from huanjie.voters.views.published import LIST_PAGE
    from tests.voters.residents_at_size import make_residents

    make_residents(shigou, 6, on_roll=6)  # the draft list (before publication): the roll as it stands
    client = client_for(clerk)
    url = reverse("voters:list", args=[shigou.pk])
    client.get(url)  # the first request of a session reads what later ones find cached

    def queries(address: str) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(address)
        assert response.status_code == 200
        return len(captured), response.content.decode()

    few, html = queries(url)
    assert html.count("<td>村民") == 6 and "pager" not in html
    make_residents(shigou, 444, start=6, on_roll=444)
    many, html = queries(url)
    assert many == few
    assert html.count("<td>村民") == LIST_PAGE and ">450<" not in html and "450" in html  # the total
    last, html = queries(f"{url}?page=3")
    assert last == few and html.count("<td>村民") == 450 - 2 * LIST_PAGE
    assert f'<td class="num">{2 * LIST_PAGE + 1}</td>' in html
