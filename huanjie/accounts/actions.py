"""Writes to accounts. A district administrator manages accounts inside their own scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.models import SCOPE_LEVELS, Role, User
from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, SystemActor, action, audit, is_system
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.units.access import in_scope
from huanjie.units.models import Division

ONLY_ADMIN = gettext_lazy("Only a district administrator may manage accounts.")
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


def _check_role_scope(actor: Actor, role: str, scope: Division) -> None:
    if role not in Role.values:
        raise ActionError(_("Unknown role."), field="role")
    if scope.level not in SCOPE_LEVELS[role]:
        raise ActionError(
            _("A %(role)s works at the level of a %(levels)s.")
            % {"role": Role(role).label, "levels": " / ".join(str(_(lv)) for lv in SCOPE_LEVELS[role])},
            field="scope",
        )
    if not is_system(actor) and not in_scope(actor, scope):
        raise ActionError(_("That division is outside your scope."), field="scope")


def _check_password(password: str, user: User | None = None) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ActionError(" ".join(exc.messages), field="password") from exc


@action("account.create", capability=Capability.MANAGE_ACCOUNTS, denied=ONLY_ADMIN)
def do_create_user(
    *,
    username: str,
    password: str,
    role: str,
    scope: Division,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    actor: Actor,
) -> User:
    username = username.strip()
    if not username:
        raise ActionError(_("The user name is empty."), field="username")
    _check_role_scope(actor, role, scope)
    if User.objects.filter(username__iexact=username).exists():
        raise ActionError(_("That user name is taken."), field="username")
    user = User(
        username=username, role=role, scope=scope, full_name=full_name, phone=phone, email=email.strip()
    )
    _check_password(password, user)
    user.set_password(password)
    user.save()
    audit(user, division_path=scope.path, after=_snapshot(user))
    return user


@action("account.update", capability=Capability.MANAGE_ACCOUNTS, denied=ONLY_ADMIN)
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
    _check_role_scope(actor, role, scope)
    if user.pk == actor.pk and (not is_active or role != actor.role):
        raise ActionError(_("You cannot deactivate yourself or change your own role."), field="role")
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
    audit(user, division_path=scope.path, before=before, after=_snapshot(user))
    return user


@action("account.reset_password", capability=Capability.MANAGE_ACCOUNTS, denied=ONLY_ADMIN)
def do_reset_password(user: User, *, password: str, actor: User) -> None:
    """A district administrator sets a new password for someone who forgot theirs."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit(user, division_path=_scope_path(user))


@action("account.change_password", capability=None, actor="user")
def do_change_password(user: User, *, old_password: str, new_password: str) -> None:
    if not user.check_password(old_password):
        raise ActionError(_("The current password is wrong."), field="old_password")
    _check_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit(user, division_path=_scope_path(user))


# --- two-factor login (TOTP with recovery codes; docs/security.md) ---------------------------------------

RECOVERY_CODES = 10


def _devices(user: User) -> Any:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)


@action("account.two_factor_started", capability=None)
def do_start_two_factor(user: User, *, actor: User) -> Any:
    """A new, unconfirmed authenticator key for the user's own account (any earlier unconfirmed one goes)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor.pk != user.pk:
        raise NotAllowed(_("Each person enrols their own authenticator."))
    totp, _static = _devices(user)
    if totp.filter(confirmed=True).exists():
        raise ActionError(_("An authenticator is already set up for this account."))
    totp.filter(confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    audit(user, division_path=_scope_path(user))
    return device


@action("account.two_factor_enrolled", capability=None)
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
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    static.delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    audit(user, division_path=_scope_path(user))
    return device, codes


@action("account.recovery_codes_renewed", capability=None)
def do_new_recovery_codes(user: User, *, actor: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    if actor.pk != user.pk:
        raise NotAllowed(_("Each person manages their own recovery codes."))
    totp, static = _devices(user)
    if not totp.filter(confirmed=True).exists():
        raise ActionError(_("Set up an authenticator first."))
    static.delete()
    recovery = StaticDevice.objects.create(user=user, name="recovery codes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    audit(user, division_path=_scope_path(user))
    return codes


@action(
    "account.two_factor_reset",
    capability=Capability.MANAGE_ACCOUNTS,
    scope=lambda user: user.scope,
    denied=ONLY_ADMIN,
)
def do_reset_two_factor(user: User, *, actor: User) -> None:
    """A district administrator removes someone's authenticator and recovery codes (a lost phone): at the
    next login they enrol again."""
    totp, static = _devices(user)
    removed = totp.count() + static.count()
    totp.delete()
    static.delete()
    audit(user, after={"devices_removed": removed})


@action("session.two_factor", capability=None, actor="user")
def do_record_second_factor(user: User, *, ok: bool, kind: str = "") -> None:
    """The second step of a login, passed or failed, in the audit log (the code itself never)."""
    audit(
        user,
        event="session.two_factor_passed" if ok else "session.two_factor_failed",
        division_path=_scope_path(user),
        after={"with": kind} if kind else None,
    )


@action("session.login", capability=None, actor="user")
def do_record_login(user: User) -> None:
    audit(user, division_path=_scope_path(user))


@action("session.logout", capability=None, actor="user")
def do_record_logout(user: User) -> None:
    audit(user, division_path=_scope_path(user))


FAILED_LOGIN = SystemActor("system")  # nobody is signed in: the event names the user name tried


@action("session.login_failed", capability=None)
def do_record_failed_login(username: str, *, actor: SystemActor = FAILED_LOGIN) -> None:
    audit(object_type="accounts.user", object_repr=username[:150])


@action("session.locked_out", capability=None)
def do_record_lockout(
    username: str, *, user: User | None, after: dict[str, Any], actor: SystemActor = FAILED_LOGIN
) -> None:
    """Axes locked an account or an address out after too many failed logins."""
    audit(
        object_type="accounts.user",
        object_id=str(user.pk) if user else "",
        object_repr=username[:150],
        division_path=user.scope.path if user and user.scope else "",
        after=after,
    )


def _scope_path(user: User) -> str:
    return user.scope.path if user.scope else ""


@action("account.lockout_lifted", capability=Capability.MANAGE_ACCOUNTS, denied=ONLY_ADMIN)
def do_lift_lockout(*, actor: User, user: User | None = None, address: str = "") -> int:
    """A district administrator lifts a login lockout: of an account in their scope, or of an address.
    Returns how many counted failures were cleared."""
    from axes.utils import reset

    if (user is None) == (not address):
        raise ActionError(_("Name one account or one address."))
    if user is not None and (user.scope is None or not in_scope(actor, user.scope)):
        raise NotAllowed(_("That account is outside your scope."))
    cleared: int = reset(username=user.username) if user is not None else reset(ip=address)
    audit(
        user,
        object_type="" if user is not None else "accounts.address",
        object_repr="" if user is not None else address[:200],
        division_path=user.scope.path if user is not None and user.scope else "",
        after={"cleared": cleared, "address": address},
    )
    return cleared
