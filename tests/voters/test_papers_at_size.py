"""Real sizes (issue 20): the office's unit list counts residents per page in a constant number of
queries, and the voter list and cards of a unit of 2,000 voters come back whole and are made once."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from huanjie.elections.models import Election
from huanjie.voters.actions import do_import_voters
from tests.voters.conftest import JINCHENG, SHANGPING, SHIGOU, csv_file, good_rows

pytestmark = pytest.mark.django_db


def _units_page(client: Any, django_assert_max_num_queries: Any) -> str:
    with django_assert_max_num_queries(12):
        response = client.get("/office/units/")
    assert response.status_code == 200
    return str(response.content.decode())


def test_it_counts_residents_per_unit_in_constant_queries(
    shigou: Election, admin: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(admin)
    _units_page(client, django_assert_max_num_queries)
    rows = good_rows(SHIGOU, 7) + good_rows(SHANGPING, 5, start=100) + good_rows(JINCHENG, 40, start=200)
    do_import_voters(shigou.round, "r.csv", csv_file(rows), actor=admin)
    body = _units_page(client, django_assert_max_num_queries)
    for code, count in ((SHIGOU, 7), (SHANGPING, 5), (JINCHENG, 40)):
        row = body[body.index(f">{code}<") :].split("</tr>")[0]
        assert f'<td class="num">{count}</td>' in row, code


def _pages(data: bytes, tmp_path: Path) -> int:
    target = tmp_path / "p.pdf"
    target.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def test_it_prints_the_list_and_cards_of_two_thousand_voters_once(
    shigou: Election, admin: Any, client_for: Any, settings: Any, tmp_path: Path
) -> None:
    settings.VAR_DIR = tmp_path
    do_import_voters(shigou.round, "big.csv", csv_file(good_rows(SHIGOU, 2000)), actor=admin)
    client = client_for(admin)
    cards = client.get(reverse("voters:cards_pdf", args=[shigou.pk]))
    assert cards.status_code == 200 and _pages(cards.content, tmp_path) == 250
    listed = client.get(reverse("voters:list_pdf", args=[shigou.pk]))
    assert listed.status_code == 200 and _pages(listed.content, tmp_path) >= 30
    stored = sorted(p.name for p in (tmp_path / "papers").rglob("*.pdf"))
    assert len(stored) == 2
    again = client.get(reverse("voters:cards_pdf", args=[shigou.pk]))
    assert again.content == cards.content
    assert sorted(p.name for p in (tmp_path / "papers").rglob("*.pdf")) == stored
