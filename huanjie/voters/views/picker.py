"""The resident picker's search (huanjie/voters/picker.py): the residents of one unit in the user's scope
whose name or group contains the query, as the results fragment htmx puts under the search box."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from huanjie.auditlog.access import shown
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.units.models import Division, Level
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
    residents = Resident.objects.filter(unit=unit)
    roll = request.GET.get("roll", "")
    if roll:
        # Leave out the registered voters of this election (adding to its roll): its own unit's, in scope.
        if not (roll.isascii() and roll.isdigit() and len(roll) <= 12):
            raise Http404("no such election")
        election = get_visible(user, Election, pk=int(roll))
        if election.unit_id != unit.pk:
            raise Http404("no such election of this unit")
        listed = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).values("resident_id")
        residents = residents.exclude(pk__in=listed)
    name = request.GET.get("field", "resident")
    if not FIELD_NAME.fullmatch(name):
        name = "resident"
    context = picker.results(residents, request.GET, name=name)
    shown(request, len(context["results"]), unit, f"{unit}: {context['query']}")
    return render(request, "voters/picker/results.html", context)
