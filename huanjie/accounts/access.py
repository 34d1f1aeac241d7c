"""Scoped reads of accounts: a district administrator manages the accounts whose scope lies in theirs."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can


def manageable_users(user: User) -> QuerySet[User]:
    if not can(user, Capability.MANAGE_ACCOUNTS) or user.scope is None:
        return User.objects.none()
    return User.objects.filter(scope__path__startswith=user.scope.path).select_related("scope")


def get_managed_user(user: User, pk: int) -> User:
    try:
        return manageable_users(user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404("no such account in your scope") from None
