from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from huanjie.accounts.roles import Capability
from huanjie.auditlog import anchor
from huanjie.auditlog.models import Access, Event
from huanjie.auditlog.record import verify_chain
from huanjie.core.scope import reach_q, visible_to
from huanjie.office.forms import AccessFilterForm, AuditFilterForm
from huanjie.units.models import Division
from huanjie.web.request import require


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    user = require(request, Capability.VIEW_AUDIT)
    # Events in the administrator's scope, and the system-wide ones (failed logins, imports by command).
    qs = Event.objects.filter(reach_q(user, "division_path") | Q(division_path=""))
    form = AuditFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            qs = qs.filter(action__startswith=data["action"])
        if data["actor"]:
            qs = qs.filter(actor_name__icontains=data["actor"])
        if data["object"]:
            qs = qs.filter(Q(object_repr__icontains=data["object"]) | Q(object_id=data["object"]))
        tz = timezone.get_current_timezone()
        if data["since"]:
            qs = qs.filter(at__gte=dt.datetime.combine(data["since"], dt.time.min, tzinfo=tz))
        if data["until"]:
            qs = qs.filter(
                at__lt=dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            )
    page = Paginator(qs.order_by("-seq"), 50).get_page(request.GET.get("page"))
    problem = verify_chain() if request.GET.get("verify") else None
    return render(
        request,
        "office/audit.html",
        {
            "form": form,
            "page": page,
            "verified": bool(request.GET.get("verify")),
            "problem": problem,
            "anchor": anchor.head(),
            "anchor_printed": anchor.printed(anchor.head()),
        },
    )


@login_required
def access(request: HttpRequest) -> HttpResponse:
    """Who opened which personal data, with how many people shown: the district administrator's query."""
    user = require(request, Capability.VIEW_AUDIT)
    qs = visible_to(user, Access)
    form = AccessFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            qs = qs.filter(username__icontains=data["user"])
        if data["unit"]:
            # A division outside the scope matches nothing, as if it did not exist.
            unit = Division.objects.visible_to(user).filter(code=data["unit"]).first()
            qs = qs.filter(division_path__startswith=unit.path) if unit else qs.none()
        tz = timezone.get_current_timezone()
        if data["since"]:
            qs = qs.filter(at__gte=dt.datetime.combine(data["since"], dt.time.min, tzinfo=tz))
        if data["until"]:
            qs = qs.filter(
                at__lt=dt.datetime.combine(data["until"] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
            )
    page = Paginator(qs.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "office/access.html", {"form": form, "page": page})
