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
    latest = [public.listed_item(n) for n in public.listed()[:HEADLINES]]
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
    latest = [public.listed_item(n) for n in public.listed().filter(round__district=division)[:HEADLINES]]
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
    latest = [public.listed_item(n) for n in public.listed().filter(unit__parent=division)[:HEADLINES]]
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
    all_notices = list(public.listed().filter(unit=division))
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
            "notices": [public.listed_item(n) for n in all_notices],
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


# How many of the unit's other notices, and of its stage in the street's other units, a notice page lists.
SAME_UNIT, SAME_STAGE = 10, 12


@dataclass(frozen=True)
class Related:
    """What a notice page points to besides the notice (publishplan.Site.notice_keys follows the same)."""

    previous: Notice | None
    following: Notice | None
    same_unit: list[Notice]
    same_stage: list[Notice]
    versions: list[Notice]  # every version of the notice, first to newest


def _versions(notice: Notice, unit_rows: dict[int, Notice]) -> list[Notice]:
    """The notice's versions from the unit's rows (a correction stays in its unit), first to newest; the
    database asked only if a version is missing from them (published after they were read)."""
    rows = {**unit_rows, notice.pk: notice}
    newest = notice
    while not public.is_current(newest):
        later = rows.get(newest.replaced_by.pk)
        if later is None:
            return public.versions(notice)
        newest = later
    chain = [newest]
    while chain[-1].replaces_id is not None:
        earlier = rows.get(chain[-1].replaces_id)
        if earlier is None:
            return public.versions(notice)
        chain.append(earlier)
    return chain[::-1]


def _newest_first(n: Notice) -> tuple[object, int]:
    return (n.published_at, n.pk)


def _related(notice: Notice) -> Related:
    """The notices published just before and after this one in its district, the unit's other notices
    (newest first) and the same stage in the street's other units (by unit, newest version first): one
    query of `public.listed()` rows, the lists cut here. The neighbours come from the district's order
    for the edition the page belongs to (`_district_order`); a notice newer than that edition asks the
    database for its own."""
    street = notice.unit.parent_id
    found = _district_order(notice.round.district_id, generation()).get(notice.pk)
    neighbours = [pk for pk in found or () if pk is not None]
    wanted = Q(unit_id=notice.unit_id) | Q(pk__in=neighbours)
    if street is not None:
        # The street's units as a subquery, not a join: each arm of the OR is then one index of the notices
        # (unit, key, round), which a province's million notices need.
        units = Division.objects.filter(parent_id=street).values("pk")
        wanted |= Q(round_id=notice.round_id, stage=notice.stage, unit_id__in=units)
    rows = {n.pk: n for n in public.listed().filter(wanted).exclude(pk=notice.pk).order_by()}  # sorted below
    if found is not None and all(pk in rows for pk in neighbours):
        previous, following = (rows.get(pk) if pk is not None else None for pk in found)
    else:  # newer than the edition read (or one gone since)
        same = public.listed().filter(round__district_id=notice.round.district_id)
        at = notice.published_at
        earlier = Q(published_at__lt=at) | Q(published_at=at, pk__lt=notice.pk)
        later = Q(published_at__gt=at) | Q(published_at=at, pk__gt=notice.pk)
        previous = same.filter(earlier).order_by("-published_at", "-pk").first()
        following = same.filter(later).order_by("published_at", "pk").first()
    # Newest first, then (a stable sort) by what each list orders by: ties keep that order, whatever order
    # the database returned the rows in, so that two renders of the same records are the same bytes.
    newest = sorted(rows.values(), key=_newest_first, reverse=True)
    same_unit = [n for n in newest if n.unit_id == notice.unit_id]
    same_stage = sorted(
        (
            n
            for n in newest
            if street is not None
            and n.round_id == notice.round_id
            and n.stage == notice.stage
            and n.unit.parent_id == street
            and n.unit_id != notice.unit_id
        ),
        key=lambda n: (n.unit.code, -n.version),
    )
    unit_rows = {n.pk: n for n in rows.values() if n.unit_id == notice.unit_id}
    return Related(
        previous,
        following,
        same_unit[:SAME_UNIT],
        same_stage[:SAME_STAGE],
        _versions(notice, unit_rows),
    )


@public_page()
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    # Not notices(): the page shows nothing of the election, and each join costs the planner more.
    try:
        found = Notice.objects.select_related("unit__parent__parent", "round", "replaced_by", "replaces").get(
            pk=pk
        )
    except Notice.DoesNotExist:
        raise Http404 from None
    related = _related(found)
    listed = public.listed_item
    street_division = found.unit.parent
    return render(
        request,
        "bulletin/notice.html",
        {
            "n": public.shown(found),
            "notice": found,
            "current": public.is_current(found),
            "newest": related.versions[-1],
            "versions": related.versions,
            "previous": listed(related.previous) if related.previous else None,
            "following": listed(related.following) if related.following else None,
            "same_unit": [listed(n) for n in related.same_unit],
            "same_stage": [listed(n) for n in related.same_stage],
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
