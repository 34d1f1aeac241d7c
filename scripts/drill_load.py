"""The drill's load (scripts/drill.py): the office's clerks as browsers, the public as wrk, and the
polling day and drill round the clerks work on. docs/deployment.md, "The drill"."""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import cluster

PASSWORD = "huanjie-demo-2026"
DRILL_ROUND = "演练 drill"  # the name of the rounds the drill opens (stage_fixture)


def demo_round() -> int:
    """The demo's round at its end: the round with published results that no drill opened."""
    from huanjie.elections.models import Notice

    found = (
        Notice.objects.filter(stage="result")
        .exclude(round__name__startswith=DRILL_ROUND)
        .order_by("pk")
        .values_list("round_id", flat=True)
        .last()
    )
    if found is None:
        raise SystemExit("drill: the demo's round has no results: load the demo as of its end")
    return found


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
        # The office's messages: a browser shows them on the page the redirect leads to, which empties
        # them; the drill reads each answer's own (`succeeded`) and keeps none, so that an answer is never
        # judged by an earlier one's success.
        self.cookies.pop("messages", None)
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
    stages: list[int] = field(default_factory=list)
    stages_attempted: int = 0
    stages_failed: int = 0
    stage_latencies: list[float] = field(default_factory=list)
    probe_latencies: list[float] = field(default_factory=list)
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


# A clerk scanning and attaching evidence pauses between files: without it the two writers' closed loop
# sent 60 uploads a second, a queue every other clerk's request waited in (docs/deployment.md, "The drill").
CLERK_PAUSE = float(os.environ.get("DRILL_CLERK_PAUSE", "0.25"))


def writer(
    run: str, number: int, username: str, stages: list[int], stop: threading.Event, tally: Tally
) -> None:
    session = Session(cluster.PORTS["nginx"])
    session.login(username)
    n = 0
    while not stop.wait(CLERK_PAUSE if n else 0):
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


def prober(stop: threading.Event, tally: Tally, every: float = 0.25) -> None:
    """The baseline in the same run: the application servers' health check (the primary, the replica, the
    cache, the broker: a request that does next to nothing) through the same nginx, every `every` s. Its
    p99 is this machine's floor for any request while the drill's load runs."""
    session = Session(cluster.PORTS["nginx"])
    while not stop.wait(every):
        started = time.perf_counter()
        try:
            session.request("GET", "/healthz")
        except (OSError, http.client.HTTPException):
            continue
        with tally.lock:
            tally.probe_latencies.append(time.perf_counter() - started)


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


# wrk's Lua hook: each connection waits this many milliseconds before its next request, so that the load
# is bounded (about connections × 1000 / (delay + latency) requests a second) instead of whatever the CPU
# allows. wrk counts the wait outside a request's latency.
PACED = "local pause = {delay}\nfunction delay() return pause end\n"


