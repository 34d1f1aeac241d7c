"""The department review page of an election, the assessment form, and the district's assessments per
street with its assessment teams."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.candidates import reviews
from huanjie.candidates.departments import DEPARTMENTS
from huanjie.candidates.forms import AssessmentForm, AssignForm, OverrideForm, ReviewForm
from huanjie.candidates.lists import lists, review_status
from huanjie.candidates.models import Assessment, Nomination, Review, TeamStreet
from huanjie.candidates.views.nomination import review_label
from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election, Round
from huanjie.supervision.models import Team
from huanjie.units.models import Division, Level
from huanjie.web.forms import submit
from huanjie.web.request import require, staff


def _names(election: Election) -> list[str]:
    """Who is under review: the standing nominees of a committee election; anyone already reviewed or
    assessed (a party organisation's candidates are entered by name)."""
    names = list(
        Nomination.objects.filter(election=election, withdrawn_on__isnull=True)
        .order_by("post", "-votes", "pk")
        .values_list("name", flat=True)
    )
    names += Review.objects.filter(election=election).values_list("name", flat=True)
    names += Assessment.objects.filter(election=election).values_list("name", flat=True)
    return list(dict.fromkeys(names))


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    back = reverse("candidates:review", args=[election.pk])
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        form = ReviewForm(request.POST)
        return submit(
            request,
            form,
            lambda d: reviews.do_record_review(election, actor=user, **d),
            _("Verdict recorded."),
            back,
        )
    statuses = review_status(election, _names(election))
    rows = [
        {
            "name": name,
            "status": st.status,
            "label": review_label(st.status),
            "cells": [st.verdicts.get(key) for key, _zh, _en in DEPARTMENTS],
            "override": st.override,
        }
        for name, st in statuses.items()
    ]
    scope = user.scope
    return render(
        request,
        "candidates/review.html",
        {
            "election": election,
            "departments": [f"{zh} {en}" for _k, zh, en in DEPARTMENTS],
            "rows": rows,
            "form": ReviewForm(initial={"reviewed_on": clock.today()}),
            "override_form": OverrideForm(),
            "editable": can(user, Capability.EDIT_UNITS) and scope is not None and scope.level != Level.UNIT,
            "can_override": can(user, Capability.OVERRIDE_GUARDS),
        },
    )


@login_required
@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.OVERRIDE_GUARDS)
    election = get_visible(user, Election, pk=pk)
    form = OverrideForm(request.POST)
    return submit(
        request,
        form,
        lambda d: reviews.do_override_review(election, name=d["name"], reason=d["reason"], actor=user),
        _("Override recorded: the candidate may stand."),
        reverse("candidates:review", args=[election.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    party = election.kind == "party_branch"
    post = "secretary" if party else "director"
    back = reverse("candidates:assessment", args=[election.pk])
    if request.method == "POST":
        require(request, Capability.MANAGE_ROUNDS)
        form = AssessmentForm(request.POST)
        return submit(
            request,
            form,
            lambda d: reviews.do_record_assessment(election, post=post, actor=user, **d),
            _("Assessment recorded."),
            back,
        )
    suggested = (
        [] if party else [n.name for pl in lists(election).posts if pl.post == post for n in pl.formal]
    )
    return render(
        request,
        "candidates/assessment.html",
        {
            "election": election,
            "post": post,
            "assessments": Assessment.objects.filter(election=election).select_related("team"),
            "suggested": suggested,
            "form": AssessmentForm(initial={"held_on": clock.today()}),
            "editable": can(user, Capability.MANAGE_ROUNDS),
        },
    )


@login_required
@require_http_methods(["GET"])
def round_assessments(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    rnd = get_visible(user, Round, pk=pk)
    teams = list(
        Team.objects.visible_to(user)
        .filter(round=rnd, kind=Team.Kind.ASSESSMENT)
        .order_by("starts_on", "pk")
        .prefetch_related("streets__street")
    )
    streets = list(
        Division.objects.visible_to(user).filter(level=Level.STREET, parent=rnd.district).order_by("code")
    )
    rows = (
        Assessment.objects.visible_to(user)
        .select_related("election__unit", "election__street", "team")
        .filter(election__round=rnd)
        .order_by("election__street__code", "election__unit__code")
    )
    by_street: list[dict[str, Any]] = []
    for _street, group in groupby(rows, key=lambda a: a.election.street_id):
        items = list(group)
        by_street.append({"street": items[0].election.street, "assessments": items})
    assigned = {ts.street_id: ts.team for ts in TeamStreet.objects.filter(round=rnd).select_related("team")}
    form = AssignForm(teams=[(t.pk, t.name) for t in teams], streets=[(s.code, s.name) for s in streets])
    return render(
        request,
        "candidates/round_assessments.html",
        {
            "round": rnd,
            "teams": teams,
            "by_street": by_street,
            "unassigned": [s for s in streets if s.pk not in assigned],
            "form": form,
            "editable": can(user, Capability.MANAGE_ROUNDS),
        },
    )


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.MANAGE_ROUNDS)
    rnd = get_visible(user, Round, pk=pk)
    teams = (
        Team.objects.visible_to(user).filter(round=rnd, kind=Team.Kind.ASSESSMENT).order_by("starts_on", "pk")
    )
    streets = Division.objects.visible_to(user).filter(level=Level.STREET, parent=rnd.district)
    form = AssignForm(
        request.POST, teams=[(t.pk, t.name) for t in teams], streets=[(s.code, s.name) for s in streets]
    )

    def act(d: dict[str, Any]) -> object:
        team = get_visible(
            user,
            Team.objects.filter(kind=Team.Kind.ASSESSMENT).select_related("round__district"),
            pk=d["team"],
        )
        street = streets.get(code=d["street"])
        return reviews.do_assign_team(team, street=street, actor=user)

    return submit(
        request, form, act, _("Team assigned."), reverse("candidates:round_assessments", args=[rnd.pk])
    )
