"""Two-factor login: required for district administrators and street officers when REQUIRE_TWO_FACTOR is
on (production), optional for other roles, off in the demo; enrolment with a QR code and a first code,
recovery codes that work once, every step audited, and an administrator's reset of a lost phone."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from huanjie.accounts.models import User
from huanjie.auditlog.models import Event
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def enforced(settings: Any) -> None:
    settings.REQUIRE_TWO_FACTOR = True


def _login(client: Client, user: User) -> None:
    response = client.post("/office/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


def _enrol(client: Client, user: User) -> list[str]:
    start = client.post("/office/two-factor/", {"step": "start"})
    assert start.status_code == 200 and 'src="data:image/svg+xml' in start.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(
        "/office/two-factor/",
        {"step": "confirm", "token": "000000" if _code(device) != "000000" else "111111"},
    )
    assert "验证码不正确" in wrong.content.decode()
    TOTPDevice.objects.filter(pk=device.pk).update(
        throttling_failure_count=0, throttling_failure_timestamp=None
    )
    done = client.post("/office/two-factor/", {"step": "confirm", "token": _code(device)})
    assert done.status_code == 200
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", done.content.decode())
    assert len(codes) == 10
    return codes


def test_an_administrator_must_enrol_then_give_a_code_at_each_login(
    enforced: None, admin: User, client: Client
) -> None:
    _login(client, admin)
    held = client.get("/office/accounts/")
    assert held.status_code == 302 and held["Location"].startswith("/office/two-factor/?next=")
    codes = _enrol(client, admin)
    assert client.get("/office/accounts/").status_code == 200  # verified in this session by the first code
    client.post("/office/logout/")

    _login(client, admin)
    held = client.get("/office/")
    assert held.status_code == 302 and held["Location"].startswith("/office/login/code/")
    assert client.get("/office/voters/template.xlsx").status_code == 302  # files too, not only pages
    wrong = client.post("/office/login/code/", {"token": "12345678"})
    assert "验证码不正确" in wrong.content.decode()
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=admin).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    passed = client.post("/office/login/code/?next=/office/accounts/", {"token": codes[0]})
    assert passed.status_code == 302 and passed["Location"] == "/office/accounts/"
    assert client.get("/office/").status_code == 200
    client.post("/office/logout/")

    _login(client, admin)
    again = client.post("/office/login/code/", {"token": codes[0]})  # a recovery code works once
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert StaticToken.objects.filter(device__user=admin).count() == 9
    actions = list(Event.objects.filter(actor_id=admin.pk).values_list("action", flat=True))
    for action in (
        "account.two_factor_started",
        "account.two_factor_enrolled",
        "session.two_factor_passed",
        "session.two_factor_failed",
    ):
        assert action in actions


def test_an_authenticator_code_passes_the_login_step(enforced: None, officer: User, client: Client) -> None:
    _login(client, officer)
    _enrol(client, officer)
    client.post("/office/logout/")
    _login(client, officer)
    device = TOTPDevice.objects.get(user=officer)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # as in the next time step
    device.refresh_from_db()
    passed = client.post("/office/login/code/", {"token": _code(device)})
    assert passed.status_code == 302 and client.get("/office/").status_code == 200


def test_it_is_optional_for_other_roles_and_off_in_the_demo(
    settings: Any, admin: User, clerk: User, client: Client
) -> None:
    settings.REQUIRE_TWO_FACTOR = True
    _login(client, clerk)
    assert client.get("/office/").status_code == 200  # a clerk may enrol, need not
    _enrol(client, clerk)
    client.post("/office/logout/")
    _login(client, clerk)
    assert client.get("/office/").status_code == 302  # once enrolled, always asked
    client.post("/office/logout/")
    settings.REQUIRE_TWO_FACTOR = False  # the demo and development
    _login(client, admin)
    assert client.get("/office/").status_code == 200


def test_an_administrator_resets_a_lost_phone_within_the_district(
    enforced: None, admin: User, officer: User, outsider: User, client: Client
) -> None:
    _login(client, officer)
    _enrol(client, officer)
    client.post("/office/logout/")
    other = Client()  # another district's administrator
    other.force_login(outsider)
    with pytest.MonkeyPatch.context() as patch:  # the administrators' own code step is tested above
        patch.setattr("huanjie.accounts.twofactor.owes_second_factor", lambda user, session=None: False)
        assert other.post(f"/office/accounts/{officer.pk}/two-factor/reset/").status_code == 404
        mine = Client()
        mine.force_login(admin)
        reset = mine.post(f"/office/accounts/{officer.pk}/two-factor/reset/")
    assert reset.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    event = Event.objects.get(action="account.two_factor_reset")
    assert event.actor_name == "admin" and event.after == {"devices_removed": 2}
    _login(client, officer)
    assert client.get("/office/")["Location"].startswith("/office/two-factor/")
