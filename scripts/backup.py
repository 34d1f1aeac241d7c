"""Backups and a tested restore (`make cluster-restore-check`, docs/deployment.md "Backups").

The primary archives every WAL segment into var/cluster/backup/wal (archive_command, set by `make
cluster`). This:
  1. takes a base backup of the primary with pg_basebackup into backup/base-<time>/ (what a nightly cron
     runs), and notes how many audit events the primary holds and the chain's head;
  2. forces the current WAL segment out (pg_switch_wal), so the archive holds everything committed so far;
  3. restores the newest base backup into a scratch cluster (port 5443) with restore_command reading
     the archive: PostgreSQL replays every archived segment and opens the database;
  4. runs `huanjie verify-audit` on the scratch cluster and checks it holds the events the primary held;
  5. stops the scratch cluster and removes it; base backups older than the newest three are removed, and
     the archived WAL older than the oldest one kept (pg_archivecleanup).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from pathlib import Path

import cluster

KEEP = 3


def prune_archive(backup: Path) -> None:
    """Archived WAL older than the oldest base backup kept restores nothing: pg_archivecleanup removes it."""
    kept = sorted(backup.glob("base-*"))
    if not kept:
        return
    label = (kept[0] / "backup_label").read_text()
    start = re.search(r"START WAL LOCATION: .* \(file (\w+)\)", label)
    if start:
        cluster.as_postgres(str(cluster.PG_BIN / "pg_archivecleanup"), str(backup / "wal"), start.group(1))


def restore_check() -> None:
    primary, _replica, _sockets, backup = cluster.pg_dirs()
    if not cluster.pg_running(primary):
        raise SystemExit("the cluster's primary is not running: make cluster first")
    started = time.monotonic()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    base = backup / f"base-{stamp}"
    cluster.as_postgres(
        str(cluster.PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(cluster.PORTS["primary"]),
        "-U", "postgres", "-D", str(base), "-X", "none", "-c", "fast",
    )  # fmt: skip
    took_backup = time.monotonic() - started
    events = cluster.psql(cluster.PORTS["primary"], "SELECT count(*), max(seq) FROM auditlog_event")
    # A row committed after the base backup (in the server's own `postgres` database, not Huanjie's):
    # the restore holds it only if the archived WAL was replayed on top of the backup.
    marker = f"after {base.name}"
    cluster.psql(
        cluster.PORTS["primary"], "CREATE TABLE IF NOT EXISTS restore_probe (marker text)", db="postgres"
    )
    cluster.psql(cluster.PORTS["primary"], f"INSERT INTO restore_probe VALUES ('{marker}')", db="postgres")
    cluster.psql(cluster.PORTS["primary"], "SELECT pg_switch_wal()")
    # The segment just switched out is archived within a moment.
    time.sleep(2)
    for old in sorted(backup.glob("base-*"))[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    prune_archive(backup)

    scratch = cluster.DIR / "pg" / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    cluster.as_postgres("cp", "-a", str(base), str(scratch))
    with (scratch / "postgresql.auto.conf").open("a") as f:
        f.write(
            f"\n# restore-check\nrestore_command = 'cp {backup / 'wal'}/%f %p'\n"
            "recovery_target_timeline = 'latest'\narchive_mode = off\n"
        )
    (scratch / "recovery.signal").touch()
    shutil.chown(scratch / "recovery.signal", user=cluster.PG_USER)
    (scratch / "standby.signal").unlink(missing_ok=True)
    restored_at = time.monotonic()
    cluster.pg_ctl(scratch, cluster.PORTS["scratch"], "start")
    try:
        for _ in range(600):
            if cluster.psql(cluster.PORTS["scratch"], "SELECT pg_is_in_recovery()") == "f":
                break
            time.sleep(0.1)
        took_restore = time.monotonic() - restored_at
        restored = cluster.psql(cluster.PORTS["scratch"], "SELECT count(*), max(seq) FROM auditlog_event")
        replayed = cluster.psql(
            cluster.PORTS["scratch"],
            f"SELECT count(*) FROM restore_probe WHERE marker = '{marker}'",
            db="postgres",
        )
        env = cluster.app_env(DATABASE_URL=cluster.url("scratch"))
        env.pop("DATABASE_REPLICA_URL", None)
        verify = subprocess.run(
            [cluster.PYTHON, "-m", "huanjie.manage", "verify-audit"],
            cwd=cluster.ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
    finally:
        cluster.pg_ctl(scratch, cluster.PORTS["scratch"], "stop")
        shutil.rmtree(scratch, ignore_errors=True)
    size = sum(p.stat().st_size for p in base.rglob("*") if p.is_file()) / 1e6
    wal = len(list((backup / "wal").glob("0*")))
    print((verify.stdout + verify.stderr).strip())
    print(
        f"restore-check: base backup {base.name} ({size:.0f} MB, {took_backup:.1f} s), {wal} archived WAL "
        f"segments; restored and replayed in {took_restore:.1f} s; audit events (count, last seq) on the "
        f"primary {events.replace('|', ', ')}, restored {restored.replace('|', ', ')}; a row written after "
        f"the backup {'replayed from the archive' if replayed == '1' else 'MISSING'}; verify-audit: "
        f"{'ok' if verify.returncode == 0 else 'FAILED'}"
    )
    ok = (
        verify.returncode == 0
        and int(restored.split("|")[0]) >= int(events.split("|")[0])
        and replayed == "1"
    )
    if not ok:
        raise SystemExit(1)
