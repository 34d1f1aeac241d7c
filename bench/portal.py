"""The public bulletin under load (issue 9): the dynamic site through its cache, and the static site.

Starts, on 127.0.0.1 only, its own servers over the demo district at the round's end:
  - gunicorn with huanjie/gunicorn_conf.py (gthread, WEB_WORKERS processes x WEB_THREADS threads — by
    default 2 per core x 2: at most that many requests and database connections at once; a larger burst
    waits on its keep-alive socket or in the listen backlog instead of exhausting anything; SO_REUSEPORT
    spreads the connections evenly over the workers; cached pages are answered before Django's request
    handling) serving Django; `--plain` runs the former setup instead (2 workers x 8 threads, one shared
    socket, no front) for comparison;
  - nginx (Debian's package) serving the output of `huanjie publish-static`;
then drives each with wrk (Debian's package; 256 connections, 10 s per run, so the load is bounded in
both connections and time) and prints requests/s, p50 and p99 latency, errors, and for the static site
the ratio to a plain static file of the same size served by the same nginx.
Targets from the issue, on this 2-core machine with wrk on the same machine: a result page through the
cache >= 2,000 requests/s; the static site at nginx's plain-file speed; 0 errors and p99 <= 100 ms at
256 connections. wrk runs on the same 2 cores as the servers: its own CPU time is printed too, since it
is taken from the server. Installs nginx and wrk with apt-get if they are missing. Never part of the
tests.

usage: uv run python bench/portal.py [--var DIR] [--site DIR] [--seconds 10] [--connections 256]
           [--only dynamic|static] [--workers N] [--threads N] [--wrk-threads N] [--plain] [--floor]

`--floor` also measures gunicorn alone (an empty WSGI application answering a body of the notice's
size, same workers and threads): what is left of a cached page's cost once Huanjie's share is gone.
"""

from __future__ import annotations

import argparse
import json
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
from collections.abc import Callable
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


def servable(site: Path, page: str, timeout: float = 120) -> None:
    """Before nginx serves `page` from `site`: the publish that wrote the site has finished (its manifest,
    written last, lists the page — a publish still writing, by a job or another command, has not), and
    nginx's workers, which run as another user (`nobody`), may enter every directory down to the page and
    read it. A directory made under a private umask (0700) used to turn into a 404 for a page on disk
    (issue 19): the publisher now makes them 0755; a site published before that is put right here."""
    from huanjie.bulletin.publisher import MANIFEST

    relative = page.strip("/") + "/index.html"
    deadline = time.monotonic() + timeout
    while True:
        try:
            listed = relative in json.loads((site / MANIFEST).read_text()).get("files", {})
        except (OSError, ValueError):
            listed = False
        if listed and (site / relative).exists():
            break
        if time.monotonic() > deadline:
            raise SystemExit(
                f"{site}: {relative} is not in a finished publish ({MANIFEST}) after {timeout:.0f} s"
            )
        time.sleep(1)
    path = site
    for part in Path(relative).parts:
        mode = path.stat().st_mode
        if mode & 0o005 != 0o005:
            print(f"{path}: mode {oct(mode & 0o777)} keeps nginx's workers out; made 0755")
            path.chmod((mode & 0o777) | 0o755)
        path = path / part
    if path.stat().st_mode & 0o004 == 0:
        print(f"{path}: not readable by nginx's workers; made 0644")
        path.chmod(0o644)


def nginx_errors(work: Path) -> str:
    try:
        return "\n".join((work / "error.log").read_text().splitlines()[-5:])
    except OSError:
        return ""


def wait_for(url: str, timeout: float = 30, why: Callable[[], str] | None = None) -> None:
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
    raise SystemExit(f"{url} did not answer: {error} {detail!r}\n{why() if why else ''}")


@dataclass
class Run:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    requests: int
    wrk_cpu: float  # CPU seconds per second that wrk itself used
    server_us: float  # the server's CPU microseconds per request


def _ms(out: str, percent: str) -> float:
    found = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)\b", out)
    assert found is not None, out
    return float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)]


def wrk(name: str, url: str, seconds: int, connections: int, threads: int, server: int | None) -> Run:
    before, server_before = os.times(), cpu_seconds(server)
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    ).stdout
    after, server_cpu = os.times(), cpu_seconds(server) - server_before
    cpu = (
        after.children_user - before.children_user + after.children_system - before.children_system
    ) / seconds
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non2xx.group(1)) if non2xx else 0
    per_request = server_cpu / requests * 1e6 if requests else 0.0
    return Run(name, rps, _ms(out, "50"), _ms(out, "99"), errors, requests, cpu, per_request)


def cpu_seconds(pid: int | None) -> float:
    """CPU time used so far by a process and its children that are still running (the server's workers),
    from /proc; 0 where there is no /proc. A cost per request that the other load on the machine does not
    change much, unlike latency."""
    if pid is None:
        return 0.0
    tick = os.sysconf("SC_CLK_TCK")
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        total = 0.0
        for p in [str(pid), *children]:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        return total
    except OSError:
        return 0.0


def floor_app(environ: dict[str, object], start_response: Callable[..., object]) -> list[bytes]:
    """The least a WSGI application can do: gunicorn's own cost per request, for `--floor`."""
    body = b"x" * int(os.environ.get("FLOOR_BYTES", "7500"))
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
    return [body]


def floor_server(port: int, workers: int, threads: int) -> list[str]:
    """gunicorn as gunicorn_conf.py sets it up, serving floor_app instead of Huanjie."""
    return [
        PYTHON, "-m", "gunicorn", "--chdir", str(ROOT / "bench"), "portal:floor_app",
        "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread", "--workers", str(workers),
        "--threads", str(threads), "--reuse-port", "--keep-alive", "5", "--log-level", "warning",
    ]  # fmt: skip