def wrk(
    port: int,
    path: str,
    seconds: float,
    *,
    gzip: bool = True,
    nice: int = 0,
    connections: int = 64,
    rate: int = 0,
) -> dict[str, float]:
    """The public: wrk, 2 threads, `connections` keep-alive connections, sending `Accept-Encoding: gzip`
    as every browser does (unless gzip=False), at CPU priority `nice` (the public's machines are not the
    cluster's; on this shared machine wrk runs beside it, at a lower priority so that it does not take the
    clerks' CPU — docs/deployment.md). With `rate`, a bounded load: each connection paced so that all of
    them together ask at most about `rate` requests a second (0: as fast as the machine answers)."""
    command = ["nice", "-n", str(nice)] if nice else []
    command += ["wrk", "-t2", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "5s", "--latency"]
    if rate:
        script = Path(tempfile.mkstemp(prefix="drill-public-", suffix=".lua")[1])
        script.write_text(PACED.format(delay=max(1, connections * 1000 // rate)))
        command += ["-s", str(script)]
    if gzip:
        command += ["-H", "Accept-Encoding: gzip, deflate, br"]
    command.append(f"http://127.0.0.1:{port}{path}")
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    finally:
        if rate:
            script.unlink(missing_ok=True)

    def ms(percent: str) -> float:
        found = re.search(rf"{percent}%\s+([\d.]+)(us|ms|s)\b", out)
        return (
            float(found.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[found.group(2)] if found else -1.0
        )

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    requests = re.search(r"(\d+) requests in", out)
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    transfer = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", out)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": float(requests.group(1)) if requests else 0.0,
        "p50": ms("50"),
        "p99": ms("99"),
        "errors": float(errors + (int(non2xx.group(1)) if non2xx else 0)),
        "mb_s": float(transfer.group(1)) * {"B": 1e-6, "KB": 1e-3, "MB": 1.0, "GB": 1e3}[transfer.group(2)]
        if transfer
        else 0.0,
    }


# Each village's clerk and its street's officer: the two different clerks a box's tally needs.
TELLERS = (("shigou", "qingbaishi"), ("changwa", "donggang"))
BOXES_PER_ROUND = 150


def tally_fixture(run: str, round_id: int) -> dict[str, list[int]]:
    """Polling day for the drill: in each teller pair's village, a voting round of its villagers'
    committee opened today with BOXES_PER_ROUND boxes awaiting their two entries (actions of the system,
    audited like the office's). Returns the boxes each user enters, in the order they enter them."""
    from huanjie.accounts.models import User
    from huanjie.core import clock
    from huanjie.core.actions import SYSTEM
    from huanjie.elections.models import Election
    from huanjie.polling.actions import do_add_box, do_open_voting_round
    from huanjie.voters.models import Resident

    plan: dict[str, list[int]] = {}
    for clerk, officer in TELLERS:
        unit = User.objects.get(username=clerk).scope
        election = Election.objects.get(round_id=round_id, unit=unit, kind="villagers_committee")
        # The ballot names people of the roll (two of the village's residents), as the office's picker does.
        candidates = list(Resident.objects.filter(unit=unit).order_by("pk")[:2])
        vr = do_open_voting_round(
            election,
            held_on=clock.today(),
            registered=300,
            contests=[{"post": "director", "seats": 1, "candidates": candidates}],
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
            "votes_director_1": str(voted - 40),  # the ballot's two lines
            "votes_director_2": "37",
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


def stage_fixture(run: str, round_id: int) -> dict[str, list[list[int]]]:
    """Stage completions for the drill: a round of the villagers' committees opened today in the demo's
    district (an action of the system, as the district office opens one), every election's stages
    pending. Each teller pair's village clerk completes its own village's stages, the street's officer
    those of the street's other villages — in the statute's order, one after another, as the office's
    "Record as done" form does. Returns, for each user, the elections' stage numbers in that order."""
    from huanjie.accounts.models import User
    from huanjie.core import clock
    from huanjie.core.actions import SYSTEM
    from huanjie.elections.actions.rounds import do_open_round
    from huanjie.elections.models import Election, Round

    demo = Round.objects.select_related("district").get(pk=round_id)
    today = clock.today()
    drill_round = do_open_round(
        district=demo.district,
        name=f"{DRILL_ROUND} {run}",
        profile=demo.profile,
        starts_on=today,
        ends_on=today + dt.timedelta(days=120),
        bodies=["villagers_committee"],
        actor=SYSTEM,
    )
    elections = Election.objects.filter(round=drill_round).select_related("unit")
    plan: dict[str, list[list[int]]] = {}
    for clerk, officer in TELLERS:
        village = User.objects.get(username=clerk).scope
        street = User.objects.get(username=officer).scope
        ours = [e for e in elections if e.unit_id == village.pk]
        others = [e for e in elections if e.street_id == street.pk and e.unit_id != village.pk]
        plan[clerk] = [_stage_order(e) for e in ours]
        plan[officer] = [_stage_order(e) for e in others]
    return plan


def _stage_order(election: Any) -> list[int]:
    return list(election.stages.order_by("seq").values_list("pk", flat=True))


def completer(username: str, elections: list[list[int]], stop: threading.Event, tally: Tally) -> None:
    """A clerk recording stages as done (today), each election's in order. A completion without an
    answer (its server died: a 502, a timeout) is sent again, up to twice — the action refuses a stage
    recorded already, so a second sending never records one twice; an answer, success or refusal, is
    final and the clerk goes on to the next stage."""
    from huanjie.core import clock

    session = Session(cluster.PORTS["nginx"])
    session.login(username)
    today = clock.today().isoformat()
    for stages in elections:
        for stage in stages:
            for _attempt in range(3):
                if stop.is_set():
                    return
                started = time.perf_counter()
                try:
                    status, _headers, _data, jar = session.form(
                        f"/office/stages/{stage}/complete/",
                        {"completed_on": today, "notes": "", "override": ""},
                    )
                except (OSError, http.client.HTTPException):
                    status, jar = 0, SimpleCookie()
                ok = status == 302 and succeeded(jar)
                with tally.lock:
                    tally.stages_attempted += 1
                    tally.stage_latencies.append(time.perf_counter() - started)
                    if ok:
                        tally.stages.append(stage)
                    else:
                        tally.stages_failed += 1
                if status == 302:
                    break
                time.sleep(0.3)
