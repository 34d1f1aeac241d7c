"""Open data over HTTP: the same bytes publish-static writes."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from huanjie.auditlog import anchor
from huanjie.bulletin import opendata, public
from huanjie.bulletin.cache import public_page
from huanjie.elections.models import Election, Round

JSON = "application/json; charset=utf-8"


def _round(pk: int) -> Round:
    rnd = Round.objects.select_related("district").filter(pk=pk).first()
    if rnd is None:
        raise Http404
    return rnd


@public_page()
def index(request: HttpRequest, pk: int) -> HttpResponse:
    files = opendata.round_files(_round(pk))
    return HttpResponse(files[reverse("bulletin:data_index", args=[pk])], content_type=JSON)


@public_page()
def results_json(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(opendata.results_json(_round(pk)), content_type=JSON)


@public_page()
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(opendata.results_csv(_round(pk)), content_type="text/csv; charset=utf-8")


@public_page()
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(opendata.profile_json(_round(pk)), content_type=JSON)


def _election_file(pk: int, code: str, body: str, ext: str) -> bytes:
    """One published result's file; 404 until the result notice is public."""
    rnd = _round(pk)
    election = Election.objects.select_related("unit", "street").filter(round=rnd, unit__code=code, kind=body)
    found = election.first()
    if found is None:
        raise Http404
    address = opendata.election_address(rnd, found, ext)
    data = opendata.election_files(rnd, only=found)[0].get(address)
    if data is None:
        raise Http404
    return data


@public_page()
def election_json(request: HttpRequest, pk: int, code: str, body: str) -> HttpResponse:
    return HttpResponse(_election_file(pk, code, body, "json"), content_type=JSON)


@public_page()
def election_csv(request: HttpRequest, pk: int, code: str, body: str) -> HttpResponse:
    return HttpResponse(_election_file(pk, code, body, "csv"), content_type="text/csv; charset=utf-8")


@public_page()
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    found = public.notices().filter(pk=pk).first()
    if found is None:
        raise Http404
    return HttpResponse(opendata.notice_json(found), content_type=JSON)


@public_page(also=lambda: anchor.head().seq)  # the head moves with private writes too
def audit_anchors(request: HttpRequest) -> HttpResponse:
    """The audit chain's head of each day, for `verify-audit --anchor` (auditlog/anchor.py)."""
    return HttpResponse(anchor.document(), content_type=JSON)
