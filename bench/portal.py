"""The public bulletin under load (issue 9): the dynamic site through its cache, and the static site.

Starts, on 127.0.0.1 only, its own servers over the demo district at the round's end:
  - gunicorn (gthread: 2 workers x 8 threads, so at most 16 requests — and database connections — at
    once; a larger burst waits in the listen backlog instead of exhausting anything) serving Django;
  - nginx (Debian's package) serving the output of `huanjie publish-static`;
then drives each with wrk (Debian's package; 2 threads, 256 connections, 10 s per run, so the load is
bounded in both connections and time) and prints requests/s, p99 latency, errors, and for the static
site the ratio to a plain static file of the same size served by the same nginx.
Targets from the issue, on this 2-core machine with wrk on the same machine: a result page through the
cache >= 2,000 requests/s; the static site at nginx's plain-file speed; 0 errors and p99 <= 100 ms at
256 connections. Installs nginx and wrk with apt-get if they are missing. Never part of the tests.

usage: uv run python bench/portal.py [--var DIR] [--site DIR] [--seconds 10] [--connections 256]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
AS_OF = "2027-04-05"


def need(*programs: str) -> None:
    """Debian packages for the bench only (never for the tests)."""
    missing = {"nginx": "nginx", "wrk": "wrk"}
    packages = [
        missing[p] for p in programs if shutil.which(p) is None and not Path(f"/usr/sbin/{p}").exists()
    ]
    if packages:
        print(f"installing {' '.join(packages)} (apt-get)")
        subprocess.run(["apt-get", "install", "-y", "-qq", *packages], check=True, stdout=subprocess.DEVNULL)


def env(var: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HUANJIE_ENV": "demo",
        "HUANJIE_VAR": str(var),
        "HUANJIE_TODAY": AS_OF,
        "LOG_LEVEL": "WARNING",
    }


def manage(var: Path, *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "-m", "huanjie.manage", *args],
        cwd=ROOT,
        env=env(var),
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError as exc:
            error = exc
            time.sleep(0.2)
    detail = error.read()[:300] if isinstance(error, urllib.error.HTTPError) else b""
    raise SystemExit(f"{url} did not answer: {error} {detail!r}")


@dataclass
class Run:
    name: str
    rps: float
    p99_ms: float
    errors: int
    requests: int


def wrk(name: str, url: str, seconds: int, connections: int) -> Run:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    assert p99 is not None, out
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    return Run(name, rps, float(p99.group(1)) * scale, errors, requests)


NGINX_CONF = """
worker_processes 2;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000; open_file_cache max=10000 inactive=60s;
  client_body_temp_path {dir}/body; proxy_temp_path {dir}/proxy; fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi; scgi_temp_path {dir}/scgi;
  server {{
    listen 127.0.0.1:{port};
    root {site};
    location / {{ try_files $uri/index.html $uri =404; add_header Cache-Control "public, max-age=60"; }}
  }}
}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--var", type=Path, default=Path(tempfile.gettempdir()) / "huanjie-portal-bench")
    parser.add_argument("--site", type=Path, help="an already published site (skips publish-static)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=256)
    args = parser.parse_args()
    need("nginx", "wrk")
    var: Path = args.var
    var.mkdir(parents=True, exist_ok=True)
    if not (var / "huanjie.sqlite3").exists():
        print(f"building the demo district as of {AS_OF} in {var} …")
        manage(var, "migrate", "--no-input", "-v0")
        manage(var, "demo")
    site = args.site or var / "site"
    started = time.monotonic()
    if args.site is None:
        print(
            "publish-static:",
            manage(var, "publish-static", str(site)).strip(),
            f"({time.monotonic() - started:.0f} s)",
        )
    ids = manage(
        var,
        "shell",
        "-c",
        "from huanjie.elections.models import Notice; n = Notice.objects.filter(stage='result').order_by('pk').last();"
        " print(n.pk, n.round_id)",
    ).split()
    notice, rnd = ids[-2], ids[-1]
    page = f"/notices/{notice}/"
    results = f"/rounds/{rnd}/results/"
    plain = site / "plain.html"
    plain.write_bytes(b"x" * (site / page.strip("/") / "index.html").stat().st_size)

    app_port, web_port = free_port(), free_port()
    procs: list[subprocess.Popen[bytes]] = []
    work = Path(tempfile.mkdtemp(prefix="huanjie-nginx-"))
    try:
        procs.append(
            subprocess.Popen(
                [
                    PYTHON, "-m", "gunicorn", "huanjie.wsgi:application",
                    "--bind", f"127.0.0.1:{app_port}", "--worker-class", "gthread", "--workers", "2",
                    "--threads", "8", "--backlog", "2048", "--keep-alive", "5", "--log-level", "warning",
                ],
                cwd=ROOT,
                env=env(var),
            )
        )  # fmt: skip
        (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, port=web_port, site=site))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        procs.append(
            subprocess.Popen([nginx, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"])
        )
        app, web = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{web_port}"
        wait_for(app + page)
        wait_for(web + page)
        for _ in range(20):  # fill every worker's cache
            urllib.request.urlopen(app + page).read()
            urllib.request.urlopen(app + results).read()
        runs = [
            wrk("dynamic, cached: a result notice", app + page, args.seconds, args.connections),
            wrk("dynamic, cached: a round's results", app + results, args.seconds, args.connections),
            wrk("static (nginx): a result notice", web + page, args.seconds, args.connections),
            wrk("static (nginx): plain file, same size", web + "/plain.html", args.seconds, args.connections),
        ]
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"\n{args.connections} connections, {args.seconds} s each, wrk and servers on this machine ({os.cpu_count()} cores)"
    )
    print(f"{'':42} {'req/s':>9} {'p99 ms':>8} {'errors':>7} {'requests':>9}")
    for r in runs:
        print(f"{r.name:42} {r.rps:9.0f} {r.p99_ms:8.1f} {r.errors:7d} {r.requests:9d}")
    print(f"\nstatic notice / plain file: {runs[2].rps / runs[3].rps:.2f}")
    print(f"dynamic result notice / target 2,000 req/s: {runs[0].rps / 2000:.2f}")


if __name__ == "__main__":
    main()
