"""The printed papers of a voting round and of an election, as A4 PDFs in Chinese, whatever the page's
language: the ballot, the tally sheets, the certificates of election and the result sheet."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation

from huanjie.core.pdf import render_pdf
from huanjie.core.scope import get_visible
from huanjie.elections.models import Election
from huanjie.polling import papers
from huanjie.polling.models import VotingRound
from huanjie.web.request import staff


def _round(request: HttpRequest, pk: int) -> VotingRound:
    return get_visible(
        staff(request),
        VotingRound.objects.select_related(
            "election__unit", "election__street", "election__round", "election__body"
        ),
        pk=pk,
    )


def _pdf(request: HttpRequest, template: str, context: dict[str, Any], name: str) -> HttpResponse:
    with translation.override("zh-hans"):
        data = render_pdf(f"polling/papers/{template}", context, request=request)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


@login_required
def ballot_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    vr = _round(request, pk)
    return _pdf(request, "ballot.html", papers.ballot_context(vr), f"ballot-{vr.election.unit.code}-{vr.seq}")


@login_required
def tally_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    vr = _round(request, pk)
    return _pdf(request, "tally.html", papers.tally_context(vr), f"tally-{vr.election.unit.code}-{vr.seq}")


@login_required
def certificates_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """当选证书 are issued by a villagers' or residents' election committee; a party organisation's
    results go to the higher organisation for approval instead (A2 step 6)."""
    election = get_visible(staff(request), Election, pk=pk)
    if papers.is_party(election) or not election.elected.exists():
        raise Http404("no certificates for this election")
    context = papers.certificates_context(election)
    return _pdf(request, "certificates.html", context, f"certificates-{election.unit.code}")


@login_required
def result_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    election = get_visible(staff(request), Election, pk=pk)
    if not election.voting_rounds.exists():
        raise Http404("no voting round yet")
    context = papers.result_sheet_context(election)
    return _pdf(request, "result_sheet.html", context, f"result-sheet-{election.unit.code}-{election.kind}")
