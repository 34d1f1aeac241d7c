"""One form → action → response, with one behaviour everywhere:

- a bound form with field errors is shown again in place, with what was typed: 200, or 422 for an htmx
  request (so htmx swaps the form back in and scripts can tell a refusal from a success);
- an action's refusal (ActionError, FileRejected — core/errors.py) is shown beside the form: at the field it
  names, or above the form; nothing was changed;
- success redirects with a message (django.contrib.messages); an htmx request gets HX-Redirect instead.

A page that lists many small forms and cannot show one bound again (a roll of candidates with a form per
row) passes no `render`: its field errors and refusals then become messages above the page, and the user
is sent back to it (`back`), as those pages always did.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.translation import gettext_noop

from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.uploads import keep_errors

# Every form's label suffix is Django's `_(":")` (Form.label_suffix), which Django's own Chinese catalogue
# leaves ASCII ("居民:"). Named here so that `make messages` keeps it in ours, translated "：": the project's
# catalogue overrides Django's (LOCALE_PATHS is merged last), so all forms' labels read "居民：".
LABEL_SUFFIX = gettext_noop(":")


class Button(forms.Form):
    """No fields: a posted button whose action needs only the click (remove this member)."""


class KeptErrors:
    """`on_error` for an import: a refused file's errors are kept in the session (its CSV of errors) and the
    first ones shown on the page (`shown`, `total`), each located by row and column."""

    def __init__(self, request: HttpRequest, field: str = "file") -> None:
        self.request = request
        self.field = field
        self.shown: list[RowError] | None = None
        self.total = 0

    def __call__(self, exc: ActionError) -> None:
        if isinstance(exc, FileRejected):
            sent = self.request.FILES.get(self.field)
            name = (sent.name or "") if sent is not None else ""
            self.shown, self.total = keep_errors(self.request, name, exc.errors), len(exc.errors)


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a success: a redirect, or for htmx an empty answer telling it where to go."""
    if is_htmx(request):
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


def show_action_error(form: forms.Form, exc: ActionError) -> None:
    """An action's refusal beside the form: at the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def field_messages(request: HttpRequest, form: forms.Form) -> None:
    """A form's errors as messages, one a field, for a page that cannot show the bound form again."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(str(e) for e in errors)
        messages.error(request, f"{label}: {text}" if label else text)


def submit(
    request: HttpRequest,
    form: forms.Form,
    action: Callable[[dict[str, Any]], object],
    done: str | Callable[[Any], str],
    back: str,
    render: Callable[[int], HttpResponse] | None = None,
    to: Callable[[Any], str] | None = None,
    on_error: Callable[[ActionError], None] | None = None,
    invalid: str = "",
) -> HttpResponse:
    """Run `action` on the form's cleaned data if it is valid, and answer as the module docstring says.

    `done` is the success message, or a function of what the action returned where the message counts or
    names it ("12 streets owe their work plan."); `back` where success (and, without `render`, failure) leads;
    `render(status)` shows the page again with the bound form and its errors; `to(result)`, where given, is
    where success leads instead of `back` (the page of the record the action made); `on_error(exc)`, where
    given, is told of a refusal before it is shown (an import keeps the file's errors: `KeptErrors`);
    `invalid`, on a page without `render`, is the one message for a form with field errors, where a row's
    small form says in one sentence what it needs ("Give the reason and the date.").
    """
    if form.is_valid():
        try:
            result = action(form.cleaned_data)
        except ActionError as exc:
            if on_error is not None:
                on_error(exc)
            if render is None:
                messages.error(request, exc.message)
                return redirect_to(request, back)
            show_action_error(form, exc)
        else:
            text = done(result) if callable(done) else done
            if text:  # "" where the page shows the result itself (a new row in a register)
                messages.success(request, text)
            return redirect_to(request, to(result) if to is not None else back)
    elif render is None:
        if invalid:
            messages.error(request, invalid)
        else:
            field_messages(request, form)
        return redirect_to(request, back)
    return render(422 if is_htmx(request) else 200)
