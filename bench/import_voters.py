"""Voter import at scale (issue 5): rows per second, peak memory, and the ratios against Django's
`bulk_create` and django-import-export, all measured in the same run on data the bench makes itself.

A database of its own: PostgreSQL `huanjie_bench_voters` on 127.0.0.1:5432 (BENCH_DATABASE_URL overrides),
or with --sqlite a SQLite file under /tmp. It makes a district of `--units` villages with their
committee elections (election day fixed), a CSV of `--rows` residents with valid ID numbers spread over
them, then times:
  - `huanjie import-voters FILE --round R` in a child process (every check; peak RSS of that process),
    and the same file once more (the units now have residents: the staging way, nothing changes);
  - Django `bulk_create` of the same rows (Resident + Voter, with the same encryption, no checks) on a
    sample of `--sample` rows, as rows per second;
  - django-import-export importing a sample of the same file into Resident (its Resource, no checks);
  - parsing a 200,000-row XLSX (`--xlsx-rows`);
  - a village's 2,000-row upload through the action the web office calls.
Targets on this 2-core machine (PostgreSQL): 1,000,000 rows <= 15 s, peak <= 2 GB, >= 10x bulk_create,
>= 30x django-import-export; XLSX 200,000 rows <= 3 s; SQLite 1,000,000 rows <= 60 s; 2,000 rows <= 1 s.

usage: uv run python bench/import_voters.py [--rows 1000000] [--units 500] [--sqlite] [--sample 50000]
       [--crypto-suite aes|sm] [--only-import] [--compare-suites]

--crypto-suite runs everything under that CRYPTO_SUITE (sm: SM4-GCM and HMAC-SM3, docs/security.md);
The import command runs with --profile: the bench prints Python and Django's start-up, the server's
steps after the last slice (COPY, each index, the keys after the commit) and the exit beside the ratio.
--only-import times the first import alone; --compare-suites runs the import once per suite, each in a
fresh database, and prints the ratio.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from huanjie.core.actions import SYSTEM

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=1_000_000)
parser.add_argument("--units", type=int, default=500)
parser.add_argument("--sample", type=int, default=50_000, help="rows for the bulk_create baseline")
parser.add_argument(
    "--iie-sample", type=int, default=5_000, help="rows for the django-import-export baseline"
)
parser.add_argument("--xlsx-rows", type=int, default=200_000)
parser.add_argument("--sqlite", action="store_true")
parser.add_argument("--crypto-suite", choices=("aes", "sm"), default="aes")
parser.add_argument("--only-import", action="store_true", help="time the first import only")
parser.add_argument("--compare-suites", action="store_true", help="the import under aes, then sm: the ratio")
ARGS = parser.parse_args()


def compare_suites() -> None:
    """Each suite in a process and a database of its own (the audit chain is keyed by the suite too)."""
    rates = {}
    for suite in ("aes", "sm"):
        argv = [sys.executable, __file__, "--rows", str(ARGS.rows), "--units", str(ARGS.units)]
        argv += ["--crypto-suite", suite, "--only-import"] + (["--sqlite"] if ARGS.sqlite else [])
        out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
        print(out, end="")
        line = next(x for x in out.splitlines() if x.startswith("huanjie import-voters:"))
        rates[suite] = float(line.split("=")[1].split("rows/s")[0].replace(",", ""))
    print(f"SM4-GCM + HMAC-SM3 against AES-SIV + AES-CMAC: {rates['sm'] / rates['aes']:.2f}x the rows/s")


if ARGS.compare_suites:
    compare_suites()
    sys.exit(0)
os.environ["CRYPTO_SUITE"] = ARGS.crypto_suite

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/huanjie_bench_voters")
# BENCH_TMP: the directory of the bench's files (a shared machine: each engineer's run its own).
TMP = Path(os.environ.get("BENCH_TMP", "/tmp/huanjie-bench-voters"))
URL = f"sqlite:///{TMP}/bench.sqlite3" if ARGS.sqlite else PG_URL
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ["HUANJIE_VAR"] = str(TMP)
os.environ["HUANJIE_TODAY"] = ""
TMP.mkdir(exist_ok=True)


def fresh_database() -> None:
    if ARGS.sqlite:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{TMP}/bench.sqlite3{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    parts = urlsplit(URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


fresh_database()
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from huanjie.core.uploads import Limits  # noqa: E402
from huanjie.demo.people import make_id_number  # noqa: E402
from huanjie.elections.actions import do_open_round, do_set_election_days  # noqa: E402
from huanjie.elections.models import Election, Round  # noqa: E402
from huanjie.units.actions import do_import_divisions  # noqa: E402
from huanjie.units.models import Division  # noqa: E402
from huanjie.voters import idcrypto  # noqa: E402
from huanjie.voters.actions import do_import_voters  # noqa: E402
from huanjie.voters.importing import open_table  # noqa: E402
from huanjie.voters.models import Resident, Voter  # noqa: E402

HEADER = ["身份证号", "姓名", "村(社区)代码", "村民小组", "户号", "户籍在本村", "居住在本村", "居住起始日期"]


def district(units: int) -> Round:
    call_command("migrate", "--no-input", verbosity=0)
    lines = [
        "区划代码,名称,英文名称,层级,上级代码,类型,涉农,选举办法",
        "620000000000,甘肃省,Gansu,省,,,,gansu",
        "620100000000,兰州市,Lanzhou,市,620000000000,,,",
        "620102000000,城关区,Chengguan,区,620100000000,,,",
    ]
    streets = -(-units // 50)
    for s in range(streets):
        street = f"620102{s + 1:03d}000"
        lines.append(f"{street},街道{s + 1},Street {s + 1},街道,620102000000,,是,")
        for u in range(min(50, units - s * 50)):
            lines.append(f"{street[:9]}{u + 201:03d},村{s + 1}-{u + 1},V{s + 1}-{u + 1},村,{street},村,,")
    do_import_divisions("bench.csv", "\n".join(lines).encode(), actor=SYSTEM)
    today = dt.date.today()
    rnd = do_open_round(
        district=Division.objects.get(code="620102000000"),
        name="bench",
        profile="gansu",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
        bodies=["villagers_committee"],
        actor=SYSTEM,
    )
    day = today + dt.timedelta(days=40)
    do_set_election_days(
        dict.fromkeys(Election.objects.filter(round=rnd).select_related("round", "body"), day), actor=SYSTEM
    )
    return rnd


def make_rows(n: int, codes: list[str], offset: int = 0) -> list[list[str]]:
    """`n` distinct persons: ages 10-90 (a tenth under 18 on the day), most category 1."""
    base = dt.date.today()
    rows = []
    for i in range(offset, offset + n):
        born = base - dt.timedelta(days=3650 + (i * 7919) % 29000)
        # 7919 and 29,000 days, 499 serials: (birth date, serial) is distinct for the first 14 million i.
        number = make_id_number("620102", born, i % 499, "male" if i % 2 else "female")
        hukou = "否" if i % 20 == 0 else "是"
        since = "2015-03-01" if hukou == "否" else ""
        code = codes[i % len(codes)]
        rows.append([number, f"村民{i}", code, f"第{i % 8 + 1}村民小组", f"{i // 4:06d}", hukou, "是", since])
    return rows


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def bench_ours(path: Path, rnd: Round, rows: int) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system, its worker processes included) of the
    import command; the database server's CPU is not in the last figure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    launched = time.time()
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "huanjie.manage",
            "import-voters",
            str(path),
            "--round",
            str(rnd.pk),
            "--profile",
        ],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.monotonic() - started
    if result.returncode != 0:
        sys.exit(f"import failed:\n{result.stderr[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # The progress lines say when each phase began (seconds since the command's start).
    phases = [line for line in result.stderr.splitlines() if "rows/s" in line]
    print("\n".join(f"  {line}" for line in phases[-4:]))
    # Its profile (--profile): when it began handling, each step on the server, when it returned.
    handled = returned = 0.0
    for line in result.stderr.splitlines():
        if line.startswith("profile: handling from unix time "):
            handled = float(line.rsplit(" ", 1)[1]) - launched
            print(f"  Python and Django started: {handled:.2f} s")
        elif line.startswith("profile: committed"):
            returned = float(line.rsplit(" ", 2)[1])
            print(f"  {line.removeprefix('profile: ')}")
        elif line.startswith("COPY: ") or line.endswith((" ANALYZE",)) or " s  " in line[:10]:
            print(f"    {line}")
    if handled:
        print(f"  exit after that: {seconds - handled - returned:.2f} s")
    print(f"  {result.stdout.strip()}")
    return seconds, after.ru_maxrss / 1024, cpu


def bench_bulk_create(rows: list[list[str]], rnd: Round) -> float:
    """Django's bulk_create of the same rows: parse the ID, encrypt and hash, then Resident + Voter."""
    from huanjie.rules import idnumber

    elections = dict(Election.objects.filter(round=rnd).values_list("unit__code", "pk"))
    units = dict(Division.objects.filter(level="unit").values_list("code", "pk"))
    today = dt.date.today()
    started = time.monotonic()
    with transaction.atomic():
        residents = []
        for r in rows:
            parsed = idnumber.parse(r[0])
            residents.append(
                Resident(
                    unit_id=units[r[2]],
                    name=r[1],
                    sex=parsed.sex,
                    birth_year=parsed.birth_date.year,
                    id_hash=idcrypto.id_hash(parsed.number),
                    id_masked=idcrypto.mask(parsed.number),
                    id_cipher=idcrypto.encrypt(parsed.number),
                    group=r[3],
                    household=r[4],
                    hukou_here=r[5] == "是",
                    lives_here=r[6] == "是",
                )
            )
        Resident.objects.bulk_create(residents, batch_size=2000)
        Voter.objects.bulk_create(
            (
                Voter(
                    election_id=elections[r[2]],
                    round_id=rnd.pk,
                    resident=res,
                    id_hash=res.id_hash,
                    category="1",
                    added_on=today,
                )
                for r, res in zip(rows, residents, strict=True)
            ),
            batch_size=2000,
        )
        transaction.set_rollback(True)
    return len(rows) / (time.monotonic() - started)


