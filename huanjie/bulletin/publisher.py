"""publish-static: the whole public site as files any web server or CDN can serve, written incrementally.

Every page is rendered through the same views as the dynamic site (so the two never differ) and written
only if its bytes changed since the last run; `.huanjie-publish.json` in the output directory records the
SHA-256 of each file. A notice's PDF, the one costly file, is not even rendered again while the notice
(immutable: its SHA-256 names it) and the PDF layout are unchanged. Files of the last run that the site
no longer has are removed.

The work splits by street (`Parts`): a street's part is its page, its units' pages and feeds and its
units' notices with their PDFs; the rest (home, districts, results, open data) is the common part. Each
part can be written by its own background job on any worker (huanjie/jobs/kinds.py); parts write disjoint
files, each atomically, and the common part merges their manifests last.

Addresses map to files as a web server maps them back: `/units/X/` → `units/X/index.html`, anything
with a file extension (`.pdf`, `.atom`, `.json`, `.csv`, `.css`) → that file.
"""

from __future__ import annotations

import functools
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


def make_dirs(path: Path) -> None:
    """Create `path` and its missing parents readable and searchable by everyone (0755), whatever the
    process's umask. A web server's worker runs as another user (nginx's `nobody`, `www-data`): under a
    umask of 077 `mkdir` makes directories it cannot enter, and nginx answers 404 for a page that is on
    disk (its try_files takes the stat's EACCES for a missing file) — what bench/portal.py met."""
    missing: list[Path] = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for directory in reversed(missing):
        try:
            directory.mkdir()
        except FileExistsError:
            continue  # made meanwhile by a part running beside this one
        directory.chmod(0o755)


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
        make_dirs(target.parent)
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

    def adopt(self, files: dict[str, str], keys: dict[str, str]) -> None:
        """Take over what a part (another Writer, maybe in another process) wrote."""
        self.files.update(files)
        self.keys.update(keys)

    def finish(self) -> Report:
        for relative in sorted(set(self.old_files) - set(self.files)):
            (self.outdir / relative).unlink(missing_ok=True)
            self.report.removed.append(relative)
        manifest = {"files": dict(sorted(self.files.items())), "keys": dict(sorted(self.keys.items()))}
        text = json.dumps(manifest, indent=0, sort_keys=True) + "\n"
        if not self.path.exists() or self.path.read_text() != text:
            # Whole or not at all: a publisher killed here leaves the previous manifest, and the next
            # run compares against it (and rewrites what differs).
            fd, tmp = tempfile.mkstemp(dir=self.outdir, prefix=".tmp-")
            with os.fdopen(fd, "w") as out:
                out.write(text)
            Path(tmp).chmod(0o644)
            Path(tmp).replace(self.path)
        return self.report


def _pdf(pk: int) -> bytes:
    """A PDF made in a worker process (which opens its own database connection), or the one a job or a
    request made before (bulletin/pdfstore.py)."""
    from huanjie.bulletin import pdfstore

    return pdfstore.notice_pdf(Notice.objects.select_related("unit").get(pk=pk))


def _pdfs(
    writer: Writer, jobs: int, progress: Callable[[str], None] | None, only: set[int] | None = None
) -> None:
    """Every notice's PDF (or those in `only`); only those whose notice or layout is new are rendered,
    in `jobs` processes."""
    layout = _pdf_layout_key()
    todo: dict[str, int] = {}
    for pk, sha256 in Notice.objects.order_by("pk").values_list("pk", "sha256"):
        if only is not None and pk not in only:
            continue
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


class Parts:
    """Which street's part each address and notice belongs to (None: the common part)."""

    def __init__(self) -> None:
        self.unit_street = dict(
            Division.objects.filter(level=Level.UNIT, parent__level=Level.STREET).values_list(
                "code", "parent__code"
            )
        )
        self.notice_street: dict[int, str] = {}
        for pk, code in Notice.objects.values_list("pk", "unit__code"):
            street = self.unit_street.get(code)
            if street is not None:
                self.notice_street[pk] = street

    def streets(self) -> list[str]:
        """The streets that have a part: those with a published page (in a district with a round)."""
        return sorted({s for a in page_addresses() if (s := self.street_of(a)) is not None})

    def street_of(self, address: str) -> str | None:
        match = resolve(address)
        name = (match.url_name or "").removesuffix("_en")
        if name == "street":
            return str(match.kwargs["code"])
        if name in ("unit", "unit_feed"):
            return self.unit_street.get(match.kwargs["code"])
        if name == "notice":
            return self.notice_street.get(match.kwargs["pk"])
        return None

    def notices_of(self, street: str | None) -> set[int]:
        return {
            pk for pk in Notice.objects.values_list("pk", flat=True) if self.notice_street.get(pk) == street
        }


