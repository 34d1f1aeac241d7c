from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.office.views.common import staff
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
    return render(request, "office/home.html", {"counts": counts, "bodies": bodies, "children": children})
