"""The district's page for voiding an election for misconduct (B25), reached from the election page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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
    if request.method == "POST":
        require(request, Capability.VOID_ELECTIONS)
        if form.is_valid():
            upload = form.cleaned_data.get("document")
            document = None
            if upload is not None:
                if upload.size > MAX_UPLOAD:
                    form.add_error("document", _("The file is larger than 10 MB."))
                else:
                    document = (upload.name or "document", upload.read())
            if not form.errors:
                try:
                    decision = do_void_election(
                        election,
                        grounds=form.cleaned_data["grounds"],
                        reason=form.cleaned_data["reason"],
                        document_ref=form.cleaned_data["document_ref"],
                        decided_on=form.cleaned_data["decided_on"],
                        new_vote_on=form.cleaned_data["new_vote_on"],
                        members=[] if form.cleaned_data["whole"] else list(form.cleaned_data["members"]),
                        document=document,
                        actor=user,
                    )
                except ActionError as exc:
                    form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                else:
                    messages.success(request, _("The decision is recorded and the new vote is opened."))
                    assert decision.new_round is not None
                    return redirect("polling:round", pk=decision.new_round.pk)
    return render(
        request,
        "polling/void.html",
        {
            "election": election,
            "form": form if allowed else None,
            "decisions": election.voidings.select_related("new_round", "notice", "decided_by"),
        },
    )
