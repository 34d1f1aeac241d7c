"""Long papers made once per content and kept on disk, so that asking again costs a file read.

The key is a hash of everything the paper shows plus the source of the code that draws it: a change
of the roll (or of the drawing code) gives a new key, an unchanged roll the same file. There is no job
queue yet, so the first request for a new version still makes the paper itself (bench/papers.py: about
a second for 3,000 voters on an idle machine); each later one is read back. Files are written
atomically (a temporary name, then a rename), so two requests making the same paper at once both
succeed. The oldest files go once a kind holds more than `KEEP`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings

KEEP = 200  # files per kind: a district's units' current lists and cards, with room for changes


def _root() -> Path:
    return Path(settings.VAR_DIR) / "papers"


def content_key(parts: Iterable[object], *, code: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in code:
        digest.update(path.read_bytes())
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


def cached(kind: str, key: str, make: Callable[[], bytes]) -> bytes:
    """The paper of this kind and key: read from disk, or made, stored and returned."""
    folder = _root() / kind
    path = folder / f"{key}.pdf"
    try:
        return path.read_bytes()
    except FileNotFoundError:
        pass
    data = make()
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".part")
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    Path(tmp).replace(path)
    _prune(folder)
    return data


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime)
    for old in files[: max(0, len(files) - KEEP)]:
        old.unlink(missing_ok=True)
