"""Monitoring: /healthz answers what it checked; /metrics (Prometheus) has the request latency, the job
table's states and the jobs' durations, and answers only a direct loopback scraper or a bearer of the
token."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from huanjie.jobs.models import Job, State


def test_health_answers_ok_with_each_check(db: Any, client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database:default"]["ok"] and body["checks"]["cache"]["ok"]
    assert "broker" not in body["checks"]  # no broker configured: jobs run in the web process


def test_health_says_what_failed(db: Any, client: Client, monkeypatch: Any) -> None:
    from huanjie.jobs import monitoring

    def broken() -> None:
        raise ConnectionError("cache down")

    monkeypatch.setattr(monitoring, "_cache", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == {"ok": False, "error": "ConnectionError: cache down"}


def test_metrics_for_a_loopback_scraper(tree: Any, admin: Any, client: Client) -> None:
    started = timezone.now() - dt.timedelta(seconds=30)
    Job.objects.create(
        kind="reports.tables",
        division=admin.scope,
        state=State.DONE,
        started_at=started,
        finished_at=started + dt.timedelta(seconds=12),
    )
    Job.objects.create(kind="reports.tables", division=admin.scope)
    client.get("/")  # one request timed
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'huanjie_request_duration_seconds_count{area="bulletin"' in text
    assert 'huanjie_jobs{state="queued"} 1.0' in text and 'huanjie_jobs{state="done"} 1.0' in text
    assert 'huanjie_job_duration_seconds_bucket{kind="reports.tables",le="5.0"} 0.0' in text
    assert 'huanjie_job_duration_seconds_bucket{kind="reports.tables",le="15.0"} 1.0' in text
    assert 'huanjie_job_duration_seconds_sum{kind="reports.tables"} 12.0' in text


def test_metrics_refuse_a_forwarded_or_remote_request_unless_it_bears_the_token(
    db: Any, client: Client, settings: Any
) -> None:
    assert client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 404
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.METRICS_TOKEN = "a-scraper-token-of-some-length"
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    bearer = {"Authorization": "Bearer a-scraper-token-of-some-length"}
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", headers=bearer).status_code == 200
    wrong = {"Authorization": "Bearer another"}
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9", headers=wrong).status_code == 404
