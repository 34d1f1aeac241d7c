"""The district's structure: divisions from province down to unit, and each unit's bodies.

A division's `path` is the chain of codes from the root ("620000000000/620100000000/…/"), so that
"everything under a division" — a user's scope — is one indexed prefix query, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    DISTRICT = "district", _("district")
    STREET = "street", _("street")
    UNIT = "unit", _("unit")


# The level a division's parent must have.
PARENT_LEVEL: dict[str, str | None] = {
    Level.PROVINCE: None,
    Level.CITY: Level.PROVINCE,
    Level.DISTRICT: Level.CITY,
    Level.STREET: Level.DISTRICT,
    Level.UNIT: Level.STREET,
}


class UnitKind(models.TextChoices):
    VILLAGE = "village", _("village")
    COMMUNITY = "community", _("community")


class BodyKind(models.TextChoices):
    VILLAGERS_COMMITTEE = "villagers_committee", _("villagers' committee")
    RESIDENTS_COMMITTEE = "residents_committee", _("residents' committee")
    PARTY_BRANCH = "party_branch", _("party organisation")


class Division(models.Model):
    scope_path = "path"
    scope_related = ("parent",)
    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=UnitKind.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
    )
    path = models.CharField(max_length=80, db_index=True, editable=False)
    profile = models.CharField(
        _("province profile"), max_length=30, blank=True, help_text=_("Set on provinces: the rules profile.")
    )
    agricultural = models.BooleanField(_("agriculture-related street"), default=False)
    objects = ScopedQuerySet["Division"].as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(level="unit") & ~models.Q(kind=""))
                | (~models.Q(level="unit") & models.Q(kind="")),
                name="division_kind_only_on_units",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def display_name(self, language: str) -> str:
        return self.name_en if language.startswith("en") and self.name_en else self.name

    @property
    def is_unit(self) -> bool:
        return self.level == Level.UNIT

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent else ""
        return f"{prefix}{self.code}/"

    def ancestors(self) -> list[Division]:
        codes = [c for c in self.path.split("/") if c and c != self.code]
        by_code = {d.code: d for d in Division.objects.filter(code__in=codes)}
        return [by_code[c] for c in codes if c in by_code]


class Body(models.Model):
    """A unit's organisation that elects: its party organisation or its villagers'/residents' committee."""

    unit = models.ForeignKey(
        Division, on_delete=models.CASCADE, related_name="bodies", verbose_name=_("unit")
    )
    kind = models.CharField(_("body"), max_length=24, choices=BodyKind.choices)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["unit__code", "kind"]
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_body_of_a_kind_per_unit")]

    def __str__(self) -> str:
        return self.name


def bodies_for(kind: str) -> list[str]:
    """The bodies a unit of this kind elects: its party organisation and its self-governing committee."""
    committee = BodyKind.VILLAGERS_COMMITTEE if kind == UnitKind.VILLAGE else BodyKind.RESIDENTS_COMMITTEE
    return [BodyKind.PARTY_BRANCH, committee]
