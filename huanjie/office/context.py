"""Navigation by role, for every office page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from huanjie.accounts.roles import Capability, can


def office(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    nav: list[tuple[str, Any, str]] = [
        ("home", _("Home"), reverse("office:home")),
        ("rounds", _("Rounds"), reverse("elections:rounds")),
        ("units", _("Units"), reverse("office:units")),
    ]
    if user.scope is not None:
        nav.append(("structure", _("Structure"), reverse("office:division", args=[user.scope.code])))
    nav.append(("supervision", _("Leading group"), reverse("supervision:index")))
    nav.append(("handovers", _("Handovers"), reverse("handover:list")))
    nav.append(("reports", _("Statistics"), reverse("reports:index")))
    nav.append(("jobs", _("Jobs"), reverse("jobs:list")))
    if can(user, Capability.MANAGE_ACCOUNTS):
        nav.append(("accounts", _("Accounts"), reverse("office:accounts")))
    if can(user, Capability.VIEW_AUDIT):
        nav.append(("audit", _("Audit log"), reverse("office:audit")))
    return {"nav": nav, "active": _active(request.path, nav)}


# Pages reached from a round (an election, a stage, a notice, a finding) belong under "Rounds".
ROUND_PAGES = (
    "/office/elections/",
    "/office/stages/",
    "/office/notices/",
    "/office/findings/",
    "/office/day-changes/",
)


def _active(path: str, nav: list[tuple[str, Any, str]]) -> str:
    if path.startswith(ROUND_PAGES):
        return "rounds"
    # Otherwise the entry whose address is the longest prefix of this page's; home only on its own.
    matches = [
        (len(href), key)
        for key, _label, href in nav
        if path.startswith(href) and (key != "home" or path == href)
    ]
    return max(matches)[1] if matches else ""
