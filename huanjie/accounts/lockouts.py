"""Login throttling (issue 15 finding 5), on django-axes: what a lockout looks like, who is locked out, and
the audit events of a lockout.

Axes counts failed logins per account (over every address) and per address (over every account); at
AXES_FAILURE_LIMIT it refuses that account or address before the password is even checked, for
AXES_COOLOFF_TIME, or until a district administrator lifts it (accounts.actions.do_lift_lockout, from the
Accounts page). A guessed password that is right is refused like a wrong one while the lockout lasts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Max, Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.actions import do_record_lockout
from huanjie.accounts.models import User


def minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    return int(cooloff.total_seconds() // 60) if isinstance(cooloff, dt.timedelta) else 0


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """The login page again, saying why it refuses, with 429 Too Many Requests."""
    message = _(
        "Too many failed logins for this account or from this address. Try again in %(minutes)d minutes, "
        "or ask your district administrator to lift the lockout."
    ) % {"minutes": minutes()}
    return render(request, "office/login.html", {"locked": message, "next": ""}, status=429)


@dataclass(frozen=True)
class Lockout:
    kind: str  # "account" | "address"
    key: str  # the user name or the address
    failures: int
    last: dt.datetime


def _since() -> dt.datetime:
    return timezone.now() - settings.AXES_COOLOFF_TIME


def _locked(field: str, keys: set[str] | None = None) -> list[tuple[str, int, dt.datetime]]:
    rows = AccessAttempt.objects.filter(attempt_time__gte=_since()).exclude(**{f"{field}__isnull": True})
    if keys is not None:
        rows = rows.filter(**{f"{field}__in": keys})
    grouped = (
        rows.values(field)
        .annotate(n=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(n__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )
    return [(g[field], g["n"], g["last"]) for g in grouped[:200]]


def account_lockouts(usernames: set[str]) -> list[Lockout]:
    """The accounts among `usernames` that are locked out now."""
    return [Lockout("account", k, n, last) for k, n, last in _locked("username", usernames)]


def address_lockouts() -> list[Lockout]:
    """The addresses locked out now (whatever account they tried)."""
    return [Lockout("address", k, n, last) for k, n, last in _locked("ip_address")]


def is_locked_account(username: str) -> bool:
    return bool(_locked("username", {username}))


def is_locked_address(address: str) -> bool:
    return bool(_locked("ip_address") and any(k == address for k, _n, _l in _locked("ip_address")))


@receiver(user_locked_out)
def on_locked_out(sender: Any, request: Any = None, username: str | None = None, ip_address: str = "",
                  **kwargs: Any) -> None:  # fmt: skip
    user = User.objects.filter(username=username).select_related("scope").first() if username else None
    do_record_lockout(
        str(username or ""),
        user=user,
        after={"address": ip_address, "limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes()},
    )
