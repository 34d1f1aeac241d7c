"""Each person's home is their next step: a clerk's unit checklist, a street's units by their next stage,
an inspector's or liaison officer's visits and findings, the district administrator's dashboard."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.accounts.models import User
from huanjie.accounts.roles import Home, home_of
from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.models import ElectionStage, Round, StageStatus
from huanjie.elections.progress import State, annotate_state
from huanjie.office import homes
from huanjie.supervision.agenda import due_this_week
from huanjie.units.models import Body, Division, Level, UnitKind
from huanjie.web.request import staff

# What a street officer is asked to file or chase, from the week's agenda.
REPORT_KINDS = frozenset({"work_plan", "deadline", "stage_deadline"})


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    today = clock.today()
    home = home_of(user)
    if home == Home.UNIT:
        assert user.scope is not None  # home_of answers UNIT only for a clerk scoped to a unit
        return _unit(request, user, user.scope, today, own=True)
    if home == Home.STREET:
        return _street(request, user, today)
    if home == Home.INSPECTOR:
        return _visits(request, user, today)
    return _dashboard(request, user, today)


@login_required
def unit_steps(request: HttpRequest, code: str) -> HttpResponse:
    """A unit's checklist, as its clerk sees it at home: one tap from the street officer's home."""
    user = staff(request)
    unit = get_visible(user, Division, code=code)
    if unit.level != Level.UNIT:
        raise Http404("not a village or community")
    return _unit(request, user, unit, clock.today(), own=False)


def _unit(request: HttpRequest, user: User, unit: Division, today: dt.date, *, own: bool) -> HttpResponse:
    data = homes.unit_home(user, unit, today)
    return render(request, "office/home_unit.html", {"home": data, "today": today, "own": own})


def _street(request: HttpRequest, user: User, today: dt.date) -> HttpResponse:
    rnd = homes.current_round(user, today)
    agenda = due_this_week(user, today)
    units = homes.street_units(user, rnd, today) if rnd else []
    findings = homes.open_findings(user, rnd) if rnd else None
    return render(
        request,
        "office/home_street.html",
        {
            "round": rnd,
            "units": units,
            "late": sum(1 for u in units for n in u.next if n.state == State.OVERDUE),
            "soon": sum(1 for u in units for n in u.next if n.state == State.DUE_SOON),
            "reports": [i for i in agenda if i.kind in REPORT_KINDS],
            "agenda": [i for i in agenda if i.kind not in REPORT_KINDS | {"rectification"}][:20],
            "findings": list(findings[:20]) if findings is not None else [],
            "findings_total": findings.count() if findings is not None else 0,
            "today": today,
        },
    )


def _visits(request: HttpRequest, user: User, today: dt.date) -> HttpResponse:
    rnd = homes.current_round(user, today)
    agenda = due_this_week(user, today)
    return render(
        request,
        "office/home_visits.html",
        {
            "round": rnd,
            "data": homes.visits_home(user, rnd, today) if rnd else None,
            "reports": [i for i in agenda if i.kind in REPORT_KINDS],
            "today": today,
        },
    )


def _dashboard(request: HttpRequest, user: User, today: dt.date) -> HttpResponse:
    divisions = Division.objects.visible_to(user)
    counts = divisions.aggregate(
        streets=Count("pk", filter=Q(level=Level.STREET)),
        villages=Count("pk", filter=Q(level=Level.UNIT, kind=UnitKind.VILLAGE)),
        communities=Count("pk", filter=Q(level=Level.UNIT, kind=UnitKind.COMMUNITY)),
    )
    bodies = Body.objects.filter(unit__in=divisions).count()
    children = divisions.filter(parent=user.scope).annotate(units=Count("children")) if user.scope else []
    agenda = due_this_week(user, today)
    stage_alerts = (
        annotate_state(ElectionStage.objects.visible_to(user), today)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    alerts = {
        row["state"]: row["n"] for row in stage_alerts if row["state"] in (State.OVERDUE, State.DUE_SOON)
    }
    rounds = (
        Round.objects.visible_to(user)
        .select_related("district")
        .filter(ends_on__gte=today - dt.timedelta(days=90))
    )
    # The week's statutory and district dates: stages not done, due from today to six days ahead.
    week = (
        annotate_state(
            ElectionStage.objects.visible_to(user).filter(status=StageStatus.PENDING),
            today,
        )
        .filter(eff_due__gte=today, eff_due__lte=today + dt.timedelta(days=6))
        .values("eff_due", "key", "election__round")
        .annotate(n=Count("pk"))
        .order_by("eff_due", "key")
    )
    return render(
        request,
        "office/home.html",
        {
            "counts": counts,
            "bodies": bodies,
            "children": children,
            "agenda": agenda[:20],
            "agenda_total": len(agenda),
            "alerts": alerts,
            "rounds": rounds,
            "week": list(week[:50]),
            "today": today,
        },
    )
