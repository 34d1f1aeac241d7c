"""Every office page and paper at real size, per persona, against its budget (issue 20).

Builds the full-scale demo district (`huanjie demo --scale full`: ~402,000 residents) in a PostgreSQL
database of its own unless it is already loaded there (BENCH_DATABASE_URL, default
postgres://postgres@127.0.0.1:5432/huanjie_bench_pages; HUANJIE_VAR for its files). Then, in-process
through Django's test client (no server, no network), logs in as each demo persona and as a
province-scoped user, and walks the office from /office/ following every link, visiting at most
`--per-pattern` URLs of each URL pattern per persona (so the walk is bounded, and a pattern's p95 is
over real variety); from the office it also follows links into the bulletin's notice pages, whose
"printable PDF" is the notice's paper. Papers are the links to .pdf / .xlsx / .docx / .csv / .zip.

Budgets: an office page ≤ 300 ms at p95 for a district's users, ≤ 1 s for a user whose scope is a
province; a paper ≤ 5 s. Prints per URL pattern: n, p50, p95, max, the CPU p95, the queries and the
verdicts by the wall clock and by CPU; then the ten slowest and the ten costliest requests, and the patterns
whose URLs asked different numbers of queries. A page that answers 500 is listed as an error.

The province user, without `--province`: the district demo holds one district, so the bench makes a
district administrator scoped to its province straight in the database (`bench-province`), who sees the
same rows as the district's.

With `--province` the bench works on the province demo instead (`huanjie demo --scale province`: Gansu's
14 cities and 86 counties, a round in each; default database huanjie_bench_province) and walks as its
two accounts: `gansu`, the province office (an inspector scoped to the province: budget 1 s) and
`chengguan`, a district administrator (budget 300 ms). `--full-size` builds it at the real counts.

usage: uv run python bench/pages.py [--per-pattern 3] [--personas admin clerk…] [--province [--full-size]]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
PROVINCE = "--province" in sys.argv
URL = os.environ.get(
    "BENCH_DATABASE_URL",
    f"postgres://postgres@127.0.0.1:5432/huanjie_bench_{'province' if PROVINCE else 'pages'}",
)
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ.setdefault("HUANJIE_VAR", str(Path(__file__).resolve().parent.parent / "var" / "bench-pages"))
os.environ.setdefault("HUANJIE_ENV", "demo")

PAGE_BUDGET, PROVINCE_BUDGET, PAPER_BUDGET = 0.3, 1.0, 5.0
PAPERS = (".pdf", ".xlsx", ".docx", ".csv", ".zip")
SKIP = re.compile(r"/(logout|login|password)/|/admin/")
# Office links, and the public bulletin's notice pages and their printable PDFs (the notices' paper).
HREF = re.compile(r'href="(/office/[^"#]*|/notices/\d+(?:/|\.pdf))"')
PROVINCE_USER = "bench-province"


def ensure_database() -> None:
    import psycopg

    parts = urlsplit(URL)
    name = parts.path.lstrip("/")
    with psycopg.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres", dbname="postgres",
        autocommit=True,
    ) as conn:  # fmt: skip
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def build_if_needed(*, full_size: bool = False) -> None:
    from django.core.management import call_command

    from huanjie.demo.build import is_loaded

    call_command("migrate", verbosity=0, interactive=False)
    if not is_loaded():
        started = time.monotonic()
        if PROVINCE:
            print("building the province demo (a few minutes on a 2-core machine)…", flush=True)
            call_command("demo", scale="province", full_size=full_size)
        else:
            print("building the full-scale demo (about 2.5 minutes on an idle 2-core machine)…", flush=True)
            call_command("demo", scale="full")
        print(f"built in {time.monotonic() - started:.0f} s", flush=True)


def province_user() -> object:
    from huanjie.accounts.models import Role, User
    from huanjie.units.models import Division, Level

    province = Division.objects.filter(level=Level.PROVINCE).order_by("code").first()
    if province is None:
        raise SystemExit("the demo has no province division")
    user, _created = User.objects.get_or_create(
        username=PROVINCE_USER, defaults={"role": Role.DISTRICT_ADMIN, "scope": province}
    )
    return user


def pattern_of(path: str) -> str:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(path)
    except Resolver404:
        return path
    return "/" + str(match.route)


class Queries:
    """Counts the statements a request sends (connection.execute_wrapper)."""

    def __init__(self) -> None:
        self.n = 0

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.n += 1
        return execute(sql, params, many, context)


def walk(client: object, per_pattern: int) -> Iterator[tuple[str, str, float, float, int, int]]:
    """(pattern, url, seconds, CPU seconds of this process, status, queries) for each visit, breadth first
    from /office/. The CPU figure leaves out the database server's work and the waits of a busy machine."""
    from django.db import connection

    seen: set[str] = set()
    visits: dict[str, int] = defaultdict(int)
    queue = ["/office/"]
    while queue:
        url = queue.pop(0)
        if url in seen or SKIP.search(url):
            continue
        seen.add(url)
        pattern = pattern_of(urlsplit(url).path)
        if visits[pattern] >= per_pattern:
            continue
        visits[pattern] += 1
        queries = Queries()
        started, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(queries):
            response = client.get(url)  # type: ignore[attr-defined]
        seconds = time.perf_counter() - started
        yield pattern, url, seconds, time.process_time() - cpu, response.status_code, queries.n
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            body = b"".join(response) if response.streaming else response.content
            for href in HREF.findall(body.decode("utf-8", "replace")):
                href = href.replace("&amp;", "&")
                if href not in seen:
                    queue.append(href)


