"""The posted list (name, sex, villager group — never an ID number), the supplementary list, voter cards
and objections."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.access import shown
from huanjie.core import clock, papercache, sheets
from huanjie.core.dates import zh_date
from huanjie.core.pdf import render_pdf
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.rules.explain import cite
from huanjie.voters import printing
from huanjie.voters.forms import DecisionForm, ObjectionForm
from huanjie.voters.models import Objection, Resident
from huanjie.voters.objections import do_decide_objection, do_lodge_objection, window
from huanjie.voters.picker import ResidentPickerField, of_voting_age
from huanjie.voters.publication import committee_names, list_notice, published_entries, supplementary
from huanjie.voters.views.roll import _committee_election
from huanjie.web.forms import submit
from huanjie.web.request import require, staff

LIST_PAGE = 200


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
    """The list on screen, LIST_PAGE names a page (a community's 3,000 rendered at once cost 200 ms of
    CPU, issue 20); the printed list is whole."""
    election = _committee_election(request, pk)
    notice = list_notice(election)
    page = Paginator(published_entries(election, notice), LIST_PAGE).get_page(request.GET.get("page"))
    shown(request, len(page), election.unit)
    return render(
        request,
        "voters/list.html",
        {
            "election": election,
            "notice": notice,
            "page": page,
            "total": page.paginator.count,
            "changes": supplementary(election, notice),
            "window": window(election),
        },
    )


def _render(template: str, context: dict[str, Any], request: HttpRequest) -> bytes:
    # Posted documents are Chinese whatever the page's language (the reasons' display names too).
    with translation.override("zh-hans"):
        return render_pdf(template, context, request=request)


_PRINTING_CODE = (Path(printing.__file__), Path(sheets.__file__))


def _paper(kind: str, parts: list[object], make: Callable[[], bytes]) -> bytes:
    """A long paper made once per content (core.papercache); a MissingGlyphs is never cached."""
    return papercache.cached(kind, papercache.content_key(parts, code=_PRINTING_CODE), make)


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = _committee_election(request, pk)
    context = _list_context(election)
    shown(request, context["total"], election.unit)
    people = "村民" if election.kind == "villagers_committee" else "居民"
    body = "村民委员会" if election.kind == "villagers_committee" else "居民委员会"
    window = context["window"]
    law = (
        "《中华人民共和国村民委员会组织法》第十四条"
        if election.kind == "villagers_committee"
        else "《中华人民共和国城市居民委员会组织法》和本省居民委员会选举办法"
    )
    lead = (
        f"根据{law}的规定，现将本届{body}选举登记参加选举的{people}名单"
        f"予以公布，共{context['total']}人。"
        + (f"对名单有不同意见的，请于{zh_date(window[1])}前向选举委员会提出申诉。" if window else "")
        + ("" if context["notice"] else "（本名单尚未公布，仅供核对。）")
    )
    entries = [
        printing.Entry(v.resident.name, "男" if v.resident.sex == "male" else "女", v.resident.group)
        for v in context["entries"]
    ]
    fields = {
        "title": f"{election.unit.name}登记参加选举的{people}名单",
        "lead": lead,
        "issuer": str(context["issuer"]),
        "posted_on": str(context["posted_on"]),
    }
    data = _paper("voter-list", [fields, entries], lambda: printing.list_pdf(entries=entries, **fields))
    return _pdf(data, f"voter-list-{election.unit.code}.pdf")


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
    day = election.election_day
    cards = [
        printing.Card(
            no=f"{election.unit.code[-3:]}-{i:04d}",
            name=v.resident.name,
            sex="男" if v.resident.sex == "male" else "女",
            # The year, as every page shows it: an age on a given day beside it would narrow the date.
            born=str(v.resident.birth_year or ""),
            group=v.resident.group,
        )
        for i, v in enumerate(published_entries(election, None), start=1)
    ]
    shown(request, len(cards), election.unit)
    body = "村民委员会" if election.kind == "villagers_committee" else "居民委员会"
    fields = {
        "subtitle": f"{election.unit.name}{body}选举",
        "election_day": zh_date(day),
        "issuer": committee_names(election)[0],
    }
    data = _paper("voter-cards", [fields, cards], lambda: printing.cards_pdf(cards=cards, **fields))
    return _pdf(data, f"voter-cards-{election.unit.code}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def objections(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = _committee_election(request, pk)
    # The person concerned is one who may be a voter: under the voting age on the day, nobody can be.
    residents = of_voting_age(Resident.objects.filter(unit=election.unit), election).order_by("group", "name")
    editable = can(user, Capability.EDIT_UNITS)
    form = ObjectionForm(request.POST or None, residents=residents, initial={"lodged_on": clock.today()})
    picker = form.fields["resident"]
    assert isinstance(picker, ResidentPickerField)
    picker.prepare(election.unit, request.GET, voters=election.pk)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "voters/objections.html",
            {
                "election": election,
                "objections": Objection.objects.filter(election=election).select_related(
                    "resident", "notice"
                ),
                "form": form if editable else None,
                "decision_form": DecisionForm(initial={"decided_on": clock.today()}) if editable else None,
                "window": window(election),
                "article": cite(election.kind, "B5", "Art.14"),
                "today": clock.today(),
            },
            status=status,
        )

    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            form,
            lambda d: do_lodge_objection(election, actor=user, **d),
            _("Objection recorded."),
            reverse("voters:objections", args=[election.pk]),
            page,
        )
    return page()


@login_required
@require_POST
def decide_objection(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_visible(staff(request), Objection, pk=pk)
    user = require(request, Capability.EDIT_UNITS)
    form = DecisionForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_decide_objection(objection, actor=user, **d),
        _("Decision recorded and published."),
        reverse("voters:objections", args=[objection.election_id]),
        invalid=_("Give the decision, its date and its reasons."),
    )
