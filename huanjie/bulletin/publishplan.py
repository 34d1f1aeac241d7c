"""What a publish must write again: every page of the site with its part and place (`Site`), and the pages
whose inputs may have changed since the last publish (`Plan`).

A publish records (`.huanjie-publish-state.json`) the public edition it read, the day, a hash of the code
and the bulletin's address. The next one reads the publications since (the publication events the actions
declare, recorded with their place by bulletin/publications.py) and renders again only:

- the pages of the places published in: a street's page when a place inside it was, a unit's page and
  feed when the place is the unit or its street, a notice's page when the place is its unit or street;
- a notice page whose links changed: each notice page is keyed (in the manifest) by the notices it points
  to — the one before and after it in its district, every notice of its unit, every notice of its stage
  in its street's units, each with whether it is still current — so a new notice in one unit renders again
  the district neighbour that now says "Next: …" even in another street;
- the common pages that read across places (home, district, its feed), always; a round's results page
  when its result notices changed (keyed like a notice page); the search and verify pages (the same for
  every edition) only when everything is written.

A private write (a sign-in, an account, the office's own records) publishes nothing and writes nothing
again. A publication that may show beyond its unit other than through notices (a division renamed, a round,
election days, which are set district-wide, an import) or with no place, another day, another code or
address, no state or a state of an earlier version: everything is written again. A file missing on disk
is written again whatever the plan (publisher.publish).
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.utils import translation

from huanjie.bulletin import conf
from huanjie.bulletin.sitefiles import MANIFEST, Addresses, file_for, write_whole
from huanjie.elections.models import Notice, Round
from huanjie.rules.calendar import Stage
from huanjie.units.models import Division, Level

STATE = ".huanjie-publish-state.json"
LANGUAGES = (("", "zh-hans"), ("_en", "en"))
# Publications whose effect beyond their unit's and street's pages goes only through its notices (which
# the notice pages' keys follow) and the common pages (always written). Anything else: a full publish.
LOCAL = frozenset({"notices", "stages", "results", "voting rounds"})
COMMON = frozenset({"home", "district", "district_feed", "results"})
RESULT_STAGES = (Stage.RESULT, Stage.PARTY_RESULT_APPROVAL)  # what a results page lists (views/pages.py)
ANY_EDITION = frozenset({"search", "verify"})  # no record read without a query


@functools.cache
def source_key() -> str:
    """Changes with any of Huanjie's code, templates, styles or translations: what a page is made from
    besides the records."""
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".html", ".mo", ".css", ".js", ".svg"} and path.is_file():
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def publish_state() -> dict[str, object]:
    """What the site is made from, read before a publish starts: the edition of the public pages (the
    number of the last publication event, bulletin/publications.py), the day (pages count days), the
    code and the bulletin's address."""
    from huanjie.bulletin.publications import edition
    from huanjie.core import clock

    return {
        "edition": edition(),
        "day": clock.today().isoformat(),
        "code": source_key(),
        "url": conf.base_url(),
    }


def write_state(outdir: Path, state: dict[str, object]) -> None:
    text = json.dumps(state, sort_keys=True).encode()
    target = outdir / STATE
    if not target.exists() or target.read_bytes() != text:  # a publish that changed nothing touches nothing
        write_whole(target, text)


@dataclass(frozen=True)
class Page:
    address: str
    name: str  # the view's name without the language's suffix
    street: str | None  # the code of the street whose part it is; None: the common part
    path: str = ""  # the division path of its place; "" for the common pages
    notice: int | None = None
    round: int | None = None  # a round's results page


