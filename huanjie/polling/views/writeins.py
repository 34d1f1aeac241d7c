"""The round's write-ins (另选他人) and the election committee's decision on each (polling.writeins)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.polling import writeins
from huanjie.polling.forms import WriteInForm
from huanjie.polling.models import Candidate, VotingRound
from huanjie.voters.picker import ResidentPickerField
from huanjie.web.forms import submit
from huanjie.web.request import require, staff


def _round(request: HttpRequest, pk: int) -> VotingRound:
    return get_visible(
        staff(request), VotingRound.objects.select_related("election__unit", "election__round"), pk=pk
    )


@login_required
def write_ins(request: HttpRequest, pk: int) -> HttpResponse:
    user = staff(request)
    vr = _round(request, pk)
    return render(
        request,
        "polling/write_ins.html",
        {
            "vr": vr,
            "rows": list(enumerate(writeins.rows(vr), start=1)),
            "editable": can(user, Capability.EDIT_UNITS) and vr.status == VotingRound.Status.OPEN,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    user = staff(request)
    vr = _round(request, pk)
    rows = writeins.rows(vr)
    if not 1 <= n <= len(rows):
        raise Http404
    row = rows[n - 1]
    initial = {"post": row["post"], "written_as": row["written"]}
    form = WriteInForm(request.POST or None, election=vr.election, initial=initial)
    picker = form.fields.get("resident")
    if isinstance(picker, ResidentPickerField):
        picker.prepare(vr.election.unit, request.GET)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request, "polling/write_in.html", {"vr": vr, "row": row, "form": form, "n": n}, status=status
        )

    if request.method == "POST":
        require(request, Capability.EDIT_UNITS)
        return submit(
            request,
            form,
            lambda d: writeins.do_decide_write_in(
                vr,
                post=row["post"],
                written_as=row["written"],
                resident=d.get("resident"),
                member=d.get("member"),
                unresolvable=bool(d.get("unresolvable")),
                actor=user,
            ),
            _("Decided."),
            reverse("polling:write_ins", args=[vr.pk]),
            page,
        )
    return page()


@login_required
def unresolved(request: HttpRequest, pk: int) -> HttpResponse:
    """Ballot lines the migration of stored names could not tie to one person (polling 0008): two
    namesakes or nobody of that name in the unit. Listed for the clerk; nothing was guessed."""
    user = staff(request)
    election = get_visible(user, Election, pk=pk)
    lines = (
        Candidate.objects.visible_to(user)
        .filter(contest__voting_round__election=election, resident__isnull=True, member__isnull=True)
        .select_related("contest__voting_round")
        .order_by("contest__voting_round__seq", "contest__rank", "rank")
    )
    return render(request, "polling/unresolved.html", {"election": election, "lines": lines})