def bench_import_export(rows: list[list[str]]) -> float:
    import tablib  # type: ignore[import-untyped]
    from import_export import fields, resources  # type: ignore[import-untyped]

    units = dict(Division.objects.filter(level="unit").values_list("code", "pk"))

    class ResidentResource(resources.ModelResource):  # type: ignore[misc]
        unit_id = fields.Field(attribute="unit_id", column_name="unit_id")

        class Meta:
            model = Resident
            # The cipher is left out: import-export's widgets do not take bytes (a lighter job for it).
            fields = ("unit_id", "name", "sex", "birth_year", "id_hash", "id_masked", "group")
            import_id_fields = ("unit_id", "id_hash")
            use_bulk = False

    from huanjie.rules import idnumber

    data = tablib.Dataset(headers=["unit_id", "name", "sex", "birth_year", "id_hash", "id_masked", "group"])
    started = time.monotonic()
    for r in rows:
        parsed = idnumber.parse(r[0])
        data.append(
            [
                units[r[2]],
                r[1],
                parsed.sex,
                parsed.birth_date.year,
                idcrypto.id_hash(parsed.number).hex(),  # a file carries text
                idcrypto.mask(parsed.number),
                r[3],
            ]
        )
    with transaction.atomic():
        result = ResidentResource().import_data(data, dry_run=False, raise_errors=True)
        transaction.set_rollback(True)
    assert not result.has_errors()
    return len(rows) / (time.monotonic() - started)


