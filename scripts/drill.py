"""The failure drill (`make cluster-drill`, docs/deployment.md "The drill").

A bounded load through nginx while one application server and one worker are killed with -9:
  - polling day: in each of two villages (Shigou, Changwa) the drill opens a voting round of the
    villagers' committee with 150 boxes (actions of the system); the village's clerk and the street's
    officer — the two different clerks a box's tally needs — enter the tally sheets, one box after
    another from opposite ends, so about half the boxes get both entries and are accepted. Each entry is
    identified by its box and its clerk (the action refuses a clerk's second entry of a box);
  - the same clerks attach evidence to their election's stages in a loop, each file named and filled
    with a unique marker;
  - a write is *acknowledged* when the office answered it with its success message (the redirect's signed
    message cookie says "success"); anything else (a 502 while a server dies, a timeout) is not;
  - the public reads the round's results page (wrk, 2 threads, 64 connections);
  - the district administrator starts a progress-snapshot job every few seconds;
  - a third of the way in, the application server app1 and the worker running a job (or worker1) are
    killed with -9 (the process and its children); nothing is promoted, the primary stays.
Then it checks: every acknowledged write is in the database exactly once (a tally entry per box and
clerk, an evidence row per marker, each with its one audit event), the audit chain verifies (`huanjie
verify-audit`), every job the drill started finished (the one the kill cut, at its second attempt), the
replica replayed everything the primary wrote (pg_stat_replication's replay LSN), and prints one line:
  drill: N writes acknowledged, N found, 0 lost, 0 duplicated, J jobs done, R req/s, p99 X ms, E errors
(R and p99: the public result page through nginx). The killed processes are started again afterwards;
a cluster the drill started itself is stopped at the end. Exit status 1 when a check fails.
"""

from __future__ import annotations

import http.client
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import cluster

WRITERS_PER_CLERK = 1
CLERKS = ("shigou", "changwa")
PASSWORD = "huanjie-demo-2026"


class Session:
    """One browser: its cookies and a keep-alive connection to nginx."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes, SimpleCookie]:
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        head = dict(headers or {})
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=head)
            response = self.conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = None
            raise
        jar: SimpleCookie = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        for name, morsel in jar.items():
            if morsel["max-age"] == "0" or not morsel.value:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = morsel.value
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data, jar

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, dict[str, str], bytes, SimpleCookie]:
        from urllib.parse import urlencode

        body = urlencode({**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}).encode()
        return self.request(
            "POST",
            path,
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
            },
        )

    def login(self, username: str) -> None:
        for _attempt in range(5):
            try:
                self.request("GET", "/office/login/")
                status, _headers, _body, _jar = self.form(
                    "/office/login/", {"username": username, "password": PASSWORD}
                )
                if status == 302 and "sessionid" in self.cookies:
                    return
            except (OSError, http.client.HTTPException):
                time.sleep(0.5)
        raise SystemExit(f"drill: {username} could not log in")


def succeeded(jar: SimpleCookie) -> bool:
    """Whether the office's answer carries a success message (Django's message cookie, signed)."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.cookie import CookieStorage, MessageSerializer
    from django.core import signing

    morsel = jar.get("messages")
    if morsel is None or not morsel.value:
        return False
    signer = signing.get_cookie_signer(salt=CookieStorage.key_salt)
    try:
        messages = signer.unsign_object(morsel.value.strip('"'), serializer=MessageSerializer)  # type: ignore[arg-type]
    except signing.BadSignature:
        return False
    return any(m.level == constants.SUCCESS for m in messages or [])


