"""The public pages: headlines, districts, streets, units, a notice, a round's results, search.

Function views, server-rendered, readable without JavaScript. Every view is wrapped by
`cache.public_page`, which serves repeat requests from the cache with an ETag.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.bulletin import public
from huanjie.bulletin.cache import generation, public_page
from huanjie.elections.models import Election, ElectionStage, Notice, Round, StageStatus
from huanjie.elections.stages import label
from huanjie.rules.calendar import Stage
from huanjie.units.models import Division, Level

HEADLINES = 30
RESULT_STAGES = (Stage.RESULT, Stage.PARTY_RESULT_APPROVAL)


def _division(code: str, level: str) -> Division:
    division = Division.objects.select_related("parent").filter(code=code, level=level).first()
    if division is None:
        raise Http404
    return division


def _districts() -> list[Division]:
    """The districts that have run a round: the bulletin publishes nothing else."""
    return list(Division.objects.filter(level=Level.DISTRICT, rounds__isnull=False).distinct())


@public_page()
def home(request: HttpRequest) -> HttpResponse:
    latest = [public.shown(n) for n in public.notices()[:HEADLINES]]
    districts = _districts()
    streets = (
        Division.objects.filter(level=Level.STREET, parent__in=districts)
        .annotate(units=Count("children"))
        .order_by("code")
    )
    by_district: dict[int, list[Division]] = defaultdict(list)
    for street in streets:
        assert street.parent_id is not None
        by_district[street.parent_id].append(street)
    rounds = Round.objects.filter(district__in=districts).select_related("district")
    return render(
        request,
        "bulletin/home.html",
        {
            "latest": latest,
            "districts": [(d, by_district[d.pk]) for d in districts],
            "rounds": rounds,
        },
    )


@public_page()
def district(request: HttpRequest, code: str) -> HttpResponse:
    division = _division(code, Level.DISTRICT)
    streets = division.children.annotate(units=Count("children")).order_by("code")
    latest = [public.shown(n) for n in public.notices().filter(round__district=division)[:HEADLINES]]
    return render(
        request,
        "bulletin/district.html",
        {"district": division, "streets": streets, "latest": latest, "rounds": division.rounds.all()},
    )


@public_page()
def street(request: HttpRequest, code: str) -> HttpResponse:
    division = _division(code, Level.STREET)
    units = list(division.children.order_by("code"))
    counts = dict(
        Notice.objects.filter(unit__in=units)
        .values_list("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    results = set(
        Notice.objects.filter(unit__in=units, stage__in=RESULT_STAGES).values_list("unit", flat=True)
    )
    latest = [public.shown(n) for n in public.notices().filter(unit__parent=division)[:HEADLINES]]
    return render(
        request,
        "bulletin/street.html",
        {
            "street": division,
            "district": division.parent,
            "units": [(u, counts.get(u.pk, 0), u.pk in results) for u in units],
            "latest": latest,
        },
    )


@public_page()
def unit(request: HttpRequest, code: str) -> HttpResponse:
    division = _division(code, Level.UNIT)
    elections = list(
        Election.objects.filter(unit=division)
        .select_related("round", "body")
        .order_by("-round__starts_on", "kind")
    )
    stages: dict[int, list[ElectionStage]] = defaultdict(list)
    for s in ElectionStage.objects.filter(election__in=elections).order_by("seq"):
        stages[s.election_id].append(s)
    all_notices = list(public.notices().filter(unit=division))
    results = {n.election_id: n for n in all_notices if n.stage in RESULT_STAGES and public.is_current(n)}
    timeline = [
        {
            "election": e,
            "result": results.get(e.pk),
            "stages": [
                {
                    "label": label(s.key),
                    "done": s.status == StageStatus.DONE,
                    "not_applicable": s.status == StageStatus.NOT_APPLICABLE,
                    "on": s.completed_on,
                    "due": s.effective_due,
                }
                for s in stages[e.pk]
            ],
        }
        for e in elections
    ]
    street_division = division.parent
    return render(
        request,
        "bulletin/unit.html",
        {
            "unit": division,
            "street": street_division,
            "district": street_division.parent if street_division else None,
            "timeline": timeline,
            "notices": [public.shown(n) for n in all_notices],
        },
    )


@functools.lru_cache(maxsize=16)
def _district_order(district_id: int, generation: int) -> dict[int, tuple[int | None, int | None]]:
    """Each notice of the district with the ones published just before and after it, for one edition of
    the public pages (the page cache's generation: as fresh as the pages themselves). One query for all the
    district's notice pages instead of two for each."""
    order = list(
        Notice.objects.filter(round__district_id=district_id)
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )
    last = len(order) - 1
    return {
        pk: (order[i - 1] if i else None, order[i + 1] if i < last else None) for i, pk in enumerate(order)
    }


def _neighbours(notice: Notice) -> tuple[Notice | None, Notice | None]:
    """The notices published just before and just after this one in the same district."""
    found = _district_order(notice.round.district_id, generation()).get(notice.pk)
    if found is not None:
        wanted = [pk for pk in found if pk is not None]
        by_pk = public.notices().in_bulk(wanted) if wanted else {}
        if len(by_pk) == len(wanted):
            return tuple(by_pk.get(pk) if pk is not None else None for pk in found)  # type: ignore[return-value]
    # Newer than the edition read (or one gone since): ask the database itself.
    same = public.notices().filter(round__district_id=notice.round.district_id)
    earlier = Q(published_at__lt=notice.published_at) | Q(published_at=notice.published_at, pk__lt=notice.pk)
    later = Q(published_at__gt=notice.published_at) | Q(published_at=notice.published_at, pk__gt=notice.pk)
    previous = same.filter(earlier).order_by("-published_at", "-pk").first()
    following = same.filter(later).order_by("published_at", "pk").first()
    return previous, following


@public_page()
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    found = public.notices().filter(pk=pk).first()
    if found is None:
        raise Http404
    previous, following = _neighbours(found)
    same_unit = public.notices().filter(unit=found.unit).exclude(pk=found.pk)[:10]
    same_stage = (
        public.notices()
        .filter(round=found.round, stage=found.stage, unit__parent=found.unit.parent)
        .exclude(unit=found.unit)
        .order_by("unit__code", "-version")[:12]
    )
    street_division = found.unit.parent
    return render(
        request,
        "bulletin/notice.html",
        {
            "n": public.shown(found),
            "notice": found,
            "current": public.is_current(found),
            "newest": public.newest_version(found),
            "versions": public.versions(found),
            "previous": public.shown(previous) if previous else None,
            "following": public.shown(following) if following else None,
            "same_unit": [public.shown(n) for n in same_unit],
            "same_stage": [public.shown(n) for n in same_stage],
            "stage_label": label(found.stage),
            "street": street_division,
            "district": street_division.parent if street_division else None,
        },
    )


@dataclass
class UnitResults:
    unit: Division
    cells: list[tuple[Election, Notice | None]] = field(default_factory=list)


@dataclass
class StreetResults:
    street: Division
    units: dict[int, UnitResults] = field(default_factory=dict)
    done: int = 0
    total: int = 0


@public_page()
def results(request: HttpRequest, pk: int) -> HttpResponse:
    """A round's results: for every unit and body, its current result notice or that none is out yet."""
    rnd = Round.objects.select_related("district").filter(pk=pk).first()
    if rnd is None:
        raise Http404
    elections = Election.objects.filter(round=rnd).select_related("unit", "street")
    # Oldest first, so that a correction overwrites the version it replaces: the current version wins.
    published = {
        n.election_id: n
        for n in public.notices().filter(round=rnd, stage__in=RESULT_STAGES).order_by("published_at", "pk")
    }
    streets: dict[int, StreetResults] = {}
    for e in elections.order_by("street__code", "unit__code", "kind"):
        row = streets.setdefault(e.street_id, StreetResults(e.street))
        found = published.get(e.pk)
        row.units.setdefault(e.unit_id, UnitResults(e.unit)).cells.append((e, found))
        row.total += 1
        row.done += found is not None
    return render(
        request,
        "bulletin/results.html",
        {
            "round": rnd,
            "streets": [(s, list(s.units.values())) for s in streets.values()],
            "done": len(published),
            "total": sum(s.total for s in streets.values()),
        },
    )


SEARCH_LIMIT = 50


@public_page()
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:100]
    found: list[public.Shown] = []
    units: list[Division] = []
    if q:
        units = list(
            Division.objects.filter(level=Level.UNIT)
            .filter(Q(name__icontains=q) | Q(name_en__icontains=q))
            .order_by("code")[:SEARCH_LIMIT]
        )
        matches = public.notices().filter(
            Q(title_zh__icontains=q)
            | Q(title_en__icontains=q)
            | Q(body_zh__icontains=q)
            | Q(body_en__icontains=q)
            | Q(unit__name__icontains=q)
            | Q(unit__name_en__icontains=q)
        )
        # A text holding an ID number would match its hidden digits: such a notice is never a hit.
        found = [public.shown(n) for n in matches[:SEARCH_LIMIT] if not public.holds_id_number(n)]
    code_match = public.find(q) if q else None
    return render(
        request,
        "bulletin/search.html",
        {"q": q, "notices": found, "units": units, "limit": SEARCH_LIMIT, "code_match": code_match},
    )
