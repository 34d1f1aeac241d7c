"""Scoped reads of divisions and bodies. A user sees their scope division and everything below it.

Everything outside is a 404, never a 403: the existence of another street's village is not the
user's business either.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.units.models import Division, Level


def visible_divisions(user: User) -> QuerySet[Division]:
    if not user.is_authenticated or not user.is_active or user.scope is None:
        return Division.objects.none()
    return Division.objects.filter(path__startswith=user.scope.path)


def visible_units(user: User) -> QuerySet[Division]:
    return visible_divisions(user).filter(level=Level.UNIT)


def get_division(user: User, code: str) -> Division:
    try:
        return visible_divisions(user).select_related("parent").get(code=code)
    except Division.DoesNotExist:
        raise Http404("no such division in your scope") from None


def in_scope(user: User, division: Division) -> bool:
    return bool(user.is_authenticated and user.scope and division.path.startswith(user.scope.path))
