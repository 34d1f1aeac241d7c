"""Checks on every request's input, before any view sees it (issue 15 findings 7 and 10).

- NUL (U+0000) is refused everywhere: in the address, the query string, form fields and uploaded files'
  names. PostgreSQL cannot store it (a 500 halfway through an action), and no legitimate input has one.
- A number written with other digits than 0–9 — full-width `１２`, Arabic-Indic `١٢`, superscripts — is
  refused in ids and numeric form values: Python's int() reads some of them and not others, so the same
  value could name one record in one place and fail with a 500 in another. Free text (a name, a notice)
  may contain such digits; only a value that consists of digits and number punctuation is checked.

Each refusal is a 400 that names the field, in the visitor's language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.html import escape
from django.utils.translation import gettext as _

_PUNCTUATION = frozenset(" .,:/+-")


def _non_ascii_number(value: str) -> bool:
    """A value made of digits (any script's, superscripts too) and number punctuation, not all ASCII."""
    if value.isascii():
        return False
    text = value.strip()
    return any(c.isdigit() for c in text) and all(c.isdigit() or c in _PUNCTUATION for c in text)


def problem(request: HttpRequest) -> str | None:
    """What is wrong with the request's input, or None."""
    if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
        return _("The address contains a NUL character.")
    for segment in request.path.split("/"):
        if segment and _non_ascii_number(segment):
            return _("The address contains a number written with other digits than 0–9: %(value)s") % {
                "value": segment
            }
    fields: list[tuple[str, Iterable[str]]] = list(request.GET.lists())
    if request.method == "POST":
        fields += list(request.POST.lists())
        fields += [(name, [f.name or "" for f in files]) for name, files in request.FILES.lists()]
    for name, values in fields:
        for value in values:
            if "\x00" in value or "\x00" in name:
                return _("The field %(field)s contains a NUL character.") % {
                    "field": name.replace("\x00", "")
                }
            if _non_ascii_number(value):
                return _("Write the number in %(field)s with the digits 0–9, not %(value)s.") % {
                    "field": name,
                    "value": value,
                }
    return None


class InputCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            found = problem(request)
        except MultiPartParserError:
            found = _("The form could not be read.")
        if found is not None:
            return HttpResponseBadRequest(
                f'<!doctype html><meta charset="utf-8"><title>400</title><p id="input-error">{escape(found)}</p>',
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)
