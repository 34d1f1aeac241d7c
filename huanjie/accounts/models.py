"""Accounts: every user has one role and one scope, a division; they see everything below it, nothing else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.units.models import Division


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("district administrator")
    STREET_OFFICER = "street_officer", _("street officer")
    CLERK = "clerk", _("village/community clerk")
    INSPECTOR = "inspector", _("inspector")
    LIAISON = "liaison", _("liaison officer")


# The level of division each role's scope sits at. An inspector may be scoped to a district or a street,
# or to a province: the province office, which follows every district's round (read-only, as inspectors).
SCOPE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.DISTRICT_ADMIN: ("district",),
    Role.STREET_OFFICER: ("street",),
    Role.CLERK: ("unit",),
    Role.INSPECTOR: ("province", "city", "district", "street"),
    Role.LIAISON: ("street",),
}


class User(AbstractUser):
    scope_path = "scope__path"
    scope_related = ("scope",)
    scope_capability = "manage_accounts"
    # No ScopedQuerySet manager: UserManager (create_user) stays; get_visible/visible_to read the declaration.

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope = models.ForeignKey(
        Division, on_delete=models.PROTECT, null=True, related_name="users", verbose_name=_("scope")
    )
    full_name = models.CharField(_("full name"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_capability(self, capability: str) -> bool:
        """What the role may do (accounts/roles.py); asked by core/scope.py, which imports no app."""
        from huanjie.accounts.roles import Capability, can  # roles imports this module

        return can(self, Capability(capability))

    @property
    def read_only(self) -> bool:
        return self.role == Role.INSPECTOR
