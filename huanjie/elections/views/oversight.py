"""Scheduling election days, the alerts list, the review's findings, the XLSX export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.export import XLSX, Book
from huanjie.core.scope import get_visible
from huanjie.core.uploads import read_upload
from huanjie.elections.actions import (
    do_close_finding,
    do_import_election_days,
    do_record_finding,
    do_run_review,
    do_set_election_days,
)
from huanjie.elections.forms import STATE_LABELS, CloseFindingForm, DaysFileForm, FindingForm, StreetDaysForm
from huanjie.elections.models import Election, ElectionStage, Finding, Round
from huanjie.elections.progress import SOON_DAYS, State, annotate_state, state_of
from huanjie.elections.stages import label
from huanjie.units.models import Division, Level
from huanjie.web.forms import KeptErrors, submit
from huanjie.web.request import require, staff


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """Election days: per street in bulk, or from a spreadsheet; one by one on each election's page."""
    user = require(request, Capability.SCHEDULE_ELECTIONS)
    rnd = get_visible(user, Round, pk=pk)
    elections = Election.objects.visible_to(user).filter(round=rnd)
    back = reverse("elections:schedule", args=[rnd.pk])
    if request.method == "POST" and "street" in request.POST:

        def fix(d: dict[str, Any]) -> int:
            street = get_visible(user, Division, code=d["street"])
            unscheduled = elections.filter(street=street, kind=d["kind"], election_day__isnull=True)
            return do_set_election_days(
                dict.fromkeys(unscheduled.select_related("round", "unit", "body"), d["election_day"]),
                actor=user,
            )

        # The page shows a fresh street form (one a street): a refusal is a message above it.
        return submit(
            request,
            StreetDaysForm(request.POST),
            fix,
            lambda n: _("%(n)d election days fixed.") % {"n": n},
            back,
        )
    file_form = (
        DaysFileForm(request.POST or None, request.FILES or None)
        if "file" in request.FILES
        else DaysFileForm()
    )
    kept = KeptErrors(request)

    def page(status: int = 200) -> HttpResponse:
        return _schedule_page(request, user, rnd, elections, file_form, kept, status)

    if request.method == "POST" and "file" in request.FILES:
        return submit(
            request,
            file_form,
            lambda d: do_import_election_days(rnd, d["file"].name, read_upload(d["file"]), actor=user),
            lambda n: _("%(n)d election days fixed from the file.") % {"n": n},
            back,
            page,
            on_error=kept,
        )
    return page()


def _schedule_page(
    request: HttpRequest,
    user: User,
    rnd: Round,
    elections: QuerySet[Election],
    file_form: DaysFileForm,
    kept: KeptErrors,
    status: int = 200,
) -> HttpResponse:
    streets = (
        Division.objects.visible_to(user)
        .filter(level=Level.STREET, pk__in=elections.values("street"))
        .order_by("code")
    )
    summary = {
        (row["street"], row["kind"]): row
        for row in elections.values("street", "kind").annotate(
            total=Count("pk"),
            scheduled=Count("election_day"),
            first=Min("election_day"),
            last=Max("election_day"),
        )
    }
    rows = [(s, [summary.get((s.pk, k)) for k in rnd.bodies]) for s in streets]
    return render(
        request,
        "elections/schedule.html",
        {
            "round": rnd,
            "rows": rows,
            "bodies": rnd.bodies,
            "file_form": file_form,
            "errors": kept.shown,
            "total": kept.total,
            "street_form": StreetDaysForm(),
        },
        status=status,
    )


