"""The typed current user of a staff view and the capability guard (403 for a role without it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can


def staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "office views are wrapped in login_required"
    return user


def require(request: HttpRequest, capability: Capability) -> User:
    user = staff(request)
    if not can(user, capability):
        raise PermissionDenied
    return user
