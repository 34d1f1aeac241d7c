"""Writes to accounts. A district administrator manages accounts inside their own scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from huanjie.accounts.models import SCOPE_LEVELS, Role, User
from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.record import record
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.units.access import in_scope
from huanjie.units.models import Division

AUDITED_FIELDS = ("username", "full_name", "role", "scope", "phone", "is_active")


def _snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "role": user.role,
        "scope": user.scope.code if user.scope else None,
        "phone": user.phone,
        "email": user.email,
        "is_active": user.is_active,
    }


def _check_role_scope(actor: User | None, role: str, scope: Division) -> None:
    if role not in Role.values:
        raise ActionError(_("Unknown role."), field="role")
    if scope.level not in SCOPE_LEVELS[role]:
        raise ActionError(
            _("A %(role)s works at the level of a %(levels)s.")
            % {"role": Role(role).label, "levels": " / ".join(str(_(lv)) for lv in SCOPE_LEVELS[role])},
            field="scope",
        )
    if actor is not None and not in_scope(actor, scope):
        raise ActionError(_("That division is outside your scope."), field="scope")


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), field="password") from exc


def do_create_user(
    *,
    username: str,
    password: str,
    role: str,
    scope: Division,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    actor: User | None,
) -> User:
    if actor is not None and not can(actor, Capability.MANAGE_ACCOUNTS):
        raise NotAllowed(_("Only a district administrator may manage accounts."))
    username = username.strip()
    if not username:
        raise ActionError(_("The user name is empty."), field="username")
    _check_role_scope(actor, role, scope)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise ActionError(_("That user name is taken."), field="username")
        user = User(
            username=username, role=role, scope=scope, full_name=full_name, phone=phone, email=email.strip()
        )
        _check_password(password, user)
        user.set_password(password)
        user.save()
        record("account.create", actor=actor, obj=user, division_path=scope.path, after=_snapshot(user))
    return user


def do_update_user(
    user: User,
    *,
    role: str,
    scope: Division,
    full_name: str,
    phone: str,
    is_active: bool,
    actor: User,
    email: str | None = None,
) -> User:
    if not can(actor, Capability.MANAGE_ACCOUNTS):
        raise NotAllowed(_("Only a district administrator may manage accounts."))
    _check_role_scope(actor, role, scope)
    if user.pk == actor.pk and (not is_active or role != actor.role):
        raise ActionError(_("You cannot deactivate yourself or change your own role."), field="role")
    with transaction.atomic():
        before = _snapshot(user)
        if email is not None:
            user.email = email.strip()
        user.role, user.scope, user.full_name, user.phone, user.is_active = (
            role,
            scope,
            full_name,
            phone,
            is_active,
        )
        user.save(update_fields=["role", "scope", "full_name", "phone", "email", "is_active"])
        record(
            "account.update",
            actor=actor,
            obj=user,
            division_path=scope.path,
            before=before,
            after=_snapshot(user),
        )
    return user


def do_reset_password(user: User, *, password: str, actor: User) -> None:
    """A district administrator sets a new password for someone who forgot theirs."""
    if not can(actor, Capability.MANAGE_ACCOUNTS):
        raise NotAllowed(_("Only a district administrator may manage accounts."))
    _check_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        path = user.scope.path if user.scope else ""
        record("account.reset_password", actor=actor, obj=user, division_path=path)


def do_change_password(user: User, *, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ActionError(_("The current password is wrong."), field="old_password")
    _check_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(
            "account.change_password",
            actor=user,
            obj=user,
            division_path=user.scope.path if user.scope else "",
        )


# --- two-factor login (TOTP with recovery codes; docs/security.md) ---------------------------------------

RECOVERY_CODES = 10


def _devices(user: User) -> Any:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)


def do_start_two_factor(user: User, *, actor: User) -> Any:
    """A new, unconfirmed authenticator key for the user's own account (any earlier unconfirmed one goes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor.pk != user.pk:
        raise NotAllowed(_("Each person enrols their own authenticator."))
    totp, _static = _devices(user)
    if totp.filter(confirmed=True).exists():
        raise ActionError(_("An authenticator is already set up for this account."))
    with transaction.atomic():
        totp.filter(confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
        record("account.two_factor_started", actor=actor, obj=user, division_path=_scope_path(user))
    return device


def do_confirm_two_factor(user: User, *, token: str, actor: User) -> tuple[Any, list[str]]:
    """The first code from the authenticator confirms it; the recovery codes are made (shown once)."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if actor.pk != user.pk:
        raise NotAllowed(_("Each person enrols their own authenticator."))
    totp, static = _devices(user)
    device = totp.filter(confirmed=False).order_by("-pk").first()
    if device is None:
        raise ActionError(_("Start the set-up again: no authenticator is waiting for its first code."))
    if not (token.isascii() and token.isdigit() and len(token) == 6) or not device.verify_token(token):
        raise ActionError(
            _("That code is not right; check the phone's clock and try the next code."), field="token"
        )
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        static.delete()
        recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
        record("account.two_factor_enrolled", actor=actor, obj=user, division_path=_scope_path(user))
    return device, codes


def do_new_recovery_codes(user: User, *, actor: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if actor.pk != user.pk:
        raise NotAllowed(_("Each person manages their own recovery codes."))
    totp, static = _devices(user)
    if not totp.filter(confirmed=True).exists():
        raise ActionError(_("Set up an authenticator first."))
    with transaction.atomic():
        static.delete()
        recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
        record("account.recovery_codes_renewed", actor=actor, obj=user, division_path=_scope_path(user))
    return codes


def do_reset_two_factor(user: User, *, actor: User) -> None:
    """A district administrator removes someone's authenticator and recovery codes (a lost phone): at the
    next login they enrol again."""
    if not can(actor, Capability.MANAGE_ACCOUNTS):
        raise NotAllowed(_("Only a district administrator may manage accounts."))
    if user.scope is not None and not in_scope(actor, user.scope):
        raise NotAllowed(_("That is outside your scope."))
    totp, static = _devices(user)
    with transaction.atomic():
        removed = totp.count() + static.count()
        totp.delete()
        static.delete()
        record(
            "account.two_factor_reset",
            actor=actor,
            obj=user,
            division_path=_scope_path(user),
            after={"devices_removed": removed},
        )


def do_record_second_factor(user: User, *, ok: bool, kind: str = "") -> None:
    """The second step of a login, passed or failed, in the audit log (the code itself never)."""
    with transaction.atomic():
        record(
            "session.two_factor_passed" if ok else "session.two_factor_failed",
            actor=user,
            obj=user,
            division_path=_scope_path(user),
            after={"with": kind} if kind else None,
        )


def _scope_path(user: User) -> str:
    return user.scope.path if user.scope else ""


def do_lift_lockout(*, actor: User, user: User | None = None, address: str = "") -> int:
    """A district administrator lifts a login lockout: of an account in their scope, or of an address.
    Returns how many counted failures were cleared."""
    from axes.utils import reset

    if not can(actor, Capability.MANAGE_ACCOUNTS):
        raise NotAllowed(_("Only a district administrator may manage accounts."))
    if (user is None) == (not address):
        raise ActionError(_("Name one account or one address."))
    if user is not None and (user.scope is None or not in_scope(actor, user.scope)):
        raise NotAllowed(_("That account is outside your scope."))
    with transaction.atomic():
        cleared: int = reset(username=user.username) if user is not None else reset(ip=address)
        record(
            "account.lockout_lifted",
            actor=actor,
            obj=user,
            object_type="" if user is not None else "accounts.address",
            object_repr="" if user is not None else address[:200],
            division_path=user.scope.path if user is not None and user.scope else "",
            after={"cleared": cleared, "address": address},
        )
    return cleared