class Site:
    """Every page of the site, in both languages, with its part and place, and each notice's key: a few
    queries, whatever the size of the site."""

    def __init__(self) -> None:
        districts = list(
            Division.objects.filter(level=Level.DISTRICT, rounds__isnull=False)
            .distinct()
            .values_list("pk", "code")
        )
        streets = list(
            Division.objects.filter(level=Level.STREET, parent_id__in=[pk for pk, _ in districts])
            .order_by("pk")
            .values_list("pk", "code", "path")
        )
        units = list(
            Division.objects.filter(level=Level.UNIT, parent_id__in=[pk for pk, _, _ in streets])
            .order_by("pk")
            .values_list("code", "path", "parent__code")
        )
        rounds = list(
            Round.objects.filter(district_id__in=[pk for pk, _ in districts]).values_list("pk", flat=True)
        )
        # Every notice's unit and that unit's street (a unit under a street), as the notice pages need.
        self.notices = list(
            Notice.objects.order_by("pk").values_list(
                "pk",
                "unit_id",
                "unit__path",
                "unit__parent_id",
                "unit__parent__code",
                "unit__parent__level",
                "round_id",
                "round__district_id",
                "stage",
                "published_at",
                "replaces_id",
            )
        )
        self.notice_street: dict[int, str] = {
            row[0]: row[4] for row in self.notices if row[5] == Level.STREET
        }
        self.streets = sorted({code for _, code, _ in streets})
        # One pattern per view: the pages' thousands of addresses, and later a publish's 1,500 PDFs' (pdf).
        self._address = address = Addresses()
        self.pages: list[Page] = []
        for suffix, lang in LANGUAGES:
            with translation.override(lang):
                add = self.pages.append
                add(Page(address(f"home{suffix}"), "home", None))
                add(Page(address(f"search{suffix}"), "search", None))
                add(Page(address(f"verify{suffix}"), "verify", None))
                for _, code in districts:
                    add(Page(address(f"district{suffix}", code), "district", None))
                    add(Page(address(f"district_feed{suffix}", code), "district_feed", None))
                for _, code, path in streets:
                    add(Page(address(f"street{suffix}", code), "street", code, path))
                for code, path, street in units:
                    add(Page(address(f"unit{suffix}", code), "unit", street, path))
                    add(Page(address(f"unit_feed{suffix}", code), "unit_feed", street, path))
                for pk in rounds:
                    add(Page(address(f"results{suffix}", pk), "results", None, round=pk))
                for row in self.notices:
                    pk, path = row[0], row[2]
                    add(Page(address(f"notice{suffix}", pk), "notice", self.notice_street.get(pk), path, pk))

    def pdf(self, pk: int) -> str:
        return file_for(self._address("notice_pdf", pk))

    def key_of(self, page: Page) -> str | None:
        """What the page is keyed by in the manifest (a notice page, a results page), if anything."""
        if page.notice is not None:
            return self.notice_keys[page.notice]
        if page.round is not None:
            return self.result_keys.get(page.round, "")
        return None

    @functools.cached_property
    def result_keys(self) -> dict[int, str]:
        """What a round's results page shows besides its elections (which change only with a full
        publish: election days, rounds, divisions): its result notices, each with whether it is current."""
        replaced = {row[10] for row in self.notices if row[10] is not None}
        shown: dict[int, list[str]] = defaultdict(list)
        for pk, *_, rnd, _, stage, _, _ in self.notices:
            if stage in RESULT_STAGES:
                shown[rnd].append(f"{pk}{'r' if pk in replaced else ''}")
        return {rnd: hashlib.sha256(",".join(pks).encode()).hexdigest()[:32] for rnd, pks in shown.items()}

    @functools.cached_property
    def notice_keys(self) -> dict[int, str]:
        """What each notice's page points to besides itself (pages.notice): its neighbours in its
        district, every notice of its unit, every notice of its stage in its street's units (the page
        shows the first of these), each with whether it is current. The notices themselves never change."""
        replaced = {row[10] for row in self.notices if row[10] is not None}
        by_district: dict[int, list[tuple[object, int]]] = defaultdict(list)
        by_unit: dict[int, list[str]] = defaultdict(list)
        by_stage: dict[tuple[int, str, int | None], list[str]] = defaultdict(list)
        for pk, unit, _, street, _, _, rnd, district, stage, published_at, _ in self.notices:
            shown = f"{pk}{'r' if pk in replaced else ''}"
            by_district[district].append((published_at, pk))
            by_unit[unit].append(shown)
            by_stage[(rnd, stage, street)].append(shown)
        neighbours: dict[int, tuple[int | None, int | None]] = {}
        for rows in by_district.values():
            rows.sort()
            order = [pk for _, pk in rows]
            for i, pk in enumerate(order):
                neighbours[pk] = (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
        keys: dict[int, str] = {}
        for pk, unit, _, street, _, _, rnd, _, stage, _, _ in self.notices:
            text = f"{neighbours[pk]}|{','.join(by_unit[unit])}|{','.join(by_stage[(rnd, stage, street)])}"
            keys[pk] = hashlib.sha256(text.encode()).hexdigest()[:32]
        return keys


@dataclass(frozen=True)
class Plan:
    """The pages to render again (`full`: all of them), and why."""

    full: bool
    places: tuple[str, ...] = ()
    reason: str = ""

    def touches(self, path: str) -> bool:
        """Whether a publication happened at the place `path`, inside it or above it."""
        return self.full or any(place.startswith(path) or path.startswith(place) for place in self.places)

    def renders(self, page: Page, old_keys: dict[str, str], site: Site) -> bool:
        if self.full:
            return True
        if page.name in ANY_EDITION:
            return False
        if page.round is not None:  # a results page: only when its result notices changed
            return old_keys.get(file_for(page.address)) != site.key_of(page)
        if page.name in COMMON:
            return True
        if self.touches(page.path):
            return True
        return (
            page.notice is not None and old_keys.get(file_for(page.address)) != site.notice_keys[page.notice]
        )


def plan(outdir: Path, state: dict[str, object], site: Site) -> Plan:
    """What changed since the publish that left `outdir` as it is (see the module's docstring)."""
    from huanjie.bulletin.models import Publication

    try:
        old = json.loads((outdir / STATE).read_text())
        json.loads((outdir / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return Plan(full=True, reason="no earlier publish")
    # A state written before publications were recorded has no edition: everything is written.
    changed = [k for k in ("day", "code", "url") if old.get(k) != state[k]]
    if changed or not isinstance(old.get("edition"), int):
        return Plan(full=True, reason=f"another {', '.join(changed) or 'state'}")
    streets = list(Division.objects.filter(code__in=site.streets).values_list("path", flat=True))
    places: set[str] = set()
    for what, path in Publication.objects.filter(
        edition__gt=old["edition"], edition__lte=int(str(state["edition"]))
    ).values_list("what", "division_path"):
        if what not in LOCAL or not path or not any(path.startswith(s) for s in streets):
            return Plan(full=True, reason=f"{what} at {path or 'no one place'}")
        places.add(path)
    return Plan(full=False, places=tuple(sorted(places)), reason=f"{len(places)} places published in")