def gunicorn(args: argparse.Namespace, port: int) -> list[str]:
    if args.plain:  # the setup measured before huanjie/gunicorn_conf.py
        return [
            PYTHON, "-m", "gunicorn", "huanjie.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread", "--workers", "2",
            "--threads", "8", "--backlog", "2048", "--keep-alive", "5", "--log-level", "warning",
        ]  # fmt: skip
    command = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "huanjie" / "gunicorn_conf.py")]
    command += ["--bind", f"127.0.0.1:{port}", "huanjie.wsgi:application"]
    if args.workers:
        command += ["--workers", str(args.workers)]
    if args.threads:
        command += ["--threads", str(args.threads)]
    if args.worker_class:
        command += ["--worker-class", args.worker_class]
    return command


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
    parser.add_argument("--only", choices=["dynamic", "static"], help="run only these servers' benchmarks")
    parser.add_argument("--workers", type=int, help="gunicorn worker processes (default: gunicorn_conf.py)")
    parser.add_argument("--threads", type=int, help="threads per worker (default: gunicorn_conf.py)")
    parser.add_argument("--worker-class", help="gunicorn worker class (default: gunicorn_conf.py)")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--plain", action="store_true", help="the former gunicorn setup, for comparison")
    parser.add_argument(
        "--floor", action="store_true", help="also gunicorn alone: an empty application, the notice's size"
    )
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
    static = args.only != "dynamic"
    if static and args.site is None and not (site / "index.html").exists():
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
    if static:
        servable(site, page)
        plain = site / "plain.html"
        plain.write_bytes(b"x" * (site / page.strip("/") / "index.html").stat().st_size)

    app_port, web_port = free_port(), free_port()
    procs: list[subprocess.Popen[bytes]] = []
    work = Path(tempfile.mkdtemp(prefix="huanjie-nginx-"))
    try:
        procs.append(subprocess.Popen(gunicorn(args, app_port), cwd=ROOT, env=env(var)))
        app_pid, web_pid = procs[0].pid, None
        if static:
            (work / "nginx.conf").write_text(NGINX_CONF.format(dir=work, port=web_port, site=site))
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            command = [nginx, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"]
            procs.append(subprocess.Popen(command))
            web_pid = procs[-1].pid
        app, web = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{web_port}"
        t = args.wrk_threads
        wait_for(app + page)
        if static:
            wait_for(web + page, why=lambda: "nginx's error log:\n" + nginx_errors(work))
        for _ in range(50):  # fill every worker's cache
            urllib.request.urlopen(app + page).read()
            urllib.request.urlopen(app + results).read()
        runs: list[Run] = []
        if args.only != "static":
            runs.append(
                wrk(
                    "dynamic, cached: a result notice", app + page, args.seconds, args.connections, t, app_pid
                )
            )
            runs.append(
                wrk(
                    "dynamic, cached: a round's results",
                    app + results,
                    args.seconds,
                    args.connections,
                    t,
                    app_pid,
                )
            )
        if args.floor:
            size = len(urllib.request.urlopen(app + page).read())
            floor_port = free_port()
            workers = args.workers or max(2, 2 * (os.cpu_count() or 1))
            command = floor_server(floor_port, workers, args.threads or 2)
            procs.append(subprocess.Popen(command, env={**os.environ, "FLOOR_BYTES": str(size)}))
            wait_for(f"http://127.0.0.1:{floor_port}/")
            url = f"http://127.0.0.1:{floor_port}/"
            runs.append(
                wrk(
                    "gunicorn alone: empty app, same size",
                    url,
                    args.seconds,
                    args.connections,
                    t,
                    procs[-1].pid,
                )
            )
        if args.only != "dynamic":
            runs.append(
                wrk("static (nginx): a result notice", web + page, args.seconds, args.connections, t, web_pid)
            )
            runs.append(
                wrk(
                    "static (nginx): plain file, same size",
                    web + "/plain.html",
                    args.seconds,
                    args.connections,
                    t,
                    web_pid,
                )
            )
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(work, ignore_errors=True)
    server = (
        "former setup: 2 workers x 8 threads"
        if args.plain
        else f"gunicorn_conf.py {args.workers or ''} {args.threads or ''}"
    )
    print(
        f"\n{args.connections} connections, {args.seconds} s each, wrk ({t} threads) and servers on this "
        f"machine ({os.cpu_count()} cores); {server}"
    )
    head = (
        f"{'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'errors':>7} {'requests':>9} {'wrk cpu':>7} {'µs/req':>7}"
    )
    print(f"{'':40} {head}")
    for r in runs:
        ok = "ok" if r.p99_ms <= 100 and r.errors == 0 else "target missed"
        print(
            f"{r.name:40} {r.rps:8.0f} {r.p50_ms:7.1f} {r.p99_ms:7.1f} {r.errors:7d} {r.requests:9d} "
            f"{r.wrk_cpu:7.2f} {r.server_us:7.0f}  {ok}"
        )
    by_name = {r.name: r for r in runs}
    if "static (nginx): a result notice" in by_name:
        ratio = (
            by_name["static (nginx): a result notice"].rps
            / by_name["static (nginx): plain file, same size"].rps
        )
        print(f"\nstatic notice / plain file: {ratio:.2f}")
    if "dynamic, cached: a result notice" in by_name:
        print(
            f"dynamic result notice / target 2,000 req/s: {by_name['dynamic, cached: a result notice'].rps / 2000:.2f}"
        )


if __name__ == "__main__":
    main()
