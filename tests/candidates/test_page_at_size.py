"""Issue 20: the candidates page at a community's real size. The election committee's villager is chosen
by search (huanjie/voters/picker.py), never from a list of the roll's thousands, and the page asks the same
number of queries however many voters there are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.elections.models import Election
from tests.voters.residents_at_size import make_residents

pytestmark = pytest.mark.django_db

RADIO = re.compile(r'<input type="radio" name="resident" value="(\d+)"')


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_the_page_asks_as_many_queries_for_a_large_roll_as_for_a_small_one(
    shigou: Election, clerk: Any, client_for: Any
) -> None:
    client = client_for(clerk)
    url = reverse("candidates:candidates", args=[shigou.pk])
    client.get(url)  # the first request of a session reads what later ones find cached
    small, _ = _queries(client, url)
    small_search, _ = _queries(client, f"{url}?q=村民")
    make_residents(shigou, 300, on_roll=300)
    large, html = _queries(client, url)
    large_search, found = _queries(client, f"{url}?q=村民")
    assert (large, large_search) == (small, small_search)
    # no voter is listed until searched for, and then at most a page of them
    assert "村民200" not in html and not RADIO.findall(html)
    assert 0 < len(RADIO.findall(found)) <= 20
