"""Publicity for the round, counted by kind, with its photographs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import Reach, ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.supervision.models.files import photo_path
from huanjie.units.models import Division


class Publicity(models.Model):
    """Publicity for the round in a unit, a street or the whole district, counted by kind."""

    scope_path = "division__path"
    scope_related = ("division__parent", "round")
    scope_reach = Reach.AROUND

    class Kind(models.TextChoices):
        BANNER = "banner", _("banners")
        LARGE_SLOGAN = "large_slogan", _("large slogans")
        SLOGAN = "slogan", _("posted slogans")
        BLACKBOARD = "blackboard", _("blackboard newspapers")
        BROADCAST = "broadcast", _("broadcasts")
        MEETING = "meeting", _("meetings")
        PRINTED = "printed", _("printed material")
        ONLINE = "online", _("online posts")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="publicity")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    count = models.PositiveIntegerField(_("count"))
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Publicity"].as_manager()

    class Meta:
        ordering = ["-started_on", "division__code", "pk"]
        verbose_name_plural = "publicity"

    def __str__(self) -> str:
        return f"{self.division} · {self.get_kind_display()} × {self.count}"


class PublicityPhoto(models.Model):
    publicity = models.ForeignKey(Publicity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to=photo_path)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.original_name
