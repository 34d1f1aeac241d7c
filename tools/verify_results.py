#!/usr/bin/env python3
"""Check a copy of the bulletin's open data, offline, with the Python standard library only.

usage: python tools/verify_results.py SITE_DIR [ROUND_ID ...]

SITE_DIR is the output of `huanjie publish-static` or any copy of it (a mirror, a download). For each
round (every `data/rounds/*/index.json`, or the ones named), it checks:

  1. every file the index lists exists and has the SHA-256 the index gives;
  2. every result notice's SHA-256 is recomputed from its published fields (the canonical JSON that
     huanjie/elections/notices.py content_hash hashes) — unless the bulletin redacted an ID number from
     it, which the file says and this reports;
  3. results.json and results.csv say the same, and each result names the notice file whose hash it gives.

Tallies and elected persons are not published yet (issue 6): when they are, this tool recomputes every
outcome and total from them and the published profile. Exit status 0 if everything checks, 1 otherwise.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
from pathlib import Path


def content_hash(fields: dict[str, object]) -> str:
    keys = ("unit", "stage", "published_at", "version", "title_zh", "title_en", "body_zh", "body_en")
    payload = {k: fields[k] for k in (*keys, "issuer_zh", "issuer_en")}
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_round(site: Path, index_path: Path) -> list[str]:
    problems: list[str] = []
    index = json.loads(index_path.read_text(encoding="utf-8"))
    files: dict[str, str] = index["files"]
    for address, expected in sorted(files.items()):
        target = site / address.lstrip("/")
        if not target.is_file():
            problems.append(f"{address}: missing")
            continue
        actual = hashlib.sha256(target.read_bytes()).hexdigest()
        if actual != expected:
            problems.append(f"{address}: SHA-256 {actual} but the index says {expected}")
    results_address = next((a for a in files if a.endswith("/results.json")), None)
    csv_address = next((a for a in files if a.endswith("/results.csv")), None)
    if results_address is None or csv_address is None:
        return [*problems, f"{index_path}: the index lists no results.json or results.csv"]
    try:
        rows = json.loads((site / results_address.lstrip("/")).read_text(encoding="utf-8"))["results"]
        csv_rows = list(
            csv.DictReader(io.StringIO((site / csv_address.lstrip("/")).read_text(encoding="utf-8")))
        )
    except (OSError, ValueError, KeyError) as exc:
        return [*problems, f"{results_address}: unreadable ({exc})"]
    if len(rows) != len(csv_rows):
        problems.append(f"{csv_address}: {len(csv_rows)} rows, results.json has {len(rows)}")
    for row, line in zip(rows, csv_rows, strict=False):
        for key, value in line.items():
            if ("" if row.get(key) is None else str(row.get(key))) != value:
                problems.append(
                    f"{csv_address}: {row['unit_code']} {row['body']} {key} differs from results.json"
                )
    for row in rows:
        if row["notice"] is None:
            continue
        if row["notice"] not in files:
            problems.append(f"{results_address}: {row['notice']} is not in the index")
            continue
        try:
            notice = json.loads((site / row["notice"].lstrip("/")).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(f"{row['notice']}: unreadable ({exc})")
            continue
        if notice["sha256"] != row["sha256"]:
            problems.append(f"{row['notice']}: SHA-256 differs from results.json")
        if notice.get("redacted"):
            print(f"note: {row['notice']}: an ID number was removed; its hash cannot be recomputed here")
        elif content_hash(notice["hashed"]) != notice["sha256"]:
            problems.append(f"{row['notice']}: its content does not match its SHA-256")
    return problems


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    site = Path(argv[0])
    rounds = argv[1:]
    indexes = (
        [site / "data" / "rounds" / r / "index.json" for r in rounds]
        if rounds
        else sorted((site / "data" / "rounds").glob("*/index.json"))
    )
    if not indexes:
        print(f"{site}: no open data (data/rounds/*/index.json)", file=sys.stderr)
        return 1
    failed = False
    for index in indexes:
        if not index.is_file():
            print(f"{index}: missing", file=sys.stderr)
            failed = True
            continue
        problems = check_round(site, index)
        for problem in problems:
            print(problem, file=sys.stderr)
        status = "FAILED" if problems else "ok"
        print(f"{index.parent.name}: {status} ({len(json.loads(index.read_text())['files'])} files)")
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
