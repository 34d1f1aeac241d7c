"""publish-static: the whole public site as files any web server or CDN can serve, written incrementally.

Every page is rendered through the same views as the dynamic site (so the two never differ) and written
only if its bytes changed since the last run; `.huanjie-publish.json` in the output directory records the
SHA-256 of each file. A notice's PDF, the one costly file, is not even rendered again while the notice
(immutable: its SHA-256 names it) and the PDF layout are unchanged. Files of the last run that the site
no longer has are removed.

Addresses map to files as a web server maps them back: `/units/X/` → `units/X/index.html`, anything
with a file extension (`.pdf`, `.atom`, `.json`, `.csv`, `.css`) → that file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from django.contrib.staticfiles import finders
from django.db import connections
from django.test import RequestFactory
from django.urls import resolve, reverse
from django.utils import translation

from huanjie.bulletin import conf, opendata
from huanjie.bulletin.views.paper import notice_pdf_bytes
from huanjie.elections.models import Notice, Round
from huanjie.units.models import Division, Level

MANIFEST = ".huanjie-publish.json"
ASSETS = ("bulletin/bulletin.css", "office/favicon.svg")
LANGUAGES = (("", "zh-hans"), ("_en", "en"))


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def file_for(address: str) -> str:
    """The relative file path a web server serves for this address."""
    path = address.lstrip("/")
    if not path or path.endswith("/"):
        return f"{path}index.html"
    return path


def _pdf_layout_key() -> str:
    """Changes when the PDF's template, its renderer or the bulletin's address (in the QR code) does, so
    that a new layout re-renders every PDF."""
    package = Path(__file__).resolve().parent.parent
    source = (package / "templates" / "bulletin" / "notice_pdf.html").read_bytes()
    renderer = (package / "core" / "pdf.py").read_bytes()
    return hashlib.sha256(source + renderer + conf.base_url().encode()).hexdigest()


def page_addresses() -> Iterator[str]:
    """Every HTML page and feed of the site, in both languages."""
    districts = list(Division.objects.filter(level=Level.DISTRICT, rounds__isnull=False).distinct())
    streets = list(Division.objects.filter(level=Level.STREET, parent__in=districts))
    units = list(Division.objects.filter(level=Level.UNIT, parent__in=streets))
    rounds = list(Round.objects.filter(district__in=districts))
    notice_ids = list(Notice.objects.values_list("pk", flat=True))
    for suffix, lang in LANGUAGES:
        with translation.override(lang):
            yield reverse(f"bulletin:home{suffix}")
            yield reverse(f"bulletin:search{suffix}")
            yield reverse(f"bulletin:verify{suffix}")
            for d in districts:
                yield reverse(f"bulletin:district{suffix}", args=[d.code])
                yield reverse(f"bulletin:district_feed{suffix}", args=[d.code])
            for s in streets:
                yield reverse(f"bulletin:street{suffix}", args=[s.code])
            for u in units:
                yield reverse(f"bulletin:unit{suffix}", args=[u.code])
                yield reverse(f"bulletin:unit_feed{suffix}", args=[u.code])
            for r in rounds:
                yield reverse(f"bulletin:results{suffix}", args=[r.pk])
            for pk in notice_ids:
                yield reverse(f"bulletin:notice{suffix}", args=[pk])


def render(address: str) -> bytes:
    """The bytes the dynamic site serves at this address."""
    factory = RequestFactory()
    request = factory.get(address)
    match = resolve(address)
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise RuntimeError(f"{address} answered {response.status_code}")
    return bytes(response.content)


class Writer:
    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.path = outdir / MANIFEST
        old = json.loads(self.path.read_text()) if self.path.exists() else {}
        self.old_files: dict[str, str] = old.get("files", {})
        self.old_keys: dict[str, str] = old.get("keys", {})
        self.files: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        self.report = Report()

    def put(self, relative: str, data: bytes) -> None:
        digest = hashlib.sha256(data).hexdigest()
        self.files[relative] = digest
        target = self.outdir / relative
        if self.old_files.get(relative) == digest and target.exists():
            self.report.unchanged += 1
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        Path(tmp).chmod(0o644)  # mkstemp makes it private; a web server's user must read it
        Path(tmp).replace(target)
        self.report.written.append(relative)

    def keep(self, relative: str, key: str) -> bool:
        """Whether the file is there from a run with the same key (then it is kept as it is)."""
        self.keys[relative] = key
        target = self.outdir / relative
        if self.old_keys.get(relative) == key and relative in self.old_files and target.exists():
            self.files[relative] = self.old_files[relative]
            self.report.unchanged += 1
            return True
        return False

    def finish(self) -> Report:
        for relative in sorted(set(self.old_files) - set(self.files)):
            (self.outdir / relative).unlink(missing_ok=True)
            self.report.removed.append(relative)
        manifest = {"files": dict(sorted(self.files.items())), "keys": dict(sorted(self.keys.items()))}
        text = json.dumps(manifest, indent=0, sort_keys=True) + "\n"
        if not self.path.exists() or self.path.read_text() != text:
            self.path.write_text(text)
        return self.report


def _pdf(pk: int) -> bytes:
    """A PDF made in a worker process (which opens its own database connection)."""
    return notice_pdf_bytes(Notice.objects.select_related("unit").get(pk=pk))


def _pdfs(writer: Writer, jobs: int, progress: Callable[[str], None] | None) -> None:
    """Every notice's PDF; only those whose notice or layout is new are rendered, in `jobs` processes."""
    layout = _pdf_layout_key()
    todo: dict[str, int] = {}
    for pk, sha256 in Notice.objects.order_by("pk").values_list("pk", "sha256"):
        relative = file_for(reverse("bulletin:notice_pdf", args=[pk]))
        key = hashlib.sha256(f"{layout}:{sha256}".encode()).hexdigest()
        if not writer.keep(relative, key):
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


def publish(outdir: Path, *, jobs: int = 1, progress: Callable[[str], None] | None = None) -> Report:
    """Write the site into `outdir`. `jobs` > 1 renders new PDFs in that many processes (not inside a
    test's transaction: the workers would not see its data)."""
    outdir.mkdir(parents=True, exist_ok=True)
    writer = Writer(outdir)
    for address in page_addresses():
        writer.put(file_for(address), render(address))
    _pdfs(writer, jobs, progress)
    for rnd in Round.objects.select_related("district"):
        for address, data in opendata.round_files(rnd).items():
            writer.put(file_for(address), data)
    address = reverse("bulletin:data_audit_anchors")
    writer.put(file_for(address), render(address))
    for asset in ASSETS:
        found = finders.find(asset)
        if isinstance(found, str):
            writer.put(f"static/{asset}", Path(found).read_bytes())
    return writer.finish()