def machine() -> str:
    """The baseline of this run: the load average, and a fixed piece of pure-Python work timed by the wall
    clock and by this process's CPU clock — their ratio is how long a request waits for a core right now
    (1.0 on an idle machine; the shared 2-core machine of issue 20 often shows 4–8)."""
    started, cpu = time.perf_counter(), time.process_time()
    total = 0
    for i in range(2_000_000):
        total += i & 7
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"load average {load}; baseline work {wall * 1000:.0f} ms wall / {used * 1000:.0f} ms CPU = ×{wall / used:.1f}"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-pattern", type=int, default=3)
    parser.add_argument("--personas", nargs="*", default=[])
    parser.add_argument("--province", action="store_true", help="on the province demo (see above)")
    parser.add_argument("--full-size", action="store_true", help="with --province: the real counts")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from huanjie.accounts.models import User
    from huanjie.demo.build import ACCOUNTS

    settings.ALLOWED_HOSTS = ["*"]
    build_if_needed(full_size=args.full_size)
    personas: list[tuple[str, object, float]] = []
    if args.province:
        from huanjie.accounts.models import Role
        from huanjie.demo.province import ACCOUNTS as PROVINCE_ACCOUNTS

        for username, role, _code, _name, _note in PROVINCE_ACCOUNTS:
            province_account = User.objects.get(username=username)
            if not args.personas or username in args.personas:
                # The province office's user is the one whose scope is a province: its budget is 1 s.
                budget = PROVINCE_BUDGET if role == Role.INSPECTOR else PAGE_BUDGET
                personas.append((username, province_account, budget))
    for account in ACCOUNTS if not args.province else ():
        user = User.objects.filter(username=account.username).first()
        if user is not None and (not args.personas or account.username in args.personas):
            personas.append((account.username, user, PAGE_BUDGET))
    if not args.province and (not args.personas or PROVINCE_USER in args.personas):
        personas.append((PROVINCE_USER, province_user(), PROVINCE_BUDGET))

    # persona, pattern, url, seconds, status, budget, CPU seconds, queries
    rows: list[tuple[str, str, str, float, int, float, float, int]] = []
    before = machine()
    print(f"before the walk: {before}", flush=True)
    for name, who, budget in personas:
        client = Client(raise_request_exception=False)  # a 500 is counted, not raised
        client.force_login(who)  # type: ignore[arg-type]
        started = time.monotonic()
        for pattern, url, seconds, cpu, status, n in walk(client, args.per_pattern):
            paper = urlsplit(url).path.endswith(PAPERS)
            rows.append((name, pattern, url, seconds, status, PAPER_BUDGET if paper else budget, cpu, n))
        count = sum(1 for r in rows if r[0] == name)
        print(f"{name}: {count} requests in {time.monotonic() - started:.0f} s", flush=True)

    by_pattern: dict[tuple[str, str], list[tuple[float, int, float, float, int]]] = defaultdict(list)
    for persona, pattern, _url, seconds, status, budget, cpu, n in rows:
        by_pattern[(persona, pattern)].append((seconds, status, budget, cpu, n))
    print()
    print(
        f"{'persona':15} {'pattern':58} {'n':>3} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'cpu p95':>8} "
        f"{'budget':>7} {'queries':>9}  verdict (wall, CPU)"
    )
    over = over_cpu = errors = 0
    varying: list[str] = []
    for (persona, pattern), visits in sorted(by_pattern.items()):
        times = [v[0] for v in visits]
        budget = visits[0][2]
        failed = [v[1] for v in visits if v[1] >= 500]
        verdict = "ok" if p95(times) <= budget else "OVER"
        if failed:
            verdict, errors = f"ERROR {failed[0]}", errors + 1
        elif verdict == "OVER":
            over += 1
        cpu95 = p95([v[3] for v in visits])
        # The CPU figure leaves out the database's work and the waits for a core: the page's own cost.
        cpu_verdict = "ok" if cpu95 <= budget else "OVER"
        over_cpu += cpu_verdict == "OVER"
        counts = sorted({v[4] for v in visits})
        # The same pattern asking different numbers of queries for different URLs may be asking per row.
        queries = f"{counts[0]}" if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"
        if len(counts) > 1:
            varying.append(f"{persona} {pattern}: {', '.join(str(v[4]) for v in visits)}")
        print(
            f"{persona:15} {pattern[:58]:58} {len(times):>3} {statistics.median(times) * 1000:>8.0f} "
            f"{p95(times) * 1000:>8.0f} {max(times) * 1000:>8.0f} {cpu95 * 1000:>8.0f} "
            f"{budget * 1000:>7.0f} {queries:>9}  {verdict}, {cpu_verdict}"
        )
    print()
    print("the ten slowest requests:")
    for persona, _pattern, url, seconds, status, budget, cpu, _n in sorted(rows, key=lambda r: -r[3])[:10]:
        print(
            f"  {seconds * 1000:>8.0f} ms (cpu {cpu * 1000:.0f}, budget {budget * 1000:.0f})  {status}  "
            f"{persona:15} {url}"
        )
    print("the ten costliest in CPU:")
    for persona, _pattern, url, seconds, status, _budget, cpu, _n in sorted(rows, key=lambda r: -r[6])[:10]:
        print(f"  {cpu * 1000:>8.0f} ms cpu ({seconds * 1000:.0f} wall)  {status}  {persona:15} {url}")
    print(
        f"\n{len(rows)} requests, {len(by_pattern)} persona × pattern, {over} over budget by the wall clock, "
        f"{over_cpu} by CPU, {errors} with errors"
    )
    print(f"before the walk: {before}\nafter the walk:  {machine()}")
    if varying:
        print("patterns whose URLs asked different numbers of queries (per-row queries, or a page's state):")
        for line in varying:
            print(f"  {line}")


if __name__ == "__main__":
    main()
