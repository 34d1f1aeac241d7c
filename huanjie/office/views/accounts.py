from __future__ import annotations

from typing import Any

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huanjie.accounts import lockouts
from huanjie.accounts.actions import (
    do_change_password,
    do_create_user,
    do_lift_lockout,
    do_reset_password,
    do_update_user,
)
from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.core.scope import get_visible, visible_to
from huanjie.office.forms import AccountForm, PasswordChangeForm, PasswordResetForm
from huanjie.units.models import Division
from huanjie.web.forms import Button, submit
from huanjie.web.request import require, staff


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    user = require(request, Capability.MANAGE_ACCOUNTS)
    qs = visible_to(user, User).select_related("scope").order_by("scope__code", "role", "username")
    if q := request.GET.get("q", "").strip():
        qs = qs.filter(Q(username__icontains=q) | Q(full_name__icontains=q) | Q(scope__name__icontains=q))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    names = set(visible_to(user, User).select_related("scope").values_list("username", flat=True))
    locked = lockouts.account_lockouts(names) + lockouts.address_lockouts()
    users = {
        u.username: u
        for u in visible_to(user, User).select_related("scope").filter(username__in=[lk.key for lk in locked])
    }
    rows = [(lk, users.get(lk.key) if lk.kind == "account" else None) for lk in locked]
    return render(
        request,
        "office/accounts.html",
        {"page": page, "q": q, "lockouts": rows, "minutes": lockouts.minutes()},
    )


@login_required
@require_http_methods(["POST"])
def lift_lockout(request: HttpRequest) -> HttpResponse:
    """Lift the lockout of an account (by its id, in scope) or of an address."""
    user = require(request, Capability.MANAGE_ACCOUNTS)
    account = request.POST.get("account", "")
    target = get_visible(user, User, pk=int(account)) if account.isascii() and account.isdigit() else None
    address = "" if target is not None else request.POST.get("address", "").strip()[:64]
    who = target.username if target is not None else address
    return submit(
        request,
        Button(request.POST),
        lambda _d: do_lift_lockout(user=target, address=address, actor=user),
        lambda cleared: _("Lockout of %(who)s lifted (%(n)d failures cleared).") % {"who": who, "n": cleared},
        reverse("office:accounts"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def account_new(request: HttpRequest) -> HttpResponse:
    user = require(request, Capability.MANAGE_ACCOUNTS)
    form = AccountForm(request.POST or None, divisions=Division.objects.visible_to(user), creating=True)

    def page(status: int = 200) -> HttpResponse:
        return render(request, "office/account_form.html", {"form": form, "creating": True}, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda d: do_create_user(
                username=d["username"],
                password=d["password"],
                role=d["role"],
                scope=d["scope"],
                full_name=d["full_name"],
                phone=d["phone"],
                email=d["email"],
                actor=user,
            ),
            lambda created: _("Account %(name)s created.") % {"name": created.username},
            reverse("office:accounts"),
            page,
        )
    return page()


@login_required
@require_http_methods(["GET", "POST"])
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.MANAGE_ACCOUNTS)
    target = get_visible(user, User, pk=pk)
    initial = {
        "username": target.username,
        "full_name": target.full_name,
        "phone": target.phone,
        "email": target.email,
        "role": target.role,
        "scope": target.scope.code if target.scope else None,
        "is_active": target.is_active,
    }
    form = AccountForm(
        request.POST or None, initial=initial, divisions=Division.objects.visible_to(user), creating=False
    )
    reset = PasswordResetForm(prefix="reset")

    def page(status: int = 200) -> HttpResponse:
        return render(
            request,
            "office/account_form.html",
            {"form": form, "target": target, "reset": reset},
            status=status,
        )

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda d: do_update_user(
                target,
                role=d["role"],
                scope=d["scope"],
                full_name=d["full_name"],
                phone=d["phone"],
                is_active=d["is_active"],
                email=d["email"],
                actor=user,
            ),
            _("Account %(name)s saved.") % {"name": target.username},
            reverse("office:accounts"),
            page,
        )
    return page()


@login_required
@require_http_methods(["POST"])
def account_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    user = require(request, Capability.MANAGE_ACCOUNTS)
    target = get_visible(user, User, pk=pk)
    reset = PasswordResetForm(request.POST, prefix="reset")
    return submit(
        request,
        reset,
        lambda d: do_reset_password(target, password=d["password"], actor=user),
        _("New password set for %(name)s.") % {"name": target.username},
        reverse("office:account", args=[target.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    user = staff(request)
    form = PasswordChangeForm(request.POST or None)

    def change(d: dict[str, Any]) -> None:
        do_change_password(user, old_password=d["old_password"], new_password=d["new_password"])
        update_session_auth_hash(request, user)  # the session stays signed in with the new password

    def page(status: int = 200) -> HttpResponse:
        return render(request, "office/password_change.html", {"form": form}, status=status)

    if request.method == "POST":
        return submit(request, form, change, _("Your password was changed."), reverse("office:home"), page)
    return page()
