"""The province-level summary: the districts' rounds rolled up per city (or, below a city, per district).

For a user whose scope is a province or a city. Each figure is one grouped query over everything below
the division — units, elections finished on time / late / not yet, voters registered, members elected —
so the page costs the same few queries for one district or for 86, and a district's own statistics
(reports.views.index, with the district's round) stay one click away.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Case, CharField, Count, F, Q, Value, When
from django.db.models.functions import Substr
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.core import clock
from huanjie.core.export import Book
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election, Round
from huanjie.polling.models import ElectedMember
from huanjie.units.models import BodyKind, Division, Level
from huanjie.voters.models import Voter, VoterStatus
from huanjie.web.request import staff

ABOVE_DISTRICT = (Level.PROVINCE, Level.CITY)


@dataclass
class Row:
    division: Division
    round_id: int | None = None
    villages: int = 0
    communities: int = 0
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def elections(self) -> int:
        return self.counts["on_time"] + self.counts["late"] + self.counts["unfinished"]

    @property
    def women_share(self) -> str:
        elected = self.counts["elected"]
        return f"{100 * self.counts['women'] / elected:.1f}%" if elected else "—"


def _child(field_path: str, division: Division) -> Substr:
    """The code of the division one level below `division` on the path in `field_path`."""
    return Substr(field_path, len(division.path) + 1, 12)


def rollup(division: Division, rounds: dict[int, int]) -> list[Row]:
    """One row per child division of `division` (a province or a city); `rounds` maps a district's id to its
    round's id, for the links."""
    rows = {
        d.code: Row(d, rounds.get(d.pk)) for d in Division.objects.filter(parent=division).order_by("code")
    }
    below = division.path
    units = (
        Division.objects.filter(level=Level.UNIT, path__startswith=below)
        .annotate(child=_child("path", division))
        .values("child", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for u in units:
        if u["child"] in rows:
            setattr(rows[u["child"]], "villages" if u["kind"] == "village" else "communities", u["n"])
    state = Case(
        When(finished_on__isnull=True, then=Value("unfinished")),
        When(finished_on__gt=F("round__ends_on"), then=Value("late")),
        default=Value("on_time"),
        output_field=CharField(),
    )
    elections = (
        Election.objects.filter(street__path__startswith=below)
        .exclude(kind=BodyKind.PARTY_BRANCH)
        .annotate(child=_child("street__path", division), state=state)
        .values("child", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for e in elections:
        if e["child"] in rows:
            rows[e["child"]].counts[e["state"]] += e["n"]
    voters = (
        Voter.objects.filter(status=VoterStatus.REGISTERED, election__street__path__startswith=below)
        .annotate(child=_child("election__street__path", division))
        .values("child")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for v in voters:
        if v["child"] in rows:
            rows[v["child"]].counts["registered"] = v["n"]
    elected = (
        ElectedMember.objects.filter(election__street__path__startswith=below)
        .annotate(child=_child("election__street__path", division))
        .values("child")
        .annotate(
            n=Count("pk"),
            # The person's record (issue 17): the resident, or the party member who is no resident.
            women=Count(
                "pk",
                filter=Q(resident__sex="female") | Q(resident__isnull=True, member__sex="female"),
            ),
        )
        .order_by()
    )
    for m in elected:
        if m["child"] in rows:
            rows[m["child"]].counts["elected"] = m["n"]
            rows[m["child"]].counts["women"] = m["women"]
    return list(rows.values())


def _scope(request: HttpRequest) -> tuple[Division, list[Row]]:
    user = staff(request)
    code = request.GET.get("division")
    division = get_visible(user, Division, code=code) if code else user.scope
    if division is None or division.level not in ABOVE_DISTRICT:
        raise Http404("a province's or a city's summary")
    rounds = {
        r.district_id: r.pk
        for r in Round.objects.visible_to(user)
        .filter(district__path__startswith=division.path)
        .order_by("starts_on")
    }
    return division, rollup(division, rounds)


def _total(rows: list[Row]) -> Row:
    total = Row(Division(name=""))
    for r in rows:
        total.villages += r.villages
        total.communities += r.communities
        for key, n in r.counts.items():
            total.counts[key] += n
    return total


@login_required
def province(request: HttpRequest) -> HttpResponse:
    division, rows = _scope(request)
    return render(
        request,
        "reports/province.html",
        {
            "division": division,
            "parent": division.parent if division.level == Level.CITY else None,
            "rows": rows,
            "total": _total(rows),
            "today": clock.today(),
        },
    )


HEADER = [
    "区划代码",
    "名称",
    "村",
    "社区",
    "村（居）委会选举",
    "按时完成",
    "逾期完成",
    "未完成",
    "登记选民",
    "当选人数",
    "女性",
    "女性占比",
]


@login_required
def province_xlsx(request: HttpRequest) -> HttpResponse:
    division, rows = _scope(request)
    book = Book()
    sheet = book.sheet(f"{division.name}汇总")
    sheet.header(HEADER)
    for r in [*rows, _total(rows)]:
        c = r.counts
        sheet.append(
            [r.division.code, r.division.name or "合计", r.villages, r.communities, r.elections, c["on_time"],
             c["late"], c["unfinished"], c["registered"], c["elected"], c["women"], r.women_share]
        )  # fmt: skip
    sheet.finish()
    response = HttpResponse(
        book.save(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"summary-{division.code}-{clock.today().isoformat()}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