def bench_xlsx(n: int, codes: list[str]) -> float:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for r in make_rows(n, codes, offset=5_000_000):
        sheet.append(r)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    started = time.monotonic()
    # Parsed: the file's cells as the table the import checks (its frame; the row-by-row checker's
    # iteration over Python tuples is not part of the parse).
    _estimate, _columns, rows = open_table("f.xlsx", data, Limits.commands())
    count = rows.frame.height
    seconds = time.monotonic() - started
    assert count == n
    return seconds


def bench_copy(path: Path) -> float:
    """The floor: PostgreSQL's own COPY of the same CSV file into a table of text columns with no index,
    no key and no check, from this process (the file streamed as it is read), best of two."""
    with path.open("rb") as f:
        columns = len(next(csv.reader(io.TextIOWrapper(f, encoding="utf-8"))))
    raw = connection.connection
    assert raw is not None
    best = float("inf")
    for _ in range(2):
        with raw.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_copy_floor")
            cursor.execute(
                f"CREATE TABLE bench_copy_floor ({', '.join(f'c{i} text' for i in range(columns))})"
            )
            started = time.monotonic()
            sql = "COPY bench_copy_floor FROM STDIN WITH (FORMAT csv, HEADER true)"
            with cursor.copy(sql) as copy, path.open("rb") as f:
                while chunk := f.read(1 << 20):
                    copy.write(chunk)
            best = min(best, time.monotonic() - started)
            cursor.execute("DROP TABLE bench_copy_floor")
    return best