@dataclass
class Tally:
    acknowledged: list[str] = field(default_factory=list)
    attempted: int = 0
    failed: int = 0
    latencies: list[float] = field(default_factory=list)
    jobs: list[int] = field(default_factory=list)
    tallies: list[tuple[int, str]] = field(default_factory=list)
    tallies_attempted: int = 0
    tallies_failed: int = 0
    tally_latencies: list[float] = field(default_factory=list)
    job_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def multipart(name: str, data: bytes, token: str) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="evidence"; filename="{name}"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + data
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def writer(
    run: str, number: int, username: str, stages: list[int], stop: threading.Event, tally: Tally
) -> None:
    session = Session(cluster.PORTS["nginx"])
    session.login(username)
    n = 0
    while not stop.is_set():
        n += 1
        marker = f"drill-{run}-{number}-{n}"
        pdf = f"%PDF-1.4\n% {marker}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".encode()
        body, kind = multipart(f"{marker}.pdf", pdf, session.cookies.get("csrftoken", ""))
        stage = stages[n % len(stages)]
        started = time.perf_counter()
        ok = False
        try:
            status, _headers, _data, jar = session.request(
                "POST", f"/office/stages/{stage}/evidence/", body, {"Content-Type": kind}
            )
            ok = status == 302 and succeeded(jar)
        except (OSError, http.client.HTTPException):
            ok = False
        took = time.perf_counter() - started
        with tally.lock:
            tally.attempted += 1
            tally.latencies.append(took)
            if ok:
                tally.acknowledged.append(marker)
            else:
                tally.failed += 1
        if not ok:
            time.sleep(0.2)


def starter(stop: threading.Event, tally: Tally, every: float) -> None:
    session = Session(cluster.PORTS["nginx"])
    session.login("admin")
    while not stop.wait(every):
        try:
            status, headers, _data, _jar = session.form("/office/jobs/start/elections.snapshot/", {})
            found = re.search(r"/office/jobs/(\d+)/", headers.get("location", ""))
        except (OSError, http.client.HTTPException):
            status, found = 0, None
        with tally.lock:
            if status == 302 and found:
                tally.jobs.append(int(found.group(1)))
            else:
                tally.job_errors += 1


def wrk(path: str, seconds: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "5s", "--latency",
         f"http://127.0.0.1:{cluster.PORTS['nginx']}{path}"],
        capture_output=True, text=True, timeout=seconds + 60,
    ).stdout  # fmt: skip

    def ms(percent: str) -> float:
        found = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)\b", out)
        return (
            float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)] if found else -1.0
        )

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": float(requests.group(1)) if requests else 0.0,
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": float(errors + (int(non2xx.group(1)) if non2xx else 0)),
    }


# Each village's clerk and its street's officer: the two different clerks a box's tally needs.
TELLERS = (("shigou", "qingbaishi"), ("changwa", "donggang"))
BOXES_PER_ROUND = 150


def tally_fixture(run: str) -> dict[str, list[int]]:
    """Polling day for the drill: in each teller pair's village, a voting round of its villagers'
    committee opened today with BOXES_PER_ROUND boxes awaiting their two entries (actions of the system,
    audited like the office's). Returns the boxes each user enters, in the order they enter them."""
    from huanjie.accounts.models import User
    from huanjie.core import clock
    from huanjie.core.actions import SYSTEM
    from huanjie.elections.models import Election
    from huanjie.polling.actions import do_add_box, do_open_voting_round

    plan: dict[str, list[int]] = {}
    for clerk, officer in TELLERS:
        unit = User.objects.get(username=clerk).scope
        election = Election.objects.get(unit=unit, kind="villagers_committee")
        vr = do_open_voting_round(
            election,
            held_on=clock.today(),
            registered=300,
            contests=[{"post": "director", "seats": 1, "candidates": ["甲候选", "乙候选"]}],
            actor=SYSTEM,
        )
        boxes = [
            do_add_box(vr, name=f"drill-{run}-{i}", kind="sub", actor=SYSTEM).pk
            for i in range(BOXES_PER_ROUND)
        ]
        plan[clerk] = boxes
        plan[officer] = list(reversed(boxes))  # the two meet in the middle: half the boxes get both entries
    return plan


