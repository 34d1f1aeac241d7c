"""The election's polling-day registers: stations, mobile boxes, officials, proxies; the proxies notice and
each proxy's authorisation (PDF); the ballots issued and collected per box of a voting round."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.dates import zh_date
from huanjie.core.pdf import render_pdf
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election, StageStatus
from huanjie.polling.actions import do_add_box
from huanjie.polling.models import MobileVoter, Official, Proxy, Station, VotingRound
from huanjie.polling.officials import current_conflicts, do_appoint_official, do_remove_official
from huanjie.polling.proxies import (
    do_add_proxy,
    do_publish_proxies,
    do_withdraw_proxy,
    proxies_stage,
    proxy_notes,
)
from huanjie.polling.register_forms import (
    MobileVoterForm,
    OfficialForm,
    ProxyForm,
    PublishForm,
    StationForm,
)
from huanjie.polling.registers import (
    do_add_mobile_voter,
    do_add_station,
    do_remove_mobile_voter,
)
from huanjie.polling.registers import (
    round_register as build_round_register,
)
from huanjie.rules import profiles
from huanjie.rules.officials import monitors_short
from huanjie.rules.proxies import proxy_vote_counts
from huanjie.rules.terms import relation_zh
from huanjie.voters.publication import committee_names
from huanjie.web.forms import Button, submit
from huanjie.web.request import require, staff


def _page(request: HttpRequest, election: Election, status: int = 200, **bound: Form) -> HttpResponse:
    user = staff(request)
    stations = list(
        Station.objects.filter(election=election).prefetch_related(
            "monitors", "mobile_voters__voter__resident"
        )
    )
    stage = proxies_stage(election)
    profile = profiles.load(election.round.profile)
    forms: dict[str, Form] = {
        "station_form": StationForm(),
        "mobile_form": MobileVoterForm(election=election),
        "official_form": OfficialForm(election=election),
        "proxy_form": ProxyForm(election=election),
        "publish_form": PublishForm(initial={"completed_on": clock.today()}),
    }
    forms.update(bound)
    return render(
        request,
        "polling/registers.html",
        {
            "election": election,
            "stations": [(s, monitors_short(len(s.monitors.all()), profile) is None) for s in stations],
            "min_monitors": profile.mobile_box_min_monitors,
            # B12: where the profile voids an unpublished proxy's vote (ZJ Art.25), the list says so.
            "unpublished_void": not proxy_vote_counts(False, profile).ok,
            "officials": Official.objects.filter(election=election).select_related("station"),
            "conflicts": current_conflicts(election),
            "proxies": Proxy.objects.filter(election=election).select_related(
                "principal__resident", "holder__resident"
            ),
            "stage": stage,
            "can_publish": stage is not None and stage.status == StageStatus.PENDING,
            "notes": proxy_notes(election),
            "rounds": election.voting_rounds.all(),
            "editable": can(user, Capability.EDIT_UNITS),
            **forms,
        },
        status=status,
    )


@login_required
@require_GET
def registers(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_visible(staff(request), Election, pk=pk))


def _post(request: HttpRequest, pk: int) -> tuple[Any, Election]:
    user = require(request, Capability.EDIT_UNITS)
    return user, get_visible(user, Election, pk=pk)


@login_required
@require_POST
def add_station(request: HttpRequest, pk: int) -> HttpResponse:
    user, election = _post(request, pk)
    form = StationForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_add_station(election, **d, actor=user),
        "",
        reverse("polling:registers", args=[election.pk]),
        render=lambda status: _page(request, election, status, station_form=form),
    )


@login_required
@require_POST
def add_mobile_voter(request: HttpRequest, pk: int) -> HttpResponse:
    user, election = _post(request, pk)
    form = MobileVoterForm(request.POST, election=election)
    return submit(
        request,
        form,
        lambda d: do_add_mobile_voter(d["station"], **_without(d, "station"), actor=user),
        "",
        reverse("polling:registers", args=[election.pk]),
        render=lambda status: _page(request, election, status, mobile_form=form),
    )


def _without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


@login_required
@require_POST
def appoint_official(request: HttpRequest, pk: int) -> HttpResponse:
    user, election = _post(request, pk)
    form = OfficialForm(request.POST, election=election)
    return submit(
        request,
        form,
        lambda d: do_appoint_official(election, **d, actor=user),
        "",
        reverse("polling:registers", args=[election.pk]),
        render=lambda status: _page(request, election, status, official_form=form),
    )


@login_required
@require_POST
def add_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    user, election = _post(request, pk)
    form = ProxyForm(request.POST, election=election)
    return submit(
        request,
        form,
        lambda d: do_add_proxy(election, **d, actor=user),
        "",
        reverse("polling:registers", args=[election.pk]),
        render=lambda status: _page(request, election, status, proxy_form=form),
    )


@login_required
@require_POST
def publish_proxies(request: HttpRequest, pk: int) -> HttpResponse:
    user, election = _post(request, pk)
    form = PublishForm(request.POST)
    stage = proxies_stage(election)
    if stage is None:
        raise Http404("this election has no proxies stage")
    return submit(
        request,
        form,
        lambda d: do_publish_proxies(stage, completed_on=d["completed_on"], actor=user),
        _("The proxy list is published."),
        reverse("polling:registers", args=[election.pk]),
        render=lambda status: _page(request, election, status, publish_form=form),
    )


@login_required
@require_POST
def remove_official(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    official = get_visible(staff(request), Official, pk=pk)
    do_remove_official(official, actor=user)
    return redirect("polling:registers", pk=official.election_id)


@login_required
@require_POST
def remove_mobile_voter(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    entry = get_visible(staff(request), MobileVoter, pk=pk)
    election_id = entry.station.election_id
    do_remove_mobile_voter(entry, actor=user)
    return redirect("polling:registers", pk=election_id)


@login_required
@require_POST
def withdraw_proxy(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    proxy = get_visible(staff(request), Proxy, pk=pk)
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_withdraw_proxy(proxy, actor=user),
        "",  # the register shows the proxy withdrawn
        reverse("polling:registers", args=[proxy.election_id]),
    )


@login_required
@require_GET
def proxy_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The authorisation (委托投票证), A4 and Chinese whatever the page's language."""
    proxy = get_visible(staff(request), Proxy, pk=pk)
    election = proxy.election
    issuer, _issuer_en = committee_names(election)
    context = {
        "proxy": proxy,
        "unit": election.unit.name,
        "body_zh": "村民委员会" if election.kind == "villagers_committee" else "居民委员会",
        "relation": relation_zh(proxy.relation),
        "issuer": issuer,
        "election_day": zh_date(election.election_day),
        "written_on": zh_date(proxy.written_on),
        "approved_on": zh_date(proxy.approved_on),
        "cap": profiles.load(election.round.profile).proxy_cap,
    }
    with translation.override("zh-hans"):
        data = render_pdf("polling/pdf/proxy.html", context, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="proxy-{proxy.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def round_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Ballots issued and collected per box of a voting round; POST adds a register entry's box."""
    vr = get_visible(staff(request), VotingRound, pk=pk)
    user = staff(request)
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        station = get_visible(
            user, Station.objects.filter(election=vr.election), pk=request.POST.get("station", "0")
        )
        return submit(
            request,
            Button(request.POST),
            lambda _d: do_add_box(vr, station=station, actor=user),
            "",  # the register shows the new box
            reverse("polling:round_register", args=[vr.pk]),
        )
    boxed = set(vr.boxes.values_list("station_id", flat=True))
    return render(
        request,
        "polling/round_register.html",
        {
            "vr": vr,
            "register": build_round_register(vr),
            "unboxed": Station.objects.filter(election=vr.election).exclude(pk__in=boxed),
            "editable": can(user, Capability.EDIT_UNITS) and vr.status == "open",
        },
    )