def main() -> None:
    print(
        f"database: {connection.vendor}; {ARGS.rows:,} rows over {ARGS.units} villages; "
        f"crypto suite {ARGS.crypto_suite}"
    )
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    rnd = district(ARGS.units)
    codes = sorted(Division.objects.filter(level="unit").values_list("code", flat=True))
    started = time.monotonic()
    rows = make_rows(ARGS.rows, codes)
    path = TMP / "voters.csv"
    path.write_bytes(to_csv(rows))
    print(f"data made in {time.monotonic() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB CSV)")

    if ARGS.only_import:
        copy_seconds = None
        if not ARGS.sqlite:
            copy_seconds = bench_copy(path)
            print(
                f"PostgreSQL COPY of the same CSV into an unindexed table of text columns: {copy_seconds:.2f} s"
            )
            with connection.cursor() as cursor:
                cursor.execute("CHECKPOINT")
        load = os.getloadavg()[0]
        seconds, peak, cpu = bench_ours(path, rnd, ARGS.rows)
        print(
            f"huanjie import-voters: {ARGS.rows:,} rows in {seconds:.1f} s = {ARGS.rows / seconds:,.0f} rows/s"
        )
        print(f"  peak memory of the import process: {peak:,.0f} MB")
        print(
            f"  CPU of the import process: {cpu:.1f} s; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after"
        )
        if copy_seconds is not None:
            print(
                f"  ratio to PostgreSQL's COPY of the same file: {seconds / copy_seconds:.1f}x (target <= 6x)"
            )
        return
    sample = make_rows(ARGS.sample, codes, offset=2_000_000)
    bulk_rate = bench_bulk_create(sample, rnd)
    print(f"Django bulk_create (sample {len(sample):,} rows, no checks): {bulk_rate:,.0f} rows/s")
    iie_rate = bench_import_export(make_rows(ARGS.iie_sample, codes, offset=3_000_000))
    print(
        f"django-import-export (sample {ARGS.iie_sample:,} rows, Resident only, no checks): {iie_rate:,.0f} rows/s"
    )

    if not ARGS.sqlite:
        # The baselines rolled their rows back: vacuum the dead rows away (autovacuum would otherwise start
        # on them during the import and wait on its lock), and checkpoint their WAL, so that the import
        # meets the tables and the server as they are after a quiet while. (The import writes some 460 MB
        # of WAL; a checkpoint falling in the middle of it costs 1-2 s on this machine.)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE voters_resident, voters_voter")
            cursor.execute("CHECKPOINT")
    copy_seconds = None
    if not ARGS.sqlite:
        connection.ensure_connection()
        copy_seconds = bench_copy(path)
        print(
            f"PostgreSQL COPY of the same CSV into an unindexed table of text columns: {copy_seconds:.2f} s"
        )
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    load = os.getloadavg()[0]
    seconds, peak, cpu = bench_ours(path, rnd, ARGS.rows)
    rate = ARGS.rows / seconds
    target = 60 if ARGS.sqlite else 15
    print(
        f"huanjie import-voters: {ARGS.rows:,} rows in {seconds:.1f} s = {rate:,.0f} rows/s (target <= {target} s)"
    )
    print(f"  peak memory of the import process: {peak:,.0f} MB (target <= 2048 MB)")
    # The machine may be shared: the load says how much of its 2 cores the run had.
    print(
        f"  CPU of the import process: {cpu:.1f} s; load average {load:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    if copy_seconds is not None:
        print(f"  ratio to PostgreSQL's COPY of the same file: {seconds / copy_seconds:.1f}x (target <= 6x)")
    print(f"  ratio to bulk_create: {rate / bulk_rate:.1f}x (target >= 10x)")
    print(f"  ratio to django-import-export: {rate / iie_rate:.1f}x (target >= 30x)")

    # Not a target: the same file again goes the staging way (its units have residents now), compares
    # every row with the residents on record and changes nothing.
    again, _peak, _cpu = bench_ours(path, rnd, ARGS.rows)
    print(f"the same file again (nothing changes): {again:.1f} s")

    xlsx_seconds = bench_xlsx(ARGS.xlsx_rows, codes)
    print(f"XLSX parse: {ARGS.xlsx_rows:,} rows in {xlsx_seconds:.2f} s (target <= 3 s)")

    unit = Division.objects.get(code=codes[0])
    village = make_rows(2000, [unit.code], offset=4_000_000)
    started = time.monotonic()
    do_import_voters(rnd, "village.csv", to_csv(village), unit=unit, actor=SYSTEM)
    print(f"a village's 2,000-row upload: {time.monotonic() - started:.2f} s (target <= 1 s)")


if __name__ == "__main__":
    main()
