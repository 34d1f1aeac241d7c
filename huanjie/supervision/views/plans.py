"""Streets' work plans (due date, filed document, the office's review) and the deadlines the district or
a street sets, tracked street by street or stage by stage."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.elections.models import ElectionStage, StageStatus
from huanjie.elections.stages import label
from huanjie.supervision import access, actions
from huanjie.supervision.forms import (
    DeadlineForm,
    DeadlineReportForm,
    FilterForm,
    PlanDueForm,
    PlanFileForm,
    PlanReviewForm,
)
from huanjie.supervision.models import Deadline, WorkPlan
from huanjie.supervision.views.common import (
    divisions,
    stored_file,
    streets,
    today,
    upload,
    user_and_round,
    wants_xlsx,
    xlsx,
)
from huanjie.units.models import Division, Level
from huanjie.web.forms import submit


@login_required
@require_http_methods(["GET", "POST"])
def work_plans(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = WorkPlan.objects.visible_to(user).select_related("street", "round").filter(round=rnd)
    flt = FilterForm(request.GET or None, divisions=streets(user))
    if flt.is_valid() and (street := flt.cleaned_data["street"]):
        qs = qs.filter(street=street)
    if status := request.GET.get("status"):
        qs = qs.filter(status=status)
    admin = rnd is not None and access.is_admin(user)
    form = PlanDueForm(request.POST or None)
    if request.method == "POST" and admin and rnd is not None:
        return submit(
            request, form, lambda d: actions.do_set_work_plan_due(rnd, due_on=d["due_on"], actor=user),
            lambda n: _("%(n)d streets owe their work plan.") % {"n": n}, reverse("supervision:work_plans"),
            lambda status: _work_plans_page(request, rnd, qs, flt, form, admin, status),
        )  # fmt: skip
    return _work_plans_page(request, rnd, qs, flt, form, admin)


def _work_plans_page(
    request: HttpRequest,
    rnd: Any,
    qs: Any,
    flt: FilterForm,
    form: PlanDueForm,
    admin: bool,
    status: int = 200,
) -> HttpResponse:
    if wants_xlsx(request):
        return xlsx(
            "work-plans", _("Work plans"),
            [_("Street"), _("Due on"), _("Status"), _("Title"), _("Filed on"), _("Late"), _("Reviewed on"),
             _("Review comments")],
            ([p.street.name, p.due_on, p.get_status_display(), p.title, p.filed_on, _("yes") if p.late else "",
              p.reviewed_on, p.comments] for p in qs),
        )  # fmt: skip
    return render(
        request,
        "supervision/work_plans.html",
        {"round": rnd, "plans": qs, "filter": flt, "form": form, "admin": admin, "statuses": WorkPlan.Status.choices,
         "today": today()},
        status=status,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def work_plan(request: HttpRequest, pk: int) -> HttpResponseBase:
    user, _rnd = user_and_round(request)
    plan = get_visible(user, WorkPlan, pk=pk)
    if request.GET.get("download"):
        return stored_file(plan.document, plan.document_name)
    admin = access.is_admin(user)
    may_file = plan.status != WorkPlan.Status.ACCEPTED and (
        admin or (can(user, Capability.FILE_WORK_PLANS) and user.scope_id == plan.street_id)
    )
    which = request.POST.get("form")
    file_form = PlanFileForm(
        request.POST if which == "file" else None, request.FILES if which == "file" else None,
        initial={"title": plan.title, "filed_on": today()},
    )  # fmt: skip
    review_form = PlanReviewForm(
        request.POST if which == "review" else None, initial={"reviewed_on": today()}
    )

    def page(status: int = 200) -> HttpResponse:
        context = {
            "plan": plan,
            "file_form": file_form if may_file else None,
            "review_form": review_form if admin and plan.status == WorkPlan.Status.FILED else None,
        }
        return render(request, "supervision/work_plan.html", context, status=status)

    def file(d: dict[str, Any]) -> object:
        name, data = upload(file_form) or ("", b"")
        return actions.do_file_work_plan(
            plan, title=d["title"], filename=name, data=data, filed_on=d["filed_on"], actor=user
        )

    def review(d: dict[str, Any]) -> object:
        return actions.do_review_work_plan(
            plan, accepted=d["accepted"], comments=d["comments"], reviewed_on=d["reviewed_on"], actor=user
        )

    here = reverse("supervision:work_plan", args=[plan.pk])
    if request.method == "POST" and which == "file" and may_file:
        return submit(request, file_form, file, _("Work plan filed."), here, page)
    if request.method == "POST" and which == "review" and admin:
        return submit(request, review_form, review, _("Review recorded."), here, page)
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def deadlines(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = Deadline.objects.visible_to(user).select_related("division", "round").filter(round=rnd)
    choices = divisions(user, Level.DISTRICT, Level.STREET)
    form = DeadlineForm(request.POST or None, divisions=choices)
    may_set = rnd is not None and can(user, Capability.SET_DEADLINES)

    def page(status: int = 200) -> HttpResponse:
        if wants_xlsx(request):
            return xlsx(
                "deadlines", _("Deadlines"), [_("Title"), _("Set for"), _("Due on"), _("Stage"), _("Basis")],
                ([d.title, d.division.name, d.due_on, label(d.stage) if d.stage else "", d.basis] for d in qs),
            )  # fmt: skip
        return render(
            request,
            "supervision/deadlines.html",
            {"round": rnd, "deadlines": qs, "form": form, "may_set": may_set},
            status=status,
        )

    if request.method == "POST" and may_set and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_set_deadline(
                rnd, division=d["division"], title=d["title"], due_on=d["due_on"], stage=d["stage"],
                body_kind=d["body_kind"], reporter=d["reporter"] or Deadline.Reporter.STREET, basis=d["basis"],
                actor=user,
            ),
            _("Deadline set."), reverse("supervision:deadlines"), page,
        )  # fmt: skip
    return page()


TRACK_STATUS = {
    "on_time": gettext_lazy("on time"),
    "late": gettext_lazy("late"),
    "overdue": gettext_lazy("overdue"),
    "open": gettext_lazy("not yet due"),
}


@dataclass(frozen=True)
class Track:
    division: Division
    what: str
    done_on: dt.date | None
    note: str
    status: str  # on_time | late | overdue | open


def _status(done_on: dt.date | None, due: dt.date, day: dt.date) -> str:
    if done_on is not None:
        return "on_time" if done_on <= due else "late"
    return "overdue" if day > due else "open"


def _tracks(user: Any, deadline: Deadline) -> list[Track]:
    day = today()
    # What the deadline covers (its division and below) that the user sees: for a district-wide date seen
    # by a street officer, their street only.
    inside = deadline.division.path
    if deadline.is_stage:
        stages = (
            ElectionStage.objects.visible_to(user).filter(
                election__round=deadline.round, election__unit__path__startswith=inside, key=deadline.stage,
                district_due=deadline.due_on,
            )
            .select_related("election__unit", "election__body")
            .order_by("election__unit__code", "election__kind")
        )  # fmt: skip
        if deadline.body_kind:
            stages = stages.filter(election__kind=deadline.body_kind)
        return [
            Track(s.election.unit, s.election.body.name,
                  s.completed_on if s.status == StageStatus.DONE else None, s.notes,
                  "on_time" if s.status == StageStatus.NOT_APPLICABLE else _status(
                      s.completed_on if s.status == StageStatus.DONE else None, deadline.due_on, day))
            for s in stages
        ]  # fmt: skip
    level = Level.STREET if deadline.reporter == Deadline.Reporter.STREET else Level.UNIT
    reports = {r.division_id: r for r in deadline.reports.all()}
    tracks = []
    for division in (
        Division.objects.visible_to(user).filter(path__startswith=inside, level=level).order_by("code")
    ):
        report = reports.get(division.pk)
        done = report.done_on if report else None
        tracks.append(
            Track(division, "", done, report.note if report else "", _status(done, deadline.due_on, day))
        )
    return tracks


@login_required
@require_http_methods(["GET", "POST"])
def deadline(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    item = get_visible(user, Deadline, pk=pk)
    tracks = _tracks(user, item)
    reportable = [t.division for t in tracks if t.done_on is None and access.may_edit(user, t.division)]
    form = DeadlineReportForm(
        request.POST or None,
        divisions=Division.objects.filter(pk__in=[d.pk for d in reportable]).order_by("code"),
        initial={"done_on": today()},
    )

    def page(status: int = 200) -> HttpResponse:
        return _deadline_page(
            request, item, tracks, form if reportable and not item.is_stage else None, status
        )

    if request.method == "POST" and not item.is_stage:
        return submit(
            request, form,
            lambda d: actions.do_report_deadline(
                item, division=d["division"], done_on=d["done_on"], note=d["note"], actor=user
            ),
            _("Report recorded."), reverse("supervision:deadline", args=[item.pk]), page,
        )  # fmt: skip
    return page()


def _deadline_page(
    request: HttpRequest,
    item: Deadline,
    tracks: list[Track],
    form: DeadlineReportForm | None,
    status: int = 200,
) -> HttpResponse:
    if wants_xlsx(request):
        return xlsx(
            f"deadline-{item.pk}", item.title[:31], [_("Street or unit"), _("Body"), _("Done on"), _("Status"), _("Note")],
            ([t.division.name, t.what, t.done_on, TRACK_STATUS[t.status], t.note] for t in tracks),
        )  # fmt: skip
    counts = {s: sum(1 for t in tracks if t.status == s) for s in ("on_time", "late", "overdue", "open")}
    return render(
        request,
        "supervision/deadline.html",
        {"deadline": item, "tracks": tracks, "counts": counts, "form": form,
         "stage_label": label(item.stage) if item.stage else ""},
        status=status,
    )  # fmt: skip
