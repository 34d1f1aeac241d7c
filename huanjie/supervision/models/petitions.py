"""Petitions about the election (信访): letters, visits, calls and online messages, with the statutory
times to accept and to conclude them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.elections.models import Round
from huanjie.units.models import Division
from huanjie.voters.models import Resident

# Regulations on Letters and Visits (信访工作条例 2022, Art. 31–32; 信访条例 2005, Art. 22, 33):
# whether to accept is decided within 15 days of receipt; an accepted petition is concluded within 60.
ACCEPT_DAYS = 15
CONCLUDE_DAYS = 60
# Five or more petitioners on one matter make a collective petition (集体访).
COLLECTIVE_FROM = 5


class Petition(models.Model):
    """A letter, visit, call or online message about the election (信访)."""

    scope_path = "division__path"
    scope_related = ("division__parent", "round")
    scope_capability = "see_petitions"

    class Channel(models.TextChoices):
        LETTER = "letter", _("letter")
        VISIT = "visit", _("visit")
        PHONE = "phone", _("phone")
        ONLINE = "online", _("online")

    class Decision(models.TextChoices):
        PENDING = "", _("not decided")
        ACCEPTED = "accepted", _("accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted")

    class Satisfaction(models.TextChoices):
        UNKNOWN = "", _("not asked")
        SATISFIED = "satisfied", _("satisfied")
        BASICALLY = "basically", _("basically satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="petitions")
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")  # unit or street
    term_label = models.CharField(_("earlier term"), max_length=60, blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    subject = models.CharField(_("subject"), max_length=200)
    content = models.TextField(_("content"))
    stage = models.CharField(_("stage"), max_length=40, blank=True)
    petitioners = models.TextField(_("petitioners"))
    # The petitioner, where known, as the unit's resident (only a petition about a unit: chosen with the
    # resident picker among that unit's residents); shown as name, group and year of birth.
    petitioner = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("petitioner (resident)"),
    )
    petitioner_count = models.PositiveIntegerField(_("number of petitioners"))
    contact = models.CharField(_("contact"), max_length=80, blank=True)
    handler = models.CharField(_("handler"), max_length=80, blank=True)
    decision = models.CharField(
        _("decision"), max_length=12, choices=Decision.choices, blank=True, default=""
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Satisfaction.choices, blank=True, default=""
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Petition"].as_manager()

    class Meta:
        ordering = ["-received_on", "-pk"]

    def __str__(self) -> str:
        return self.subject

    @property
    def collective(self) -> bool:
        return self.petitioner_count >= COLLECTIVE_FROM

    @property
    def previous_term(self) -> bool:
        return bool(self.term_label) or self.received_on < self.round.starts_on

    @property
    def accept_by(self) -> dt.date:
        return self.received_on + dt.timedelta(days=ACCEPT_DAYS)

    @property
    def conclude_by(self) -> dt.date | None:
        if self.decision != self.Decision.ACCEPTED or self.decided_on is None:
            return None
        return self.decided_on + dt.timedelta(days=CONCLUDE_DAYS)

    @property
    def open(self) -> bool:
        return self.decision == self.Decision.PENDING or (
            self.decision == self.Decision.ACCEPTED and self.concluded_on is None
        )

    def overdue(self, today: dt.date) -> str:
        """'' when on time; 'accept' or 'conclude' naming the statutory deadline that has passed."""
        if self.previous_term:
            return ""
        if self.decision == self.Decision.PENDING:
            return "accept" if today > self.accept_by else ""
        conclude_by = self.conclude_by
        if conclude_by is not None and self.concluded_on is None and today > conclude_by:
            return "conclude"
        return ""
