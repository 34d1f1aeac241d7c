"""The dynamic site: ETag and 304, Cache-Control, repeat requests from the cache, fresh after a write."""

from __future__ import annotations

from typing import Any

from django.test import Client

from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice


def test_it_sends_an_etag_and_answers_304(client: Client, results: dict[str, Notice]) -> None:
    first = client.get("/")
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and "public, max-age=" in first["Cache-Control"]
    again = client.get("/", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200


def test_it_serves_repeat_requests_from_the_cache(
    client: Client, results: dict[str, Notice], settings: Any, django_assert_num_queries: Any
) -> None:
    settings.BULLETIN_FRESHNESS = "60"
    path = f"/notices/{results['shigou'].pk}/"
    first = client.get(path)
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content and again["ETag"] == first["ETag"]


def test_it_shows_a_new_notice_after_a_write(client: Client, results: dict[str, Notice], admin: Any) -> None:
    old = results["shigou"]
    before = client.get(f"/notices/{old.pk}/")
    new = do_correct_notice(old, body_zh="更正。", body_en="Corrected.", actor=admin)
    after = client.get(f"/notices/{old.pk}/", headers={"If-None-Match": before["ETag"]})
    assert after.status_code == 200 and f"/notices/{new.pk}/" in after.content.decode()


def test_it_keeps_languages_apart(client: Client, results: dict[str, Notice]) -> None:
    zh, en = client.get("/"), client.get("/en/")
    assert zh["Content-Language"] == "zh-hans" and en["Content-Language"] == "en"
    assert zh.content != en.content
    assert client.post("/").status_code == 405


def test_it_answers_a_repeat_request_before_the_rest_of_the_chain(
    client: Client, results: dict[str, Notice], django_assert_num_queries: Any, settings: Any
) -> None:
    """The first request renders and caches; a repeat is answered by the first middleware: no session,
    no database query at all, the same body and ETag, and the security headers still present."""
    from huanjie.bulletin import cache as bulletin_cache

    settings.BULLETIN_FRESHNESS = "60"  # as in production: the chain head is re-read once a second at most
    first = client.get("/")
    assert first.status_code == 200
    bulletin_cache.forget()
    bulletin_cache.generation()  # one read of the chain head, outside the measured request
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert second["X-Content-Type-Options"] == "nosniff" and "Set-Cookie" not in second
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "script-src 'self'" in second["Content-Security-Policy"]


def test_it_keeps_the_cache_through_failed_logins_and_lockouts(
    client: Client, results: dict[str, Notice], settings: Any, django_assert_num_queries: Any
) -> None:
    """Issue 15 finding 5: every failed login used to empty the public pages' cache (it was keyed on the
    audit chain), so a password-guessing script also made every visitor's page a database read."""
    from huanjie.bulletin import cache as bulletin_cache

    path = f"/notices/{results['shigou'].pk}/"
    first = client.get(path)
    before = bulletin_cache.generation()
    for i in range(settings.AXES_FAILURE_LIMIT + 2):
        Client().post("/office/login/", {"username": "admin", "password": f"wrong-{i}"})
    assert bulletin_cache.generation() == before
    settings.BULLETIN_FRESHNESS = "60"
    bulletin_cache.generation()  # re-read once, unchanged: the page cached before is still good
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content
