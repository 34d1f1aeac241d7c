"""The static site's files on disk: each written whole (a temporary name, then a rename), readable by a web
server running as another user, recorded with its SHA-256 in the manifest, and — for a text file above
`GZIP_MIN` bytes — beside a precompressed `X.gz` that nginx's `gzip_static on` serves instead of
compressing the page on every request (docs/bulletin.md).

The `.gz` is deterministic (gzip level 9, no name, mtime 0): the same page gives the same bytes, so an
unchanged page's `.gz` is never written again. It is an entry of the manifest of its own, written just
before its page and removed with it (a page that shrinks below the threshold loses its `.gz` at once, so
a stale one is never served in its place).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".huanjie-publish.json"
GZIP_SUFFIXES = (".html", ".json", ".csv", ".atom", ".css", ".svg", ".js")
GZIP_MIN = 1024


@dataclass
class Report:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    plan: str = ""  # what the publish found changed since the last (publishplan.Plan.reason)


def file_for(address: str) -> str:
    """The relative file path a web server serves for this address."""
    path = address.lstrip("/")
    if not path or path.endswith("/"):
        return f"{path}index.html"
    return path


def compresses(relative: str, data: bytes) -> bool:
    """Whether the file gets a precompressed sibling: text, and large enough to gain from it."""
    return relative.endswith(GZIP_SUFFIXES) and len(data) > GZIP_MIN


def gzipped(data: bytes) -> bytes:
    """The same bytes for the same data, whenever and wherever they are compressed."""
    return gzip.compress(data, compresslevel=9, mtime=0)


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


def write_whole(target: Path, data: bytes) -> None:
    """Replace `target` with `data` at once (readers see the old file or the new one, never half)."""
    make_dirs(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    Path(tmp).chmod(0o644)  # mkstemp makes it private; a web server's user must read it
    Path(tmp).replace(target)


class Addresses:
    """reverse() once per view and number of arguments, then the arguments put in: thousands of addresses in
    a few milliseconds, where reverse() costs about 0.1 ms each. Arguments that an address carries as they
    are (numbers, division codes, slugs) are put in; any other goes through reverse(). Each language has
    names of its own (`home_en`), so one instance serves both."""

    MARKS = ("987654321", "987654322", "987654323")
    # What goes into an address as it is, and into no converter's way.
    PLAIN = re.compile(r"[0-9A-Za-z_-]{1,64}")

    def __init__(self) -> None:
        # The address cut at its arguments: the text before each, and the rest after the last.
        self.patterns: dict[tuple[str, str, int], list[str]] = {}

    def __call__(self, name: str, *args: object) -> str:
        from django.urls import get_script_prefix, reverse

        if not args or len(args) > len(self.MARKS) or not all(self.PLAIN.fullmatch(str(a)) for a in args):
            # Anything else (None, a text to quote, …) as reverse() takes it: a quoted address or its error.
            return reverse(f"bulletin:{name}", args=args)
        key = (get_script_prefix(), name, len(args))  # a site served under a path has it in every address
        pieces = self.patterns.get(key)
        if pieces is None:
            rest, pieces = reverse(f"bulletin:{name}", args=self.MARKS[: len(args)]), []
            for mark in self.MARKS[: len(args)]:  # cut once, so that no argument is searched for a mark
                before, rest = rest.split(mark, 1)
                pieces.append(before)
            pieces.append(rest)
            self.patterns[key] = pieces
        return "".join(piece + str(arg) for piece, arg in zip(pieces, args, strict=False)) + pieces[-1]


class Writer:
    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.root = str(outdir)
        self.path = outdir / MANIFEST
        old = json.loads(self.path.read_text()) if self.path.exists() else {}
        self.old_files: dict[str, str] = old.get("files", {})
        self.old_keys: dict[str, str] = old.get("keys", {})
        self.files: dict[str, str] = {}
        self.keys: dict[str, str] = {}
        self.report = Report()

    def _there(self, relative: str) -> int | None:
        """The file's size if it is on disk. A publish asks for every file of the site (10,000 for a
        district), so as a string and one stat, not a Path."""
        try:
            return os.stat(os.path.join(self.root, relative)).st_size  # noqa: PTH116, PTH118  (half a Path's cost)
        except FileNotFoundError:
            return None

    def _unchanged(self, relative: str, digest: str) -> bool:
        return self.old_files.get(relative) == digest and self._there(relative) is not None

    def put(self, relative: str, data: bytes, key: str | None = None) -> None:
        if key is not None:
            self.keys[relative] = key
        digest = hashlib.sha256(data).hexdigest()
        same = self._unchanged(relative, digest)
        packed_name = f"{relative}.gz"
        if compresses(relative, data):
            old_packed = self.old_files.get(packed_name)
            if same and old_packed is not None and self._there(packed_name) is not None:
                self.files[packed_name] = old_packed
                self.report.unchanged += 1
            else:
                packed = gzipped(data)
                self.files[packed_name] = hashlib.sha256(packed).hexdigest()
                write_whole(self.outdir / packed_name, packed)
                self.report.written.append(packed_name)
        elif packed_name in self.old_files:
            # Shrunk below the threshold: its old `.gz` would be served in its place.
            (self.outdir / packed_name).unlink(missing_ok=True)
        self.files[relative] = digest
        if same:
            self.report.unchanged += 1
            return
        write_whole(self.outdir / relative, data)
        self.report.written.append(relative)

    def carry(self, relative: str) -> bool:
        """Keep the file (and its `.gz`) as the last run wrote it, unread, if it is still there."""
        digest = self.old_files.get(relative)
        if digest is None:
            return False
        size = self._there(relative)
        if size is None:
            return False
        packed_name = f"{relative}.gz"
        packed = self.old_files.get(packed_name)
        if relative.endswith(GZIP_SUFFIXES) and size > GZIP_MIN:
            if packed is None or self._there(packed_name) is None:
                return False  # (a site published before the .gz files were)
            self.files[packed_name] = packed
            self.report.unchanged += 1
        self.files[relative] = digest
        if relative in self.old_keys:
            self.keys[relative] = self.old_keys[relative]
        self.report.unchanged += 1
        return True

    def keep(self, relative: str, key: str) -> bool:
        """Whether the file is there from a run with the same key (then it is kept as it is)."""
        self.keys[relative] = key
        return self.old_keys.get(relative) == key and self.carry(relative)

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
            write_whole(self.path, text.encode())
        return self.report
