"""Every staff page against each persona, inside and outside its scope: outside is a 404."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db

# (persona, division code, expected status)
DIVISION_CASES = [
    ("admin", "620102000000", 200),
    ("admin", "620102023201", 200),
    ("admin", "620103000000", 404),
    ("admin", "620103001001", 404),
    ("admin", "620100000000", 404),
    ("officer", "620102023000", 200),
    ("officer", "620102023201", 200),
    ("officer", "620102015201", 404),
    ("officer", "620102000000", 404),
    ("clerk", "620102023201", 200),
    ("clerk", "620102023202", 404),
    ("clerk", "620102023000", 404),
    ("inspector", "620102015201", 200),
    ("inspector", "620103001001", 404),
    ("liaison", "620102015201", 200),
    ("liaison", "620102023201", 404),
    ("outsider", "620103001001", 200),
    ("outsider", "620102023201", 404),
]


@pytest.mark.parametrize(("persona", "code", "status"), DIVISION_CASES)
def test_it_scopes_division_pages(
    request: Any, client_for: Any, persona: str, code: str, status: int
) -> None:
    client = client_for(request.getfixturevalue(persona))
    assert client.get(f"/office/divisions/{code}/").status_code == status
    assert client.get(f"/office/divisions/{code}/residents/").status_code == status


@pytest.mark.parametrize(
    ("persona", "visible", "hidden"),
    [
        ("admin", ["石沟村", "长洼村", "和平社区"], ["西湖社区"]),
        ("officer", ["石沟村", "上坪村", "金城社区"], ["长洼村", "西湖社区"]),
        ("clerk", ["石沟村"], ["上坪村", "长洼村"]),
        ("inspector", ["石沟村", "长洼村"], ["西湖社区"]),
        ("outsider", ["西湖社区"], ["石沟村"]),
    ],
)
def test_it_lists_only_units_in_scope(
    request: Any, client_for: Any, persona: str, visible: list[str], hidden: list[str]
) -> None:
    body = client_for(request.getfixturevalue(persona)).get("/office/units/").content.decode()
    for name in visible:
        assert name in body
    for name in hidden:
        assert name not in body


def test_it_filters_units_in_place_with_htmx(client_for: Any, admin: Any) -> None:
    response = client_for(admin).get("/office/units/?q=石沟", headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "石沟村" in body and "长洼村" not in body
    assert "<html" not in body  # only the rows, for htmx to swap in


def test_it_filters_by_a_street_outside_scope_as_invalid(client_for: Any, officer: Any) -> None:
    body = client_for(officer).get("/office/units/?street=620102015000").content.decode()
    assert "长洼村" not in body


def test_it_sends_anonymous_users_to_login(client: Any, tree: Any) -> None:
    for url in [
        "/office/",
        "/office/units/",
        "/office/divisions/620102000000/",
        "/office/accounts/",
        "/office/audit/",
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/office/login/")


@pytest.mark.parametrize(
    ("persona", "status"),
    [("admin", 200), ("officer", 403), ("clerk", 403), ("inspector", 403), ("liaison", 403)],
)
def test_it_limits_admin_pages_by_role(request: Any, client_for: Any, persona: str, status: int) -> None:
    client = client_for(request.getfixturevalue(persona))
    for url in ["/office/accounts/", "/office/accounts/new/", "/office/audit/", "/office/divisions/import/"]:
        assert client.get(url).status_code == status, url


def test_it_shows_each_home_its_scope(request: Any, client_for: Any, admin: Any, clerk: Any) -> None:
    body = client_for(admin).get("/office/").content.decode()
    assert "城关区" in body and "青白石街道" in body and "东岗街道" in body
    body = client_for(clerk).get("/office/").content.decode()
    assert "石沟村" in body and "东岗街道" not in body
