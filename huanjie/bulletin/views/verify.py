"""The verify page: is the notice with this code or SHA-256 authentic, and is it the current version?"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from huanjie.bulletin import public
from huanjie.bulletin.cache import public_page

AUTHENTIC = "authentic"  # published, unchanged, current
REPLACED = "replaced"  # published, unchanged, but a correction replaces it
ALTERED = "altered"  # the stored record no longer matches its hash: report, never vouch for it
UNKNOWN = "unknown"


def check(code_or_hash: str) -> tuple[str, public.Shown | None, public.Shown | None]:
    """The verdict, the notice found and, if it was replaced, the current version."""
    found = public.find(code_or_hash)
    if found is None:
        return UNKNOWN, None, None
    if not public.intact(found):
        return ALTERED, public.shown(found), None
    if public.is_current(found):
        return AUTHENTIC, public.shown(found), None
    return REPLACED, public.shown(found), public.shown(public.newest_version(found))


@public_page()
def verify(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("code", "").strip()[:200]
    verdict, found, newest = check(q) if q else ("", None, None)
    response = render(
        request, "bulletin/verify.html", {"q": q, "verdict": verdict, "n": found, "newest": newest}
    )
    return response
