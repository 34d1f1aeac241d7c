"""Account management in the office, scoped to the administrator's district, each change audited."""

from __future__ import annotations

from typing import Any

import pytest

from huanjie.accounts.models import User
from huanjie.auditlog.models import Event

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "another-long-password-9"


def test_it_creates_an_account_in_scope(client_for: Any, admin: User) -> None:
    response = client_for(admin).post(
        "/office/accounts/new/",
        {
            "username": "newclerk",
            "full_name": "张敏",
            "phone": "",
            "role": "clerk",
            "scope": "620102023202",
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert user.scope is not None and user.scope.code == "620102023202"
    event = Event.objects.get(action="account.create", object_id=str(user.pk))
    assert event.actor_name == "admin" and event.after is not None and event.after["role"] == "clerk"
    assert NEW_PASSWORD not in str(event.after)


def test_it_refuses_a_scope_outside_the_district(client_for: Any, admin: User) -> None:
    response = client_for(admin).post(
        "/office/accounts/new/",
        {"username": "x", "role": "clerk", "scope": "620103001001", "password": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()


def test_it_refuses_a_role_at_the_wrong_level(client_for: Any, admin: User) -> None:
    response = client_for(admin).post(
        "/office/accounts/new/",
        {"username": "x", "role": "clerk", "scope": "620102023000", "password": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not User.objects.filter(username="x").exists()


def test_it_refuses_a_weak_password(client_for: Any, admin: User) -> None:
    response = client_for(admin).post(
        "/office/accounts/new/",
        {"username": "x", "role": "clerk", "scope": "620102023201", "password": "123"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="x").exists()


def test_it_edits_and_deactivates_an_account(client_for: Any, admin: User, clerk: User) -> None:
    response = client_for(admin).post(
        f"/office/accounts/{clerk.pk}/",
        {"full_name": "孙丽娟", "phone": "13800000000", "role": "clerk", "scope": "620102023201"},
    )
    assert response.status_code == 302
    clerk.refresh_from_db()
    assert not clerk.is_active and clerk.full_name == "孙丽娟"
    event = Event.objects.get(action="account.update")
    assert event.before is not None and event.before["is_active"] is True
    assert event.after is not None and event.after["is_active"] is False


def test_it_hides_accounts_of_another_district(client_for: Any, admin: User, outsider: User) -> None:
    client = client_for(admin)
    assert client.get(f"/office/accounts/{outsider.pk}/").status_code == 404
    assert "outsider" not in client.get("/office/accounts/").content.decode()
    assert (
        client.post(f"/office/accounts/{outsider.pk}/password/", {"reset-password": NEW_PASSWORD}).status_code
        == 404
    )


def test_it_resets_a_password(client_for: Any, admin: User, clerk: User) -> None:
    client_for(admin).post(f"/office/accounts/{clerk.pk}/password/", {"reset-password": NEW_PASSWORD})
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD)
    assert Event.objects.filter(action="account.reset_password", object_id=str(clerk.pk)).exists()


def test_it_lets_anyone_change_their_own_password(client_for: Any, clerk: User) -> None:
    from tests.conftest import PASSWORD

    client = client_for(clerk)
    bad = client.post(
        "/office/password/",
        {"old_password": "wrong", "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert bad.status_code == 200
    ok = client.post(
        "/office/password/",
        {"old_password": PASSWORD, "new_password": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert ok.status_code == 302
    clerk.refresh_from_db()
    assert clerk.check_password(NEW_PASSWORD)
    assert client.get("/office/").status_code == 200  # still logged in after the change


def test_it_logs_in_and_out_through_the_form(client: Any, clerk: User) -> None:
    from tests.conftest import PASSWORD

    assert client.post("/office/login/", {"username": "clerk", "password": "nope"}).status_code == 200
    assert client.post("/office/login/", {"username": "clerk", "password": PASSWORD}).status_code == 302
    assert client.get("/office/").status_code == 200
    client.post("/office/logout/")
    assert client.get("/office/").status_code == 302
    actions = list(Event.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-3:] == ["session.login_failed", "session.login", "session.logout"]


def test_it_does_not_let_an_admin_demote_themselves(client_for: Any, admin: User) -> None:
    response = client_for(admin).post(
        f"/office/accounts/{admin.pk}/", {"role": "inspector", "scope": "620102000000", "is_active": "on"}
    )
    assert response.status_code == 200
    admin.refresh_from_db()
    assert admin.role == "district_admin"
