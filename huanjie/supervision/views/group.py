"""The leading group, its office and member units; contact cadres; liaison officers and their reports."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.core.errors import ActionError
from huanjie.core.scope import get_visible
from huanjie.supervision import access, actions
from huanjie.supervision.forms import (
    ContactCadreForm,
    FilterForm,
    GroupMemberForm,
    LiaisonOfficerForm,
    LiaisonReportForm,
    MemberUnitForm,
)
from huanjie.supervision.models import ContactCadre, GroupMember, LiaisonOfficer, MemberUnit
from huanjie.supervision.views.common import (
    divisions,
    streets,
    user_and_round,
    wants_xlsx,
    xlsx,
)
from huanjie.units.models import Level
from huanjie.web.forms import show_action_error


@login_required
@require_http_methods(["GET", "POST"])
def group(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    units = (
        MemberUnit.objects.visible_to(user).filter(round=rnd)
        if rnd
        else MemberUnit.objects.visible_to(user).none()
    )
    members = (
        GroupMember.objects.visible_to(user).select_related("member_unit").filter(round=rnd)
        if rnd
        else GroupMember.objects.visible_to(user).select_related("member_unit").none()
    )
    admin = rnd is not None and access.is_admin(user)
    unit_form = MemberUnitForm(request.POST if request.POST.get("form") == "unit" else None, prefix="unit")
    member_form = GroupMemberForm(
        request.POST if request.POST.get("form") == "member" else None, prefix="member", units=units
    )
    if request.method == "POST" and rnd is not None:
        try:
            if unit_form.is_bound and unit_form.is_valid():
                d = unit_form.cleaned_data
                actions.do_add_member_unit(
                    rnd, name=d["name"], kind=d["kind"], duties=d["duties"], actor=user
                )
                messages.success(request, _("Member unit added."))
                return redirect("supervision:group")
            if member_form.is_bound and member_form.is_valid():
                d = member_form.cleaned_data
                actions.do_add_group_member(
                    rnd, name=d["name"], title=d["title"], post=d["post"], member_unit=d["member_unit"],
                    phone=d["phone"], actor=user,
                )  # fmt: skip
                messages.success(request, _("Member added."))
                return redirect("supervision:group")
        except ActionError as exc:
            show_action_error(unit_form if unit_form.is_bound else member_form, exc)
    if wants_xlsx(request):
        return xlsx(
            "leading-group", _("Leading group"), [_("Name"), _("Position"), _("Post in the group"), _("Member unit"),
                                                  _("Phone")],
            ([m.name, m.title, m.get_post_display(), m.member_unit or "", m.phone] for m in members),
        )  # fmt: skip
    context = {
        "round": rnd,
        "group": [m for m in members if not m.in_office],
        "office": [m for m in members if m.in_office],
        "units": units.annotate(n=Count("members")),
        "admin": admin,
        "unit_form": unit_form,
        "member_form": member_form,
    }
    return render(request, "supervision/group.html", context)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    member = get_visible(user, GroupMember, pk=pk)
    try:
        actions.do_remove_group_member(member, actor=user)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(name)s removed from the group.") % {"name": member.name})
    return redirect("supervision:group")


@login_required
@require_http_methods(["GET", "POST"])
def contacts(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = (
        ContactCadre.objects.visible_to(user)
        .select_related("unit__parent")
        .filter(round=rnd)
        .order_by("unit__code", "pk")
    )
    flt = FilterForm(request.GET or None, divisions=streets(user))
    if flt.is_valid():
        if q := flt.cleaned_data["q"]:
            qs = qs.filter(Q(name__icontains=q) | Q(unit__name__icontains=q) | Q(title__icontains=q))
        if street := flt.cleaned_data["street"]:
            qs = qs.filter(unit__parent=street)
    form = ContactCadreForm(request.POST or None, divisions=divisions(user, Level.UNIT))
    if request.method == "POST" and rnd is not None and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_appoint_contact_cadre(
                rnd, unit=d["unit"], name=d["name"], title=d["title"], since=d["since"], phone=d["phone"],
                actor=user,
            )  # fmt: skip
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("Contact cadre recorded."))
            return redirect("supervision:contacts")
    if wants_xlsx(request):
        return xlsx(
            "contact-cadres", _("Contact cadres"), [_("Street"), _("Unit"), _("Name"), _("Position"), _("Phone"),
                                                    _("Responsible since")],
            ([c.unit.parent.name if c.unit.parent else "", c.unit.name, c.name, c.title, c.phone, c.since] for c in qs),
        )  # fmt: skip
    may_add = rnd is not None and can(user, Capability.ASSIGN_CONTACT_CADRES)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/contacts.html",
        {"round": rnd, "page": page, "filter": flt, "form": form, "may_add": may_add},
    )


@login_required
@require_http_methods(["GET", "POST"])
def liaison(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = (
        LiaisonOfficer.objects.visible_to(user)
        .select_related("street")
        .filter(round=rnd)
        .annotate(reports_count=Count("reports"))
        .order_by("street__code", "pk")
    )
    flt = FilterForm(request.GET or None, divisions=streets(user))
    if flt.is_valid():
        if q := flt.cleaned_data["q"]:
            qs = qs.filter(Q(name__icontains=q) | Q(department__icontains=q))
        if street := flt.cleaned_data["street"]:
            qs = qs.filter(street=street)
    form = LiaisonOfficerForm(request.POST or None, divisions=streets(user))
    if request.method == "POST" and rnd is not None and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_station_liaison_officer(
                rnd, street=d["street"], name=d["name"], department=d["department"], since=d["since"],
                phone=d["phone"], actor=user,
            )  # fmt: skip
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("Liaison officer stationed."))
            return redirect("supervision:liaison")
    if wants_xlsx(request):
        return xlsx(
            "liaison-officers", _("Liaison officers"), [_("Street"), _("Name"), _("Sent by"), _("Phone"),
                                                        _("Stationed since"), _("Reports")],
            ([o.street.name, o.name, o.department, o.phone, o.since, o.reports_count] for o in qs),
        )  # fmt: skip
    return render(
        request,
        "supervision/liaison.html",
        {
            "round": rnd,
            "officers": qs,
            "filter": flt,
            "form": form,
            "admin": rnd is not None and access.is_admin(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def liaison_officer(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    officer = get_visible(user, LiaisonOfficer, pk=pk)
    units = officer.street.children.filter(level=Level.UNIT).order_by("code")
    form = LiaisonReportForm(request.POST or None, divisions=units)
    may_report = access.is_admin(user) or (
        can(user, Capability.FILE_LIAISON_REPORTS) and user.scope_id == officer.street_id
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.do_file_liaison_report(
                officer, reported_on=d["reported_on"], progress=d["progress"], problems=d["problems"],
                unit=d["unit"], actor=user,
            )  # fmt: skip
        except ActionError as exc:
            show_action_error(form, exc)
        else:
            messages.success(request, _("Report filed."))
            return redirect("supervision:liaison_officer", pk=officer.pk)
    reports = officer.reports.select_related("unit")
    if wants_xlsx(request):
        return xlsx(
            f"liaison-{officer.pk}", officer.name, [_("Reported on"), _("Unit"), _("Progress"), _("Problems")],
            ([r.reported_on, r.unit.name if r.unit else "", r.progress, r.problems] for r in reports),
        )  # fmt: skip
    return render(
        request,
        "supervision/liaison_officer.html",
        {"officer": officer, "reports": reports, "form": form, "may_report": may_report},
    )
