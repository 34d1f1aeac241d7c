"""Input checked before any view (issue 15 findings 7 and 10): NUL refused everywhere, numbers written with
other digits than 0-9 refused in ids and numeric values, each with a located 400 instead of a 500 or a
silent reinterpretation; free text keeps its full-width digits."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huanjie.core.input import _non_ascii_number
from huanjie.units.codes import code_problem

pytestmark = pytest.mark.django_db


def test_it_refuses_nul_in_the_address_the_query_and_form_fields(client_for: Any, admin: Any) -> None:
    client = client_for(admin)
    assert client.get("/office/accounts/?q=a%00b").status_code == 400
    refused = client.post("/office/accounts/new/", {"username": "a\x00b", "password": "x"})
    assert refused.status_code == 400 and "username" in refused.content.decode()
    upload = SimpleUploadedFile("tree\x00.csv", b"x", content_type="text/csv")
    assert client.post("/office/divisions/import/", {"file": upload}).status_code in (200, 302, 400)
    assert client.get("/%00/").status_code == 400


def test_it_refuses_ids_and_numbers_in_other_digits(client_for: Any, admin: Any) -> None:
    client = client_for(admin)
    for address in (
        "/office/elections/１２/",
        "/office/rounds/١٢/progress.xlsx",
        "/office/reports/?round=１",
        "/office/supervision/petitions/?round=١٢",
        "/office/supervision/publicity/1/?photo=²",
        "/units/６２０１０２０２３２０１/",
    ):
        response = client.get(address)
        assert response.status_code in (400, 404), address
    located = client.get("/office/supervision/petitions/?round=١٢").content.decode()
    assert "round" in located and "0" in located


def test_it_keeps_full_width_digits_in_free_text() -> None:
    assert not _non_ascii_number("第１村民小组")
    assert not _non_ascii_number("面积100m²")
    assert _non_ascii_number("１２") and _non_ascii_number("١٢") and _non_ascii_number("²")
    assert _non_ascii_number("２０２７-０１-１０") and not _non_ascii_number("2027-01-10")


def test_it_takes_division_codes_in_ascii_digits_only() -> None:
    assert code_problem("620102023201", "unit") is None
    assert code_problem("６２０１０２０２３２０１", "unit") is not None
    assert code_problem("٦٢٠١٠٢٠٢٣٢٠١", "unit") is not None
