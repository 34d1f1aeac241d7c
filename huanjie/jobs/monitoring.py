"""Monitoring: `/healthz` for load balancers and probes, `/metrics` for Prometheus (docs/deployment.md).

`/healthz` answers 200 with what it checked when the application server can do its work — the primary
database answers, the replica (if there is one) answers and says how far behind it is, the shared cache
and the queue's Redis (if configured) answer — and 503 naming what failed otherwise. It reads nothing
personal and is open, like any load balancer's probe.

`/metrics` is Prometheus's text format: the request latency histogram of the application servers
(core/metrics.py, every process of the server added up when PROMETHEUS_MULTIPROC_DIR is set), the queue
depth (messages waiting in Redis, and the job table's queued and running jobs) and the jobs' durations
(a histogram over every finished job, by kind, from the job table: the same wherever the job ran). It is
restricted: only to a direct loopback connection (a scraper on the machine itself; not a request that a
proxy forwarded, which carries X-Forwarded-For), or to a request bearing `Authorization: Bearer
<METRICS_TOKEN>` when that setting is given.
"""

from __future__ import annotations

import hmac
import os
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.db.models import Count, DurationField, ExpressionWrapper, F
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY, Collector

from huanjie.jobs.models import Job, State

JOB_BUCKETS = (1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0)
LOOPBACK = {"127.0.0.1", "::1"}


def _broker_client() -> Any:
    import redis

    return redis.Redis.from_url(settings.JOBS_BROKER_URL, socket_timeout=2, socket_connect_timeout=2)


def queue_keys() -> list[str]:
    """The Redis lists kombu keeps the queue's messages in (one per priority step; 0 is the bare name)."""
    prefix = str(settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("global_keyprefix", ""))
    name = str(settings.CELERY_TASK_DEFAULT_QUEUE)
    return [f"{prefix}{name}", *(f"{prefix}{name}\x06\x16{p}" for p in (3, 6, 9))]


def queue_depth() -> int | None:
    """Messages waiting in the broker; None without one (jobs run in the web process)."""
    if not settings.JOBS_BROKER_URL:
        return None
    client = _broker_client()
    return int(sum(client.llen(key) for key in queue_keys()))


def _check(name: str, checks: dict[str, Any], probe: Any) -> bool:
    started = time.perf_counter()
    try:
        detail = probe()
    except Exception as exc:  # a probe reports every failure, whatever it is
        checks[name] = {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}
        return False
    checks[name] = {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1), **(detail or {})}
    return True


def _database(alias: str) -> Any:
    def probe() -> dict[str, Any]:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
            if alias != "default" and connections[alias].vendor == "postgresql":
                cursor.execute(
                    "SELECT COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)"
                )
                row = cursor.fetchone()
                return {"seconds_since_last_replay": round(float(row[0] if row else 0), 3)}
        return {}

    return probe


def _cache() -> dict[str, Any]:
    cache.set("huanjie-health", "ok", 10)
    if cache.get("huanjie-health") != "ok":
        raise RuntimeError("the cache did not keep a value")
    return {}


def _broker() -> dict[str, Any]:
    _broker_client().ping()
    return {"queued_messages": queue_depth()}


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}
    ok = all(
        [_check(f"database:{alias}", checks, _database(alias)) for alias in settings.DATABASES]
        + [_check("cache", checks, _cache)]
        + ([_check("broker", checks, _broker)] if settings.JOBS_BROKER_URL else [])
    )
    body = {"status": "ok" if ok else "failing", "pid": os.getpid(), "checks": checks}
    return JsonResponse(body, status=200 if ok else 503)


def may_scrape(request: HttpRequest) -> bool:
    token = str(getattr(settings, "METRICS_TOKEN", "") or "")
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    direct = "X-Forwarded-For" not in request.headers and "X-Real-Ip" not in request.headers
    return direct and request.META.get("REMOTE_ADDR") in LOOPBACK


class JobCollector(Collector):
    """Figures read from the job table and the broker at each scrape."""

    def collect(self) -> Iterator[Any]:
        states = GaugeMetricFamily("huanjie_jobs", "Jobs in the job table, by state", labels=["state"])
        counts = dict(Job.objects.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        for state in State:
            states.add_metric([state.value], counts.get(state.value, 0))
        yield states
        depth = queue_depth()
        if depth is not None:
            yield GaugeMetricFamily("huanjie_queue_depth", "Messages waiting in the job queue", value=depth)
        durations: dict[str, list[float]] = {}
        took = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
        finished = Job.objects.filter(state__in=(State.DONE, State.FAILED), started_at__isnull=False)
        for kind, delta in finished.annotate(took=took).values_list("kind", "took").iterator():
            if delta is not None:
                durations.setdefault(kind, []).append(delta.total_seconds())
        histogram = HistogramMetricFamily(
            "huanjie_job_duration_seconds", "Time from a job's start to its end, by kind", labels=["kind"]
        )
        for kind, values in sorted(durations.items()):
            buckets = [(str(b), sum(1 for v in values if v <= b)) for b in JOB_BUCKETS]
            buckets.append(("+Inf", len(values)))
            histogram.add_metric([kind], buckets, sum(values))
        yield histogram


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        raise Http404("not here")
    requests: CollectorRegistry = REGISTRY
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        MultiProcessCollector(requests)  # type: ignore[no-untyped-call]
    jobs = CollectorRegistry(auto_describe=False)
    jobs.register(JobCollector())
    body = generate_latest(requests) + generate_latest(jobs)
    return HttpResponse(body, content_type="text/plain; version=0.0.4; charset=utf-8")
