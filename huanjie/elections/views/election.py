"""A unit's election: its timeline of stages, completing a stage with evidence, its election day, its notices."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.core.scope import get_visible
from huanjie.core.uploads import read_upload
from huanjie.elections.actions import (
    EVIDENCE_MAX_BYTES,
    GuardError,
    do_attach_evidence,
    do_complete_stage,
    do_correct_notice,
    do_decide_day_change,
    do_request_day_change,
    do_set_election_day,
)
from huanjie.elections.forms import (
    STATE_LABELS,
    CompleteStageForm,
    CorrectionForm,
    DayChangeForm,
    DayDecisionForm,
    DayForm,
    EvidenceForm,
)
from huanjie.elections.models import DayChange, Election, ElectionStage, Evidence, Notice, StageStatus
from huanjie.elections.progress import state_of
from huanjie.elections.stages import label
from huanjie.web.forms import submit
from huanjie.web.labels import cited
from huanjie.web.request import require, staff


@login_required
def election(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    e = get_visible(user, Election, pk=pk)
    today = clock.today()
    stages = list(e.stages.prefetch_related("evidence").order_by("seq"))
    english = (get_language() or "").startswith("en")
    rows = [
        {
            "stage": s,
            "label": label(s.key),
            "state": state_of(s, today),
            "state_label": STATE_LABELS[state_of(s, today)],
            "rule": s.rule_text_en if english else s.rule_text_zh,
        }
        for s in stages
    ]
    editable = can(user, Capability.EDIT_UNITS)
    return render(
        request,
        "elections/election.html",
        {
            "election": e,
            "rows": rows,
            "today": today,
            "editable": editable,
            "can_override": can(user, Capability.OVERRIDE_GUARDS),
            "can_void": can(user, Capability.VOID_ELECTIONS),
            "can_schedule": can(user, Capability.SCHEDULE_ELECTIONS),
            "can_decide": can(user, Capability.MANAGE_ROUNDS),
            "complete_form": CompleteStageForm(initial={"completed_on": today}),
            "day_form": DayForm(),
            "change_form": DayChangeForm(),
            "decision_form": DayDecisionForm(),
            "changes": e.day_changes.select_related("requested_by", "decided_by"),
            "notices": e.notices.order_by("-published_at"),
            "next_stage": next((s for s in stages if s.status == StageStatus.PENDING), None),
        },
    )


def _page(pk: int) -> str:
    return reverse("elections:election", args=[pk])


@login_required
@require_POST
def complete_stage(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    stage = get_visible(user, ElectionStage, pk=pk)
    form = CompleteStageForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            messages.error(
                request,
                f"{form.fields[field].label if field in form.fields else ''}: {' '.join(str(e) for e in errors)}",
            )
        return redirect("elections:election", pk=stage.election_id)
    upload = form.cleaned_data["evidence"]
    try:
        result = do_complete_stage(
            stage,
            completed_on=form.cleaned_data["completed_on"],
            actor=user,
            notes=form.cleaned_data["notes"],
            override=form.cleaned_data["override"],
            evidence=(upload.name, read_upload(upload, limit=EVIDENCE_MAX_BYTES)) if upload else None,
        )
    except GuardError as exc:
        english = (get_language() or "").startswith("en")
        for v in exc.violations:
            text = v.reason.text_en if english else v.reason.text_zh
            messages.error(request, f"{text} [{v.reason.rule} · {cited(v.reason.article)}]")
        if can(user, Capability.OVERRIDE_GUARDS):
            messages.error(
                request, _("A district administrator may complete it anyway with a written justification.")
            )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(stage)s” recorded.") % {"stage": label(stage.key)})
        if result.notice is not None:
            messages.success(request, _("Notice published: %(title)s") % {"title": result.notice.title_zh})
        for finding in result.findings:
            messages.warning(request, _("Recorded as a finding: %(text)s") % {"text": finding.text_zh})
    return redirect("elections:election", pk=stage.election_id)


@login_required
@require_POST
def attach_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.EDIT_UNITS)
    stage = get_visible(user, ElectionStage, pk=pk)
    form = EvidenceForm(request.POST, request.FILES)

    def act(d: dict[str, Any]) -> object:
        data = read_upload(d["evidence"], limit=EVIDENCE_MAX_BYTES)  # in chunks, stopping at the limit
        return do_attach_evidence(stage, name=d["evidence"].name, data=data, actor=user)

    return submit(request, form, act, _("Evidence attached."), _page(stage.election_id))


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    user = staff(request)
    evidence = get_visible(user, Evidence, pk=pk)
    return FileResponse(
        evidence.file.open("rb"), content_type=evidence.content_type, filename=evidence.original_name
    )


@login_required
@require_POST
def set_day(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.SCHEDULE_ELECTIONS)
    e = get_visible(user, Election, pk=pk)
    return submit(
        request,
        DayForm(request.POST),
        lambda d: do_set_election_day(e, d["election_day"], actor=user),
        _("Election day fixed; every stage's window is computed from it."),
        _page(e.pk),
    )


@login_required
@require_POST
def request_day_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.SCHEDULE_ELECTIONS)
    e = get_visible(user, Election, pk=pk)
    return submit(
        request,
        DayChangeForm(request.POST),
        lambda d: do_request_day_change(e, d["to_day"], reason=d["reason"], actor=user),
        _("The request was sent to the district office for approval."),
        _page(e.pk),
        invalid=_("Give the new day and a reason."),
    )


@login_required
@require_POST
def decide_day_change(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.MANAGE_ROUNDS)
    change = get_visible(user, DayChange.objects.select_related("election__round", "election__unit"), pk=pk)
    return submit(
        request,
        DayDecisionForm(request.POST),
        lambda d: do_decide_day_change(change, approve=d["approve"], note=d["note"], actor=user),
        _("Decision recorded."),
        _page(change.election_id),
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    n = get_visible(user, Notice, pk=pk)
    form = CorrectionForm(request.POST or None, initial={"body_zh": n.body_zh, "body_en": n.body_en})

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "elections/notice.html",
            {
                "notice": n,
                "form": form,
                "editable": can(user, Capability.EDIT_UNITS) and not hasattr(n, "replaced_by"),
            },
            status=status,
        )

    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            form,
            lambda d: do_correct_notice(n, body_zh=d["body_zh"], body_en=d["body_en"], actor=user),
            lambda corrected: _("Correction published as version %(v)d.") % {"v": corrected.version},
            request.path,
            # A replaced version shows no form: its refusal is a message above the page.
            page if not hasattr(n, "replaced_by") else None,
            to=lambda corrected: reverse("elections:notice", args=[corrected.pk]),
        )
    return page()
