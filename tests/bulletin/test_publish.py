"""publish-static writes the whole public site as files, and a second run writes nothing new."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

from django.core.management import call_command

from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice


def publish(outdir: Path) -> str:
    out = StringIO()
    call_command("publish-static", str(outdir), "--jobs=1", stdout=out)
    return out.getvalue()


def test_it_writes_the_site_and_a_second_run_writes_nothing(
    results: dict[str, Notice], tmp_path: Path, client: Any
) -> None:
    site = tmp_path / "site"
    first = publish(site)
    n = results["shigou"]
    for relative in (
        "index.html",
        "en/index.html",
        "units/620102023201/index.html",
        "streets/620102023000/index.html",
        "districts/620102000000/index.html",
        "districts/620102000000/feed.atom",
        "units/620102023201/feed.atom",
        f"notices/{n.pk}/index.html",
        f"en/notices/{n.pk}/index.html",
        f"notices/{n.pk}.pdf",
        f"rounds/{n.round_id}/results/index.html",
        f"data/rounds/{n.round_id}/index.json",
        "static/bulletin/bulletin.css",
    ):
        assert (site / relative).is_file(), relative
    assert (site / f"notices/{n.pk}/index.html").read_bytes() == client.get(f"/notices/{n.pk}/").content
    assert (site / f"notices/{n.pk}.pdf").read_bytes().startswith(b"%PDF")
    assert Notice.objects.count() == sum(1 for _ in site.glob("notices/*.pdf"))
    assert (
        first.startswith(f"{len(list(site.rglob('*'))) - len(list(site.rglob('*/'))) - 1}")
        or "written" in first
    )

    stamp = {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}
    second = publish(site)
    assert second.startswith("0 written,"), second
    assert stamp == {p: p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_it_writes_only_what_a_new_notice_changes(
    results: dict[str, Notice], tmp_path: Path, admin: Any
) -> None:
    site = tmp_path / "site"
    publish(site)
    pdfs = {p: p.stat().st_mtime_ns for p in site.glob("notices/*.pdf")}
    new = do_correct_notice(results["shigou"], body_zh="更正。", body_en="Corrected.", actor=admin)
    report = publish(site)
    written = int(report.split()[0])
    assert 0 < written < len(stamped := [p for p in site.rglob("*") if p.is_file()]), (report, len(stamped))
    assert (site / f"notices/{new.pk}.pdf").is_file()
    assert all(p.stat().st_mtime_ns == t for p, t in pdfs.items())  # old PDFs not rendered again


def test_its_open_data_checks_with_the_offline_verifier(results: dict[str, Notice], tmp_path: Path) -> None:
    site = tmp_path / "site"
    publish(site)
    tool = Path(__file__).resolve().parents[2] / "tools" / "verify_results.py"
    ok = subprocess.run([sys.executable, tool, str(site)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ": ok (" in ok.stdout
    notice_json = site / f"data/notices/{results['shigou'].pk}.json"
    notice_json.write_text(notice_json.read_text().replace("选举结果", "选举结杲"))
    tampered = subprocess.run([sys.executable, tool, str(site)], capture_output=True, text=True)
    assert tampered.returncode == 1
    assert f"data/notices/{results['shigou'].pk}.json: SHA-256" in tampered.stderr
