"""A province's deployment on this machine's loopback (docs/deployment.md, "A local cluster").

    uv run python scripts/cluster.py start        # make cluster
    uv run python scripts/cluster.py status       # every process's health
    uv run python scripts/cluster.py stop         # make cluster-stop
    uv run python scripts/cluster.py drill        # make cluster-drill (starts the cluster if it is not up)
    uv run python scripts/cluster.py restore-check  # make cluster-restore-check

`start` runs, everything under var/cluster/ (CLUSTER_DIR):
  - PostgreSQL 15 primary (port 5441) and a streaming replica made by pg_basebackup -R (5442), as the
    `postgres` OS user, WAL archived into backup/wal; the machine's own server on 5432 is not touched;
  - Redis (6391; its own redis-server, append-only file in run/): cache and sessions in db 0, the queue in db 1;
  - the demo district (as of DEMO_AS_OF, 2027-04-05: the round's end) migrated and loaded into the primary;
  - two gunicorn application servers (8101, 8102; huanjie/gunicorn_conf.py), reads of the public pages
    on the replica (DATABASE_REPLICA_URL);
  - two Celery workers and one beat;
  - nginx (8180) load-balancing the two application servers, and (8181) serving the static bulletin that
    a publish job writes into var/cluster/site.
Each process's pid is in var/cluster/run/; `stop` stops each of them (and only them).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import cluster_site  # scripts/cluster_site.py: nginx's configuration, the .gz siblings

ROOT = Path(__file__).resolve().parent.parent
DIR = Path(os.environ.get("CLUSTER_DIR", ROOT / "var" / "cluster")).resolve()
RUN, LOGS = DIR / "run", DIR / "logs"
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PYTHON = sys.executable
PORTS = {
    "primary": 5441,
    "replica": 5442,
    "scratch": 5443,
    "redis": 6391,
    "app1": 8101,
    "app2": 8102,
    "nginx": 8180,
    "site": 8181,
    "site-baseline": 8182,  # the static bulletin as nginx served it before its tuning (figures only)
}
APPS = ("app1", "app2")
WORKERS = ("worker1", "worker2")
AS_OF = os.environ.get("DEMO_AS_OF", "2027-04-05")
DB = "huanjie"
PG_USER = "postgres"


def url(name: str) -> str:
    return f"postgres://postgres@127.0.0.1:{PORTS[name]}/{DB}"


def app_env(**extra: str) -> dict[str, str]:
    """The environment of every application server, worker and command of the cluster."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_", "JOBS_", "POSTGRES_"))
    }
    env.update(
        HUANJIE_ENV="demo",
        HUANJIE_VAR=str(DIR / "app"),
        HUANJIE_TODAY=AS_OF,
        DATABASE_URL=url("primary"),
        DATABASE_REPLICA_URL=url("replica"),
        REDIS_URL=f"redis://127.0.0.1:{PORTS['redis']}/0",
        JOBS_BROKER_URL=f"redis://127.0.0.1:{PORTS['redis']}/1",
        SHARED_FILES_DIR=str(DIR / "files"),
        PUBLISH_DIR=str(DIR / "site"),
        # A drill kills a worker: its message comes back within seconds, not the production hour.
        JOBS_VISIBILITY_TIMEOUT=os.environ.get("JOBS_VISIBILITY_TIMEOUT", "30"),
        JOBS_RESTORE_INTERVAL="5",
        JOBS_LEASE_SECONDS=os.environ.get("JOBS_LEASE_SECONDS", "20"),
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


def log(message: str) -> None:
    print(f"cluster: {message}", flush=True)


# --- processes -------------------------------------------------------------------------------------------


def pidfile(name: str) -> Path:
    return RUN / f"{name}.pid"


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (a child of ours that died) is not alive.
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def read_pid(name: str) -> int | None:
    try:
        return int(pidfile(name).read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def spawn(name: str, command: list[str], env: dict[str, str] | None = None) -> int:
    """Start a long-running process in a session of its own (so that it and its children are one process
    group), its output in logs/<name>.log, its pid in run/<name>.pid."""
    LOGS.mkdir(parents=True, exist_ok=True)
    RUN.mkdir(parents=True, exist_ok=True)
    out = (LOGS / f"{name}.log").open("ab")
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    pidfile(name).write_text(f"{proc.pid}\n")
    return proc.pid


def stop_process(name: str, sig: int = signal.SIGTERM, wait: float = 15) -> None:
    pid = read_pid(name)
    if pid is None:
        return
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, sig)  # the process and its children: gunicorn's and Celery's workers
        deadline = time.monotonic() + wait
        while alive(pid) and time.monotonic() < deadline:
            _reap()
            time.sleep(0.1)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
    _reap()
    pidfile(name).unlink(missing_ok=True)


def kill9(name: str) -> int | None:
    """The failure the drill injects: the process and its children killed with -9, nothing cleaned up."""
    pid = read_pid(name)
    if pid is not None and alive(pid):
        os.killpg(pid, signal.SIGKILL)
        _reap()
        return pid
    return None


def _reap() -> None:
    try:
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass
    except ChildProcessError:
        pass


def as_postgres(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["runuser", "-u", PG_USER, "--", *command], check=check, capture_output=True, text=True, cwd="/"
    )


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [PYTHON, "-m", "huanjie.manage", *args],
        cwd=ROOT,
        env=env or app_env(),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"huanjie {' '.join(args)} failed:\n{done.stdout[-2000:]}{done.stderr[-4000:]}")
    return done.stdout


