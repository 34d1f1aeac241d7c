"""Petitions (信访): intake, the statutory deadlines with overdue alerts, the reply, the petitioner's
satisfaction; and the watch list of units with petitions in this or the previous term."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.access import shown
from huanjie.core.scope import get_visible
from huanjie.elections.stages import label
from huanjie.supervision import access, actions
from huanjie.supervision.forms import (
    ConcludeForm,
    DecideForm,
    PetitionerForm,
    PetitionFilter,
    PetitionForm,
    SatisfactionForm,
)
from huanjie.supervision.models import ACCEPT_DAYS, COLLECTIVE_FROM, CONCLUDE_DAYS, Petition
from huanjie.supervision.views.common import (
    divisions,
    streets,
    today,
    user_and_round,
    wants_xlsx,
    xlsx,
)
from huanjie.units.models import Level
from huanjie.voters.models import Resident
from huanjie.voters.picker import ResidentPickerField
from huanjie.web.forms import Button, submit


def _viewer(request: HttpRequest) -> tuple[User, Any]:
    user, rnd = user_and_round(request)
    if not access.may_see_petitions(user):
        raise PermissionDenied
    return user, rnd


def previous_term_q() -> Q:
    return ~Q(term_label="") | Q(received_on__lt=F("round__starts_on"))


def _overdue(qs: QuerySet[Petition], day: dt.date) -> QuerySet[Petition]:
    current = qs.exclude(previous_term_q())
    accept_late = Q(decision=Petition.Decision.PENDING, received_on__lt=day - dt.timedelta(days=ACCEPT_DAYS))
    conclude_late = Q(
        decision=Petition.Decision.ACCEPTED,
        concluded_on__isnull=True,
        decided_on__lt=day - dt.timedelta(days=CONCLUDE_DAYS),
    )
    return current.filter(accept_late | conclude_late)


@login_required
@require_http_methods(["GET", "POST"])
def petitions(request: HttpRequest) -> HttpResponse:
    user, rnd = _viewer(request)
    day = today()
    qs: QuerySet[Petition] = (
        Petition.objects.visible_to(user).select_related("division__parent", "round").filter(round=rnd)
    )
    flt = PetitionFilter(request.GET or None, divisions=streets(user))
    if flt.is_valid():
        d = flt.cleaned_data
        if q := d["q"]:
            qs = qs.filter(
                Q(subject__icontains=q) | Q(petitioners__icontains=q) | Q(division__name__icontains=q)
            )
        if street := d["street"]:
            qs = qs.filter(Q(division=street) | Q(division__parent=street))
        if d["channel"]:
            qs = qs.filter(channel=d["channel"])
        if d["collective"]:
            qs = qs.filter(petitioner_count__gte=COLLECTIVE_FROM)
        status = d["status"]
        if status == "open":
            qs = qs.exclude(previous_term_q()).filter(
                Q(decision=Petition.Decision.PENDING)
                | Q(decision=Petition.Decision.ACCEPTED, concluded_on__isnull=True)
            )
        elif status == "overdue":
            qs = _overdue(qs, day)
        elif status == "concluded":
            qs = qs.filter(Q(concluded_on__isnull=False) | Q(decision=Petition.Decision.NOT_ACCEPTED))
        elif status == "previous":
            qs = qs.filter(previous_term_q())
    may_add = rnd is not None and can(user, Capability.HANDLE_PETITIONS)
    form = PetitionForm(request.POST or None, divisions=divisions(user, Level.STREET, Level.UNIT),
                        initial={"received_on": day, "petitioner_count": 1})  # fmt: skip
    if request.method == "POST" and may_add and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_receive_petition(
                rnd, division=d["division"], channel=d["channel"], received_on=d["received_on"],
                subject=d["subject"], content=d["content"], petitioners=d["petitioners"],
                petitioner_count=d["petitioner_count"], contact=d["contact"], handler=d["handler"], stage=d["stage"],
                term_label=d["term_label"], actor=user,
            ),
            _("Petition recorded."), reverse("supervision:petitions"),
            lambda status: _petitions_page(request, user, rnd, qs, flt, form, may_add, status),
            to=lambda item: reverse("supervision:petition", args=[item.pk]),
        )  # fmt: skip
    return _petitions_page(request, user, rnd, qs, flt, form, may_add)


def _petitions_page(
    request: HttpRequest,
    user: User,
    rnd: Any,
    qs: QuerySet[Petition],
    flt: PetitionFilter,
    form: PetitionForm,
    may_add: bool,
    status: int = 200,
) -> HttpResponse:
    day = today()
    if wants_xlsx(request):
        return xlsx(
            "petitions", _("Petitions"),
            [_("Received on"), _("Channel"), _("Street"), _("Street or unit concerned"), _("Subject"),
             _("Number of petitioners"), _("Collective"), _("Earlier term"), _("Stage concerned"), _("Handler"),
             _("Decision"), _("Decide by"), _("Decided on"), _("Conclude by"), _("Concluded on"), _("Satisfaction"),
             _("Overdue")],
            ([p.received_on, p.get_channel_display(), p.division.parent.name if p.division.parent else "",
              p.division.name, p.subject, p.petitioner_count, _("yes") if p.collective else "", p.term_label,
              label(p.stage) if p.stage else "", p.handler, p.get_decision_display(), p.accept_by, p.decided_on,
              p.conclude_by, p.concluded_on, p.get_satisfaction_display(), _("yes") if p.overdue(day) else ""]
             for p in qs),
        )  # fmt: skip
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    overdue = (
        _overdue(
            Petition.objects.visible_to(user).select_related("division__parent", "round").filter(round=rnd),
            day,
        ).count()
        if rnd
        else 0
    )
    return render(
        request,
        "supervision/petitions.html",
        {
            "round": rnd,
            "page": page,
            "filter": flt,
            "form": form,
            "may_add": may_add,
            "today": day,
            "overdue": overdue,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def petition(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = _viewer(request)
    item = get_visible(user, Petition, pk=pk)
    day = today()
    may_handle = access.may_handle_petitions(user, item.division)
    which = request.POST.get("form")
    decide = DecideForm(
        request.POST if which == "decide" else None, initial={"decided_on": day, "handler": item.handler}
    )
    conclude = ConcludeForm(request.POST if which == "conclude" else None, initial={"concluded_on": day})
    satisfaction = SatisfactionForm(request.POST if which == "satisfaction" else None)
    # The petitioner as a resident: only of a petition about a unit, among that unit's residents.
    linkable = item.division.level == Level.UNIT
    petitioner = PetitionerForm(
        request.POST if which == "petitioner" else None,
        residents=Resident.objects.filter(unit=item.division) if linkable else Resident.objects.none(),
    )
    if linkable:
        picker = petitioner.fields["resident"]
        assert isinstance(picker, ResidentPickerField)
        picker.prepare(item.division, request.GET)
    forms: dict[str, Any] = {
        "decide": decide,
        "conclude": conclude,
        "satisfaction": satisfaction,
        "petitioner": petitioner,
        "unlink": Button(request.POST if which == "unlink" else None),
    }

    def act(d: dict[str, Any]) -> object:
        if which == "decide":
            return actions.do_decide_petition(
                item, accepted=d["accepted"], decided_on=d["decided_on"], note=d["note"], handler=d["handler"],
                actor=user,
            )  # fmt: skip
        if which == "conclude":
            return actions.do_conclude_petition(
                item,
                concluded_on=d["concluded_on"],
                reply=d["reply"],
                satisfaction=d["satisfaction"],
                actor=user,
            )
        if which == "petitioner":
            return actions.do_link_petitioner(item, resident=d["resident"], actor=user)
        if which == "unlink":
            return actions.do_link_petitioner(item, resident=None, actor=user)
        return actions.do_record_satisfaction(item, satisfaction=d["satisfaction"], actor=user)

    if request.method == "POST" and may_handle and which in forms:
        return submit(
            request, forms[which], act, _("Petition updated."), reverse("supervision:petition", args=[item.pk]),
            lambda status: _petition_page(request, user, item, may_handle, linkable, forms, status),
        )  # fmt: skip
    return _petition_page(request, user, item, may_handle, linkable, forms)


def _petition_page(
    request: HttpRequest,
    user: User,
    item: Petition,
    may_handle: bool,
    linkable: bool,
    forms: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    day = today()
    history = (
        Petition.objects.visible_to(user)
        .select_related("division__parent", "round")
        .filter(division=item.division)
        .exclude(pk=item.pk)
        .order_by("-received_on")[:20]
    )
    # The page shows the petitioners; a linked resident (name, group, year of birth) is logged as shown.
    shown(request, 1 if item.petitioner_id else 0, item.division, item.subject)
    context = {
        "petition": item,
        "today": day,
        "overdue": item.overdue(day),
        "may_handle": may_handle,
        "decide": forms["decide"] if may_handle and item.decision == Petition.Decision.PENDING else None,
        "conclude": forms["conclude"]
        if may_handle and item.decision == Petition.Decision.ACCEPTED and item.concluded_on is None
        else None,
        "satisfaction": forms["satisfaction"]
        if may_handle and item.concluded_on and not item.satisfaction
        else None,
        "petitioner_form": forms["petitioner"] if may_handle and linkable else None,
        "stage_label": label(item.stage) if item.stage else "",
        "history": history,
        "names": [n.strip() for n in item.petitioners.replace("、", "\n").splitlines() if n.strip()],
    }
    return render(request, "supervision/petition.html", context, status=status)


@login_required
def watch_list(request: HttpRequest) -> HttpResponse:
    """Units with petitions in this or the previous term: to be watched through the round."""
    user, rnd = _viewer(request)
    rows: dict[int, dict[str, Any]] = {}
    for p in (
        Petition.objects.visible_to(user)
        .select_related("division__parent", "round")
        .filter(round=rnd)
        .order_by("received_on")
    ):
        row = rows.setdefault(
            p.division_id,
            {"division": p.division, "current": 0, "previous": 0, "collective": 0, "open": 0, "last": p.received_on,
             "subjects": []},
        )  # fmt: skip
        row["previous" if p.previous_term else "current"] += 1
        row["collective"] += int(p.collective)
        row["open"] += int(p.open and not p.previous_term)
        row["last"] = max(row["last"], p.received_on)
        row["subjects"].append(p.subject)
    ordered = sorted(
        rows.values(), key=lambda r: (-r["collective"], -r["current"] - r["previous"], r["division"].code)
    )
    if wants_xlsx(request):
        return xlsx(
            "petition-watch-list", _("Watch list"),
            [_("Street"), _("Street or unit"), _("This term"), _("Previous term"), _("Collective"), _("Open"),
             _("Latest"), _("Subjects")],
            ([r["division"].parent.name if r["division"].parent else "", r["division"].name, r["current"],
              r["previous"], r["collective"], r["open"], r["last"], "; ".join(r["subjects"])] for r in ordered),
        )  # fmt: skip
    return render(request, "supervision/watch_list.html", {"round": rnd, "rows": ordered})