@login_required
def alerts(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    rnd = get_visible(user, Round, pk=pk)
    today = clock.today()
    stages = (
        annotate_state(ElectionStage.objects.visible_to(user).filter(election__round=rnd), today)
        .filter(state__in=[State.OVERDUE, State.DUE_SOON])
        .select_related("election__unit", "election__body", "election__street")
        .order_by("eff_due", "election__unit__code")
    )
    page = Paginator(stages, 100).get_page(request.GET.get("page"))
    rows = [(s, label(s.key), state_of(s, today), STATE_LABELS[state_of(s, today)]) for s in page]
    return render(
        request, "elections/alerts.html", {"round": rnd, "page": page, "rows": rows, "soon": SOON_DAYS}
    )


@login_required
@require_http_methods(["GET", "POST"])
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    rnd = get_visible(user, Round, pk=pk)
    form = FindingForm(request.POST or None)
    if request.method == "POST" and request.POST.get("action") == "review":
        require(request, Capability.MANAGE_ROUNDS)
        summary = do_run_review(rnd, today=clock.today(), actor=user)
        messages.success(
            request,
            _("Review run: %(new)d new findings, %(known)d already known.")
            % {"new": summary.new, "known": summary.already_known},
        )
        return redirect("elections:findings", pk=rnd.pk)
    if request.method == "POST":
        require(request, Capability.RECORD_FINDINGS)
        return submit(
            request,
            form,
            lambda d: do_record_finding(
                rnd=rnd,
                unit=get_visible(user, Division, code=d["unit"]),
                text_zh=d["text_zh"],
                text_en=d["text_en"],
                severity=d["severity"],
                rectification_due=d["rectification_due"],
                actor=user,
            ),
            _("Finding recorded."),
            reverse("elections:findings", args=[rnd.pk]),
            lambda status: _findings_page(request, user, rnd, form, status),
        )
    return _findings_page(request, user, rnd, form)


def _findings_page(
    request: HttpRequest, user: User, rnd: Round, form: FindingForm, code: int = 200
) -> HttpResponse:
    qs = Finding.objects.visible_to(user).filter(round=rnd).select_related("unit", "election__body")
    status = request.GET.get("status", "open")
    if status == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif status == "closed":
        qs = qs.filter(closed_on__isnull=False)
    if source := request.GET.get("source"):
        qs = qs.filter(source=source)
    page = Paginator(qs.order_by("closed_on", "-severity", "unit__code"), 50).get_page(
        request.GET.get("page")
    )
    english = (get_language() or "").startswith("en")
    return render(
        request,
        "elections/findings.html",
        {
            "round": rnd,
            "page": page,
            "form": form,
            "status": status,
            "source": source or "",
            "english": english,
            "sources": Finding.Source.choices,
            "close_form": CloseFindingForm(initial={"closed_on": clock.today()}),
            "can_review": can(user, Capability.MANAGE_ROUNDS),
            "can_record": can(user, Capability.RECORD_FINDINGS),
            "today": clock.today(),
        },
        status=code,
    )


@login_required
@require_POST
def close_finding(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.RECORD_FINDINGS)
    finding = get_visible(user, Finding, pk=pk)
    form = CloseFindingForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_close_finding(finding, resolution=d["resolution"], closed_on=d["closed_on"], actor=user),
        _("Finding closed."),
        reverse("elections:findings", args=[finding.round_id]),
        invalid=_("Say what was done and when."),
    )


@login_required
def export_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Every stage of every election in scope, with its state, as a spreadsheet."""
    user = staff(request)
    rnd = get_visible(user, Round, pk=pk)
    today = clock.today()
    book = Book(write_only=True)
    sheet = book.sheet(_("Progress"))
    sheet.header(
        [
            _("Street"),
            _("Unit"),
            _("Division code"),
            _("Body"),
            _("Election day"),
            _("Stage"),
            _("Due"),
            _("Completed on"),
            _("State"),
        ]
    )
    stages = (
        ElectionStage.objects.visible_to(user)
        .filter(election__round=rnd)
        .select_related("election__unit", "election__street", "election__body")
        .order_by("election__unit__code", "election__kind", "seq")
    )
    for s in stages.iterator(chunk_size=2000):
        e = s.election
        sheet.append(
            [
                e.street.name,
                e.unit.name,
                e.unit.code,
                e.body.name,
                e.election_day,
                str(label(s.key)),
                s.effective_due,
                s.completed_on,
                str(STATE_LABELS[state_of(s, today)]),
            ]
        )
    response = HttpResponse(book.save(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="progress-{rnd.pk}-{today:%Y%m%d}.xlsx"'
    return response
