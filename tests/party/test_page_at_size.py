"""Issue 20: the party election page at a unit's real size. "Add a member" chooses the resident by search
(huanjie/voters/picker.py), never from a list of the unit's thousands of residents, and the page asks the
same number of queries however many residents and members there are."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election
from huanjie.party.actions import do_add_member
from huanjie.party.models import PartyMember
from tests.party.conftest import add_members
from tests.voters.residents_at_size import make_residents

pytestmark = pytest.mark.django_db

RADIO = re.compile(r'<input type="radio" name="resident" value="(\d+)"')


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def test_the_page_asks_as_many_queries_for_a_large_unit_and_roll_as_for_a_small_one(
    branch: Election, clerk: Any, client_for: Any
) -> None:
    make_residents(branch, 6)
    add_members(branch, 3)
    client = client_for(clerk)
    url = reverse("party:party", args=[branch.pk])
    client.get(url)  # the first request of a session reads what later ones find cached
    small, _ = _queries(client, url)
    small_search, _ = _queries(client, f"{url}?q=村民")
    make_residents(branch, 240, start=6)
    add_members(branch, 40, prefix="新党员")
    large, html = _queries(client, url)
    large_search, found = _queries(client, f"{url}?q=村民")
    assert (large, large_search) == (small, small_search)
    # every member is listed; no resident is, until searched for, and then at most a page of them
    assert "新党员39" in html and not RADIO.findall(html) and "村民200" not in html
    assert 0 < len(RADIO.findall(found)) <= 20


def test_the_search_leaves_out_who_is_on_the_party_roll_and_the_choice_adds_the_member(
    branch: Election, clerk: Any, client_for: Any
) -> None:
    made = make_residents(branch, 10)
    do_add_member(branch, details={"standing": "full"}, resident=made[0], actor=SYSTEM)
    client = client_for(clerk)
    search = reverse("voters:pick_resident", args=[branch.unit.code])
    found = RADIO.findall(client.get(search, {"q": "村民", "roll": branch.pk}).content.decode())
    assert {int(pk) for pk in found} == {r.pk for r in made[1:]}
    # without JavaScript: the page's own search shows the same residents under the box, the details open
    page = client.get(reverse("party:party", args=[branch.pk]), {"q": "村民"}).content.decode()
    assert {int(pk) for pk in RADIO.findall(page)} == {r.pk for r in made[1:]}
    assert "<details open><summary>" in page
    add = reverse("party:add_member", args=[branch.pk])
    assert (
        client.post(add, {"resident": made[3].pk, "standing": "full", "voting_rights": "on"}).status_code
        == 302
    )
    assert PartyMember.objects.filter(election=branch, resident=made[3]).exists()
    # one already on the roll is no choice: refused in place, nothing added
    again = client.post(add, {"resident": made[0].pk, "standing": "full"}, follow=True)
    assert again.status_code == 200
    assert PartyMember.objects.filter(election=branch, resident=made[0]).count() == 1
