"""Scoped reads of handovers: a user sees the handovers of the elections in their scope; others are 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.elections.access import visible_elections
from huanjie.handover.models import Handover, HandoverItem


def visible_handovers(user: User) -> QuerySet[Handover]:
    return Handover.objects.filter(election__in=visible_elections(user)).select_related(
        "election__unit", "election__street", "election__body", "election__round"
    )


def get_handover(user: User, pk: int) -> Handover:
    try:
        return visible_handovers(user).get(pk=pk)
    except Handover.DoesNotExist:
        raise Http404("no such handover in your scope") from None


def get_item(user: User, pk: int) -> HandoverItem:
    try:
        return HandoverItem.objects.select_related(
            "handover__election__unit", "handover__election__round", "handover__election__body"
        ).get(pk=pk, handover__election__in=visible_elections(user))
    except HandoverItem.DoesNotExist:
        raise Http404("no such handover item in your scope") from None
