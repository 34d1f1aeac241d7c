"""Scoped reads of rounds, elections, stages, notices and findings: a user sees what lies in their scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.elections.models import Election, ElectionStage, Finding, Notice, Round


def _path(user: User) -> str | None:
    if not user.is_authenticated or not user.is_active or user.scope is None:
        return None
    return user.scope.path


def visible_rounds(user: User) -> QuerySet[Round]:
    path = _path(user)
    if path is None:
        return Round.objects.none()
    # A round belongs to a district; anyone whose scope is the district or below it sees the round, and
    # so does a province's or a city's user (the province office) of every district below their scope.
    return Round.objects.filter(
        Q(district__path__in=_ancestor_paths(path)) | Q(district__path__startswith=path)
    ).select_related("district")


def _ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[: i + 1]) for i in range(len(codes))]


def get_round(user: User, pk: int) -> Round:
    try:
        return visible_rounds(user).get(pk=pk)
    except Round.DoesNotExist:
        raise Http404("no such round in your scope") from None


def visible_elections(user: User) -> QuerySet[Election]:
    path = _path(user)
    if path is None:
        return Election.objects.none()
    return Election.objects.filter(unit__path__startswith=path)


def get_election(user: User, pk: int) -> Election:
    try:
        return visible_elections(user).select_related("round", "unit", "street", "body").get(pk=pk)
    except Election.DoesNotExist:
        raise Http404("no such election in your scope") from None


def get_stage(user: User, pk: int) -> ElectionStage:
    try:
        return ElectionStage.objects.select_related(
            "election__round", "election__unit", "election__body"
        ).get(pk=pk, election__in=visible_elections(user))
    except ElectionStage.DoesNotExist:
        raise Http404("no such stage in your scope") from None


def visible_findings(user: User) -> QuerySet[Finding]:
    path = _path(user)
    if path is None:
        return Finding.objects.none()
    return Finding.objects.filter(unit__path__startswith=path)


def get_finding(user: User, pk: int) -> Finding:
    try:
        return visible_findings(user).select_related("unit", "round", "election").get(pk=pk)
    except Finding.DoesNotExist:
        raise Http404("no such finding in your scope") from None


def visible_notices(user: User) -> QuerySet[Notice]:
    path = _path(user)
    if path is None:
        return Notice.objects.none()
    return Notice.objects.filter(unit__path__startswith=path)


def get_notice(user: User, pk: int) -> Notice:
    try:
        return visible_notices(user).select_related("unit", "round").get(pk=pk)
    except Notice.DoesNotExist:
        raise Http404("no such notice in your scope") from None
