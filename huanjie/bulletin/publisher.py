"""publish-static: the whole public site as files any web server or CDN can serve, written incrementally.

Every page is rendered through the same views as the dynamic site (so the two never differ) and written
only if its bytes changed since the last run; `.huanjie-publish.json` in the output directory records the
SHA-256 of each file (bulletin/sitefiles.py, which also writes each text file's `.gz`). A page whose
inputs have not changed since the last publish is not even rendered (bulletin/publishplan.py), and a
notice's PDF, the one costly file, is not rendered again while the notice (immutable: its SHA-256 names
it) and the PDF layout are unchanged. Files of the last run that the site no longer has are removed.

The work splits by street: a street's part is its page, its units' pages and feeds and its units' notices
with their PDFs; the rest (home, districts, results, open data) is the common part. Each part can be
written by its own background job on any worker (huanjie/jobs/kinds.py); parts write disjoint files, each
atomically, and the common part merges their manifests last.

Addresses map to files as a web server maps them back: `/units/X/` → `units/X/index.html`, anything
with a file extension (`.pdf`, `.atom`, `.json`, `.csv`, `.css`) → that file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connections
from django.test import RequestFactory
from django.urls import resolve, reverse

from huanjie.bulletin import opendata
from huanjie.bulletin.cache import forget
from huanjie.bulletin.publishplan import STATE, Page, Plan, Site, plan, publish_state, write_state
from huanjie.bulletin.sitefiles import MANIFEST, Report, Writer, file_for, make_dirs
from huanjie.elections.models import Election, Notice, Round

__all__ = [
    "MANIFEST",
    "STATE",
    "Report",
    "Site",
    "Writer",
    "file_for",
    "make_dirs",
    "page_addresses",
    "publish",
    "publish_part",
    "publish_state",
    "write_state",
]

ASSETS = ("bulletin/bulletin.css", "office/favicon.svg")
PARALLEL_PAGES = 24  # fewer pages are rendered in the publishing process itself: a fork costs more


def page_addresses() -> Iterator[str]:
    """Every HTML page and feed of the site, in both languages."""
    for page in Site().pages:
        yield page.address


def render(address: str) -> bytes:
    """The bytes the dynamic site serves at this address."""
    request = RequestFactory().get(address)
    match = resolve(address)
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise RuntimeError(f"{address} answered {response.status_code}")
    return bytes(response.content)


def _pdf(pk: int) -> bytes:
    """A PDF made in a worker process (which opens its own database connection), or the one a job or a
    request made before (bulletin/pdfstore.py)."""
    from huanjie.bulletin import pdfstore

    return pdfstore.notice_pdf(Notice.objects.select_related("unit").get(pk=pk))


def _pdfs(
    writer: Writer,
    site: Site,
    jobs: int,
    progress: Callable[[str], None] | None,
    skip: Callable[[int], bool],
) -> None:
    """Every notice's PDF but those `skip` names; only those whose notice or layout is new are rendered
    (or taken from the store), in `jobs` processes."""
    from huanjie.bulletin.pdfstore import layout_key

    layout = layout_key()
    sha256 = dict(Notice.objects.values_list("pk", "sha256"))
    todo: dict[str, int] = {}
    for row in site.notices:
        pk = row[0]
        if skip(pk):
            continue
        relative = site.pdf(pk)
        if not writer.keep(relative, hashlib.sha256(f"{layout}:{sha256[pk]}".encode()).hexdigest()):
            todo[relative] = pk
    if progress is not None:
        progress(f"{len(todo)} PDFs to render")
    if jobs <= 1 or len(todo) < 2:
        for relative, pk in todo.items():
            writer.put(relative, _pdf(pk))
        return
    # Fork after closing this process's connections: each worker opens its own.
    connections.close_all()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
        for done, (relative, data) in enumerate(
            zip(todo, pool.map(_pdf, todo.values(), chunksize=8), strict=True)
        ):
            writer.put(relative, data)
            if progress is not None and done % 100 == 99:
                progress(f"{done + 1} PDFs rendered")


def _render_pages(
    writer: Writer,
    site: Site,
    pages: list[Page],
    steps: Callable[[int, int], None] | None,
    jobs: int = 1,
) -> None:
    """Render and write `pages`, in `jobs` processes when they are many (not inside a test's transaction:
    the processes would not see its data)."""
    addresses = [p.address for p in pages]
    if jobs > 1 and len(pages) >= PARALLEL_PAGES:
        connections.close_all()  # fork without this process's connections: each opens its own
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"))
        rendered: Iterator[bytes] = pool.map(render, addresses, chunksize=max(1, min(32, len(pages) // 8)))
    else:
        pool, rendered = None, map(render, addresses)
    try:
        for done, (page, data) in enumerate(zip(pages, rendered, strict=True), 1):
            key = site.key_of(page)
            writer.put(file_for(page.address), data, key)
            if steps is not None and (done % 20 == 0 or done == len(pages)):
                steps(done, len(pages))
    finally:
        if pool is not None:
            pool.shutdown()


def part_pages(site: Site, todo: Plan, old_keys: dict[str, str]) -> dict[str, list[str]]:
    """The pages of each street's part the plan renders again, by street (streets with none left out)."""
    by_street: dict[str, list[str]] = {}
    for page in site.pages:
        if page.street is not None and todo.renders(page, old_keys, site):
            by_street.setdefault(page.street, []).append(page.address)
    return by_street


