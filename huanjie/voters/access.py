"""Scoped reads of rolls, voters, residents and objections: a user sees what lies in their scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.elections.access import visible_elections
from huanjie.voters.models import Objection, Resident, Voter


def _path(user: User) -> str | None:
    if not user.is_authenticated or not user.is_active or user.scope is None:
        return None
    return user.scope.path


def visible_voters(user: User) -> QuerySet[Voter]:
    return Voter.objects.filter(election__in=visible_elections(user))


def get_voter(user: User, pk: int) -> Voter:
    try:
        return visible_voters(user).select_related("resident", "election__unit", "election__round").get(pk=pk)
    except Voter.DoesNotExist:
        raise Http404("no such voter in your scope") from None


def visible_residents(user: User) -> QuerySet[Resident]:
    path = _path(user)
    if path is None:
        return Resident.objects.none()
    return Resident.objects.filter(unit__path__startswith=path)


def visible_objections(user: User) -> QuerySet[Objection]:
    return Objection.objects.filter(election__in=visible_elections(user))


def get_objection(user: User, pk: int) -> Objection:
    try:
        return (
            visible_objections(user)
            .select_related("resident", "election__unit", "election__round", "notice")
            .get(pk=pk)
        )
    except Objection.DoesNotExist:
        raise Http404("no such objection in your scope") from None


def may_see_id_numbers(user: User) -> bool:
    return can(user, Capability.VIEW_ID_NUMBERS)
