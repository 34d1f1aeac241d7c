"""Residents of a unit, as the household register and the clerk know them. Voter rolls build on these."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.units.models import Division


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Resident(models.Model):
    unit = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="residents", verbose_name=_("unit")
    )
    name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    id_hash = models.CharField(max_length=64, db_index=True, editable=False)
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    id_cipher = models.BinaryField(editable=False)
    group = models.CharField(_("villager group"), max_length=40, blank=True)
    household = models.CharField(_("household"), max_length=40, blank=True)
    hukou_here = models.BooleanField(_("hukou here"), default=True)
    lives_here = models.BooleanField(_("lives here"), default=True)
    living_since = models.DateField(_("living here since"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)

    class Meta:
        ordering = ["unit__code", "group", "household", "pk"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        constraints = [
            models.UniqueConstraint(fields=["unit", "id_hash"], name="one_resident_per_id_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_masked})"