def tallier(username: str, boxes: list[int], stop: threading.Event, tally: Tally) -> None:
    """A clerk entering tallies: one box after another, each the tally sheet's figures."""
    session = Session(cluster.PORTS["nginx"])
    session.login(username)
    for box in boxes:
        if stop.is_set():
            break
        voted = 100 + box % 50
        fields = {
            "voters_signed": str(voted),
            "ballots_issued": str(voted),
            "ballots_collected": str(voted),
            "invalid": "1",
            "blank": "2",
            "votes_director": f"甲候选 {voted - 40}\n乙候选 37",
        }
        started = time.perf_counter()
        try:
            status, _headers, _data, jar = session.form(f"/office/boxes/{box}/tally/", fields)
            ok = status == 302 and succeeded(jar)
        except (OSError, http.client.HTTPException):
            ok = False
        with tally.lock:
            tally.tallies_attempted += 1
            tally.tally_latencies.append(time.perf_counter() - started)
            if ok:
                tally.tallies.append((box, username))
            else:
                tally.tallies_failed += 1


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


def drill(seconds: int) -> None:
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
    from huanjie.elections.models import ElectionStage, Evidence, Notice
    from huanjie.jobs.models import Job, State

    run = uuid.uuid4().hex[:8]
    rnd = Notice.objects.filter(stage="result").order_by("pk").values_list("round_id", flat=True).last()
    results = f"/rounds/{rnd}/results/"
    tally = Tally()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    number = 0
    for username in CLERKS:
        user = User.objects.get(username=username)
        stages = list(ElectionStage.objects.visible_to(user).order_by("pk").values_list("pk", flat=True)[:20])
        for _ in range(WRITERS_PER_CLERK):
            number += 1
            threads.append(threading.Thread(target=writer, args=(run, number, username, stages, stop, tally)))
    first = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    plan = tally_fixture(run)
    for username, boxes in plan.items():
        threads.append(threading.Thread(target=tallier, args=(username, boxes, stop, tally)))
    threads.append(threading.Thread(target=starter, args=(stop, tally, 4.0)))
    # Opening the voting rounds moved the public edition: each server renders the results page once
    # before the public arrives, as it would have long before polling day's evening.
    time.sleep(1.5)  # BULLETIN_FRESHNESS: every server has seen the new edition
    for name in cluster.APPS:
        for _ in range(3):
            cluster._get(f"http://127.0.0.1:{cluster.PORTS[name]}{results}", timeout=60)
    print(
        f"drill {run}: {seconds} s of load through nginx :{cluster.PORTS['nginx']}, kill -9 at {seconds // 3} s"
    )
    public: dict[str, float] = {}
    reader = threading.Thread(target=lambda: public.update(wrk(results, seconds)))
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
    # The killed processes come back (as a supervisor would start them), then the checks.
    cluster.start_app("app1")
    cluster.start_worker(victim)

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        left = Job.objects.filter(pk__in=tally.jobs).exclude(state__in=(State.DONE, State.FAILED)).count()
        if not left:
            break
        time.sleep(1)
    jobs_done = Job.objects.filter(pk__in=tally.jobs, state=State.DONE).count()
    retried = dict(Job.objects.filter(pk__in=tally.jobs, attempts__gt=1).values_list("pk", "attempts"))

    names = Evidence.objects.filter(original_name__startswith=f"drill-{run}-").values_list(
        "pk", "original_name"
    )
    rows: dict[str, list[int]] = {}
    for pk, name in names:
        rows.setdefault(name.removesuffix(".pdf"), []).append(pk)
    events: dict[str, int] = {}
    for object_id in Event.objects.filter(pk__gt=first, action="stage.attach_evidence").values_list(
        "object_id", flat=True
    ):
        events[str(object_id)] = events.get(str(object_id), 0) + 1
    acknowledged = set(tally.acknowledged)
    found = {m for m in acknowledged if m in rows}
    lost = len(acknowledged - found)
    duplicated = sum(len(pks) - 1 for pks in rows.values()) + sum(
        1 for pks in rows.values() for pk in pks if events.get(str(pk), 0) != 1
    )
    # Tallies: each acknowledged (box, clerk) entry once in the table, and each box's entries each with its
    # audit event (one polling.enter_tally per entry).
    from huanjie.polling.models import TallyEntry

    drill_boxes = sorted({box for boxes in plan.values() for box in boxes})
    entries: dict[tuple[int, str], int] = {}
    for box, entrant in TallyEntry.objects.filter(box_id__in=drill_boxes).values_list("box_id", "entrant"):
        entries[(box, entrant)] = entries.get((box, entrant), 0) + 1
    entered_events: dict[str, int] = {}
    for object_id in Event.objects.filter(pk__gt=first, action="polling.enter_tally").values_list(
        "object_id", flat=True
    ):
        entered_events[str(object_id)] = entered_events.get(str(object_id), 0) + 1
    per_box: dict[int, int] = {}
    for (box, _entrant), n in entries.items():
        per_box[box] = per_box.get(box, 0) + n
    tallies_acked = set(tally.tallies)
    tallies_found = {key for key in tallies_acked if entries.get(key, 0) >= 1}
    lost += len(tallies_acked - tallies_found)
    duplicated += sum(n - 1 for n in entries.values() if n > 1)
    duplicated += sum(1 for box, n in per_box.items() if entered_events.get(str(box), 0) != n)
    acknowledged_all = len(acknowledged) + len(tallies_acked)
    found_all = len(found) + len(tallies_found)

    verify = subprocess.run(
        [cluster.PYTHON, "-m", "huanjie.manage", "verify-audit"], cwd=cluster.ROOT, env=cluster.app_env(),
        capture_output=True, text=True,
    )  # fmt: skip
    target = cluster.psql(cluster.PORTS["primary"], "SELECT pg_current_wal_lsn()")
    caught_up = False
    for _ in range(100):
        caught_up = (
            cluster.psql(
                cluster.PORTS["primary"],
                f"SELECT bool_and(replay_lsn >= '{target}') FROM pg_stat_replication",
            )
            == "t"
        )
        if caught_up:
            break
        time.sleep(0.1)
    on_replica = int(cluster.psql(
        cluster.PORTS["replica"],
        f"SELECT count(*) FROM elections_evidence WHERE original_name LIKE 'drill-{run}-%'",
    ))  # fmt: skip

    writes_p99 = statistics.quantiles(tally.latencies, n=100)[98] * 1000 if len(tally.latencies) > 2 else 0.0
    tally_p99 = (
        statistics.quantiles(tally.tally_latencies, n=100)[98] * 1000
        if len(tally.tally_latencies) > 2
        else 0.0
    )
    errors = int(public.get("errors", 0)) + tally.failed + tally.tallies_failed + tally.job_errors
    print(
        f"  tallies: {tally.tallies_attempted} entered ({len(tallies_acked)} acknowledged, "
        f"{len(tallies_found)} found, {len(entries)} in the table), p99 {tally_p99:.0f} ms; "
        f"{sum(1 for n in per_box.values() if n >= 2)} boxes with both entries"
    )
    print(
        f"  evidence: {tally.attempted} attempted in {load_seconds:.0f} s, {tally.failed} not acknowledged "
        f"(in flight on the killed server, or refused), p99 {writes_p99:.0f} ms; public result page: "
        f"{public.get('requests', 0):.0f} requests, p50 {public.get('p50', 0):.1f} ms, "
        f"{public.get('errors', 0):.0f} errors"
    )
    print(
        f"  jobs: {len(tally.jobs)} started, {jobs_done} done"
        + (
            f" (#{cut}, cut by the kill: {'done at attempt ' + str(retried.get(cut)) if cut in retried else 'see its page'})"
            if cut
            else ""
        )
        + "; audit chain: "
        f"{'verified' if verify.returncode == 0 else 'BROKEN'} ({verify.stdout.strip().splitlines()[-1:] or ''}); "
        f"replica: {'caught up' if caught_up else 'BEHIND'} at {target}, {on_replica} of {len(names)} "
        f"drill rows"
    )
    print(
        f"drill: {acknowledged_all} writes acknowledged, {found_all} found, {lost} lost, {duplicated} duplicated, "
        f"{jobs_done} jobs done, {public.get('rps', 0):.0f} req/s, p99 {public.get('p99', 0):.0f} ms, "
        f"{errors} errors"
    )
    ok = (
        lost == 0
        and duplicated == 0
        and jobs_done == len(tally.jobs)
        and (cut is None or cut in retried)
        and verify.returncode == 0
        and caught_up
        and on_replica == len(names)
    )
    if not was_up:
        cluster.stop()
    if not ok:
        raise SystemExit(1)
