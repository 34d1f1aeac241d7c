"""The code step of a login, the enrolment page (QR code, first code, recovery codes) and an
administrator's reset of someone's authenticator. The rules are in accounts/twofactor.py."""

from __future__ import annotations

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from huanjie.accounts.actions import (
    do_confirm_two_factor,
    do_new_recovery_codes,
    do_record_second_factor,
    do_reset_two_factor,
    do_start_two_factor,
)
from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.accounts.twofactor import enrolled, required_for, safe_next
from huanjie.core.errors import ActionError
from huanjie.core.scope import get_visible
from huanjie.web.request import require, staff


class CodeForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the authenticator, or a recovery code."""
    user = staff(request)
    if user.is_verified():  # type: ignore[attr-defined]
        return redirect(safe_next(request))
    if not enrolled(user):
        return redirect("office:two_factor")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].strip().replace(" ", "").lower()
        device = match_token(user, token)
        if device is not None:
            otp_login(request, device)
            do_record_second_factor(user, ok=True, kind=type(device).__name__)
            return redirect(safe_next(request))
        do_record_second_factor(user, ok=False)
        form.add_error("token", _("That code is not right (or it was used already, or you tried too fast)."))
    return render(request, "office/otp.html", {"form": form, "next": safe_next(request)})


def _qr(device: TOTPDevice) -> str:
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4))


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator (QR code, then the first code), see recovery codes once, renew them."""
    user = staff(request)
    context: dict[str, object] = {"required": required_for(user), "enrolled": enrolled(user)}
    step = request.POST.get("step", "")
    form = CodeForm(request.POST if step == "confirm" else None)
    try:
        if step == "start":
            do_start_two_factor(user, actor=user)
        elif step == "confirm" and form.is_valid():
            device, codes = do_confirm_two_factor(user, token=form.cleaned_data["token"].strip(), actor=user)
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on for your account."))
            return render(request, "office/two_factor.html", {**context, "enrolled": True, "codes": codes})
        elif step == "codes":
            codes = do_new_recovery_codes(user, actor=user)
            return render(request, "office/two_factor.html", {**context, "codes": codes})
    except ActionError as exc:
        form.add_error("token" if exc.field == "token" else None, exc.message)
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if pending is not None and not context["enrolled"]:
        context.update(qr=_qr(pending), secret=pending.config_url.split("secret=")[1].split("&")[0])
    context.update(form=form, pending=pending is not None, next=safe_next(request))
    return render(request, "office/two_factor.html", context)


@login_required
@require_http_methods(["POST"])
def account_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.MANAGE_ACCOUNTS)
    target = get_visible(user, User, pk=pk)
    do_reset_two_factor(target, actor=user)
    messages.success(
        request, _("Two-factor login reset for %(name)s: they set it up again.") % {"name": target.username}
    )
    return redirect("office:account", pk=target.pk)