def publish_part(
    outdir: Path,
    street: str,
    *,
    addresses: list[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[dict[str, str], dict[str, str], Report]:
    """Write one street's part (only `addresses` of its pages, if given: the others are the common
    part's to keep); its files and keys for the common part's manifest, and what it did."""
    make_dirs(outdir)
    forget()  # render from the database as it is now, never from pages this process served before
    site = Site()
    writer = Writer(outdir)
    wanted = set(addresses) if addresses is not None else None
    pages = [p for p in site.pages if p.street == street and (wanted is None or p.address in wanted)]
    total = len(pages) + 1

    def steps(done: int, _: int) -> None:
        if progress is not None:
            progress(done, total)

    _render_pages(writer, site, pages, steps)
    _pdfs(writer, site, 1, None, skip=lambda pk: site.notice_street.get(pk) != street)
    if progress is not None:
        progress(total, total)
    return writer.files, writer.keys, writer.report


def _kept(writer: Writer, todo: Plan) -> opendata.Kept:
    """The open data the last publish wrote that is still true: a notice's file always (a notice never
    changes), a result's files when no publication happened at its unit since."""

    def kept(address: str, record: Election | Notice) -> str | None:
        if isinstance(record, Election) and todo.touches(record.unit.path):
            return None
        relative = file_for(address)
        return writer.files[relative] if writer.carry(relative) else None

    return kept


def publish(
    outdir: Path,
    *,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    steps: Callable[[int, int], None] | None = None,
    parts: list[tuple[dict[str, str], dict[str, str]]] | None = None,
    state: dict[str, object] | None = None,
) -> Report:
    """Write the site into `outdir`: every page whose inputs changed since the last publish (all of them
    the first time, publishplan.py), the new PDFs, the open data. `jobs` > 1 renders new PDFs in that many
    processes (not inside a test's transaction: the workers would not see its data). `steps(done, total)`
    follows the pages. With `parts` (the files and keys of street parts written by `publish_part`), those
    are merged into the manifest as they are; the pages are rendered in `jobs` processes too. `state` (publishplan.publish_state, read before anything
    else) is recorded for the next publish."""
    state = publish_state() if state is None else state
    make_dirs(outdir)
    forget()  # render from the database as it is now, never from pages this process served before
    writer = Writer(outdir)
    site = Site()
    todo = plan(outdir, state, site)
    writer.report.plan = todo.reason
    if progress is not None:
        progress(f"since the last publish: {todo.reason}")
    adopted: set[str] = set()
    for files, keys in parts or []:
        writer.adopt(files, keys)
        adopted.update(files)
    pages: list[Page] = []
    for page in site.pages:
        relative = file_for(page.address)
        if relative in adopted:
            continue
        if todo.renders(page, writer.old_keys, site) or not writer.carry(relative):
            pages.append(page)
    _render_pages(writer, site, pages, steps, jobs)
    _pdfs(writer, site, jobs, progress, skip=lambda pk: site.pdf(pk) in adopted)
    for rnd in Round.objects.select_related("district"):
        for address, data in opendata.round_files(rnd, None if todo.full else _kept(writer, todo)).items():
            writer.put(file_for(address), data)
    address = reverse("bulletin:data_audit_anchors")
    writer.put(file_for(address), render(address))
    for asset in ASSETS:
        found = finders.find(asset)
        if isinstance(found, str):
            writer.put(f"static/{asset}", Path(found).read_bytes())
    report = writer.finish()
    write_state(outdir, state)  # after the manifest: a publish that dies before it plans as it would have
    return report
