"""A bounded crawler over the office and the bulletin, as one logged-in user sees them (issue 15 findings 7
and 10): it follows every same-origin link and every GET form a page offers, and reports each address that
answers 500 — or 403/404 although the page offered it (a link or form the user cannot use is a broken
promise, not a protection).

Bounded so that it runs in minutes over the end-of-round demo: addresses are grouped by their pattern (runs
of digits replaced, the query's names kept, its values dropped) and at most `per_pattern` of each pattern
are visited; downloads are fetched (their status counts) but not parsed.

Forms that POST are submitted too, once per pattern, as the page fills them (hidden fields, defaults),
inside a transaction that is rolled back: a 403 means the page offered a form its user may not use, a 500
is a 500; validation errors (200) and redirects are fine.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.db import transaction
from django.test import Client

SKIP = ("/office/logout/", "/static/", "/media/", "/i18n/")
_DIGITS = re.compile(r"\d+")


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.posts: list[tuple[str, list[tuple[str, str]]]] = []
        self._form: dict[str, object] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "fields": [],
                "method": a.get("method", "get").lower(),
            }
        elif self._form is not None and tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind not in ("submit", "button", "file", "image", "reset"):
                self._fields().append((a["name"], a.get("value", "")))
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
            self._fields().append((a["name"], None))  # filled by the first or the selected option
        elif self._form is not None and tag == "option" and self._select is not None:
            fields = self._fields()
            name, value = fields[-1]
            if value is None or "selected" in a:
                fields[-1] = (name, a.get("value", ""))

    def _fields(self) -> list[tuple[str, str | None]]:
        assert self._form is not None
        fields = self._form["fields"]
        assert isinstance(fields, list)
        return fields

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            fields = [(k, v or "") for k, v in self._fields()]
            action = str(self._form["action"])
            if self._form["method"] == "post":
                self.posts.append((action, fields))
            else:
                self.links.append(action.split("?")[0] + ("?" + urlencode(fields) if fields else ""))
            self._form = None


def pattern(address: str) -> str:
    parts = urlsplit(address)
    names = sorted({k for k, _v in parse_qsl(parts.query, keep_blank_values=True)})
    return _DIGITS.sub("N", parts.path) + ("?" + "&".join(names) if names else "")


@dataclass
class Crawl:
    visited: int = 0
    failures: list[str] = field(default_factory=list)
    patterns: dict[str, int] = field(default_factory=dict)
    posts: dict[str, tuple[str, list[tuple[str, str]], str]] = field(default_factory=dict)
    posted: int = 0


def crawl(client: Client, start: str = "/office/", *, per_pattern: int = 2, limit: int = 1500) -> Crawl:
    result = Crawl()
    queue: deque[tuple[str, str]] = deque([(start, "")])
    seen = {start}
    while queue and result.visited < limit:
        address, source = queue.popleft()
        result.visited += 1
        response = client.get(address)
        status = response.status_code
        if status >= 500 or (source and status in (403, 404)):
            result.failures.append(f"{status} {address} (offered by {source or 'the start'})")
            continue
        if status in (301, 302, 303, 307, 308):
            target = urljoin(address, response["Location"])
            if urlsplit(target).netloc in ("", "testserver") and target not in seen:
                seen.add(target)
                queue.append((urlsplit(target)._replace(scheme="", netloc="").geturl(), source))
            continue
        if "text/html" not in response.get("Content-Type", "") or getattr(response, "streaming", False):
            continue
        page = _Page()
        page.feed(response.content.decode("utf-8", "replace"))
        for action, fields in page.posts:
            target = urljoin(address, action)
            local = urlsplit(target)._replace(scheme="", netloc="", fragment="").geturl()
            if urlsplit(target).netloc in ("", "testserver") and not local.startswith(SKIP):
                result.posts.setdefault(pattern(local), (local, fields, address))
        for href in page.links:
            target = urljoin(address, href.split("#")[0])
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver") or not parts.path:
                continue
            local = parts._replace(scheme="", netloc="", fragment="").geturl()
            if local in seen or local.startswith(SKIP):
                continue
            seen.add(local)
            key = pattern(local)
            if result.patterns.get(key, 0) >= per_pattern:
                continue
            result.patterns[key] = result.patterns.get(key, 0) + 1
            queue.append((local, address))
    _submit(client, result)
    return result


class _Rollback(Exception):
    pass


def _submit(client: Client, result: Crawl) -> None:
    for action, fields, source in result.posts.values():
        result.posted += 1
        try:
            with transaction.atomic():
                status = client.post(action, dict(fields)).status_code
                raise _Rollback
        except _Rollback:
            pass
        if status >= 500 or status == 403:
            result.failures.append(f"{status} POST {action} (a form offered by {source})")
