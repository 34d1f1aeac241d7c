"""Publicity per unit, street and district: records with counts, dates and photos, and their totals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.supervision import access, actions
from huanjie.supervision.forms import PhotoForm, PublicityFilter, PublicityForm
from huanjie.supervision.models import Publicity
from huanjie.supervision.views.common import (
    divisions,
    stored_file,
    streets,
    upload,
    user_and_round,
    wants_xlsx,
    xlsx,
)
from huanjie.units.models import Level
from huanjie.web.forms import submit


@login_required
@require_http_methods(["GET", "POST"])
def publicity(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = (
        Publicity.objects.visible_to(user)
        .select_related("division__parent", "round")
        .filter(round=rnd)
        .annotate(photos_count=Count("photos"))
        .order_by("-started_on", "division__code", "pk")
    )
    flt = PublicityFilter(request.GET or None, divisions=streets(user))
    if flt.is_valid():
        d = flt.cleaned_data
        if q := d["q"]:
            qs = qs.filter(
                Q(division__name__icontains=q) | Q(place__icontains=q) | Q(description__icontains=q)
            )
        if street := d["street"]:
            qs = qs.filter(Q(division=street) | Q(division__parent=street))
        if d["kind"]:
            qs = qs.filter(kind=d["kind"])
        if d["since"]:
            qs = qs.filter(started_on__gte=d["since"])
        if d["until"]:
            qs = qs.filter(started_on__lte=d["until"])
    choices = divisions(user, Level.DISTRICT, Level.STREET, Level.UNIT)
    if not access.is_admin(user):
        choices = choices.exclude(level=Level.DISTRICT)
    form = PublicityForm(request.POST or None, divisions=choices)
    may_add = rnd is not None and can(user, Capability.RECORD_LOCAL_WORK)
    if request.method == "POST" and may_add and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_record_publicity(
                rnd, division=d["division"], kind=d["kind"], count=d["count"], started_on=d["started_on"],
                ended_on=d["ended_on"], place=d["place"], description=d["description"], actor=user,
            ),
            _("Publicity recorded."), reverse("supervision:publicity"),
            lambda status: _publicity_page(request, user, rnd, qs, flt, form, may_add, status),
            to=lambda item: reverse("supervision:publicity_item", args=[item.pk]),
        )  # fmt: skip
    return _publicity_page(request, user, rnd, qs, flt, form, may_add)


def _publicity_page(
    request: HttpRequest,
    user: Any,
    rnd: Any,
    qs: Any,
    flt: PublicityFilter,
    form: PublicityForm,
    may_add: bool,
    status: int = 200,
) -> HttpResponse:
    if wants_xlsx(request):
        return xlsx(
            "publicity", _("Publicity"),
            [_("Street"), _("Unit, street or district"), _("Kind"), _("Count"), _("From"), _("Until"), _("Place"),
             _("Description"), _("Photos")],
            ([p.division.parent.name if p.division.level == Level.UNIT and p.division.parent else "",
              p.division.name, p.get_kind_display(), p.count, p.started_on, p.ended_on, p.place, p.description,
              p.photos_count] for p in qs),
        )  # fmt: skip
    totals = {
        row["kind"]: row for row in qs.order_by().values("kind").annotate(n=Sum("count"), records=Count("pk"))
    }
    summary = [
        (label, totals[key]["n"], totals[key]["records"])
        for key, label in Publicity.Kind.choices
        if key in totals
    ]
    units_with = qs.filter(division__level=Level.UNIT).values("division").distinct().count()
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/publicity.html",
        {"round": rnd, "page": page, "filter": flt, "form": form, "may_add": may_add, "summary": summary,
         "units_with": units_with, "units_total": divisions(user, Level.UNIT).count()},
        status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def publicity_item(request: HttpRequest, pk: int) -> HttpResponseBase:
    user, _rnd = user_and_round(request)
    item = get_visible(user, Publicity, pk=pk)
    if photo_pk := request.GET.get("photo"):
        photo = item.photos.filter(
            pk=int(photo_pk) if photo_pk.isascii() and photo_pk.isdigit() else 0
        ).first()
        if photo is None:
            return stored_file(None, "")
        return stored_file(photo.file, photo.original_name, photo.content_type)
    may_edit = (
        access.is_admin(user)
        if item.division.level == Level.DISTRICT
        else access.may_edit(user, item.division)
    )
    form = PhotoForm(request.POST or None, request.FILES or None)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "supervision/publicity_item.html",
            {"item": item, "photos": item.photos.all(), "form": form if may_edit else None},
            status=status,
        )

    def add(d: dict[str, Any]) -> object:
        name, data = upload(form) or ("", b"")
        return actions.do_add_publicity_photo(item, filename=name, data=data, actor=user)

    if request.method == "POST" and may_edit:
        return submit(
            request, form, add, _("Photo added."), reverse("supervision:publicity_item", args=[item.pk]), page
        )
    return page()
