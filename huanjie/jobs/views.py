"""The office's job pages: a user's jobs, one job's page (its progress polled by htmx), its result, and
the buttons of other pages that start jobs (each a POST, each an action)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.elections.models import Round
from huanjie.jobs.access import may_take_result
from huanjie.jobs.actions import do_cancel_job, do_retry_job, do_start_job
from huanjie.jobs.kinds import SUMMARY_TYPES
from huanjie.jobs.models import Job, State
from huanjie.jobs.registry import KINDS
from huanjie.jobs.runner import nudge
from huanjie.supervision.access import current_round
from huanjie.units.models import Division, Level
from huanjie.web.forms import Button, submit
from huanjie.web.request import staff


def _label(job: Job) -> str:
    kind = KINDS.get(job.kind)
    return str(kind.label) if kind else job.kind


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    jobs = list(
        Job.objects.filter(started_by=user, parent__isnull=True)
        .select_related("division")
        .order_by("-pk")[:100]
    )
    # What the schedule (Celery beat: the snapshot, the digest) started over the user's scope.
    scheduled = list(
        Job.objects.visible_to(user)
        .filter(started_by__isnull=True, parent__isnull=True)
        .select_related("division")
        .order_by("-pk")[:20]
    )
    return render(
        request,
        "jobs/list.html",
        {
            "jobs": [(job, _label(job)) for job in jobs],
            "scheduled": [(job, _label(job)) for job in scheduled],
            "can_publish": can(user, Capability.MANAGE_ROUNDS),
        },
    )


def _job_context(request: HttpRequest, job: Job) -> dict[str, object]:
    user = staff(request)
    return {
        "job": job,
        "label": _label(job),
        "parts": job.parts.order_by("pk") if job.kind == "bulletin.publish" else None,
        "may_take": may_take_result(user, job),
        "may_cancel": job.state == State.QUEUED and job.parent_id is None and _may_manage(user, job),
        "may_retry": job.state == State.FAILED and job.parent_id is None and _may_manage(user, job),
    }


def _may_manage(user: object, job: Job) -> bool:
    from huanjie.accounts.models import User

    if not isinstance(user, User):
        return False
    return job.started_by_id == user.pk or can(user, Capability.MANAGE_ROUNDS)


@login_required
@require_POST
def cancel_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible(staff(request), Job, pk=pk)
    back = reverse("jobs:job", args=[job.pk])
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_cancel_job(job, actor=staff(request)),
        _("Job cancelled."),
        back,
    )


@login_required
@require_POST
def retry_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible(staff(request), Job, pk=pk)
    back = reverse("jobs:job", args=[job.pk])
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_retry_job(job, actor=staff(request)),
        _("Job queued again."),
        back,
    )


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_visible(staff(request), Job, pk=pk)
    nudge(job)
    return render(request, "jobs/job.html", _job_context(request, job))


@login_required
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The page's live part, polled every second by htmx until the job has finished."""
    job = get_visible(staff(request), Job, pk=pk)
    return render(request, "jobs/_progress.html", _job_context(request, job))


@login_required
def job_result(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = staff(request)
    job = get_visible(user, Job, pk=pk)
    if not job.result_file:
        raise Http404("this job has no file")
    if not may_take_result(user, job):
        raise PermissionDenied
    # The access log (auditlog/access.py) records which job's file, of which division, was taken.
    request.access_shown = (None, job.division.path, f"{_label(job)} #{job.pk}")  # type: ignore[attr-defined]
    return FileResponse(
        default_storage.open(job.result_file, "rb"), as_attachment=True, filename=job.result_name
    )


def _start(request: HttpRequest, kind: str, division: Division, params: dict[str, object]) -> HttpResponse:
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_start_job(kind, division=division, params=params, actor=staff(request)),
        "",  # the job's own page is the answer
        reverse("jobs:list"),
        to=lambda job: reverse("jobs:job", args=[job.pk]),
    )


def _round_scope(request: HttpRequest) -> tuple[Round, Division]:
    """The round and division of a statistics page's form, checked as that page checks them."""
    user = staff(request)
    rnd = current_round(user, request.POST.get("round"))
    if rnd is None:
        raise Http404("no round in your scope")
    code = request.POST.get("division")
    scope = get_visible(user, Division, code=code) if code else (user.scope or rnd.district)
    if scope.level not in (Level.DISTRICT, Level.STREET, Level.UNIT) or not scope.path.startswith(
        rnd.district.path
    ):
        raise Http404("not a division of this round")
    return rnd, scope


@login_required
@require_POST
def start_summary(request: HttpRequest) -> HttpResponse:
    rnd, scope = _round_scope(request)
    fmt = request.POST.get("format", "docx")
    lang = request.POST.get("lang") or ("en" if (get_language() or "").startswith("en") else "zh")
    if fmt not in SUMMARY_TYPES or lang not in ("zh", "en"):
        raise Http404
    return _start(request, "reports.summary", scope, {"round": rnd.pk, "format": fmt, "lang": lang})


@login_required
@require_POST
def start_tables(request: HttpRequest) -> HttpResponse:
    rnd, scope = _round_scope(request)
    return _start(request, "reports.tables", scope, {"round": rnd.pk})


# Jobs over the user's whole scope that need nothing else to start.
SCOPE_JOBS = ("elections.snapshot", "elections.digest")


@login_required
@require_POST
def start_scope_job(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in SCOPE_JOBS:
        raise Http404
    user = staff(request)
    if user.scope is None:
        raise Http404
    return _start(request, kind, user.scope, {})


@login_required
@require_POST
def start_publish(request: HttpRequest) -> HttpResponse:
    """The static bulletin is one site for the whole deployment: only a user whose scope holds every
    district with a round may write it."""
    user = staff(request)
    if user.scope is None:
        raise Http404
    outside = (
        Division.objects.filter(level=Level.DISTRICT, rounds__isnull=False)
        .filter(~Q(path__startswith=user.scope.path))
        .exists()
    )
    if outside:
        raise PermissionDenied
    return _start(request, "bulletin.publish", user.scope, {})
