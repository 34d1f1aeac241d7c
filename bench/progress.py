"""Progress at scale (issue: the round): how fast the district, street and roll-up views answer.

Makes its own synthetic data in a PostgreSQL database of its own (default huanjie_bench on
127.0.0.1:5432; BENCH_DATABASE_URL overrides), with the project's models and the COPY protocol, then
times, on a warm cache (median of 5):
  - the district progress page and a street's matrix (Django test client, the whole page);
  - the province roll-up: every stage in the province counted by street and family, folded per district;
  - with --country, the same roll-up over 620,000 units.
Targets from the issue, on this 2-core machine: pages <= 300 ms, province <= 1 s, country <= 3 s.

usage: uv run python bench/progress.py [--units 20000] [--country] [--keep]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/huanjie_bench")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ.setdefault("HUANJIE_VAR", "/tmp/huanjie-bench")

import psycopg  # noqa: E402


def ensure_database() -> None:
    parts = urlsplit(URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


ensure_database()
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from huanjie.accounts.models import User  # noqa: E402
from huanjie.elections.models import Election, ElectionStage, Round  # noqa: E402
from huanjie.elections.progress import rollup  # noqa: E402
from huanjie.elections.snapshot import refresh  # noqa: E402
from huanjie.elections.snapshot import rollup as snapshot_rollup  # noqa: E402
from huanjie.elections.stages import FAMILY_OF  # noqa: E402
from huanjie.rules.calendar import COMMITTEE_STAGES  # noqa: E402
from huanjie.units.models import Division  # noqa: E402

UNITS_PER_STREET = 20
STREETS_PER_DISTRICT = 10
STAGES = [
    *[s.value for s in COMMITTEE_STAGES][:16],
    "party_request",
    "party_candidates",
    "party_assembly",
    "party_result_approval",
]


def _copy(table: str, columns: list[str], rows: Callable[[], object]) -> None:
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows():  # type: ignore[attr-defined]
                copy.write_row(row)


def build(units: int, province_code: str) -> Round:
    """A province with `units` units: districts of 200 units, each with its own round of 20-stage elections."""
    started = time.monotonic()
    today = dt.date.today()
    districts = max(1, units // (UNITS_PER_STREET * STREETS_PER_DISTRICT))
    province = Division.objects.create(
        code=province_code, name="合成省", level="province", path=f"{province_code}/"
    )
    pp = province_code[:2]
    city = Division.objects.create(
        code=f"{pp}0100000000",
        name="合成市",
        level="city",
        parent=province,
        path=f"{province.path}{pp}0100000000/",
    )
    next_id = (Division.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    rows: list[tuple[object, ...]] = []
    plan: list[tuple[int, int, int]] = []  # (district id, street id, unit id)
    for d in range(districts):
        dcode = f"{pp}{1 + d // 99:02d}{d % 99 + 1:02d}000000"
        dpath = f"{city.path}{dcode}/"
        did = next_id
        next_id += 1
        rows.append((did, dcode, f"区{d}", "district", "", city.pk, dpath))
        for s in range(STREETS_PER_DISTRICT):
            scode = f"{dcode[:6]}{s + 1:03d}000"
            sid = next_id
            next_id += 1
            rows.append((sid, scode, f"街道{d}-{s}", "street", "", did, f"{dpath}{scode}/"))
            for u in range(UNITS_PER_STREET):
                ucode = f"{scode[:9]}{u + 1:03d}"
                uid = next_id
                next_id += 1
                rows.append(
                    (uid, ucode, f"村{d}-{s}-{u}", "unit", "village", sid, f"{dpath}{scode}/{ucode}/")
                )
                plan.append((did, sid, uid))
    _copy(
        "units_division",
        ["id", "code", "name", "level", "kind", "parent_id", "path", "name_en", "profile", "agricultural"],
        lambda: ((*r, "", "", False) for r in rows),
    )
    with connection.cursor() as c:
        c.execute(
            "SELECT setval(pg_get_serial_sequence('units_division', 'id'), (SELECT max(id) FROM units_division))"
        )
    body_start = (
        connection.cursor().execute("SELECT coalesce(max(id), 0) FROM units_body").fetchone() or [0]
    )[0] + 1
    _copy(
        "units_body",
        ["id", "unit_id", "kind", "name"],
        lambda: (
            (body_start + i, uid, "villagers_committee", f"村{i}") for i, (_d, _s, uid) in enumerate(plan)
        ),
    )
    rounds = {
        did: Round.objects.create(
            name=f"bench {did}",
            district_id=did,
            profile="gansu",
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=90),
            bodies=["villagers_committee"],
        )
        for did in sorted({p[0] for p in plan})
    }
    e_start = (
        connection.cursor().execute("SELECT coalesce(max(id), 0) FROM elections_election").fetchone() or [0]
    )[0] + 1
    _copy(
        "elections_election",
        ["id", "round_id", "body_id", "unit_id", "street_id", "kind", "election_day"],
        lambda: (
            (
                e_start + i,
                rounds[did].pk,
                body_start + i,
                uid,
                sid,
                "villagers_committee",
                today + dt.timedelta(days=10 + i % 60),
            )
            for i, (did, sid, uid) in enumerate(plan)
        ),
    )

    def stage_rows() -> object:
        for i in range(len(plan)):
            day = today + dt.timedelta(days=10 + i % 60)
            for seq, key in enumerate(STAGES):
                due = day - dt.timedelta(days=40 - 2 * seq)
                done = due <= today and (i + seq) % 7 != 0
                completed = due - dt.timedelta(days=(i + seq) % 3 - 1) if done else None
                yield (
                    e_start + i,
                    key,
                    FAMILY_OF[key],
                    seq,
                    due,
                    "done" if done else "pending",
                    completed,
                    "",
                    "",
                    "",
                    "",
                    False,
                    "",
                    None,
                )

    _copy(
        "elections_electionstage",
        [
            "election_id",
            "key",
            "family",
            "seq",
            "due",
            "status",
            "completed_on",
            "rule_text_zh",
            "rule_text_en",
            "article",
            "notes",
            "publishes_notice",
            "override",
            "opens",
        ],
        stage_rows,
    )
    with connection.cursor() as c:
        c.execute("ANALYZE")
    print(
        f"  built {len(plan):,} units, {len(plan) * len(STAGES):,} stages in {time.monotonic() - started:.1f} s"
    )
    return next(iter(rounds.values()))


def median_ms(fn: Callable[[], object], runs: int = 5) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def province_rollup(province: Division) -> dict[int, dict[str, object]]:
    """Every stage under the province, counted per street and family, folded into districts."""
    today = dt.date.today()
    by_street = rollup(
        ElectionStage.objects.filter(election__unit__path__startswith=province.path),
        "election__street",
        today,
    )
    district_of = dict(Division.objects.filter(pk__in=by_street.keys()).values_list("pk", "parent_id"))
    out: dict[int, dict[str, object]] = {}
    for street, families in by_street.items():
        out.setdefault(district_of[street] or 0, {}).update(families)
    return out


def report(label: str, ms: float, target: float) -> None:
    verdict = "ok" if ms <= target else "OVER"
    print(f"  {label:<46} {ms:8.1f} ms   target {target:6.0f} ms   ratio {ms / target:5.2f}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=20000)
    parser.add_argument("--country", action="store_true", help="also 620,000 units (about 12 million stages)")
    parser.add_argument("--keep", action="store_true", help="keep the data (default: flush it first)")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not args.keep:
        call_command("flush", "--no-input", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()
    print(f"PostgreSQL {version[0] if version else '?'}; {os.cpu_count()} cores")
    rnd = build(args.units, "630000000000")
    admin = User.objects.create(username="bench", role="district_admin", scope=rnd.district)
    client = Client()
    client.force_login(admin)
    street = Election.objects.filter(round=rnd).values_list("street__code", flat=True).first()
    report(
        "district page (whole page, 200 units)",
        median_ms(lambda: client.get(f"/office/rounds/{rnd.pk}/")),
        300,
    )
    report(
        "street matrix (whole page, 20 units)",
        median_ms(lambda: client.get(f"/office/rounds/{rnd.pk}/streets/{street}/")),
        300,
    )
    province = Division.objects.get(code="630000000000")
    report(
        f"province roll-up, live ({args.units:,} units)", median_ms(lambda: province_rollup(province)), 1000
    )
    today = dt.date.today()
    started = time.perf_counter()
    rows = refresh(today)
    print(
        f"  daily snapshot (huanjie refresh-progress): {rows:,} rows in {time.perf_counter() - started:.1f} s"
    )
    report(
        f"province roll-up, snapshot ({args.units:,} units)",
        median_ms(lambda: snapshot_rollup(province, today)),
        1000,
    )
    if args.country:
        build(620_000 - args.units, "640000000000")
        country = Division.objects.get(code="640000000000")
        report(
            "country roll-up, live (620,000 units)",
            median_ms(lambda: (province_rollup(country), province_rollup(province)), runs=1),
            3000,
        )
        started = time.perf_counter()
        rows = refresh(today)
        print(
            f"  daily snapshot (huanjie refresh-progress): {rows:,} rows in {time.perf_counter() - started:.1f} s"
        )
        china = Division.objects.create(code="000000000000", name="全国", level="province", path="")
        report(
            "country roll-up, snapshot (620,000 units)",
            median_ms(lambda: snapshot_rollup(china, today)),
            3000,
        )


if __name__ == "__main__":
    main()
