"""Helpers shared by the leading group's views: the round shown, scoped division choices, XLSX export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse

from huanjie.accounts.models import User
from huanjie.core import clock
from huanjie.core.export import XLSX, Book
from huanjie.core.uploads import read_upload
from huanjie.elections.models import Round
from huanjie.supervision import access
from huanjie.units.models import Division, Level
from huanjie.web.request import staff


def user_and_round(request: HttpRequest) -> tuple[User, Round | None]:
    user = staff(request)
    return user, access.current_round(user, request.GET.get("round"))


def need_round(request: HttpRequest) -> tuple[User, Round]:
    """Pages that record something need a round; without one visible they do not exist for the user."""
    user, rnd = user_and_round(request)
    if rnd is None:
        raise Http404("no round in your scope")
    return user, rnd


def today() -> dt.date:
    return clock.today()


def divisions(user: User, *levels: str) -> QuerySet[Division]:
    return Division.objects.visible_to(user).filter(level__in=levels).order_by("code")


def streets(user: User) -> QuerySet[Division]:
    return divisions(user, Level.STREET)


def upload(form: forms.Form, name: str = "file") -> tuple[str, bytes] | None:
    f = form.cleaned_data.get(name)
    if not f:
        return None
    return f.name, read_upload(f)  # in chunks, stopping at the upload limit


def wants_xlsx(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def xlsx(filename: str, title: str, headers: Sequence[Any], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """One sheet, a bold header row, dates as date cells, columns wide enough to read (core.export)."""
    book = Book()
    sheet = book.sheet(title)
    sheet.header(headers)
    for row in rows:
        sheet.append([v if v is None or isinstance(v, int | dt.date) else str(v) for v in row])
    sheet.finish()
    response = HttpResponse(book.save(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def stored_file(field: Any, name: str, content_type: str = "application/octet-stream") -> FileResponse:
    if not field:
        raise Http404("no file")
    return FileResponse(field.open("rb"), as_attachment=True, filename=name, content_type=content_type)
