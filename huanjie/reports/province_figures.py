"""The province summary's figures: one district's part, computed from its round, and their roll-up.

A district's part is what its own work summary counts (huanjie.reports.data.load, stats.structure,
stats.pairing) reduced to sums — members, the sum of their ages, age bands, education, women, party
members, minorities, re-elected, one-shoulder units, turnout, units finished on time / late / not yet,
review findings — which add up exactly over districts and cities (averages and shares are taken from
the sums only at the end). A part is plain JSON: a job computes it on any worker and hands it to the job
that combines them (huanjie.jobs.province_summary); the one-process path computes the same parts in a loop
(huanjie.reports.province_summary.build_province_summary), so both give the same document.

A figure that some district cannot give (a member's date of birth missing, no previous term imported) is
not summed over the districts that can: the total is None and the districts that lack it are named, as
the district summary names the people (DESIGN: say what is missing, never average over the complete).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import Any

from django.db.models import Count, Q

from huanjie.elections.models import ElectionStage, Finding, Round
from huanjie.elections.progress import State, annotate_state
from huanjie.reports.data import BODIES, KINDS, load
from huanjie.reports.stats import EDUCATION_LEVELS, Structure, holders, pairing, structure

HEAD = {"party": "secretary", "committee": "director"}
MISSING = ("age", "education", "sex", "party", "ethnicity", "previous")
TEAMS = tuple((kind, body) for kind in KINDS for body in BODIES)


def _key(kind: str, body: str) -> str:
    return f"{kind}:{body}"


def _sums(s: Structure) -> dict[str, Any]:
    """A Structure as JSON: its sums, and how many people lack each figure (not their names)."""
    return {
        "n": s.n,
        "posts": s.posts,
        "age_sum": s.age_sum,
        "age_bands": list(s.age_bands) if s.age_bands is not None else None,
        "education": s.education,
        "women": s.women,
        "party": s.party,
        "minority": s.minority,
        "reelected": s.reelected,
        "after_runoff": s.after_runoff,
        "missing": {m: len(getattr(s, f"missing_{m}")) for m in MISSING},
    }


def district_part(rnd: Round, today: dt.date) -> dict[str, Any]:
    """One district's part of the province summary, from its round's records (its whole district), with
    its stages' states on `today` (elections.progress: the same rules as the progress pages)."""
    district = rnd.district
    fig = load(rnd, district)
    teams: dict[str, Any] = {}
    for kind, body in TEAMS:
        people = fig.teams.get((kind, body), [])
        before = fig.previous.get((kind, body), [])
        teams[_key(kind, body)] = {
            "team": _sums(structure(people)),
            "heads": _sums(structure(holders(people, HEAD[body]))),
            "previous": _sums(structure(before)) if before else None,
            "previous_heads": _sums(structure(holders(before, HEAD[body]))) if before else None,
        }
    pairs: dict[str, Any] = {}
    turnout: dict[str, list[int]] = {}
    for kind in KINDS:
        pair = pairing(fig.teams.get((kind, "party"), []), fig.teams.get((kind, "committee"), []))
        pairs[kind] = [pair.units_with_both, pair.one_shoulder, pair.party_members_total, pair.cross]
        t = fig.turnout.get((kind, "committee"))
        turnout[kind] = [t.registered, t.voted] if t else [0, 0]
    completion = {
        kind: [c.units, len(c.on_time), len(c.late), len(c.unfinished)] for kind, c in fig.completion.items()
    }
    found = Finding.objects.filter(round=rnd).aggregate(
        found=Count("pk"),
        open=Count("pk", filter=Q(closed_on__isnull=True)),
        high=Count("pk", filter=Q(severity=Finding.Severity.HIGH)),
    )
    states = dict(
        annotate_state(ElectionStage.objects.filter(election__round=rnd), today)
        .filter(state__in=(State.OVERDUE, State.LATE))
        .values("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
        .order_by()
    )
    city = district.parent
    return {
        "round": rnd.pk,
        "code": district.code,
        "name": district.name,
        "name_en": district.name_en or district.name,
        "city": city.code if city else "",
        "starts_on": rnd.starts_on.isoformat(),
        "ends_on": rnd.ends_on.isoformat(),
        "streets": len(fig.streets),
        "units": {kind: fig.unit_count(kind) for kind in KINDS},
        "completion": completion,
        "teams": teams,
        "pairing": pairs,
        "turnout": turnout,
        "findings": [found["found"], found["open"], found["high"]],
        "stages": [states.get(State.OVERDUE, 0), states.get(State.LATE, 0)],
    }


# --- the roll-up ----------------------------------------------------------------------------------------


def _structure(sums: dict[str, Any], label: str) -> Structure:
    """Back to a Structure (so that the district summary's sentences and tables read it), the people who
    lack a figure named by their district and count: `城关区(3)`."""
    missing = {m: ((f"{label}({k})",) if (k := sums["missing"][m]) else ()) for m in MISSING}
    return Structure(
        n=sums["n"],
        posts=dict(sums["posts"]),
        age_sum=sums["age_sum"],
        age_bands=tuple(sums["age_bands"]) if sums["age_bands"] is not None else None,
        education=dict(sums["education"]) if sums["education"] is not None else None,
        women=sums["women"],
        party=sums["party"],
        minority=sums["minority"],
        reelected=sums["reelected"],
        after_runoff=sums["after_runoff"],
        **{f"missing_{m}": names for m, names in missing.items()},
    )


def _add_optional(a: int | None, b: int | None) -> int | None:
    return None if a is None or b is None else a + b


def add(structures: Iterable[Structure]) -> Structure:
    """The structure of the union of disjoint groups: counts added; a figure any group lacks is None."""
    items = list(structures)
    posts: Counter[str] = Counter()
    for s in items:
        posts.update(s.posts)
    total: dict[str, Any] = {"n": sum(s.n for s in items), "posts": dict(posts),
                             "after_runoff": sum(s.after_runoff for s in items)}  # fmt: skip
    for name in ("age_sum", "women", "party", "minority", "reelected"):
        value: int | None = 0
        for s in items:
            value = _add_optional(value, getattr(s, name))
        total[name] = value
    bands = [s.age_bands for s in items]
    total["age_bands"] = None if None in bands else tuple(map(sum, zip(*bands, strict=True))) or (0, 0, 0, 0)
    edu = [s.education for s in items]
    total["education"] = None if None in edu else {k: sum(e[k] for e in edu if e) for k in EDUCATION_LEVELS}
    for f in fields(Structure):
        if f.name.startswith("missing_"):
            total[f.name] = tuple(x for s in items for x in getattr(s, f.name))
    return Structure(**total)


@dataclass
class Team:
    """One kind of team over a set of districts: this term, its heads, and the previous term (None where
    some district with such units has imported no previous team: `no_previous` names them)."""

    team: Structure
    heads: Structure
    previous: Structure | None
    previous_heads: Structure | None
    no_previous: list[str] = field(default_factory=list)


@dataclass
class Area:
    """A district, a city (its districts added up) or the whole scope."""

    code: str
    name: str
    name_en: str
    districts: list[str] = field(default_factory=list)  # the names of the districts it adds up
    streets: int = 0
    units: Counter[str] = field(default_factory=Counter)
    completion: dict[str, list[int]] = field(default_factory=dict)  # kind: [units, on time, late, not yet]
    teams: dict[tuple[str, str], Team] = field(default_factory=dict)
    pairing: dict[str, list[int]] = field(default_factory=dict)  # kind: [both, one-shoulder, party, cross]
    turnout: dict[str, list[int]] = field(default_factory=dict)  # kind: [registered, voted]
    findings: list[int] = field(default_factory=lambda: [0, 0, 0])  # found, still open, of high severity
    stages: dict[str, list[int]] = field(default_factory=dict)  # district: [overdue, done late] stages
    late: list[str] = field(default_factory=list)  # districts with units finished late
    unfinished: list[str] = field(default_factory=list)  # districts with units not finished
    starts_on: str = ""
    ends_on: str = ""

    def label(self, zh: bool) -> str:
        return self.name if zh else self.name_en


def _vectors(target: dict[str, list[int]], source: dict[str, list[int]]) -> None:
    for key, values in source.items():
        have = target.setdefault(key, [0] * len(values))
        target[key] = [a + b for a, b in zip(have, values, strict=True)]


def area(code: str, name: str, name_en: str, parts: list[dict[str, Any]], zh: bool) -> Area:
    """Add up the parts (districts) into one area; `zh` picks the language of the names it lists."""
    out = Area(code, name, name_en)
    for p in parts:
        label = p["name"] if zh else p["name_en"]
        out.districts.append(label)
        out.streets += p["streets"]
        out.units.update(p["units"])
        _vectors(out.completion, p["completion"])
        _vectors(out.pairing, p["pairing"])
        _vectors(out.turnout, p["turnout"])
        out.findings = [a + b for a, b in zip(out.findings, p["findings"], strict=True)]
        out.stages[label] = list(p["stages"])
        if any(c[2] for c in p["completion"].values()):
            out.late.append(label)
        if any(c[3] for c in p["completion"].values()):
            out.unfinished.append(label)
        out.starts_on = min(out.starts_on or p["starts_on"], p["starts_on"])
        out.ends_on = max(out.ends_on, p["ends_on"])
    for kind, body in TEAMS:
        key = _key(kind, body)
        with_units = [p for p in parts if p["units"].get(kind)]
        lacking = [
            p["name"] if zh else p["name_en"] for p in with_units if p["teams"][key]["previous"] is None
        ]
        has_prev = bool(with_units) and not lacking

        def of(which: str, ps: list[dict[str, Any]] = with_units, key: str = key) -> list[Structure]:
            return [_structure(p["teams"][key][which], p["name"] if zh else p["name_en"]) for p in ps]

        out.teams[(kind, body)] = Team(
            team=add(of("team")),
            heads=add(of("heads")),
            previous=add(of("previous")) if has_prev else None,
            previous_heads=add(of("previous_heads")) if has_prev else None,
            no_previous=lacking,
        )
    return out
