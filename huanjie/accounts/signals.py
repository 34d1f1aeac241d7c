"""Logins, logouts and failed logins go into the audit log: who was in the office, and when."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver

from huanjie.auditlog.record import record


def _path(user: Any) -> str:
    scope = getattr(user, "scope", None)
    return scope.path if scope is not None else ""


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record("session.login", actor=user, obj=user, division_path=_path(user))


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        with transaction.atomic():
            record("session.logout", actor=user, obj=user, division_path=_path(user))


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The user name tried, never the password (Django already masks it in `credentials`).
    with transaction.atomic():
        record(
            "session.login_failed",
            actor=None,
            object_type="accounts.user",
            object_repr=str(credentials.get("username", ""))[:150],
        )
