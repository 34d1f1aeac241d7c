"""huanjie.web.forms.submit (issue 16): the one form → action → response, with its hooks: a message and a
destination that depend on what the action made, a refusal told to the page before it is shown (an import's
file errors), one sentence for a row's invalid form, and a bare posted button."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory

from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.uploads import SESSION_KEY
from huanjie.web.forms import Button, KeptErrors, submit


class NameForm(forms.Form):
    name = forms.CharField(label="Name")


def _post(data: dict[str, Any], files: dict[str, Any] | None = None, **headers: str) -> Any:
    request = RequestFactory().post("/x/", {**data, **(files or {})}, headers=headers)
    request.session = SessionStore()
    setattr(request, "_messages", FallbackStorage(request))  # noqa: B010 - what the middleware sets
    return request


def _said(request: Any) -> list[tuple[str, str]]:
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_the_message_and_the_destination_may_depend_on_the_result() -> None:
    request = _post({"name": "Li"})
    response = submit(
        request,
        NameForm(request.POST),
        lambda d: 7,
        lambda n: f"{n} made.",
        "/back/",
        to=lambda n: f"/made/{n}/",
    )
    assert response.status_code == 302 and response["Location"] == "/made/7/"
    assert _said(request) == [("success", "7 made.")]
    htmx = _post({"name": "Li"}, HX_Request="true")
    response = submit(htmx, NameForm(htmx.POST), lambda d: 7, "", "/back/", to=lambda n: f"/made/{n}/")
    assert response.status_code == 200 and response["HX-Redirect"] == "/made/7/" and _said(htmx) == []


def test_a_refusal_is_told_to_on_error_before_it_is_shown() -> None:
    request = _post({"name": "Li"})
    told: list[ActionError] = []
    form = NameForm(request.POST)

    def refuse(d: dict[str, Any]) -> None:
        raise ActionError("Taken.", field="name")

    response = submit(
        request, form, refuse, "Done.", "/back/", lambda s: HttpResponse(status=s), on_error=told.append
    )
    assert response.status_code == 200 and [e.message for e in told] == ["Taken."]
    assert form.errors == {"name": ["Taken."]}


def test_kept_errors_keep_a_refused_files_errors_for_the_page_and_its_csv() -> None:
    upload = SimpleUploadedFile("sheet.csv", b"a,b\n", content_type="text/csv")
    request = _post({}, {"file": upload})
    kept = KeptErrors(request)
    errors = [RowError(2, "name", "required", "empty"), RowError(3, "code", "format", "bad")]

    def refuse(d: dict[str, Any]) -> None:
        raise FileRejected(errors)

    class FileForm(forms.Form):
        file = forms.FileField()

    form = FileForm(request.POST, request.FILES)
    response = submit(
        request, form, refuse, "Done.", "/back/", lambda s: HttpResponse(status=s), on_error=kept
    )
    assert response.status_code == 200
    assert kept.total == 2 and kept.shown == errors
    assert request.session[SESSION_KEY]["file"] == "sheet.csv" and request.session[SESSION_KEY]["total"] == 2
    assert form.non_field_errors() == ["2 error(s); nothing was imported"]


def test_a_row_form_may_say_in_one_sentence_what_it_needs() -> None:
    request = _post({})
    response = submit(
        request, NameForm(request.POST), lambda d: None, "Done.", "/back/", invalid="Give a name."
    )
    assert response.status_code == 302 and response["Location"] == "/back/"
    assert _said(request) == [("error", "Give a name.")]
    plain = _post({})
    submit(plain, NameForm(plain.POST), lambda d: None, "Done.", "/back/")
    assert _said(plain) == [("error", f"Name: {NameForm.base_fields['name'].error_messages['required']}")]


def test_a_button_posts_its_click_and_a_refusal_is_a_message() -> None:
    request = _post({})

    def refuse(d: dict[str, Any]) -> None:
        raise ActionError("Counted already.")

    response = submit(request, Button(request.POST), refuse, "Counted.", "/round/")
    assert response.status_code == 302 and response["Location"] == "/round/"
    assert _said(request) == [("error", "Counted already.")]


@pytest.mark.parametrize("field", ["name", None])
def test_a_refusal_without_render_is_a_message_whatever_its_field(field: str | None) -> None:
    request = _post({"name": "Li"})

    def refuse(d: dict[str, Any]) -> None:
        raise ActionError("No.", field=field)

    submit(request, NameForm(request.POST), refuse, "Done.", "/back/")
    assert _said(request) == [("error", "No.")]
