"""Training sessions, their attendance (ticked or imported from a sign-in sheet), the staff list, and
who was not trained before their unit's registration started."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.supervision import access, actions
from huanjie.supervision.coverage import coverage as coverage_rows
from huanjie.supervision.forms import (
    AttendanceImportForm,
    CoverageFilter,
    FilterForm,
    StaffForm,
    TrainingForm,
)
from huanjie.supervision.models import StaffMember, Training
from huanjie.supervision.views.common import (
    divisions,
    need_round,
    stored_file,
    streets,
    today,
    upload,
    user_and_round,
    wants_xlsx,
    xlsx,
)
from huanjie.units.models import Level
from huanjie.web.forms import Button, KeptErrors, submit

COVERAGE_STATUS = {
    "in_time": gettext_lazy("trained in time"),
    "late": gettext_lazy("trained only after registration started"),
    "missing": gettext_lazy("not trained"),
}


@login_required
@require_http_methods(["GET", "POST"])
def trainings(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = (
        Training.objects.visible_to(user)
        .select_related("division", "round")
        .filter(round=rnd)
        .annotate(n=Count("attendance"))
        .order_by("-held_on", "pk")
    )
    form = TrainingForm(
        request.POST or None, request.FILES or None, divisions=divisions(user, Level.DISTRICT, Level.STREET)
    )
    may_add = rnd is not None and can(user, Capability.ORGANISE_TRAINING)

    def page(status: int = 200) -> HttpResponse:
        if wants_xlsx(request):
            return xlsx(
                "trainings", _("Training"), [_("Held on"), _("Title"), _("Organised by"), _("Place"), _("Audience"),
                                             _("Topics"), _("Attendance")],
                ([t.held_on, t.title, t.division.name, t.place, t.audience, t.topics, t.n] for t in qs),
            )  # fmt: skip
        return render(
            request,
            "supervision/trainings.html",
            {"round": rnd, "trainings": qs, "form": form, "may_add": may_add},
            status=status,
        )

    if request.method == "POST" and may_add and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_record_training(
                rnd, division=d["division"], title=d["title"], held_on=d["held_on"], place=d["place"],
                audience=d["audience"], topics=d["topics"], materials=d["materials"], materials_file=upload(form),
                actor=user,
            ),
            _("Training recorded."), reverse("supervision:trainings"), page,
            to=lambda training: reverse("supervision:training", args=[training.pk]),
        )  # fmt: skip
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def training(request: HttpRequest, pk: int) -> HttpResponseBase:
    user, _rnd = user_and_round(request)
    item = get_visible(user, Training, pk=pk)
    if request.GET.get("download"):
        return stored_file(item.materials_file, item.materials_name)
    organiser = access.is_admin(user) or (
        item.division.level == Level.STREET and access.may_edit(user, item.division)
    )
    # The people the organiser may tick: the training's audience inside the user's scope.
    candidates = (
        StaffMember.objects.visible_to(user)
        .select_related("division__parent")
        .filter(round=item.round, division__path__startswith=item.division.path)
    )
    street = request.GET.get("street", "")
    if street:
        candidates = candidates.filter(Q(division__code=street) | Q(division__parent__code=street))
    attended = set(item.attendance.values_list("staff_id", flat=True))
    which = request.POST.get("form")
    import_form = AttendanceImportForm(
        request.POST if which == "import" else None, request.FILES if which == "import" else None
    )
    kept = KeptErrors(request)

    def page(status: int = 200) -> HttpResponse:
        return _training_page(
            request, user, item, organiser, candidates, attended, import_form, kept, street, status
        )

    if request.method == "POST" and organiser and which == "tick":
        present = {int(v) for v in request.POST.getlist("present") if v.isascii() and v.isdigit()}
        return submit(
            request, Button(request.POST),
            lambda _d: actions.do_mark_attendance(item, candidates=list(candidates), present=present, actor=user),
            lambda counts: _("Attendance saved: %(a)d added, %(r)d removed.") % {"a": counts[0], "r": counts[1]},
            request.get_full_path(),
        )  # fmt: skip

    def import_sheet(d: dict[str, Any]) -> Any:
        name, data = upload(import_form) or ("", b"")
        return actions.do_import_attendance(item, name, data, actor=user)

    if request.method == "POST" and organiser and which == "import":
        return submit(
            request, import_form, import_sheet,
            lambda summary: _(
                "Sign-in sheet imported: %(rows)d rows, %(added)d new attendees, %(new)d added to the staff list."
            ) % {"rows": summary["rows"], "added": summary["added"], "new": summary["new_staff"]},
            reverse("supervision:training", args=[item.pk]), page, on_error=kept,
        )  # fmt: skip
    return page()


def _training_page(
    request: HttpRequest,
    user: Any,
    item: Training,
    organiser: bool,
    candidates: Any,
    attended: set[int],
    import_form: AttendanceImportForm,
    kept: KeptErrors,
    street: str,
    status: int = 200,
) -> HttpResponse:
    people = list(candidates.order_by("division__code", "post", "name"))
    if wants_xlsx(request):
        return xlsx(
            f"training-{item.pk}", item.title[:31], [_("Street or unit"), _("Name"), _("Post"), _("Attended")],
            ([s.division.name, s.name, s.get_post_display(), _("yes") if s.pk in attended else ""] for s in people),
        )  # fmt: skip
    context = {
        "training": item,
        "people": people,
        "attended": attended,
        "present_count": len(attended),
        "organiser": organiser,
        "import_form": import_form,
        "errors": kept.shown,
        "total": kept.total,
        "streets": streets(user).filter(path__startswith=item.division.path),
        "street": street,
    }
    return render(request, "supervision/training.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def staff(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = (
        StaffMember.objects.visible_to(user)
        .select_related("division__parent")
        .filter(round=rnd)
        .annotate(n=Count("attendance"))
        .order_by("division__code", "post", "name")
    )
    flt = FilterForm(request.GET or None, divisions=streets(user))
    if flt.is_valid():
        if q := flt.cleaned_data["q"]:
            qs = qs.filter(Q(name__icontains=q) | Q(division__name__icontains=q))
        if street := flt.cleaned_data["street"]:
            qs = qs.filter(Q(division=street) | Q(division__parent=street))
    form = StaffForm(request.POST or None, divisions=divisions(user, Level.STREET, Level.UNIT))
    may_add = rnd is not None and can(user, Capability.RECORD_LOCAL_WORK)

    def answer(status: int = 200) -> HttpResponse:
        if wants_xlsx(request):
            return xlsx(
                "staff", _("Staff"), [_("Street"), _("Street or unit"), _("Name"), _("Post"), _("Phone"), _("Trainings")],
                ([s.division.parent.name if s.division.parent else "", s.division.name, s.name, s.get_post_display(),
                  s.phone, s.n] for s in qs),
            )  # fmt: skip
        page = Paginator(qs, 100).get_page(request.GET.get("page"))
        return render(
            request,
            "supervision/staff.html",
            {"round": rnd, "page": page, "filter": flt, "form": form, "may_add": may_add},
            status=status,
        )

    if request.method == "POST" and may_add and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_add_staff_member(
                rnd, division=d["division"], name=d["name"], post=d["post"], phone=d["phone"], actor=user
            ),
            _("Added to the staff list."), reverse("supervision:staff"), answer,
        )  # fmt: skip
    return answer()


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    user, rnd = need_round(request)
    people = StaffMember.objects.visible_to(user).select_related("division__parent")
    flt = CoverageFilter(request.GET or None, divisions=streets(user))
    only_untrained = False
    if flt.is_valid():
        if q := flt.cleaned_data["q"]:
            people = people.filter(Q(name__icontains=q) | Q(division__name__icontains=q))
        if street := flt.cleaned_data["street"]:
            people = people.filter(Q(division=street) | Q(division__parent=street))
        only_untrained = flt.cleaned_data["untrained"]
    # Who still needs attention comes first.
    rows = sorted(
        coverage_rows(rnd, people), key=lambda r: (r.status == "in_time", r.staff.division.code, r.staff.name)
    )
    day = today()
    counts = {key: sum(1 for r in rows if r.status == key) for key in COVERAGE_STATUS}
    urgent = sum(1 for r in rows if r.urgent(day))
    if only_untrained:
        rows = [r for r in rows if r.status != "in_time"]
    if wants_xlsx(request):
        return xlsx(
            "training-coverage", _("Training coverage"),
            [_("Street or unit"), _("Name"), _("Post"), _("Registration starts"), _("First trained on"), _("Status")],
            ([r.staff.division.name, r.staff.name, r.staff.get_post_display(), r.registration_starts, r.trained_on,
              COVERAGE_STATUS[r.status]] for r in rows),
        )  # fmt: skip
    return render(
        request,
        "supervision/coverage.html",
        {"round": rnd, "rows": rows, "counts": counts, "urgent": urgent, "filter": flt, "labels": COVERAGE_STATUS,
         "today": day, "total": sum(counts.values())},
    )  # fmt: skip
