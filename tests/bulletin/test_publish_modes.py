"""The static site is readable by a web server running as another user whatever the publisher's umask:
under umask 077 directories used to be made 0700, and nginx (its workers run as `nobody`) answered 404
for pages on disk (bench/portal.py, issue 19)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from huanjie.bulletin.publisher import MANIFEST, Writer, make_dirs


def test_pages_and_their_directories_are_world_readable_under_a_private_umask(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        site = tmp_path / "site"
        make_dirs(site)
        writer = Writer(site)
        writer.put("notices/1569/index.html", b"<html>a notice</html>")
        writer.finish()
    finally:
        os.umask(old)
    for path in (site, site / "notices", site / "notices" / "1569"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o755, path
    for path in (site / "notices" / "1569" / "index.html", site / MANIFEST):
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path


def test_make_dirs_leaves_existing_directories_alone(tmp_path: Path) -> None:
    own = tmp_path / "own"
    own.mkdir(mode=0o700)
    make_dirs(own / "a" / "b")
    assert stat.S_IMODE(own.stat().st_mode) == 0o700  # not ours to change
    assert stat.S_IMODE((own / "a").stat().st_mode) == 0o755
