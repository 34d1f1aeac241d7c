"""The bulletin's few settings, each from Django settings or the environment.

BULLETIN_URL        the public address of the bulletin (no trailing slash). Printed notices' QR codes
                    and the Atom feeds use it, so a PDF or a feed is the same whether it was made by the
                    dynamic site or by `publish-static`.
BULLETIN_MAX_AGE    seconds a browser or CDN may keep a page (Cache-Control max-age), default 60.
BULLETIN_FRESHNESS  seconds a server process trusts its view of "has anything changed", default 1: a
                    newly published notice shows on every page within this time.
"""

from __future__ import annotations

import os

from django.conf import settings


def _setting(name: str, default: str) -> str:
    return str(getattr(settings, name, None) or os.environ.get(name) or default)


def base_url() -> str:
    return _setting("BULLETIN_URL", "http://127.0.0.1:8000").rstrip("/")


def max_age() -> int:
    return int(_setting("BULLETIN_MAX_AGE", "60"))


def freshness() -> float:
    return float(_setting("BULLETIN_FRESHNESS", "1"))
