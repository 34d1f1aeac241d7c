"""Logins, logouts and failed logins go into the audit log: who was in the office, and when."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from huanjie.accounts.actions import do_record_failed_login, do_record_login, do_record_logout


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    do_record_login(user)


@receiver(user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        do_record_logout(user)


@receiver(user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The user name tried, never the password (Django already masks it in `credentials`).
    do_record_failed_login(str(credentials.get("username", "")))
