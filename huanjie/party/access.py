"""Scoped reads of party elections and their members: out of the user's scope is a 404."""

from __future__ import annotations

from django.http import Http404

from huanjie.accounts.models import User
from huanjie.elections.access import visible_elections
from huanjie.elections.models import Election
from huanjie.party.models import PartyElection, PartyMember
from huanjie.units.models import BodyKind


def get_party_election(user: User, pk: int) -> Election:
    """A party_branch election in the user's scope (any other kind of election is not one here either)."""
    try:
        return (
            visible_elections(user)
            .select_related("round", "unit", "street", "body")
            .get(pk=pk, kind=BodyKind.PARTY_BRANCH)
        )
    except Election.DoesNotExist:
        raise Http404("no such party election in your scope") from None


def get_member(user: User, pk: int) -> PartyMember:
    try:
        return PartyMember.objects.select_related("election__unit", "election__round", "resident").get(
            pk=pk, election__in=visible_elections(user)
        )
    except PartyMember.DoesNotExist:
        raise Http404("no such party member in your scope") from None


def party_of(election: Election) -> PartyElection:
    """The party record of an election; an unsaved empty one until an action first writes it."""
    return PartyElection.objects.filter(election=election).first() or PartyElection(election=election)
