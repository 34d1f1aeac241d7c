"""The party record of a party_branch election. Scoped reads go through core/scope.py: a party election is
`get_visible(user, Election, pk=pk, kind=BodyKind.PARTY_BRANCH)`, a member `get_visible(user, PartyMember, pk=pk)`."""

from __future__ import annotations

from huanjie.elections.models import Election
from huanjie.party.models import PartyElection


def party_of(election: Election) -> PartyElection:
    """The party record of an election; an unsaved empty one until an action first writes it."""
    return PartyElection.objects.filter(election=election).first() or PartyElection(election=election)
