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


def test_each_text_file_above_a_kilobyte_has_its_gzip_beside_it_and_loses_it_with_it(tmp_path: Path) -> None:
    """For nginx's gzip_static: X.gz decompresses to X's exact bytes, the same bytes every run, listed in
    the manifest and removed with X (or as soon as X is too small to have one)."""
    import gzip
    import json

    site = tmp_path / "site"
    page = "<html>" + "公告 notice " * 400 + "</html>"
    writer = Writer(site)
    writer.put("notices/7/index.html", page.encode())
    writer.put("notices/8/index.html", page.encode())
    writer.put("notices/7.pdf", b"%PDF-" + b"x" * 4000)  # not text: no .gz
    writer.put("small.json", b"{}")  # too small to gain
    writer.finish()
    packed = (site / "notices/7/index.html.gz").read_bytes()
    assert gzip.decompress(packed) == page.encode()
    assert packed[4:8] == b"\0\0\0\0"  # no time in it: the same bytes whenever it is made
    assert not (site / "notices/7.pdf.gz").exists() and not (site / "small.json.gz").exists()
    files = json.loads((site / MANIFEST).read_text())["files"]
    assert "notices/7/index.html.gz" in files and "small.json.gz" not in files
    assert stat.S_IMODE((site / "notices/7/index.html.gz").stat().st_mode) == 0o644

    # The next run: page 7 unchanged (its .gz not written again), page 8 gone, small.json grown.
    stamp = (site / "notices/7/index.html.gz").stat().st_mtime_ns
    writer = Writer(site)
    writer.put("notices/7/index.html", page.encode())
    writer.put("notices/7.pdf", b"%PDF-" + b"x" * 4000)
    writer.put("small.json", json.dumps(list(range(1000))).encode())
    report = writer.finish()
    assert (site / "notices/7/index.html.gz").stat().st_mtime_ns == stamp
    assert not (site / "notices/8/index.html").exists() and not (site / "notices/8/index.html.gz").exists()
    assert {"notices/8/index.html", "notices/8/index.html.gz"} <= set(report.removed)
    assert gzip.decompress((site / "small.json.gz").read_bytes()) == (site / "small.json").read_bytes()

    # Shrunk below the threshold: its .gz goes at once (nginx would serve the old one in its place).
    writer = Writer(site)
    writer.put("notices/7/index.html", b"<html>short</html>")
    assert not (site / "notices/7/index.html.gz").exists()
    writer.finish()
    assert "notices/7/index.html.gz" not in json.loads((site / MANIFEST).read_text())["files"]
