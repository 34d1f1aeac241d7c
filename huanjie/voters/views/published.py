"""The posted list (name, sex, villager group — never an ID number), the supplementary list, voter cards
and objections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.access import shown
from huanjie.core import clock
from huanjie.core.dates import zh_date
from huanjie.core.errors import ActionError
from huanjie.core.pdf import render_pdf
from huanjie.elections.models import Election
from huanjie.office.views.common import require, staff
from huanjie.rules import profiles
from huanjie.rules.explain import cite
from huanjie.voters.access import get_objection
from huanjie.voters.forms import DecisionForm, ObjectionForm
from huanjie.voters.models import Objection, Resident
from huanjie.voters.objections import do_decide_objection, do_lodge_objection, window
from huanjie.voters.publication import committee_names, list_notice, published_entries, supplementary
from huanjie.voters.views.roll import _committee_election


def _list_context(election: Election) -> dict[str, Any]:
    notice = list_notice(election)
    entries = list(published_entries(election, notice))
    issuer_zh, _issuer_en = committee_names(election)
    return {
        "election": election,
        "notice": notice,
        "entries": entries,
        "total": len(entries),
        "changes": supplementary(election, notice),
        "issuer": issuer_zh,
        "posted_on": zh_date(notice.published_at.date() if notice else None),
        "window": window(election),
    }


@login_required
def published_list(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)
    context = _list_context(election)
    shown(request, context["total"], election.unit)
    return render(request, "voters/list.html", context)


def _render(template: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    # Posted documents are Chinese whatever the page's language (the reasons' display names too).
    with translation.override("zh-hans"):
        return render_pdf(template, context, request=request)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)
    context = _list_context(election)
    shown(request, context["total"], election.unit)
    return _pdf(_render("voters/pdf/list.html", context, request), f"voter-list-{election.unit.code}.pdf")


@login_required
def supplementary_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)
    context = _list_context(election)
    shown(request, len(context["changes"]), election.unit)
    data = _render("voters/pdf/supplementary.html", context, request)
    return _pdf(data, f"voter-list-supplement-{election.unit.code}.pdf")


@login_required
def cards_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """选民证: one card per registered voter, eight to an A4 page, in list order."""
    election = _committee_election(request, pk)
    context = _list_context(election)
    day = election.election_day
    voters = list(published_entries(election, None))
    cards = [
        {
            "no": f"{election.unit.code[-3:]}-{i:04d}",
            "name": v.resident.name,
            "sex": "男" if v.resident.sex == "male" else "女",
            # The year, as every page shows it: an age on a given day beside it would narrow the date.
            "born": v.resident.birth_year,
            "group": v.resident.group,
        }
        for i, v in enumerate(voters, start=1)
    ]
    shown(request, len(cards), election.unit)
    context.update(cards=cards, election_day=zh_date(day), profile=profiles.load(election.round.profile))
    return _pdf(_render("voters/pdf/cards.html", context, request), f"voter-cards-{election.unit.code}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def objections(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = _committee_election(request, pk)
    residents = Resident.objects.filter(unit=election.unit).order_by("group", "name")
    editable = can(user, Capability.EDIT_UNITS)
    form = ObjectionForm(request.POST or None, residents=residents, initial={"lodged_on": clock.today()})
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        if form.is_valid():
            try:
                do_lodge_objection(election, actor=user, **form.cleaned_data)
            except ActionError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Objection recorded."))
                return redirect("voters:objections", pk=election.pk)
    return render(
        request,
        "voters/objections.html",
        {
            "election": election,
            "objections": Objection.objects.filter(election=election).select_related("resident", "notice"),
            "form": form if editable else None,
            "decision_form": DecisionForm(initial={"decided_on": clock.today()}) if editable else None,
            "window": window(election),
            "article": cite(election.kind, "B5", "Art.14"),
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def decide_objection(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_objection(staff(request), pk)
    user = require(request, Capability.EDIT_UNITS)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the decision, its date and its reasons."))
    else:
        try:
            do_decide_objection(objection, actor=user, **form.cleaned_data)
        except ActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Decision recorded and published."))
    return redirect("voters:objections", pk=objection.election_id)
