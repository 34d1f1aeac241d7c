"""Inspection and assessment teams, their visits to streets and units, and the questions raised there.
What a visit found is an `elections.Finding` (source "inspection", reference "visit:<pk>")."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.units.models import Division


class Team(models.Model):
    """An inspection team (督导检查组) or an assessment team (考察组) of the leading group."""

    scope_path = "round__district__path"
    scope_related = ("round",)
    scope_reach = Reach.ABOVE

    class Kind(models.TextChoices):
        INSPECTION = "inspection", _("inspection team")
        ASSESSMENT = "assessment", _("assessment team")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="teams")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSPECTION)
    name = models.CharField(_("name"), max_length=120)
    leader = models.CharField(_("team leader"), max_length=40)
    members = models.TextField(_("members"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    remit = models.TextField(_("remit"), blank=True)
    objects = ScopedQuerySet["Team"].as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.name


class Visit(models.Model):
    """A team's visit to a street or a unit."""

    scope_path = "division__path"
    scope_related = ("team", "division")
    scope_reach = Reach.AROUND
    scope_also = (("team__round__district__path", Reach.ABOVE),)  # and its team's round
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="visits")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    visited_on = models.DateField(_("visited on"))
    units_seen = models.ManyToManyField(Division, blank=True, related_name="+")
    summary = models.TextField(_("what the team saw"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Visit"].as_manager()

    class Meta:
        ordering = ["visited_on", "division__code", "pk"]

    def __str__(self) -> str:
        return f"{self.team} · {self.division} · {self.visited_on}"

    @property
    def reference(self) -> str:
        return f"visit:{self.pk}"


class Question(models.Model):
    """A question the visited street or unit raised, and the team's answer."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.CharField(_("asked by"), max_length=80, blank=True)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.question[:60]
