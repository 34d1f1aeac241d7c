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
from huanjie.candidates import persons, reviews
from huanjie.candidates.departments import DEPARTMENTS
from huanjie.candidates.forms import AssessmentForm, AssignForm, OverrideForm, ReviewForm
from huanjie.candidates.lists import lists, nomination_ref, review_status
from huanjie.candidates.models import Assessment, Nomination, Override, Review, TeamStreet
from huanjie.candidates.views.nomination import review_label
from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election, Round
from huanjie.supervision.models import Team
from huanjie.units.models import Division, Level
from huanjie.voters.models import Resident, VoterStatus
from huanjie.voters.people import office_label
from huanjie.voters.picker import ResidentPickerField
from huanjie.web.forms import submit
from huanjie.web.request import require, staff


def _refs(election: Election) -> list[str]:
    """Who is under review, by person: the standing nominees of a committee election; anyone already
    reviewed or assessed (a party organisation's candidates, from its roll)."""
    refs = [
        nomination_ref(n)
        for n in Nomination.objects.filter(election=election, withdrawn_on__isnull=True).order_by(
            "post", "-votes", "pk"
        )
    ]
    refs += Review.objects.filter(election=election).exclude(ref="").values_list("ref", flat=True)
    refs += Assessment.objects.filter(election=election).exclude(ref="").values_list("ref", flat=True)
    return list(dict.fromkeys(refs))


def _person(election: Election, d: dict[str, Any], *, nominated: bool = True) -> dict[str, Any]:
    """The form's data with its chosen person as the record the actions take (a picker gives the record
    itself; a list of choices, its key)."""
    chosen = (
        d["person"]
        if isinstance(d["person"], Resident)
        else persons.record(election, d["person"], nominated=nominated)
    )
    return {**{k: v for k, v in d.items() if k != "person"}, "person": chosen}


def _assessment_form(election: Election, query: Any, data: Any = None, **kwargs: Any) -> AssessmentForm:
    """The assessment comes before nomination, so in a committee election it may be about any registered
    voter: a type-ahead picker over the roll (name, group, year of birth — namesakes apart), never a list
    of a community's 3,000 voters. A party election's roll is short: its members are listed."""
    if election.kind == "party_branch":
        return AssessmentForm(data, people=persons.choices(election, nominated=False), **kwargs)
    form = AssessmentForm(data, people=[], **kwargs)
    voters = Resident.objects.filter(voters__election=election, voters__status=VoterStatus.REGISTERED)
    everyone = voters if voters.exists() else Resident.objects.filter(unit=election.unit_id)
    picker = ResidentPickerField(label=_("Candidate"), queryset=everyone.distinct())
    form.fields["person"] = picker  # the same place in the form, the same name
    picker.prepare(election.unit, query, name="person", voters=election.pk if voters.exists() else None)
    return form


def _label(row: Assessment) -> str:
    """The office's label of a row's person (namesakes apart), the name alone where none is known."""
    record = row.resident or row.member
    group = row.resident.group if row.resident is not None else ""
    return office_label(row.name, group, record.birth_year) if record is not None else row.name


def _unresolved(election: Election) -> int:
    """Rows from before issue 17 whose person is not known yet: the clerk resolves them first."""
    return sum(m.objects.filter(election=election, ref="").count() for m in (Review, Override, Assessment))


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    back = reverse("candidates:review", args=[election.pk])
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        form = ReviewForm(request.POST, people=persons.choices(election))
        return submit(
            request,
            form,
            lambda d: reviews.do_record_review(election, actor=user, **_person(election, d)),
            _("Verdict recorded."),
            back,
        )
    statuses = review_status(election, _refs(election))
    shown = persons.labels(election)
    rows = [
        {
            "name": shown.get(ref) or st.name,
            "status": st.status,
            "label": review_label(st.status),
            "cells": [st.verdicts.get(key) for key, _zh, _en in DEPARTMENTS],
            "override": st.override,
        }
        for ref, st in statuses.items()
    ]
    scope = user.scope
    return render(
        request,
        "candidates/review.html",
        {
            "election": election,
            "departments": [f"{zh} {en}" for _k, zh, en in DEPARTMENTS],
            "rows": rows,
            "form": ReviewForm(initial={"reviewed_on": clock.today()}, people=persons.choices(election)),
            "override_form": OverrideForm(people=persons.choices(election)),
            "unresolved": _unresolved(election),
            "editable": can(user, Capability.EDIT_UNITS) and scope is not None and scope.level != Level.UNIT,
            "can_override": can(user, Capability.OVERRIDE_GUARDS),
        },
    )


@login_required
@require_POST
def override(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.OVERRIDE_GUARDS)
    election = get_visible(user, Election, pk=pk)
    form = OverrideForm(request.POST, people=persons.choices(election))
    return submit(
        request,
        form,
        lambda d: reviews.do_override_review(
            election, person=persons.record(election, d["person"]), reason=d["reason"], actor=user
        ),
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
        form = _assessment_form(election, request.GET, request.POST)
        return submit(
            request,
            form,
            lambda d: reviews.do_record_assessment(
                election, post=post, actor=user, **_person(election, d, nominated=False)
            ),
            _("Assessment recorded."),
            back,
        )
    formal = {n.name for pl in lists(election).posts if pl.post == post for n in pl.formal}
    suggested = (
        []
        if party
        else [
            persons.of_resident(election, n.resident).label
            for n in Nomination.objects.filter(election=election, post=post, withdrawn_on__isnull=True)
            .select_related("resident")
            .order_by("-votes", "pk")
            if n.name in formal
        ]
    )
    return render(
        request,
        "candidates/assessment.html",
        {
            "election": election,
            "post": post,
            "assessments": [
                (a, _label(a))
                for a in Assessment.objects.filter(election=election).select_related(
                    "team", "resident", "member"
                )
            ],
            "suggested": suggested,
            "form": _assessment_form(election, request.GET, initial={"held_on": clock.today()}),
            "picker": not party,
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
        .select_related("election__unit", "election__street", "team", "resident")
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
