"""The papers that grow with the roll, at real size: WeasyPrint against the alternatives (issue 20).

For a unit of `--voters` (default 3,000: a community) with synthetic names drawn from common surnames
and rarer characters, it times in one run:
  list / cards  weasyprint        the HTML templates the office used before (bench/templates/), as they were
  cards         weasyprint-pages  the same cards laid out as fixed pages (a page template of 8 absolutely
                                  placed cards, repeated): no flex wrapping for the layout to solve
  list / cards  weasyprint-2proc  the document cut in two page ranges rendered by two processes at once
                                  (their wall time; merging the two PDFs is not counted, so it flatters)
  list / cards  fpdf2             huanjie.voters.printing, what the office serves now (glyphs checked)
and prints seconds per paper (wall and CPU) and the ratios to plain WeasyPrint (the CPU ratio is the one a
busy machine does not distort). A WeasyPrint render that runs past
`--limit` seconds is stopped and shown as "> limit" (the cards took more than 400 s in the issue).
The budget is 5 s per paper. No database is needed: the papers are drawn from plain values.

Figures are wall-clock on whatever else the machine is doing: run it two or three times. The run prints its
baseline before and after (the load average, and a fixed work's wall/CPU ratio).

usage: uv run python bench/papers.py [--voters 3000] [--limit 120] [--only fpdf2]
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
os.environ.setdefault("HUANJIE_VAR", "/tmp/huanjie-bench-papers")

BUDGET = 5.0
TEMPLATES = Path(__file__).resolve().parent / "templates"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰淑珍德福喆琰昊堃鑫淼垚犇龘"


def _setup() -> None:
    import logging

    import django
    from django.conf import settings

    django.setup()
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    engine: dict[str, Any] = settings.TEMPLATES[0]
    engine["DIRS"] = [TEMPLATES, *engine["DIRS"]]


def voters(n: int, seed: int = 2026) -> list[tuple[str, str, str, int]]:
    """(name, sex, group, age) in list order: groups of about 250, as a community's are."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        out.append((name, rng.choice("男女"), f"第{1 + i // 250}居民小组", 18 + rng.randrange(70)))
    return out


UNIT = SimpleNamespace(name="石沟社区", code="620102023201", name_en="Shigou")
ELECTION = SimpleNamespace(unit=UNIT, kind="residents_committee")


def _list_context(rows: list[tuple[str, str, str, int]]) -> dict[str, Any]:
    import datetime as dt

    entries = [
        SimpleNamespace(resident=SimpleNamespace(name=n, sex="male" if s == "男" else "female", group=g))
        for n, s, g, _ in rows
    ]
    return {
        "election": ELECTION,
        "notice": SimpleNamespace(),
        "entries": entries,
        "total": len(entries),
        "issuer": "石沟社区居民选举委员会",
        "posted_on": "2027年3月17日",
        "window": (dt.date(2027, 3, 17), dt.date(2027, 3, 22)),
    }


def _cards(rows: list[tuple[str, str, str, int]]) -> list[dict[str, Any]]:
    return [
        {"no": f"201-{i:04d}", "name": n, "sex": s, "age": a, "group": g}
        for i, (n, s, g, a) in enumerate(rows, start=1)
    ]


def weasy_list(rows: list[tuple[str, str, str, int]]) -> bytes:
    from huanjie.core.pdf import render_pdf

    return render_pdf("voter_list.html", _list_context(rows))


def weasy_cards(rows: list[tuple[str, str, str, int]]) -> bytes:
    from huanjie.core.pdf import render_pdf

    context = {
        "election": ELECTION,
        "cards": _cards(rows),
        "issuer": "石沟社区居民选举委员会",
        "election_day": "2027年4月10日",
    }
    return render_pdf("voter_cards.html", context)


