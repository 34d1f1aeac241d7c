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
    Role.INSPECTOR: ("province", "district", "street"),
    Role.LIAISON: ("street",),
}


class User(AbstractUser):
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

    @property
    def read_only(self) -> bool:
        return self.role == Role.INSPECTOR
