"""The resident picker's search (huanjie/voters/picker.py): the residents of one unit in the user's scope
whose name or group contains the query, as the results fragment htmx puts under the search box."""

from __future__ import annotations

import re
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huanjie.accounts.models import User
from huanjie.auditlog.access import shown
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.units.models import BodyKind, Division, Level
from huanjie.voters import picker
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.web.request import staff

FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")


@login_required
@require_GET
def pick_resident(request: HttpRequest, code: str) -> HttpResponse:
    user = staff(request)
    unit = get_visible(user, Division, code=code)  # outside the scope: 404
    if unit.level != Level.UNIT:
        raise Http404("residents belong to a village or community")
    residents: QuerySet[Resident] = Resident.objects.filter(unit=unit)
    roll, voters = request.GET.get("roll", ""), request.GET.get("voters", "")
    if roll or voters:
        # Persons who may be voters of this election (its own unit's, in scope): not under the voting age
        # on its day; with `roll` (adding to its roll), not registered on it already either.
        election = _election_of(user, unit, roll or voters)
        residents = picker.of_voting_age(residents, election)
        if roll:
            residents = residents.exclude(pk__in=_on_roll(election))
    name = request.GET.get("field", "resident")
    if not FIELD_NAME.fullmatch(name):
        name = "resident"
    context = picker.results(residents, request.GET, name=name)
    shown(request, len(context["results"]), unit, f"{unit}: {context['query']}")
    return render(request, "voters/picker/results.html", context)


def _on_roll(election: Election) -> QuerySet[Any]:
    """The residents already on the election's roll: its registered voters, or for a party organisation's
    election the residents on its member roll (the party page's "add a member")."""
    if election.kind == BodyKind.PARTY_BRANCH:
        # party imports voters: its model by label, as huanjie.candidates.persons reads it
        members = apps.get_model("party", "PartyMember").objects.filter(election=election)
        return members.filter(resident__isnull=False).values("resident_id")
    return Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).values("resident_id")


def _election_of(user: User, unit: Division, value: str) -> Election:
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        raise Http404("no such election")
    election = get_visible(user, Election, pk=int(value))
    if election.unit_id != unit.pk:
        raise Http404("no such election of this unit")
    return election
