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

    def _unchanged(self, relative: str, digest: str) -> bool:
        return self.old_files.get(relative) == digest and (self.outdir / relative).exists()

    def put(self, relative: str, data: bytes, key: str | None = None) -> None:
        if key is not None:
            self.keys[relative] = key
        digest = hashlib.sha256(data).hexdigest()
        same = self._unchanged(relative, digest)
        packed_name = f"{relative}.gz"
        if compresses(relative, data):
            old_packed = self.old_files.get(packed_name)
            if same and old_packed is not None and (self.outdir / packed_name).exists():
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
        try:
            size = (self.outdir / relative).stat().st_size
        except FileNotFoundError:
            return False
        packed_name = f"{relative}.gz"
        packed = self.old_files.get(packed_name)
        if relative.endswith(GZIP_SUFFIXES) and size > GZIP_MIN:
            if packed is None or not (self.outdir / packed_name).exists():
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
