"""The failure drill (`make cluster-drill`, docs/deployment.md "The drill"); its load is scripts/drill_load.py.

A bounded load while one application server and one worker are killed with -9:
  - polling day: in each of two villages (Shigou, Changwa) a voting round of the villagers' committee
    with 150 boxes (actions of the system); the village's clerk and the street's officer — the two
    different clerks a box's tally needs — enter the tally sheets through nginx, from opposite ends;
  - stage completions: a drill round opened in the district, every stage pending; the same clerks record
    their villages' stages as done, in order (eleven of sixteen publish a notice, whose PDF a worker makes);
  - the same clerks attach evidence to the demo round's stages in a loop, each file with a unique marker,
    pausing DRILL_CLERK_PAUSE seconds (0.25) between files;
  - a write is *acknowledged* when the office answered it with its success message (that answer's signed
    message cookie); anything else (a 502 while a server dies, a timeout) is not;
  - the public reads the round's static results page through nginx (wrk, 2 threads, gzip, at nice
    DRILL_PUBLIC_NICE), a bounded load of about DRILL_PUBLIC_RATE requests a second (default 32,000 asked, over
    128 connections, paced in whole milliseconds: about 23,000 answered; 0: unbounded, 64 connections); the district administrator starts a snapshot job every 4 s; a probe
    reads /healthz through nginx every 0.25 s (the same run's baseline);
  - a third of the way in, app1 and the worker running a job (or worker1) are killed with -9 (the process
    and its children), and started again after the load, as a supervisor would; nothing is promoted, the
    primary stays.
Then it checks: every acknowledged write is in the database exactly once (a tally entry per box and
clerk, a completed stage, an evidence row per marker, each with its one audit event), the audit chain
verifies (`huanjie verify-audit`), every job made during the drill finished (the one the kill cut, at its
second attempt), the replica replayed everything the primary wrote, and prints one line:
  drill: N writes acknowledged, N found, 0 lost, 0 duplicated, J jobs done, R req/s, p99 X ms, E errors
(R and p99: the public result page through nginx). A cluster the drill started itself is stopped at the
end. Exit status 1 when a check fails.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import cluster
import cluster_jobs
from drill_load import (
    Tally,
    completer,
    demo_round,
    prober,
    stage_fixture,
    starter,
    tallier,
    tally_fixture,
    writer,
    wrk,
)

WRITERS_PER_CLERK = 1
CLERKS = ("shigou", "changwa")
# The public's wrk runs at this CPU priority (nice): on this machine it shares two cores with the cluster
# it loads, where the public's own machines would be elsewhere (docs/deployment.md, "The drill").
PUBLIC_NICE = int(os.environ.get("DRILL_PUBLIC_NICE", "10"))
# The public's load is bounded (the "bounded load"): about this many requests a second, above the
# issue's 20,000, paced by wrk's Lua delay over PUBLIC_CONNECTIONS connections; 0 asks as fast as the
# machine answers — on two shared cores that leaves the clerks what nginx and wrk do not take. The
# unbounded ceiling of the static page is `make cluster-figures`' to measure.
PUBLIC_RATE = int(os.environ.get("DRILL_PUBLIC_RATE", "32000"))
PUBLIC_CONNECTIONS = 128


def worker_running_a_job(wait: float = 8) -> tuple[str, int | None]:
    """The worker whose pool process is running a job now (the owner column names its pid) and the job,
    waiting up to `wait` seconds for one; else worker1 and None."""
    from huanjie.jobs.models import Job, State

    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        running = Job.objects.filter(state=State.RUNNING).values_list("pk", "owner")
        owners = {owner.split(":")[1]: pk for pk, owner in running if owner.count(":") >= 1}
        for name in cluster.WORKERS:
            pid = cluster.read_pid(name)
            if pid is None:
                continue
            children = Path(f"/proc/{pid}/task/{pid}/children")
            family = {str(pid), *(children.read_text().split() if children.exists() else [])}
            for member in family:
                if member in owners:
                    return name, owners[member]
        time.sleep(0.1)
    return cluster.WORKERS[0], None


def p99(latencies: list[float]) -> float:
    return statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 2 else 0.0


def events_by_object(first: int, action: str) -> dict[str, int]:
    from huanjie.auditlog.models import Event

    out: dict[str, int] = {}
    for object_id in Event.objects.filter(pk__gt=first, action=action).values_list("object_id", flat=True):
        out[str(object_id)] = out.get(str(object_id), 0) + 1
    return out


def check_evidence(run: str, first: int, tally: Tally) -> tuple[int, int, int, int, int]:
    """Every acknowledged evidence marker: exactly one row, with exactly one audit event.
    Returns (acknowledged, found, lost, duplicated, rows)."""
    from huanjie.elections.models import Evidence

    names = Evidence.objects.filter(original_name__startswith=f"drill-{run}-").values_list(
        "pk", "original_name"
    )
    rows: dict[str, list[int]] = {}
    for pk, name in names:
        rows.setdefault(name.removesuffix(".pdf"), []).append(pk)
    events = events_by_object(first, "stage.attach_evidence")
    acknowledged = set(tally.acknowledged)
    found = {m for m in acknowledged if m in rows}
    duplicated = sum(len(pks) - 1 for pks in rows.values()) + sum(
        1 for pks in rows.values() for pk in pks if events.get(str(pk), 0) != 1
    )
    return len(acknowledged), len(found), len(acknowledged - found), duplicated, len(names)


def check_tallies(
    first: int, plan: dict[str, list[int]], tally: Tally
) -> tuple[int, int, int, int, dict[str, int]]:
    """Each acknowledged (box, clerk) entry once in the table; each drill box's entries each with their one
    audit event (one polling.enter_tally per entry). Returns (acknowledged, found, lost, duplicated, facts)."""
    from huanjie.polling.models import TallyEntry

    drill_boxes = sorted({box for boxes in plan.values() for box in boxes})
    entries: dict[tuple[int, str], int] = {}
    for box, entrant in TallyEntry.objects.filter(box_id__in=drill_boxes).values_list("box_id", "entrant"):
        entries[(box, entrant)] = entries.get((box, entrant), 0) + 1
    events = events_by_object(first, "polling.enter_tally")
    per_box: dict[int, int] = {}
    for (box, _entrant), n in entries.items():
        per_box[box] = per_box.get(box, 0) + n
    acknowledged = set(tally.tallies)
    found = {key for key in acknowledged if entries.get(key, 0) >= 1}
    duplicated = sum(n - 1 for n in entries.values() if n > 1)
    duplicated += sum(1 for box, n in per_box.items() if events.get(str(box), 0) != n)
    facts = {"rows": len(entries), "both": sum(1 for n in per_box.values() if n >= 2)}
    return len(acknowledged), len(found), len(acknowledged - found), duplicated, facts


def check_stages(
    first: int, plan: dict[str, list[list[int]]], tally: Tally
) -> tuple[int, int, int, int, int]:
    """Each acknowledged stage completion: the stage recorded as done, with exactly one stage.complete
    event; and every drill stage that is done has exactly one (none recorded twice, none without its
    event). Returns (acknowledged, found, lost, duplicated, done)."""
    from huanjie.elections.models import ElectionStage, StageStatus

    drill_stages = sorted({pk for lists in plan.values() for stages in lists for pk in stages})
    done = set(
        ElectionStage.objects.filter(pk__in=drill_stages, status=StageStatus.DONE).values_list(
            "pk", flat=True
        )
    )
    events = events_by_object(first, "stage.complete")
    acknowledged = set(tally.stages)
    found = {pk for pk in acknowledged if pk in done and events.get(str(pk), 0) == 1}
    lost = len({pk for pk in acknowledged if pk not in done})
    duplicated = sum(1 for pk in drill_stages if events.get(str(pk), 0) != (1 if pk in done else 0))
    duplicated += len(tally.stages) - len(acknowledged)  # acknowledged twice: recorded twice
    return len(acknowledged), len(found), lost, duplicated, len(done)


def nginx_timings(offset: int) -> dict[str, list[float]]:
    """The office's write latencies as nginx timed them (the application server's timing log, written
    since `offset`): seconds by kind of write — tally, stage, evidence. nginx sits beside the servers:
    its time is the clerk's wait without the drill's own client threads, which share the CPU too."""
    log = cluster.LOGS / "nginx-app-timing.log"
    kinds = {"tally": re.compile(r"^/office/boxes/\d+/tally/$"), "stage": re.compile(r"^/office/stages/\d+/complete/$"),
             "evidence": re.compile(r"^/office/stages/\d+/evidence/$"), "probe": re.compile(r"^/healthz$")}  # fmt: skip
    out: dict[str, list[float]] = {kind: [] for kind in kinds}
    try:
        with log.open("rb") as f:
            f.seek(offset)
            lines = f.read().decode("utf-8", "replace").splitlines()
    except OSError:
        return out
    for line in lines:
        parts = line.split()
        if len(parts) >= 4 and parts[0] in ("POST", "GET"):
            for kind, pattern in kinds.items():
                if pattern.match(parts[1]):
                    out[kind].append(float(parts[3]))
    return out


def log_offset() -> int:
    try:
        return (cluster.LOGS / "nginx-app-timing.log").stat().st_size
    except OSError:
        return 0


def replica_caught_up() -> tuple[bool, str]:
    target = cluster.psql(cluster.PORTS["primary"], "SELECT pg_current_wal_lsn()")
    for _ in range(100):
        if (
            cluster.psql(
                cluster.PORTS["primary"],
                f"SELECT bool_and(replay_lsn >= '{target}') FROM pg_stat_replication",
            )
            == "t"
        ):
            return True, target
        time.sleep(0.1)
    return False, target


def drill(seconds: int) -> dict[str, Any]:
    """Run the drill; returns its figures (cluster.py figures prints them with the others)."""
    was_up = cluster.alive(cluster.read_pid("nginx") or 0)
    if not was_up:
        cluster.start()
    os.environ.update(cluster.app_env())
    os.environ["DJANGO_SETTINGS_MODULE"] = "huanjie.settings"
    sys.path.insert(0, str(cluster.ROOT))
    import django

    django.setup()
    from huanjie.accounts.models import User
    from huanjie.auditlog.models import Event
    from huanjie.elections.models import ElectionStage
    from huanjie.jobs.models import Job, State

    run = uuid.uuid4().hex[:8]
    rnd = demo_round()
    results = f"/rounds/{rnd}/results/"
    site_page = cluster.DIR / "site" / "rounds" / str(rnd) / "results" / "index.html"
    if not site_page.exists():
        print(f"drill: the static bulletin has no {results}: publishing it first (a job on the workers)")
        cluster_jobs.publish()
    cluster_jobs.precompress()
    tally = Tally()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    number = 0
    for username in CLERKS:
        user = User.objects.get(username=username)
        stages = list(
            ElectionStage.objects.visible_to(user)
            .filter(election__round_id=rnd)
            .order_by("pk")
            .values_list("pk", flat=True)[:20]
        )
        for _ in range(WRITERS_PER_CLERK):
            number += 1
            threads.append(threading.Thread(target=writer, args=(run, number, username, stages, stop, tally)))
    first = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_job = Job.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    plan = tally_fixture(run, rnd)
    for username, boxes in plan.items():
        threads.append(threading.Thread(target=tallier, args=(username, boxes, stop, tally)))
    stage_plan = stage_fixture(run, rnd)
    for username, elections in stage_plan.items():
        threads.append(threading.Thread(target=completer, args=(username, elections, stop, tally)))
    threads.append(threading.Thread(target=starter, args=(stop, tally, 4.0)))
    threads.append(threading.Thread(target=prober, args=(stop, tally)))
    print(
        f"drill {run}: {seconds} s of load — clerks through nginx :{cluster.PORTS['nginx']}, the public on "
        f"the static results page :{cluster.PORTS['site']}{results} (wrk at nice {PUBLIC_NICE}, gzip, "
        f"{f'bounded at about {PUBLIC_RATE:,} req/s' if PUBLIC_RATE else 'unbounded'}) — "
        f"kill -9 at {seconds // 3} s"
    )
    public: dict[str, float] = {}
    offset = log_offset()
    reader = threading.Thread(
        target=lambda: public.update(
            wrk(
                cluster.PORTS["site"],
                results,
                seconds,
                nice=PUBLIC_NICE,
                connections=PUBLIC_CONNECTIONS if PUBLIC_RATE else 64,
                rate=PUBLIC_RATE,
            )
        )
    )
    started = time.monotonic()
    reader.start()
    for t in threads:
        t.start()
    time.sleep(seconds / 3)
    cluster.kill9("app1")
    victim, cut = worker_running_a_job()
    cluster.kill9(victim)
    print(
        f"  {time.monotonic() - started:.0f} s: killed app1 and {victim} with -9"
        + (f" (in the middle of job #{cut})" if cut else " (between jobs)")
    )
    reader.join()
    stop.set()
    for t in threads:
        t.join(timeout=30)
    load_seconds = time.monotonic() - started
    time.sleep(1.5)  # nginx flushes its timing log every second
    timed = nginx_timings(offset)
    # The killed processes come back (as a supervisor would start them), then the checks. Not during the
    # load: a gunicorn master binds its port before its workers have loaded Django, and on this loaded
    # machine requests nginx sends it wait 10-20 s for them (a drill run that restarted app1 5 s after the
    # kill: /healthz p99 21.9 s). In production a new server joins the balancer once its /healthz answers.
    cluster.start_app("app1")
    cluster.start_worker(victim)

    # Every job made while the drill ran: the administrator's snapshots and the PDFs of the notices the
    # stage completions published (a job each, as with any publication). They queue behind each other
    # on the two workers, so the wait is generous.
    jobs = Job.objects.filter(pk__gt=first_job)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if not jobs.exclude(state__in=(State.DONE, State.FAILED)).count():
            break
        time.sleep(1)
    jobs_total = jobs.count()
    jobs_done = jobs.filter(state=State.DONE).count()
    pdf_jobs = jobs.filter(kind="bulletin.notice_pdf").count()
    retried = dict(jobs.filter(attempts__gt=1).values_list("pk", "attempts"))

    ev_ack, ev_found, ev_lost, ev_dup, ev_rows = check_evidence(run, first, tally)
    ta_ack, ta_found, ta_lost, ta_dup, ta_facts = check_tallies(first, plan, tally)
    st_ack, st_found, st_lost, st_dup, st_done = check_stages(first, stage_plan, tally)
    acknowledged, found = ev_ack + ta_ack + st_ack, ev_found + ta_found + st_found
    lost, duplicated = ev_lost + ta_lost + st_lost, ev_dup + ta_dup + st_dup

    verify = subprocess.run(
        [cluster.PYTHON, "-m", "huanjie.manage", "verify-audit"], cwd=cluster.ROOT, env=cluster.app_env(),
        capture_output=True, text=True,
    )  # fmt: skip
    caught_up, target = replica_caught_up()
    on_replica = int(cluster.psql(
        cluster.PORTS["replica"],
        f"SELECT count(*) FROM elections_evidence WHERE original_name LIKE 'drill-{run}-%'",
    ))  # fmt: skip

    tally_p99, stage_p99, writes_p99 = (
        p99(tally.tally_latencies),
        p99(tally.stage_latencies),
        p99(tally.latencies),
    )
    errors = (
        int(public.get("errors", 0))
        + tally.failed
        + tally.tallies_failed
        + tally.stages_failed
        + tally.job_errors
    )
    print(
        f"  tallies: {tally.tallies_attempted} entered ({ta_ack} acknowledged, {ta_found} found, "
        f"{ta_facts['rows']} in the table), p99 {tally_p99:.0f} ms as the drill's client saw it, "
        f"{p99(timed['tally']):.0f} ms as nginx timed it ({len(timed['tally'])} requests; target 300); "
        f"{ta_facts['both']} boxes with both entries"
    )
    probe_p99, probe_timed = p99(tally.probe_latencies), p99(timed["probe"])
    print(
        f"  baseline, the same run: /healthz through nginx, {len(tally.probe_latencies)} requests, p99 "
        f"{probe_p99:.0f} ms (nginx: {probe_timed:.0f} ms) — tally entry p99 / this: "
        f"{p99(timed['tally']) / probe_timed if probe_timed else 0:.1f} (nginx's times)"
    )
    print(
        f"  stages: {tally.stages_attempted} completions sent ({st_ack} acknowledged, {st_found} found, "
        f"{st_done} drill stages done), p99 {stage_p99:.0f} ms (nginx: {p99(timed['stage']):.0f} ms)"
    )
    print(
        f"  evidence: {tally.attempted} attempted in {load_seconds:.0f} s ({ev_ack} acknowledged, {ev_found} "
        f"found), p99 {writes_p99:.0f} ms (nginx: {p99(timed['evidence']):.0f} ms); not acknowledged in all: {tally.failed + tally.tallies_failed + tally.stages_failed} "
        f"(in flight on the killed server, or refused)"
    )
    print(
        f"  public, static result page :{cluster.PORTS['site']} (gzip): {public.get('requests', 0):.0f} requests, "
        f"{public.get('rps', 0):.0f} req/s (target 20,000), p50 {public.get('p50', 0):.1f} ms, p99 "
        f"{public.get('p99', 0):.1f} ms (target 100), {public.get('errors', 0):.0f} errors"
    )
    print(
        f"  jobs: {jobs_total} made while the drill ran ({len(tally.jobs)} snapshots, {pdf_jobs} notices' "
        f"PDFs), {jobs_done} done"
        + (
            f" (#{cut}, cut by the kill: {'done at attempt ' + str(retried.get(cut)) if cut in retried else 'see its page'})"
            if cut
            else ""
        )
        + "; audit chain: "
        f"{'verified' if verify.returncode == 0 else 'BROKEN'} ({verify.stdout.strip().splitlines()[-1:] or ''}); "
        f"replica: {'caught up' if caught_up else 'BEHIND'} at {target}, {on_replica} of {ev_rows} "
        f"drill rows"
    )
    print(
        f"drill: {acknowledged} writes acknowledged, {found} found, {lost} lost, {duplicated} duplicated, "
        f"{jobs_done} jobs done, {public.get('rps', 0):.0f} req/s, p99 {public.get('p99', 0):.0f} ms, "
        f"{errors} errors"
    )
    ok = (
        lost == 0
        and duplicated == 0
        and jobs_done == jobs_total
        and (cut is None or cut in retried)
        and verify.returncode == 0
        and caught_up
        and on_replica == ev_rows
    )
    if not was_up:
        cluster.stop()
    return {
        "ok": ok,
        "acknowledged": acknowledged,
        "lost": lost,
        "duplicated": duplicated,
        "stages": st_ack,
        "tally_p99": tally_p99,
        "tally_p99_nginx": p99(timed["tally"]),
        "stage_p99_nginx": p99(timed["stage"]),
        "probe_p99_nginx": p99(timed["probe"]),
        "stage_p99": stage_p99,
        "public": public,
        "errors": errors,
    }
