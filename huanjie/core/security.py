"""Responses that carry personal data are never kept by a browser or a proxy.

Everything under /office/ is staff-only and may show names, ID numbers, rolls, exports and PDFs of voter
lists: each such response is marked `Cache-Control: no-store`, so a shared office computer's cache or a
proxy between the street office and the server keeps no copy. The public bulletin sets its own caching
(bulletin/cache.py) and shows no personal data beyond what the law publishes.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

STAFF_PREFIXES = ("/office/",)


class PersonalDataMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(STAFF_PREFIXES):
            # Replace, not patch: a staff view must not be made cacheable by a helper further in.
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        return response
