"""Inspection and assessment teams: visits, the questions raised and answered, findings and their
rectification, and the team's report generated from those records."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.elections.models import Finding
from huanjie.elections.stages import label
from huanjie.supervision import access, actions
from huanjie.supervision.access import inspection_findings
from huanjie.supervision.forms import (
    CloseFindingForm,
    FindingFilter,
    FindingForm,
    QuestionForm,
    TeamForm,
    VisitForm,
)
from huanjie.supervision.models import Team, Visit
from huanjie.supervision.views.common import (
    divisions,
    streets,
    today,
    user_and_round,
    wants_xlsx,
    xlsx,
)
from huanjie.units.models import Division, Level
from huanjie.web.forms import Button, submit


@login_required
@require_http_methods(["GET", "POST"])
def teams(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = (
        Team.objects.visible_to(user)
        .select_related("round")
        .filter(round=rnd)
        .annotate(visits_count=Count("visits"))
        .order_by("starts_on", "pk")
    )
    if kind := request.GET.get("kind"):
        qs = qs.filter(kind=kind)
    admin = rnd is not None and access.is_admin(user)
    form = TeamForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        if wants_xlsx(request):
            return xlsx(
                "teams", _("Teams"), [_("Kind"), _("Name"), _("Team leader"), _("From"), _("Until"), _("Visits")],
                ([t.get_kind_display(), t.name, t.leader, t.starts_on, t.ends_on, t.visits_count] for t in qs),
            )  # fmt: skip
        return render(
            request,
            "supervision/teams.html",
            {
                "round": rnd,
                "teams": qs,
                "form": form,
                "admin": admin,
                "kinds": Team.Kind.choices,
                "kind": kind,
            },
            status=status,
        )

    if request.method == "POST" and admin and rnd is not None:
        return submit(
            request, form,
            lambda d: actions.do_form_team(
                rnd, kind=d["kind"], name=d["name"], leader=d["leader"], members=d["members"],
                starts_on=d["starts_on"], ends_on=d["ends_on"], remit=d["remit"], actor=user,
            ),
            _("Team formed."), reverse("supervision:teams"), page,
            to=lambda team: reverse("supervision:team", args=[team.pk]),
        )  # fmt: skip
    return page()


def _visits(user: User, team: Team) -> list[Visit]:
    qs = (
        Visit.objects.visible_to(user)
        .select_related("team", "division")
        .filter(team=team)
        .prefetch_related("units_seen", "questions")
    )
    return list(qs.order_by("visited_on", "division__code", "pk"))


@login_required
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    item = get_visible(user, Team, pk=pk)
    choices = divisions(user, Level.STREET, Level.UNIT).filter(path__startswith=item.round.district.path)
    form = VisitForm(request.POST or None, divisions=choices, initial={"visited_on": item.starts_on})
    may_visit = can(user, Capability.INSPECT)

    def page(status: int = 200) -> HttpResponse:
        visits = _visits(user, item)
        findings = _findings_by_visit(user, visits)
        if wants_xlsx(request):
            return xlsx(
                f"team-{item.pk}", item.name[:31], [_("Visited on"), _("Street or unit"), _("Questions"),
                                                    _("Findings")],
                ([v.visited_on, v.division.name, len(v.questions.all()), len(findings.get(v.pk, []))]
                 for v in visits),
            )  # fmt: skip
        return render(
            request,
            "supervision/team.html",
            {"team": item, "visits": visits, "findings": findings, "form": form if may_visit else None},
            status=status,
        )

    if request.method == "POST" and may_visit:
        return submit(
            request, form,
            lambda d: actions.do_record_visit(
                item, division=d["division"], visited_on=d["visited_on"], summary=d["summary"], actor=user
            ),
            _("Visit recorded."), reverse("supervision:team", args=[item.pk]), page,
            to=lambda visit: reverse("supervision:visit", args=[visit.pk]),
        )  # fmt: skip
    return page()


def _findings_by_visit(user: User, visits: list[Visit]) -> dict[int, list[Finding]]:
    refs = {v.reference: v.pk for v in visits}
    out: dict[int, list[Finding]] = {}
    for f in inspection_findings(user).filter(reference__in=refs).order_by("found_on", "pk"):
        out.setdefault(refs[f.reference], []).append(f)
    return out


@login_required
def team_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's report: generated from the visits, questions and findings recorded, printable."""
    user, _rnd = user_and_round(request)
    item = get_visible(user, Team, pk=pk)
    visits = _visits(user, item)
    findings = _findings_by_visit(user, visits)
    all_findings = [f for fs in findings.values() for f in fs]
    seen_units = {u.pk for v in visits for u in v.units_seen.all()} | {
        v.division_id for v in visits if v.division.level == Level.UNIT
    }
    street_ids = {v.division_id if v.division.level == Level.STREET else v.division.parent_id for v in visits}
    context = {
        "team": item,
        "visits": visits,
        "findings": findings,
        "streets": len(street_ids),
        "units": len(seen_units),
        "questions": sum(len(v.questions.all()) for v in visits),
        "total_findings": len(all_findings),
        "open_findings": [f for f in all_findings if f.closed_on is None],
        "closed": sum(1 for f in all_findings if f.closed_on is not None),
        "today": today(),
    }
    return render(request, "supervision/team_report.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    item = get_visible(user, Visit, pk=pk)
    may_inspect = access.may_inspect(user, item.division)
    may_find = access.may_record_findings(user, item.division)
    which = request.POST.get("form")
    units = Division.objects.filter(
        Q(pk=item.division_id) | Q(path__startswith=item.division.path, level=Level.UNIT)
    ).order_by("code")
    q_form = QuestionForm(request.POST if which == "question" else None, prefix="q")
    f_form = FindingForm(request.POST if which == "finding" else None, prefix="f", divisions=units)

    def page(status: int = 200) -> HttpResponse:
        findings = inspection_findings(user).filter(reference=item.reference).order_by("found_on", "pk")
        return render(
            request,
            "supervision/visit.html",
            {"visit": item, "questions": item.questions.all(), "findings": findings, "q_form": q_form,
             "f_form": f_form, "may_inspect": may_inspect, "may_find": may_find, "units_seen": item.units_seen.all(),
             "today": today()},
            status=status,
        )  # fmt: skip

    here = reverse("supervision:visit", args=[item.pk])
    if request.method == "POST" and which == "question" and may_inspect:
        return submit(
            request, q_form,
            lambda d: actions.do_record_question(
                item, question=d["question"], answer=d["answer"], asked_by=d["asked_by"], actor=user
            ),
            _("Question recorded."), here, page,
        )  # fmt: skip
    if request.method == "POST" and which == "answer" and may_inspect:
        question = item.questions.filter(pk=int(request.POST.get("question", "0") or 0)).first()
        if question is not None:
            return submit(
                request, Button(request.POST),
                lambda _d: actions.do_answer_question(question, answer=request.POST.get("answer", ""), actor=user),
                _("Answer recorded."), here,
            )  # fmt: skip
    if request.method == "POST" and which == "finding" and may_find:
        return submit(
            request, f_form,
            lambda d: actions.do_record_inspection_finding(
                item, unit=d["unit"], text=d["text"], severity=d["severity"], stage=d["stage"],
                rectification_due=d["rectification_due"], actor=user,
            ),
            _("Finding recorded."), here, page,
        )  # fmt: skip
    return page()


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    qs = inspection_findings(user).filter(round=rnd).order_by("closed_on", "rectification_due", "unit__code")
    flt = FindingFilter(request.GET or None, divisions=streets(user))
    day = today()
    if flt.is_valid():
        d = flt.cleaned_data
        if q := d["q"]:
            qs = qs.filter(Q(text_zh__icontains=q) | Q(unit__name__icontains=q))
        if street := d["street"]:
            qs = qs.filter(Q(unit=street) | Q(unit__parent=street))
        status = d["status"]
        if status == "open":
            qs = qs.filter(closed_on__isnull=True)
        elif status == "overdue":
            qs = qs.filter(closed_on__isnull=True, rectification_due__lt=day)
        elif status == "closed":
            qs = qs.filter(closed_on__isnull=False)
    if wants_xlsx(request):
        return xlsx(
            "inspection-findings", _("Findings"),
            [_("Found on"), _("Street"), _("Where"), _("Finding"), _("Severity"), _("Stage"), _("Rectify by"),
             _("Closed on"), _("What was done")],
            ([f.found_on, f.unit.parent.name if f.unit.parent else "", f.unit.name, f.text_zh, f.get_severity_display(),
              label(f.stage) if f.stage else "", f.rectification_due, f.closed_on, f.resolution] for f in qs),
        )  # fmt: skip
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request, "supervision/findings.html", {"round": rnd, "page": page, "filter": flt, "today": day}
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding(request: HttpRequest, pk: int) -> HttpResponse:
    user, _rnd = user_and_round(request)
    item = get_visible(user, inspection_findings(user), pk=pk)
    visit_pk = int(item.reference.partition(":")[2] or 0)
    source = Visit.objects.visible_to(user).select_related("team", "division").filter(pk=visit_pk).first()
    may_close = item.closed_on is None and access.may_record_findings(user, item.unit)
    form = CloseFindingForm(request.POST or None, initial={"closed_on": today()})

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "supervision/finding.html",
            {"finding": item, "visit": source, "form": form if may_close else None, "today": today(),
             "stage_label": label(item.stage) if item.stage else ""},
            status=status,
        )  # fmt: skip

    if request.method == "POST" and may_close:
        return submit(
            request, form,
            lambda d: actions.do_close_inspection_finding(
                item, closed_on=d["closed_on"], resolution=d["resolution"], actor=user
            ),
            _("Rectification closed."), reverse("supervision:finding", args=[item.pk]), page,
        )  # fmt: skip
    return page()
