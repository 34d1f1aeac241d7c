"""The leading group, its office and member units; contact cadres; liaison officers and their reports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
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
from huanjie.web.forms import Button, submit


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

    def page(status: int = 200) -> HttpResponse:
        if wants_xlsx(request):
            return xlsx(
                "leading-group", _("Leading group"), [_("Name"), _("Position"), _("Post in the group"),
                                                      _("Member unit"), _("Phone")],
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
        return render(request, "supervision/group.html", context, status=status)

    back = reverse("supervision:group")
    if request.method == "POST" and rnd is not None and unit_form.is_bound:
        return submit(
            request, unit_form,
            lambda d: actions.do_add_member_unit(rnd, name=d["name"], kind=d["kind"], duties=d["duties"], actor=user),
            _("Member unit added."), back, page,
        )  # fmt: skip
    if request.method == "POST" and rnd is not None and member_form.is_bound:
        return submit(
            request, member_form,
            lambda d: actions.do_add_group_member(
                rnd, name=d["name"], title=d["title"], post=d["post"], member_unit=d["member_unit"],
                phone=d["phone"], actor=user,
            ),
            _("Member added."), back, page,
        )  # fmt: skip
    return page()


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    member = get_visible(user, GroupMember, pk=pk)
    return submit(
        request,
        Button(request.POST),
        lambda _d: actions.do_remove_group_member(member, actor=user),
        _("%(name)s removed from the group.") % {"name": member.name},
        reverse("supervision:group"),
    )


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

    def answer(status: int = 200) -> HttpResponse:
        if wants_xlsx(request):
            return xlsx(
                "contact-cadres", _("Contact cadres"), [_("Street"), _("Unit"), _("Name"), _("Position"), _("Phone"),
                                                        _("Responsible since")],
                ([c.unit.parent.name if c.unit.parent else "", c.unit.name, c.name, c.title, c.phone, c.since]
                 for c in qs),
            )  # fmt: skip
        may_add = rnd is not None and can(user, Capability.ASSIGN_CONTACT_CADRES)
        page = Paginator(qs, 50).get_page(request.GET.get("page"))
        return render(
            request,
            "supervision/contacts.html",
            {"round": rnd, "page": page, "filter": flt, "form": form, "may_add": may_add},
            status=status,
        )

    if request.method == "POST" and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_appoint_contact_cadre(
                rnd, unit=d["unit"], name=d["name"], title=d["title"], since=d["since"], phone=d["phone"],
                actor=user,
            ),
            _("Contact cadre recorded."), reverse("supervision:contacts"), answer,
        )  # fmt: skip
    return answer()


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

    def page(status: int = 200) -> HttpResponse:
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
            status=status,
        )

    if request.method == "POST" and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_station_liaison_officer(
                rnd, street=d["street"], name=d["name"], department=d["department"], since=d["since"],
                phone=d["phone"], actor=user,
            ),
            _("Liaison officer stationed."), reverse("supervision:liaison"), page,
        )  # fmt: skip
    return page()


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

    def page(status: int = 200) -> HttpResponse:
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
            status=status,
        )

    if request.method == "POST":
        return submit(
            request, form,
            lambda d: actions.do_file_liaison_report(
                officer, reported_on=d["reported_on"], progress=d["progress"], problems=d["problems"],
                unit=d["unit"], actor=user,
            ),
            _("Report filed."), reverse("supervision:liaison_officer", args=[officer.pk]), page,
        )  # fmt: skip
    return page()
