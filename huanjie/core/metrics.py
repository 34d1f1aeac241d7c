"""Request latency for Prometheus (`/metrics`, huanjie/jobs/monitoring.py; docs/deployment.md).

Each application server process observes every request's duration into a histogram labelled by the kind
of page (public bulletin, open data, office, …: a handful of values, never the address itself) and the
status class. gunicorn runs several processes: with PROMETHEUS_MULTIPROC_DIR set (a directory of the
server's own, emptied before it starts) they write their samples there and `/metrics` adds them up;
without it the figures are the answering process's own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from prometheus_client import Histogram

REQUEST_SECONDS = Histogram(
    "huanjie_request_duration_seconds",
    "Time to answer a request, by kind of page and status class",
    ["area", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)

AREAS = (
    ("/office/jobs/", "jobs"),
    ("/office/reports/", "reports"),
    ("/office/", "office"),
    ("/data/", "open data"),
    ("/static/", "static"),
    ("/healthz", "health"),
    ("/metrics", "metrics"),
)


def area(path: str) -> str:
    for prefix, name in AREAS:
        if path.startswith(prefix):
            return name
    return "bulletin"


class MetricsMiddleware:
    """Times the request from here down (a page the bulletin's cache answers in front of Django is not
    timed: it never reaches the middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        response = self.get_response(request)
        REQUEST_SECONDS.labels(area(request.path), f"{response.status_code // 100}xx").observe(
            time.perf_counter() - started
        )
        return response
