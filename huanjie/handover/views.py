"""The handover pages: the district's list (overdue first), an election's handover, its printed list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.dates import zh_date
from huanjie.core.errors import ActionError
from huanjie.core.pdf import render_pdf
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.handover.actions import do_add_item, do_open_handover, do_sign_off, do_update_item
from huanjie.handover.forms import AddItemForm, ItemForm, SignOffForm
from huanjie.handover.models import Handover, HandoverItem
from huanjie.polling.models import VotingRound
from huanjie.web.forms import Button, submit
from huanjie.web.request import require, staff


def _state(handover: Handover, today: Any) -> tuple[int, str]:
    """Sort rank (overdue first) and the badge of a handover as of today."""
    if handover.signed:
        return (3, "late") if handover.late(today) else (4, "ok")
    return (1, "overdue") if handover.late(today) else (2, "open")


STATE_LABELS = {
    "overdue": _("open, overdue"),
    "open": _("open, within the deadline"),
    "late": _("signed late"),
    "ok": _("signed on time"),
}


@dataclass(frozen=True)
class Row:
    h: Handover
    rank: int
    state: str
    label: Any


@login_required
def handover_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    today = clock.today()
    rows = []
    for h in Handover.objects.visible_to(user).select_related(
        "election__unit", "election__street", "election__body", "election__round"
    ):
        rank, state = _state(h, today)
        rows.append(Row(h, rank, state, STATE_LABELS[state]))
    rows.sort(key=lambda r: (r.rank, r.h.due, r.h.election.unit.code))
    awaiting = (
        Election.objects.visible_to(user)
        .filter(
            voting_rounds__status=VotingRound.Status.COUNTED,
            voting_rounds__elected__isnull=False,
            handover__isnull=True,
        )
        .select_related("unit", "street", "body")
        .distinct()
        .order_by("unit__code", "kind")
    )
    counts = {state: sum(1 for r in rows if r.state == state) for state in STATE_LABELS}
    return render(
        request,
        "handover/list.html",
        {"rows": rows, "awaiting": awaiting, "counts": counts, "today": today},
    )


@login_required
@require_http_methods(["GET", "POST"])
def election_handover(request: HttpRequest, pk: int) -> HttpResponse:
    """An election's handover: the record if it is opened, else the button that opens it."""
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    existing = Handover.objects.filter(election=election).first()
    if existing is not None:
        return redirect("handover:handover", pk=existing.pk)
    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            Button(request.POST),
            lambda _d: do_open_handover(election, actor=user),
            "",  # the handover's own page is the answer
            request.path,
            to=lambda handover: reverse("handover:handover", args=[handover.pk]),
        )
    return render(
        request,
        "handover/open.html",
        {"election": election, "editable": can(user, Capability.EDIT_UNITS)},
    )


@login_required
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    h = get_visible(user, Handover, pk=pk)
    today = clock.today()
    _rank, state = _state(h, today)
    items = [(item, ItemForm(initial={"status": item.status, "notes": item.notes})) for item in h.items.all()]
    return render(
        request,
        "handover/handover.html",
        {
            "h": h,
            "election": h.election,
            "items": items,
            "state": state,
            "state_label": STATE_LABELS[state],
            "editable": can(user, Capability.EDIT_UNITS) and not h.signed,
            "add_form": AddItemForm(),
            "sign_form": SignOffForm(initial={"signed_on": today}),
            "pending": sum(1 for item, _f in items if not item.settled),
        },
    )


@login_required
@require_POST
def update_item(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    item = get_visible(user, HandoverItem, pk=pk)
    form = ItemForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status of the list."))
    else:
        try:
            do_update_item(
                item, status=form.cleaned_data["status"], notes=form.cleaned_data["notes"], actor=user
            )
        except ActionError as exc:
            messages.error(request, f"{item.title}: {exc.message}")
    return redirect("handover:handover", pk=item.handover_id)


@login_required
@require_POST
def add_item(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    h = get_visible(user, Handover, pk=pk)
    form = AddItemForm(request.POST)
    return submit(
        request,
        form,
        lambda d: do_add_item(h, title=d["title"], actor=user),
        "",  # the new item is the answer, on the page
        reverse("handover:handover", args=[h.pk]),
        invalid=str(_("Name the item in at most 120 characters.")),
    )


@login_required
@require_POST
def sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    h = get_visible(user, Handover, pk=pk)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(str(e) for e in errors)}")
        return redirect("handover:handover", pk=h.pk)
    try:
        done = do_sign_off(h, actor=user, **form.cleaned_data)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("handover:handover", pk=h.pk)
    if done.late:
        messages.warning(request, _("Signed off after the deadline: the handover is recorded as late."))
    if done.stage_completed:
        messages.success(request, _("Signed off; the handover stage is completed."))
    elif h.election.kind != "party_branch":
        messages.warning(
            request,
            _("Signed off. The handover stage was not completed: the district office completes it."),
        )
    else:
        messages.success(request, _("Signed off."))
    return redirect("handover:handover", pk=h.pk)


def list_context(h: Handover) -> dict[str, Any]:
    election = h.election
    return {
        "h": h,
        "election": election,
        "items": list(h.items.all()),
        "result_on": zh_date(h.result_on),
        "due": zh_date(h.due),
        "signed_on": zh_date(h.signed_on),
    }


@login_required
def handover_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """移交清单: the list to be signed by both heads and the street's witness, A4, Chinese."""
    h = get_visible(staff(request), Handover, pk=pk)
    with translation.override("zh-hans"):
        data = render_pdf("handover/pdf.html", list_context(h), request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="handover-{h.election.unit.code}-{h.election.kind}.pdf"'
    )
    return response
