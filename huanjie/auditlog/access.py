"""Access to personal data is logged: a middleware writes one `Access` row for each successful response of
the views that show people (the registry below); the view says how many people it showed and in which
unit with `shown()`. One insert per request, no chain, no lock: reads are many (docs/security.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from huanjie.auditlog.models import Access

if TYPE_CHECKING:
    from huanjie.units.models import Division

# url name → what was opened, as stored (and shown on the access page)
PERSONAL_VIEWS = {
    "voters:roll": "roll",
    "voters:voter": "voter",
    "voters:list": "voter list",
    "voters:list_pdf": "voter list PDF",
    "voters:supplementary_pdf": "supplementary list PDF",
    "voters:cards_pdf": "voter cards PDF",
    "voters:import_report": "import errors export",
    "office:residents": "residents",
    "voters:pick_resident": "resident search",
    "supervision:petition": "petition",  # its petitioners; a linked resident's name, group, year of birth
    "jobs:result": "job result",  # a voter import's error report, a summary naming the elected
}


def shown(request: HttpRequest, people: int, division: Division, what: str = "") -> None:
    """Called by a personal-data view: how many people the response shows, and of which unit."""
    request.access_shown = (people, division.path, what or str(division))  # type: ignore[attr-defined]


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = request.resolver_match
        if match is None or response.status_code != 200 or request.method not in {"GET", "HEAD"}:
            return response
        view = PERSONAL_VIEWS.get(match.view_name)
        user = getattr(request, "user", None)
        if view is None or user is None or not user.is_authenticated:
            return response
        people, path, name = getattr(request, "access_shown", (None, "", ""))
        Access.objects.create(
            at=timezone.now(),
            user_id=user.pk,
            username=user.get_username()[:150],
            view=view,
            object_repr=name[:200],
            division_path=path,
            people=people,
            path=request.get_full_path()[:300],
        )
        return response