def publish_part(
    outdir: Path, street: str, *, progress: Callable[[int, int], None] | None = None
) -> tuple[dict[str, str], dict[str, str], Report]:
    """Write one street's part; its files and keys for the common part's manifest, and what it did."""
    make_dirs(outdir)
    parts = Parts()
    writer = Writer(outdir)
    addresses = [a for a in page_addresses() if parts.street_of(a) == street]
    notices = parts.notices_of(street)
    total = len(addresses) + len(notices)
    for done, address in enumerate(addresses, 1):
        writer.put(file_for(address), render(address))
        if progress is not None:
            progress(done, total)
    _pdfs(writer, 1, None, only=notices)
    if progress is not None:
        progress(total, total)
    return writer.files, writer.keys, writer.report


STATE = ".huanjie-publish-state.json"


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
    fd, tmp = tempfile.mkstemp(dir=outdir, prefix=".tmp-")
    with os.fdopen(fd, "w") as out:
        json.dump(state, out, sort_keys=True)
    Path(tmp).replace(outdir / STATE)


def clean_streets(
    outdir: Path, streets: list[str], state: dict[str, object]
) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """The streets whose part may be kept as the last publish wrote it: nothing a public page shows has
    changed in them since (no publication event, bulletin/publications.py, at a place inside the street),
    on the same day, code and address, and every file of the part is still there. A publication anywhere
    else — the district, the round, a place above the streets, or none — makes every street's part be
    written again. A private write (a sign-in, an account, the office's own records) publishes nothing,
    so it keeps every street."""
    from huanjie.bulletin.publications import places_since

    try:
        old = json.loads((outdir / STATE).read_text())
        manifest = json.loads((outdir / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        return {}
    # A state written before publications were recorded has no edition: every street is written.
    if any(old.get(k) != state[k] for k in ("day", "code", "url")) or not isinstance(old.get("edition"), int):
        return {}
    paths = dict(Division.objects.filter(code__in=streets).values_list("code", "path"))
    dirty: set[str] = set()
    for path in places_since(old["edition"], int(str(state["edition"]))):
        hit = [code for code, street_path in paths.items() if path and path.startswith(street_path)]
        if not hit:
            return {}
        dirty.update(hit)
    split = Parts()
    files_of: dict[str, list[str]] = {street: [] for street in streets}
    for address in page_addresses():
        street = split.street_of(address)
        if street in files_of:
            files_of[street].append(file_for(address))
    for pk, street in split.notice_street.items():
        if street in files_of:
            files_of[street].append(file_for(reverse("bulletin:notice_pdf", args=[pk])))
    old_files: dict[str, str] = manifest.get("files", {})
    old_keys: dict[str, str] = manifest.get("keys", {})
    kept: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
    for street in streets:
        names = files_of[street]
        if street in dirty or not all(n in old_files and (outdir / n).exists() for n in names):
            continue
        kept[street] = ({n: old_files[n] for n in names}, {n: old_keys[n] for n in names if n in old_keys})
    return kept


def publish(
    outdir: Path,
    *,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
    steps: Callable[[int, int], None] | None = None,
    parts: list[tuple[dict[str, str], dict[str, str]]] | None = None,
) -> Report:
    """Write the site into `outdir`. `jobs` > 1 renders new PDFs in that many processes (not inside a
    test's transaction: the workers would not see its data). `steps(done, total)` follows the pages.
    With `parts` (the files and keys of every street's part, written by `publish_part`), only the common
    part is written here and the parts' files are merged into the manifest."""
    make_dirs(outdir)
    writer = Writer(outdir)
    only: set[int] | None = None
    addresses = list(page_addresses())
    if parts is not None:
        split = Parts()
        addresses = [a for a in addresses if split.street_of(a) is None]
        only = split.notices_of(None)
        for files, keys in parts:
            writer.adopt(files, keys)
    for done, address in enumerate(addresses, 1):
        writer.put(file_for(address), render(address))
        if steps is not None and (done % 20 == 0 or done == len(addresses)):
            steps(done, len(addresses))
    _pdfs(writer, jobs, progress, only=only)
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
