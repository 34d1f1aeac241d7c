"""Issue 20: the roll and objections pages no longer list the whole unit; a resident is chosen by search
(huanjie/voters/picker.py) from a scoped endpoint, with or without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from huanjie.auditlog.models import Access, Event
from huanjie.elections.models import Election
from huanjie.voters.models import Objection, Resident, Voter
from huanjie.voters.picker import MAX_QUERY, MAX_RESULTS
from tests.voters.conftest import FULL_ID, publish
from tests.voters.residents_at_size import make_residents

pytestmark = pytest.mark.django_db

RADIO = re.compile(r'<input type="radio" name="resident" value="(\d+)"')


def _queries(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


def _pick(client: Any, unit_code: str, **params: Any) -> Any:
    return client.get(reverse("voters:pick_resident", args=[unit_code]), params)


@pytest.mark.parametrize("page", ["roll", "objections"])
def test_the_page_asks_as_many_queries_for_a_large_unit_as_for_a_small_one(
    shigou: Election, clerk: Any, client_for: Any, today: dt.date, page: str
) -> None:
    make_residents(shigou, 6, on_roll=3)
    publish(shigou, today)  # the objections form is offered once the list is posted
    client = client_for(clerk)
    url = reverse(f"voters:{page}", args=[shigou.pk])
    client.get(url)  # the first request of a session reads what later ones find cached
    small, _ = _queries(client, url)
    small_search, _ = _queries(client, f"{url}?q=村民")
    make_residents(shigou, 240, start=6, on_roll=120)
    large, html = _queries(client, url)
    large_search, found = _queries(client, f"{url}?q=村民")
    assert (large, large_search) == (small, small_search)
    # nobody listed until searched for; then at most MAX_RESULTS
    assert not RADIO.findall(html) and "村民200" not in html
    assert 0 < len(RADIO.findall(found)) <= MAX_RESULTS


def test_the_search_finds_by_name_or_group_and_tells_namesakes_apart(
    shigou: Election, clerk: Any, client_for: Any
) -> None:
    made = make_residents(shigou, 60)
    twins = made[:2]
    Resident.objects.filter(pk__in=[r.pk for r in twins]).update(name="王芳")
    client = client_for(clerk)
    html = _pick(client, shigou.unit.code, q="王芳").content.decode()
    assert sorted(int(pk) for pk in RADIO.findall(html)) == sorted(r.pk for r in twins)
    for r in twins:  # the group, the year of birth and the masked number beside each
        assert r.id_masked in html and r.group in html and str(r.birth_year) in html
    assert not re.search(FULL_ID, html)
    by_group = _pick(client, shigou.unit.code, q="第3村民小组").content.decode()
    chosen = Resident.objects.filter(pk__in=[int(pk) for pk in RADIO.findall(by_group)])
    assert chosen.count() == Resident.objects.filter(group="第3村民小组").count() > 0
    many = _pick(client, shigou.unit.code, q="村民").content.decode()
    assert len(RADIO.findall(many)) == MAX_RESULTS and "picker-note" in many and "20" in many
    assert Access.objects.filter(view="resident search").exists()  # personal data shown: logged


def test_the_search_refuses_a_long_query_and_finds_nothing(
    shigou: Election, clerk: Any, client_for: Any
) -> None:
    make_residents(shigou, 5)
    client = client_for(clerk)
    response = _pick(client, shigou.unit.code, q="村" * (MAX_QUERY + 1))
    assert response.status_code == 200 and not RADIO.findall(response.content.decode())
    assert 'class="picker-note error"' in response.content.decode()
    assert _pick(client, shigou.unit.code, q="村民\x00").status_code == 400  # NUL: refused everywhere
    assert f'maxlength="{MAX_QUERY}"' in client.get(reverse("voters:roll", args=[shigou.pk])).content.decode()


def test_the_search_is_scoped(
    shigou: Election,
    shangping: Election,
    clerk: Any,
    officer: Any,
    liaison: Any,
    outsider: Any,
    client_for: Any,
) -> None:
    make_residents(shigou, 5)
    code = shigou.unit.code
    assert _pick(client_for(officer), code, q="村民").status_code == 200  # the street's village
    for user in (liaison, outsider):  # another street, another district
        assert _pick(client_for(user), code, q="村民").status_code == 404
    client = client_for(clerk)
    assert _pick(client, shangping.unit.code, q="村民").status_code == 404  # the clerk's is Shigou only
    street = shigou.unit.parent
    assert (
        street is not None and _pick(client_for(officer), street.code, q="村民").status_code == 404
    )  # not a unit
    # the roll left out must be this unit's election, in scope, given in ASCII digits
    assert _pick(client_for(officer), code, q="村民", roll=shangping.pk).status_code == 404
    for roll in ("x", "9" * 20):
        assert _pick(client, code, q="村民", roll=roll).status_code == 404
    assert _pick(client, code, q="村民", roll="١٢").status_code == 400  # other scripts' digits: everywhere
    assert client.post(reverse("voters:pick_resident", args=[code]), {"q": "村民"}).status_code == 405


def test_the_roll_search_leaves_out_who_is_already_on_the_roll(
    shigou: Election, clerk: Any, client_for: Any
) -> None:
    made = make_residents(shigou, 12, on_roll=8)
    client = client_for(clerk)
    found = {
        int(pk)
        for pk in RADIO.findall(_pick(client, shigou.unit.code, q="村民", roll=shigou.pk).content.decode())
    }
    assert found == {r.pk for r in made[8:]}


def test_without_javascript_the_page_searches_and_the_choice_adds_one_voter(
    shigou: Election, clerk: Any, client_for: Any, today: dt.date
) -> None:
    made = make_residents(shigou, 30, on_roll=20)
    client = client_for(clerk)
    url = reverse("voters:roll", args=[shigou.pk])
    html = client.get(url).content.decode()
    # the box and its button belong to a GET form of their own, outside the POST form
    assert 'form="id_resident_search"' in html and '<form id="id_resident_search" method="get"' in html
    target = made[25]
    page = client.get(url, {"q": target.name}).content.decode()
    assert RADIO.findall(page) == [str(target.pk)]
    events = Event.objects.count()
    response = client.post(
        reverse("voters:add", args=[shigou.pk]),
        {"resident": target.pk, "reason": "registration", "on": today.isoformat()},
    )
    assert response.status_code == 302
    assert Voter.objects.filter(election=shigou, resident=target, status="registered").exists()
    assert Event.objects.count() == events + 1
    assert list(Event.objects.order_by("-seq").values_list("action", flat=True)[:1]) == ["voters.add"]
    # someone already on the roll cannot be chosen, whatever the request says
    client.post(
        reverse("voters:add", args=[shigou.pk]),
        {"resident": made[0].pk, "reason": "registration", "on": today.isoformat()},
    )
    assert Event.objects.count() == events + 1


def test_an_objection_is_recorded_for_the_resident_picked(
    shigou: Election, shangping: Election, clerk: Any, client_for: Any, today: dt.date
) -> None:
    made = make_residents(shigou, 10, on_roll=6)
    other = make_residents(shangping, 1, start=100)[0]
    publish(shigou, today)
    client = client_for(clerk)
    url = reverse("voters:objections", args=[shigou.pk])
    form = {
        "kind": "omitted",
        "lodged_by": "张三",
        "lodged_on": today.isoformat(),
        "grounds": "本人常住本村。",
    }
    events = Event.objects.count()
    # a resident of another unit is no choice here: the form says so, and nothing is recorded
    refused = client.post(url, {**form, "resident": other.pk})
    assert refused.status_code == 200 and not Objection.objects.exists() and Event.objects.count() == events
    assert client.post(url, {**form, "resident": made[8].pk}).status_code == 302
    assert Objection.objects.get().resident == made[8]
    assert Event.objects.count() == events + 1


def test_who_cannot_reach_the_voting_age_by_the_day_is_no_choice(
    shigou: Election, clerk: Any, client_for: Any, today: dt.date
) -> None:
    """A voter or the person an objection concerns is chosen among those of voting age on the day (B1):
    the searches leave the others out, and a request naming one is refused."""
    made = make_residents(shigou, 12)
    day = shigou.election_day or shigou.round.ends_on
    minors = made[:4]
    Resident.objects.filter(pk__in=[r.pk for r in minors]).update(birth_year=day.year - 10)
    # born in the year that turns 18 in the day's year: may be of age on the day, the action decides
    borderline = made[4]
    Resident.objects.filter(pk=borderline.pk).update(birth_year=day.year - 18)
    client = client_for(clerk)
    code = shigou.unit.code
    of_age = {r.pk for r in made[4:]}
    params: dict[str, Any]
    for params in ({"roll": shigou.pk}, {"voters": shigou.pk}):
        found = {int(pk) for pk in RADIO.findall(_pick(client, code, q="村民", **params).content.decode())}
        assert found == of_age, params
    # a picker that is not choosing a voter lists every resident of the unit
    everyone = {int(pk) for pk in RADIO.findall(_pick(client, code, q="村民").content.decode())}
    assert everyone == {r.pk for r in made}
    for params in ({"voters": "x"}, {"voters": "9" * 20}):
        assert _pick(client, code, q="村民", **params).status_code == 404
    # the pages' own searches (no JavaScript) leave them out too
    publish(shigou, today)
    for page in ("roll", "objections"):
        html = client.get(reverse(f"voters:{page}", args=[shigou.pk]), {"q": minors[0].name}).content
        assert not RADIO.findall(html.decode()), page
    events = Event.objects.count()
    client.post(
        reverse("voters:add", args=[shigou.pk]),
        {"resident": minors[0].pk, "reason": "registration", "on": today.isoformat()},
    )
    refused = client.post(
        reverse("voters:objections", args=[shigou.pk]),
        {
            "resident": minors[1].pk,
            "kind": "omitted",
            "lodged_by": "张三",
            "lodged_on": today.isoformat(),
            "grounds": "本人常住本村。",
        },
    )
    assert refused.status_code == 200 and Event.objects.count() == events
    assert not Voter.objects.filter(resident__in=minors).exists() and not Objection.objects.exists()