PAGED_CARDS = """<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 12mm; }
html { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC"; font-size: 10.5pt; }
.page { position: relative; height: 273mm; break-after: page; }
.card { position: absolute; width: 88mm; height: 58mm; box-sizing: border-box; border: 1pt solid #b00;
        padding: 4mm 5mm; }
.card h1 { color: #b00; font-size: 16pt; text-align: center; margin: 0 0 1mm; letter-spacing: .5em; }
.card .sub { text-align: center; font-size: 9pt; margin-bottom: 2mm; }
.card td.k { width: 20mm; font-family: "Noto Sans CJK SC"; }
.card .sign { text-align: right; font-size: 9pt; margin-top: 2mm; }
</style></head><body>
{% for page in pages %}<div class="page">{% for c in page %}<div class="card" style="left: {{ c.x }}mm; top: {{ c.y }}mm">
<h1>选民证</h1><div class="sub">石沟社区居民委员会选举</div>
<table><tr><td class="k">编号</td><td>{{ c.no }}</td><td class="k">姓名</td><td>{{ c.name }}</td></tr>
<tr><td class="k">性别</td><td>{{ c.sex }}</td><td class="k">年龄</td><td>{{ c.age }}岁</td></tr>
<tr><td class="k">小组</td><td colspan="3">{{ c.group }}</td></tr>
<tr><td class="k">选举日</td><td colspan="3">2027年4月10日</td></tr></table>
<div class="sign">石沟社区居民选举委员会(印章)</div></div>{% endfor %}</div>{% endfor %}
</body></html>"""