def psql(port: int, sql: str, db: str = DB) -> str:
    done = subprocess.run(
        [str(PG_BIN / "psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-d", db, "-Atc", sql],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


def wait_http(address: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    error: object = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(address, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError as exc:
            error = exc
        time.sleep(0.3)
    raise SystemExit(f"{address} did not answer: {error}")


# --- PostgreSQL ------------------------------------------------------------------------------------------

PRIMARY_CONF = """
# written by scripts/cluster.py
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{sockets}'
shared_buffers = 64MB
max_connections = 120
wal_level = replica
max_wal_senders = 6
wal_keep_size = 256MB
hot_standby = on
archive_mode = on
archive_command = 'test ! -f {wal}/%f && cp %p {wal}/%f.part && mv {wal}/%f.part {wal}/%f'
archive_timeout = 60
logging_collector = off
"""


def pg_dirs() -> tuple[Path, Path, Path, Path]:
    pg = DIR / "pg"
    return pg / "primary", pg / "replica", pg / "run", DIR / "backup"


def pg_ctl(data: Path, port: int, action: str) -> None:
    logfile = LOGS / f"postgres-{data.name}.log"
    if action == "start":
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(logfile), "-o", f"-p {port}", "-w", "-t", "60",
            "start",
        )  # fmt: skip
    else:
        as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop", check=False)


def pg_running(data: Path) -> bool:
    return as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(data), "status", check=False).returncode == 0


def start_postgres() -> bool:
    """The primary and its replica; True when the primary was created now (so the demo must be loaded)."""
    primary, replica, sockets, backup = pg_dirs()
    for d in (DIR / "pg", sockets, backup, backup / "wal", LOGS):
        d.mkdir(parents=True, exist_ok=True)
    for d in (DIR, DIR / "pg", sockets, backup, backup / "wal", LOGS):
        shutil.chown(d, user=PG_USER) if d != DIR else d.chmod(0o755)
    fresh = not (primary / "PG_VERSION").exists()
    if fresh:
        log("initdb: the primary")
        shutil.rmtree(primary, ignore_errors=True)
        as_postgres(
            str(PG_BIN / "initdb"), "-D", str(primary), "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--locale", "C.UTF-8",
        )  # fmt: skip
        conf = PRIMARY_CONF.format(port=PORTS["primary"], sockets=sockets, wal=backup / "wal")
        with (primary / "postgresql.conf").open("a") as f:
            f.write(conf)
    if not pg_running(primary):
        pg_ctl(primary, PORTS["primary"], "start")
    if fresh:
        as_postgres(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(PORTS["primary"]), DB)
    if not (replica / "PG_VERSION").exists():
        log("pg_basebackup -R: the streaming replica")
        shutil.rmtree(replica, ignore_errors=True)
        as_postgres(
            str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(PORTS["primary"]), "-U", "postgres",
            "-D", str(replica), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
    if not pg_running(replica):
        pg_ctl(replica, PORTS["replica"], "start")
    return fresh


def stop_postgres() -> None:
    primary, replica, _sockets, _backup = pg_dirs()
    for data in (replica, primary):
        if (data / "postmaster.pid").exists():
            pg_ctl(data, 0, "stop")


# --- nginx -----------------------------------------------------------------------------------------------


def start_nginx() -> None:
    work = DIR / "nginx"
    work.mkdir(parents=True, exist_ok=True)
    (DIR / "site").mkdir(parents=True, exist_ok=True)
    conf = cluster_site.nginx_conf(work=work, logs=LOGS, ports=PORTS, site=DIR / "site")
    (work / "nginx.conf").write_text(conf)
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-t", "-q", "-c", str(work / "nginx.conf"), "-p", str(work)], check=True)
    pid = read_pid("nginx")
    if pid is not None and alive(pid):
        os.kill(pid, signal.SIGHUP)  # running: it reloads this configuration, connections kept
        return
    spawn("nginx", [nginx, "-c", str(work / "nginx.conf"), "-p", str(work), "-g", "daemon off;"])


# --- the whole ---------------------------------------------------------------------------------------------


def start_app(name: str) -> None:
    metrics = DIR / "prometheus" / name
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    env = app_env(PROMETHEUS_MULTIPROC_DIR=str(metrics), WEB_WORKERS="2", WEB_THREADS="4")
    command = [PYTHON, "-m", "gunicorn", "-c", str(ROOT / "huanjie" / "gunicorn_conf.py")]
    command += ["--bind", f"127.0.0.1:{PORTS[name]}", "huanjie.wsgi:application"]
    spawn(name, command, env)


# Workers run at a lower CPU priority than the application servers: a job (a PDF, a publish part) may
# wait, a clerk's request should not. In production they have machines of their own (or a systemd unit's
# CPUWeight). Each process here starts a session of its own (spawn), and Linux's autogroup scheduling
# shares the CPU between sessions before it looks at any process's nice value: a plain `nice` changed
# nothing between a worker and a server (two busy loops in two sessions, one at nice 19, shared two cores
# evenly). The session's own nice value (/proc/self/autogroup, writable by its owner) is what counts.
WORKER_NICE = os.environ.get("CLUSTER_WORKER_NICE", "10")
LOWER = 'echo "$0" > /proc/self/autogroup 2>/dev/null; exec nice -n "$0" "$@"'


def start_worker(name: str) -> None:
    command = ["sh", "-c", LOWER, WORKER_NICE, PYTHON, "-m", "celery", "-A", "huanjie.jobs.worker", "worker"]
    command += ["--concurrency", "1"]
    command += ["-n", f"{name}@%h", "--loglevel", "WARNING", "--without-mingle", "--without-gossip"]
    spawn(name, command, app_env())


def start() -> None:
    DIR.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    fresh = start_postgres()
    if read_pid("redis") is None or not alive(read_pid("redis") or 0):
        redis = shutil.which("redis-server") or "/usr/bin/redis-server"
        spawn(
            "redis",
            [redis, "--port", str(PORTS["redis"]), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
             "--appendfsync", "everysec", "--dir", str(RUN)],
        )  # fmt: skip
    log("migrate")
    manage("migrate", "--no-input", "-v0")
    loaded = manage("shell", "-c", "from huanjie.demo.build import is_loaded; print(is_loaded())").split()
    if fresh or loaded[-1:] != ["True"]:
        log(f"loading the demo district as of {AS_OF} into the primary")
        # Loaded in bulk, without the queue: the notices' PDFs, which a deployment's workers render as
        # each notice is published, are rendered once the workers are up (below).
        out = manage("demo", env=app_env(JOBS_BROKER_URL=""))
        log(next((line.strip() for line in out.splitlines() if "built in" in line), "demo loaded"))
    for name in APPS:
        if not alive(read_pid(name) or 0):
            start_app(name)
    for name in WORKERS:
        if not alive(read_pid(name) or 0):
            start_worker(name)
    if not alive(read_pid("beat") or 0):
        command = [PYTHON, "-m", "celery", "-A", "huanjie.jobs.worker", "beat", "--loglevel", "WARNING"]
        command += ["--schedule", str(RUN / "beat-schedule")]
        spawn("beat", command, app_env())
    start_nginx()  # started, or (running) given this configuration
    for name in APPS:
        wait_http(f"http://127.0.0.1:{PORTS[name]}/healthz")
    wait_http(f"http://127.0.0.1:{PORTS['nginx']}/healthz")
    wait_workers()
    from cluster_jobs import render_pdfs  # scripts/cluster_jobs.py

    render_pdfs()  # the notices' PDFs a bulk-loaded demo has not rendered yet (none on a later start)
    if not (DIR / "site" / "index.html").exists():
        log(
            f"the static bulletin at :{PORTS['site']} is empty until `scripts/cluster.py publish` (a job on the workers)"
        )
    log(f"up in {time.monotonic() - started:.0f} s")
    status()


def stop() -> None:
    for name in ("nginx", *APPS, *WORKERS, "beat", "redis"):
        stop_process(name)
    stop_postgres()
    log("stopped")


def _get(address: str, timeout: float = 5) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(address, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except OSError as exc:
        return 0, str(exc)


def workers_answering() -> set[str]:
    """The Celery workers that answer a ping (names as `worker1@host`)."""
    pings = subprocess.run(
        [PYTHON, "-m", "celery", "-A", "huanjie.jobs.worker", "inspect", "ping", "--timeout", "3", "--json"],
        cwd=ROOT,
        env=app_env(),
        capture_output=True,
        text=True,
    ).stdout
    try:
        answered = (
            set().union(*(d.keys() for d in json.loads(pings or "[]"))) if pings.startswith("[") else set()
        )
    except json.JSONDecodeError:
        answered = set()
    if not answered and pings.strip().startswith("{"):
        answered = set(json.loads(pings))
    return answered


def wait_workers(timeout: float = 120) -> None:
    """Until every worker answers: each process loads its PDF fonts before it takes a job (jobs/worker.py
    `warm`), a few seconds at its lower priority."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answered = workers_answering()
        if all(any(a.startswith(f"{name}@") for a in answered) for name in WORKERS):
            return
        time.sleep(1)
    log(f"not every worker answers after {timeout:.0f} s: see {LOGS}")


def status() -> bool:
    """Each process's health: PostgreSQL (pg_isready, the replica's lag), Redis (PING), the application
    servers (/healthz), the workers (Celery's ping), beat (its process), nginx (/nginx-health)."""
    rows: list[tuple[str, bool, str]] = []
    for name in ("primary", "replica"):
        ready = subprocess.run(
            [str(PG_BIN / "pg_isready"), "-h", "127.0.0.1", "-p", str(PORTS[name])], capture_output=True
        )
        detail = ""
        if ready.returncode == 0 and name == "primary":
            detail = psql(PORTS[name], "SELECT string_agg(state || ' replay_lag=' || "
                          "COALESCE(replay_lag::text, '0'), ', ') FROM pg_stat_replication") or "no replica"  # fmt: skip
        rows.append((f"postgres {name} :{PORTS[name]}", ready.returncode == 0, detail))
    pong = subprocess.run(
        ["redis-cli", "-p", str(PORTS["redis"]), "ping"], capture_output=True, text=True
    ).stdout.strip()
    rows.append((f"redis :{PORTS['redis']}", pong == "PONG", pong))
    for name in APPS:
        code, body = _get(f"http://127.0.0.1:{PORTS[name]}/healthz")
        rows.append((f"gunicorn {name} :{PORTS[name]}", code == 200, body[:160].replace("\n", " ")))
    answered = workers_answering()
    for name in WORKERS:
        up = any(a.startswith(f"{name}@") for a in answered)
        rows.append((f"celery {name}", up, "pong" if up else "no answer"))
    rows.append(("celery beat", alive(read_pid("beat") or 0), f"pid {read_pid('beat')}"))
    code, _body = _get(f"http://127.0.0.1:{PORTS['nginx']}/nginx-health")
    rows.append((f"nginx :{PORTS['nginx']} (application)", code == 200, ""))
    code, _body = _get(f"http://127.0.0.1:{PORTS['site']}/nginx-health")
    rows.append((f"nginx :{PORTS['site']} (static bulletin)", code == 200, ""))
    for label, ok, detail in rows:
        print(f"  {'up  ' if ok else 'DOWN'} {label:38} {detail}")
    return all(ok for _l, ok, _d in rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "command",
        choices=["start", "stop", "stop-workers", "status", "publish", "drill", "figures", "restore-check"],
    )
    parser.add_argument(
        "--pdfs",
        action="store_true",
        help="figures: publish from scratch with every notice's PDF rendered again",
    )
    parser.add_argument("--seconds", type=int, default=60, help="drill: how long the load runs (max 100)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("the cluster runs PostgreSQL as the postgres user: run it as root (runuser)")
    if args.command == "start":
        start()
    elif args.command == "stop":
        stop()
    elif args.command == "stop-workers":  # the workers and beat only (`start` starts them again)
        for name in ("beat", *WORKERS):
            stop_process(name)
    elif args.command == "publish":
        from cluster_jobs import publish  # scripts/cluster_jobs.py

        publish()
    elif args.command == "figures":
        from figures import figures  # scripts/figures.py

        figures(pdfs=args.pdfs)
    elif args.command == "status":
        raise SystemExit(0 if status() else 1)
    elif args.command == "drill":
        from drill import drill  # scripts/drill.py

        if not drill(min(args.seconds, 100))["ok"]:
            raise SystemExit(1)
    else:
        from backup import restore_check  # scripts/backup.py

        restore_check()


if __name__ == "__main__":
    main()
