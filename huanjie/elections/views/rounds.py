"""Rounds and the district's progress: per street × stage family, drilling down to a street's matrix."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.actions import do_open_round
from huanjie.elections.forms import STATE_LABELS, ProgressFilterForm, RoundForm
from huanjie.elections.models import DayChange, Election, ElectionStage, Finding, Round
from huanjie.elections.progress import ORDER, rollup, state_of, totals
from huanjie.elections.stages import FAMILIES, label
from huanjie.rules.calendar import COMMITTEE_STAGES, PARTY_STAGES
from huanjie.units.models import BodyKind, Division, Level
from huanjie.web.forms import submit
from huanjie.web.request import require, staff


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    return render(
        request,
        "elections/rounds.html",
        {
            "rounds": Round.objects.visible_to(user).select_related("district"),
            "can_open": can(user, Capability.MANAGE_ROUNDS),
            # A province's or a city's user follows many districts: their roll-up first.
            "overview": user.scope
            if user.scope and user.scope.level in (Level.PROVINCE, Level.CITY)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    user = require(request, Capability.MANAGE_ROUNDS)
    form = RoundForm(request.POST or None)

    def open_round(d: dict[str, Any]) -> Round:
        assert user.scope is not None
        return do_open_round(
            district=user.scope,
            name=d["name"],
            profile=d["profile"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            bodies=d["bodies"],
            actor=user,
        )

    def page(status: int = 200) -> HttpResponse:
        return render(request, "elections/round_form.html", {"form": form}, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            open_round,
            lambda rnd: _("Round %(name)s opened.") % {"name": rnd.name},
            request.path,
            page,
            to=lambda rnd: reverse("elections:round", args=[rnd.pk]),
        )
    return page()


@login_required
def round_progress(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    rnd = get_visible(user, Round, pk=pk)
    today = clock.today()
    form = ProgressFilterForm(request.GET or None)
    stages = ElectionStage.objects.visible_to(user).filter(election__round=rnd)
    state = ""
    if form.is_valid():
        if form.cleaned_data["street"]:
            stages = stages.filter(election__street__code=form.cleaned_data["street"])
        if form.cleaned_data["kind"]:
            stages = stages.filter(election__kind=form.cleaned_data["kind"])
        state = form.cleaned_data["state"]
    table = rollup(stages, "election__street", today)
    streets = list(
        Division.objects.visible_to(user).filter(level=Level.STREET, pk__in=table.keys()).order_by("code")
    )
    street_choices = (
        Division.objects.visible_to(user)
        .filter(
            level=Level.STREET, pk__in=Election.objects.visible_to(user).filter(round=rnd).values("street")
        )
        .order_by("code")
    )
    rows = [(s, [table[s.pk].get(f) for f in FAMILIES]) for s in streets]
    if state:
        rows = [(s, cells) for s, cells in rows if any(c and c.counts.get(state) for c in cells)]
    context = {
        "round": rnd,
        "form": form,
        "rows": rows,
        "families": [str(lbl) for lbl, _m in FAMILIES.values()],
        "total": [totals(table).get(f) for f in FAMILIES],
        "states": [(s, STATE_LABELS[s]) for s in ORDER],
        "today": today,
        "state": state,
        "street_choices": street_choices,
        "pending_changes": DayChange.objects.visible_to(user)
        .filter(election__round=rnd, status=DayChange.Status.PENDING)
        .count(),
        "open_findings": Finding.objects.visible_to(user).filter(round=rnd, closed_on__isnull=True).count(),
        "can_manage": can(user, Capability.MANAGE_ROUNDS),
        "can_schedule": can(user, Capability.SCHEDULE_ELECTIONS),
    }
    return render(request, "elections/round_progress.html", context)


@login_required
def street_matrix(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    user = staff(request)
    rnd = get_visible(user, Round, pk=pk)
    street = get_visible(user, Division, code=code)
    today = clock.today()
    party = request.GET.get("body") == BodyKind.PARTY_BRANCH
    keys = PARTY_STAGES if party else COMMITTEE_STAGES
    stages = (
        (
            ElectionStage.objects.filter(election__round=rnd, election__street=street).filter(
                election__kind=BodyKind.PARTY_BRANCH
            )
            if party
            else ElectionStage.objects.filter(election__round=rnd, election__street=street).exclude(
                election__kind=BodyKind.PARTY_BRANCH
            )
        )
        .select_related("election__unit")
        .order_by("election__unit__code", "seq")
    )
    matrix: dict[int, dict[str, object]] = {}
    units: dict[int, object] = {}
    for s in stages:
        units[s.election_id] = s.election
        matrix.setdefault(s.election_id, {})[s.key] = (s, state_of(s, today))
    rows = [(units[eid], [matrix[eid].get(k) for k in keys]) for eid in units]
    return render(
        request,
        "elections/street_matrix.html",
        {
            "round": rnd,
            "street": street,
            "rows": rows,
            "columns": [(k, label(k)) for k in keys],
            "party": party,
            "today": today,
            "state_labels": STATE_LABELS,
        },
    )
