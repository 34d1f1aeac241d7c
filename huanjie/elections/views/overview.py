"""A province's or a city's progress: its districts' rounds rolled up per child division × stage family.

Read from the day's progress snapshot when there is one (`huanjie refresh-progress`, kept current street
by street after each change: elections/snapshot.py), otherwise counted live in one grouped query. Either
way the page makes the same few queries whatever the number of districts, units and stages below it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.core import clock
from huanjie.core.scope import get_visible
from huanjie.elections.forms import STATE_LABELS
from huanjie.elections.models import ElectionStage, ProgressSnapshot, Round
from huanjie.elections.progress import ORDER, Cell, annotate_state, totals
from huanjie.elections.snapshot import rollup as snapshot_rollup
from huanjie.elections.stages import FAMILIES
from huanjie.units.models import Division, Level
from huanjie.web.request import staff

ABOVE_DISTRICT = (Level.PROVINCE, Level.CITY)


def progress_by_child(division: Division, day: dt.date) -> tuple[bool, dict[str, dict[str, Cell]]]:
    """States per family for each division one level below `division`, by its code; and whether they
    came from the day's snapshot."""
    if ProgressSnapshot.objects.filter(day=day, street__path__startswith=division.path).exists():
        return True, snapshot_rollup(division, day)
    child = Substr("election__street__path", len(division.path) + 1, 12)
    rows = (
        annotate_state(ElectionStage.objects.filter(election__street__path__startswith=division.path), day)
        .annotate(child=child)
        .values("child", "family", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out: dict[str, dict[str, Cell]] = defaultdict(lambda: defaultdict(Cell))
    for row in rows:
        out[row["child"]][row["family"]].counts[row["state"]] = row["n"]
    return False, out


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    code = request.GET.get("division")
    division = get_visible(user, Division, code=code) if code else user.scope
    if division is None or division.level not in ABOVE_DISTRICT:
        raise Http404("a province's or a city's overview")
    today = clock.today()
    from_snapshot, table = progress_by_child(division, today)
    children = list(Division.objects.filter(parent=division).order_by("code"))
    # A district row links to its round (the latest, when a district has had several).
    rounds = {
        r.district_id: r
        for r in Round.objects.visible_to(user)
        .filter(district__path__startswith=division.path)
        .order_by("starts_on")
    }
    rows = [
        (
            child,
            rounds.get(child.pk),
            [table[child.code].get(f) if child.code in table else None for f in FAMILIES],
        )
        for child in children
    ]
    return render(
        request,
        "elections/overview.html",
        {
            "division": division,
            "parent": division.parent if division.level == Level.CITY and division.parent_id else None,
            "rows": rows,
            "families": [str(lbl) for lbl, _m in FAMILIES.values()],
            "total": [totals(cast(dict[Any, dict[str, Cell]], table)).get(f) for f in FAMILIES],
            "states": [(s, STATE_LABELS[s]) for s in ORDER],
            "today": today,
            "from_snapshot": from_snapshot,
            "rounds": len(rounds),
        },
    )
