"""Login throttling (issue 15 finding 5): 30 wrong passwords then the right one used to log in. Now an
account, or an address, is locked out after LOGIN_FAILURE_LIMIT failures, the right password included;
the district administrator lifts it from the Accounts page; lockouts and lifts are audit events."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from huanjie.accounts.models import User
from huanjie.auditlog.models import Event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str, password: str, address: str = "10.0.0.1") -> Any:
    return client.post("/office/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_it_refuses_the_right_password_after_thirty_wrong_ones(client: Client, clerk: User) -> None:
    for i in range(30):
        assert _login(client, "clerk", f"wrong-{i}").status_code in (200, 429)
    refused = _login(client, "clerk", PASSWORD)
    assert refused.status_code == 429 and "_auth_user_id" not in client.session
    assert "district administrator" in refused.content.decode() or "区" in refused.content.decode()
    assert Event.objects.filter(action="session.locked_out", object_repr="clerk").exists()
    assert not Event.objects.filter(action="session.login").exists()


def test_it_locks_an_account_whatever_address_the_guesses_come_from(client: Client, clerk: User,
                                                                      settings: Any) -> None:  # fmt: skip
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "clerk", "wrong", address=f"10.0.1.{i}")
    assert _login(client, "clerk", PASSWORD, address="10.0.2.1").status_code == 429


def test_it_locks_an_address_whatever_accounts_it_tries(client: Client, clerk: User, officer: User,
                                                         settings: Any) -> None:  # fmt: skip
    for i in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody-{i}", "wrong", address="10.0.3.3")
    assert _login(client, "officer", PASSWORD, address="10.0.3.3").status_code == 429
    assert _login(client, "officer", PASSWORD, address="10.0.3.4").status_code == 302


def test_it_lets_the_administrator_lift_a_lockout(client: Client, admin: User, clerk: User,
                                                  settings: Any) -> None:  # fmt: skip
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "clerk", "wrong", address="10.0.4.4")
    office = Client()
    office.force_login(admin)
    page = office.get("/office/accounts/").content.decode()
    assert f'name="account" value="{clerk.pk}"' in page and 'name="address" value="10.0.4.4"' in page
    assert office.post("/office/accounts/lockouts/lift/", {"account": clerk.pk}).status_code == 302
    assert office.post("/office/accounts/lockouts/lift/", {"address": "10.0.4.4"}).status_code == 302
    lifted = Event.objects.filter(action="account.lockout_lifted").order_by("seq")
    assert [(e.actor_name, e.object_repr) for e in lifted] == [("admin", "clerk"), ("admin", "10.0.4.4")]
    assert _login(client, "clerk", PASSWORD, address="10.0.4.4").status_code == 302


def test_it_lets_no_one_else_lift_a_lockout(client: Client, admin: User, clerk: User, officer: User,
                                           outsider: User, settings: Any) -> None:  # fmt: skip
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "clerk", "wrong")
    street = Client()
    street.force_login(officer)
    assert street.post("/office/accounts/lockouts/lift/", {"account": clerk.pk}).status_code == 403
    other = Client()
    other.force_login(outsider)
    assert other.post("/office/accounts/lockouts/lift/", {"account": clerk.pk}).status_code == 404
    assert _login(client, "clerk", PASSWORD).status_code == 429
    assert not Event.objects.filter(action="account.lockout_lifted").exists()