def weasy_paged_cards(rows: list[tuple[str, str, str, int]]) -> bytes:
    from django.template import Context, Template
    from weasyprint import HTML  # type: ignore[import-untyped]

    cards = _cards(rows)
    for i, c in enumerate(cards):
        c["x"], c["y"] = (i % 2) * 94, (i % 8 // 2) * 64
    pages = [cards[i : i + 8] for i in range(0, len(cards), 8)]
    html = Template(PAGED_CARDS).render(Context({"pages": pages}))
    data: bytes = HTML(string=html).write_pdf()
    return data


def _half(args: tuple[str, list[tuple[str, str, str, int]]]) -> bytes:
    _setup()
    kind, rows = args
    return weasy_list(rows) if kind == "list" else weasy_cards(rows)


def two_processes(kind: str) -> Callable[[list[tuple[str, str, str, int]]], bytes]:
    def render(rows: list[tuple[str, str, str, int]]) -> bytes:
        # Cut at a card page (8) or a group boundary (250), so each half lays out as the whole would.
        cut = (len(rows) // 2) // 250 * 250 if kind == "list" else (len(rows) // 2) // 8 * 8
        with mp.get_context("fork").Pool(2) as pool:
            halves = pool.map(_half, [(kind, rows[:cut]), (kind, rows[cut:])])
        return b"".join(halves)  # two PDFs back to back: timed, not served

    return render


def fpdf_list(rows: list[tuple[str, str, str, int]]) -> bytes:
    from huanjie.voters.printing import Entry, list_pdf

    return list_pdf(
        title="石沟社区登记参加选举的居民名单",
        lead=f"现将本届居民委员会选举登记参加选举的居民名单予以公布,共{len(rows)}人。",
        entries=[Entry(n, s, g) for n, s, g, _ in rows],
        issuer="石沟社区居民选举委员会",
        posted_on="2027年3月17日",
    )


def fpdf_cards(rows: list[tuple[str, str, str, int]]) -> bytes:
    from huanjie.voters.printing import Card, cards_pdf

    cards = [Card(c["no"], c["name"], c["sex"], str(c["age"]), c["group"]) for c in _cards(rows)]
    return cards_pdf(
        cards=cards,
        subtitle="石沟社区居民委员会选举",
        election_day="2027年4月10日",
        issuer="石沟社区居民选举委员会",
    )


def _timed(target: str, rows: list[tuple[str, str, str, int]], queue: Any) -> None:
    os.setpgrp()  # its own process group: a stopped render takes its pool's workers with it
    _setup()
    started, cpu = time.perf_counter(), time.process_time()
    data = ENGINES[target](rows)
    queue.put((time.perf_counter() - started, time.process_time() - cpu, len(data)))


ENGINES: dict[str, Callable[[list[tuple[str, str, str, int]]], bytes]] = {
    "list weasyprint": weasy_list,
    "list weasyprint-2proc": two_processes("list"),
    "list fpdf2": fpdf_list,
    "cards weasyprint": weasy_cards,
    "cards weasyprint-pages": weasy_paged_cards,
    "cards weasyprint-2proc": two_processes("cards"),
    "cards fpdf2": fpdf_cards,
}


def measure(name: str, rows: list[tuple[str, str, str, int]], limit: float) -> tuple[float, float] | None:
    """Wall and CPU seconds for one paper in a fresh process (fonts loaded cold, as a first request
    finds them); None when it runs past the limit. The CPU figure is the one a busy machine does not
    inflate (the 2proc variants' work is in their children: their CPU column reads near zero)."""
    ctx = mp.get_context("fork")
    queue = ctx.Queue()
    proc = ctx.Process(target=_timed, args=(name, rows, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        if proc.pid is not None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.join()
        return None
    seconds, cpu, _size = queue.get()
    return float(seconds), float(cpu)


def machine() -> str:
    """The run's baseline: the load average, and a fixed piece of pure-Python work timed by the wall clock
    and by the CPU clock — their ratio is how long the process waits for a core (1.0 on an idle machine)."""
    started, cpu = time.perf_counter(), time.process_time()
    total = 0
    for i in range(2_000_000):
        total += i & 7
    wall, used = time.perf_counter() - started, time.process_time() - cpu
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"load average {load}; baseline work {wall * 1000:.0f} ms wall / {used * 1000:.0f} ms CPU = ×{wall / used:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=3000)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds before a render is stopped")
    parser.add_argument("--only", default="", help="run only the engines whose name contains this")
    args = parser.parse_args()
    rows = voters(args.voters)
    print(f"before: {machine()}")
    print(
        f"papers of a unit of {args.voters} voters ({(args.voters + 7) // 8} card pages); budget {BUDGET:.0f} s"
    )
    print(
        f"{'paper':8} {'engine':18} {'seconds':>9} {'cpu s':>7} {'vs weasyprint':>14} {'cpu vs':>7} {'budget':>7}"
    )
    baseline: dict[str, float | None] = {}
    cpu_baseline: dict[str, float | None] = {}
    for name in ENGINES:
        if args.only and args.only not in name:
            continue
        paper, engine = name.split()
        measured = measure(name, rows, args.limit)
        seconds, cpu = measured if measured else (None, None)
        if engine == "weasyprint":
            baseline[paper], cpu_baseline[paper] = seconds, cpu
        cpu_base = cpu_baseline.get(paper)
        cpu_ratio = f"{cpu / cpu_base:.3f}" if cpu is not None and cpu_base else "n/a"
        base = baseline.get(paper)
        shown = f"> {args.limit:.0f}" if seconds is None else f"{seconds:.2f}"
        if seconds is None:
            ratio = "n/a"
        elif base is None:  # WeasyPrint ran past the limit: the ratio is at most this
            ratio = f"< {seconds / args.limit:.3f}" if paper in baseline else "—"
        else:
            ratio = f"{seconds / base:.3f}"
        ok = "ok" if seconds is not None and seconds <= BUDGET else "over"
        cpu_shown = "" if cpu is None else f"{cpu:.2f}"
        print(
            f"{paper:8} {engine:18} {shown:>9} {cpu_shown:>7} {ratio:>14} {cpu_ratio:>7} {ok:>7}", flush=True
        )
    print(f"after:  {machine()}")


if __name__ == "__main__":
    main()
