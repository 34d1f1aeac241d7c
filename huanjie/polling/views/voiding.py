"""The district's page for voiding an election for misconduct (B25), reached from the election page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.polling.forms import VoidForm
from huanjie.polling.models import Voiding
from huanjie.polling.voiding import do_void_election
from huanjie.web.forms import submit
from huanjie.web.request import require, staff

MAX_UPLOAD = 10 * 1024 * 1024


@login_required
@require_http_methods(["GET", "POST"])
def void(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    allowed = can(user, Capability.VOID_ELECTIONS) and election.kind != "party_branch"
    form = VoidForm(
        request.POST or None,
        request.FILES or None,
        members=election.elected.order_by("pk"),
        grounds=[(str(k), v) for k, v in Voiding.Grounds.choices],
        initial={"decided_on": clock.today(), "new_vote_on": clock.today()},
    )

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "polling/void.html",
            {
                "election": election,
                "form": form if allowed else None,
                "decisions": election.voidings.select_related("new_round", "notice", "decided_by"),
            },
            status=status,
        )

    def act(d: dict[str, Any]) -> Voiding:
        upload = d.get("document")
        document = None
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise ActionError(_("The file is larger than 10 MB."), field="document")
            document = (upload.name or "document", upload.read())
        return do_void_election(
            election,
            grounds=d["grounds"],
            reason=d["reason"],
            document_ref=d["document_ref"],
            decided_on=d["decided_on"],
            new_vote_on=d["new_vote_on"],
            members=[] if d["whole"] else list(d["members"]),
            document=document,
            actor=user,
        )

    def new_round(decision: Voiding) -> str:
        assert decision.new_round is not None
        return reverse("polling:round", args=[decision.new_round.pk])

    if request.method == "POST":
        require(request, Capability.VOID_ELECTIONS)
        return submit(
            request,
            form,
            act,
            _("The decision is recorded and the new vote is opened."),
            request.path,
            page,
            to=new_round,
        )
    return page()
