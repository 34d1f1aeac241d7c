from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.core import clock
from huanjie.elections.access import visible_elections, visible_rounds
from huanjie.elections.models import ElectionStage
from huanjie.elections.progress import State, annotate_state
from huanjie.office.views.common import staff
from huanjie.supervision.agenda import due_this_week
from huanjie.units.access import visible_divisions
from huanjie.units.models import Body, Level, UnitKind


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    divisions = visible_divisions(user)
    counts = divisions.aggregate(
        streets=Count("pk", filter=Q(level=Level.STREET)),
        villages=Count("pk", filter=Q(level=Level.UNIT, kind=UnitKind.VILLAGE)),
        communities=Count("pk", filter=Q(level=Level.UNIT, kind=UnitKind.COMMUNITY)),
    )
    bodies = Body.objects.filter(unit__in=divisions).count()
    children = divisions.filter(parent=user.scope).annotate(units=Count("children")) if user.scope else []
    today = clock.today()
    agenda = due_this_week(user, today)
    stage_alerts = (
        annotate_state(ElectionStage.objects.filter(election__in=visible_elections(user)), today)
        .values("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    alerts = {
        row["state"]: row["n"] for row in stage_alerts if row["state"] in (State.OVERDUE, State.DUE_SOON)
    }
    rounds = visible_rounds(user).filter(ends_on__gte=today - dt.timedelta(days=90))
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
            "today": today,
        },
    )
