"""The WSGI front (bulletin.cache.front, installed by huanjie/gunicorn_conf.py): a cached public page is
answered before Django builds a request — the same body, ETag, 304s and security headers as the
middleware, under the same key — and everything else goes to Django."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_to_bytes

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.test import Client, RequestFactory

from huanjie.bulletin import cache
from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice


class Django:
    """Stands for the Django application behind the front: records what reaches it."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        self.calls.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"from django"]


def call(app: Any, path: str, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    environ = RequestFactory().generic(method, path, headers=headers).environ
    got: dict[str, Any] = {}

    def start_response(status: str, header_list: list[tuple[str, str]]) -> None:
        got["status"], got["headers"] = status, dict(header_list)

    body = b"".join(app(environ, start_response))
    return got["status"], got["headers"], body


def test_it_answers_a_cached_page_as_django_does_without_a_query(
    client: Client, results: dict[str, Notice], settings: Any, django_assert_num_queries: Any
) -> None:
    settings.BULLETIN_FRESHNESS = "60"
    path = f"/en/notices/{results['shigou'].pk}/"
    page = client.get(path)
    django = Django()
    app = cache.front(django)
    with django_assert_num_queries(0):
        status, headers, body = call(app, path)
    assert django.calls == [] and status == "200 OK" and body == page.content
    for name in ("ETag", "Cache-Control", "Content-Language", "Content-Type", "X-Content-Type-Options"):
        assert headers[name] == page[name], name
    assert headers["Content-Length"] == str(len(page.content))

    status, headers, body = call(app, path, If_None_Match=page["ETag"])
    assert status == "304 Not Modified" and body == b"" and headers["ETag"] == page["ETag"]
    status, headers, body = call(app, path, method="HEAD")
    assert status == "200 OK" and body == b"" and headers["Content-Length"] == str(len(page.content))


def test_it_passes_everything_else_to_django(client: Client, results: dict[str, Notice], admin: Any) -> None:
    path = f"/notices/{results['shigou'].pk}/"
    client.get(path)
    django = Django()
    app = cache.front(django)
    for method, address in (
        ("GET", "/search/?q=never-asked"),  # never rendered: a miss
        ("POST", path),
        ("GET", "/office/"),
        ("GET", f"/notices/{results['shigou'].pk}/?page=2"),  # another address, another key
    ):
        assert call(app, address, method=method)[2] == b"from django", address
    assert len(django.calls) == 4
    # after any write the generation moves on: the old page is not answered any more
    do_correct_notice(results["shigou"], body_zh="更正。", body_en="Corrected.", actor=admin)
    assert call(app, path)[2] == b"from django"


@pytest.mark.parametrize(
    "address",
    [
        "/units/abc d/",
        "/search/?q=石沟村",
        "/notices/1/?a=%20b&c=d",
        "/en/x%2Fy/",
        "//twice/",
        "/%E6%90%9C%E7%B4%A2/?q=%E7%9F%B3",
    ],
)
def test_it_keys_an_address_as_django_does(address: str) -> None:
    environ = RequestFactory().get(address).environ
    # as a server hands it over (PEP 3333): the path's bytes as ISO-8859-1 characters
    environ["PATH_INFO"] = unquote_to_bytes(address.split("?")[0]).decode("iso-8859-1")
    assert cache.full_path(dict(environ)) == WSGIRequest(dict(environ)).get_full_path()
