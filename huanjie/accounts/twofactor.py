"""Two-factor login: a one-time code (TOTP, RFC 6238, from an authenticator app) after the password.

Required for district administrators and street officers when REQUIRE_TWO_FACTOR is on (the default in
production, off in development and the demo); any other user may enrol, and once enrolled is always asked.
A signed-in user who still owes the second step reaches only the code page, the enrolment page and
logout: the middleware sends every other office request there. Recovery codes (django-otp static tokens)
stand in for a lost phone, each once; an administrator can reset someone's authenticator.

The password step stays Django's LoginView (login throttling wraps that step, not this one); the code
step has its own throttling, django-otp's (each wrong code doubles the wait).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from huanjie.accounts.models import Role

REQUIRED_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER})


def required_for(user: Any) -> bool:
    return bool(settings.REQUIRE_TWO_FACTOR) and getattr(user, "role", None) in REQUIRED_ROLES


def enrolled(user: Any) -> bool:
    from django_otp import user_has_device

    return bool(user_has_device(user, confirmed=True))


ENROLLED_KEY = "huanjie_two_factor_enrolled"


def owes_second_factor(user: Any, session: Any = None) -> bool:
    """Signed in with the password, not yet with a code, and a code is required or set up. Whether an
    optional user is enrolled is looked up once per session (a new login starts a new one), not on every
    office request."""
    if not user.is_authenticated or user.is_verified():
        return False
    if required_for(user):
        return True
    if session is None:
        return enrolled(user)
    if ENROLLED_KEY not in session:
        session[ENROLLED_KEY] = enrolled(user)
    return bool(session[ENROLLED_KEY])


def safe_next(request: HttpRequest, default: str = "office:home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse(default)


class SecondFactorMiddleware:
    """After django_otp's OTPMiddleware: holds a user who owes the code step to that step."""

    OPEN = ("office:otp", "office:two_factor", "office:logout", "office:login")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and request.path_info.startswith("/office/")
            and owes_second_factor(user, getattr(request, "session", None))
            and request.path_info not in {reverse(name) for name in self.OPEN}
        ):
            step = "office:otp" if enrolled(user) else "office:two_factor"
            return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
