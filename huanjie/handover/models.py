"""The handover (工作移交) from the outgoing committee to the new one: a checklist, a deadline, a sign-off.

OL Art.20: the outgoing villagers' committee hands over its seal, office and equipment, accounts, assets,
archives and open matters within 10 days of the new committee being produced; the election committee
presides and the street supervises (election-law.md A1 step 15, B30). The day count comes from the
province profile (`handover_days`); the deadline is stored when the record is opened so that a later
profile change does not move a deadline already running.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.elections.models import Election


class Handover(models.Model):
    scope_path = "election__unit__path"
    scope_related = ("election__unit", "election__street", "election__body", "election__round")
    election = models.OneToOneField(Election, on_delete=models.CASCADE, related_name="handover")
    # The day the new committee was produced: the polling day of the last counted voting round.
    result_on = models.DateField(_("new committee elected on"))
    due = models.DateField(_("due"))
    days = models.PositiveSmallIntegerField(_("days allowed"))
    article = models.CharField(_("article"), max_length=1000)  # a profile source can be long
    opened_on = models.DateField(_("opened on"))
    outgoing_head = models.CharField(_("outgoing head"), max_length=60, blank=True)
    incoming_head = models.CharField(_("incoming head"), max_length=60, blank=True)
    witness = models.CharField(_("street's witness"), max_length=60, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    objects = ScopedQuerySet["Handover"].as_manager()

    class Meta:
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["signed_on", "due"])]

    def __str__(self) -> str:
        return f"{self.election} · handover"

    @property
    def signed(self) -> bool:
        return self.signed_on is not None

    def late(self, today: dt.date) -> bool:
        """Signed after the deadline, or still open after it."""
        if self.signed_on is not None:
            return self.signed_on > self.due
        return today > self.due


class HandoverItem(models.Model):
    scope_path = "handover__election__unit__path"
    scope_related = ("handover__election__unit", "handover__election__round", "handover__election__body")

    class Kind(models.TextChoices):
        SEAL = "seal", _("seal")
        ACCOUNTS = "accounts", _("accounts")
        ASSETS = "assets", _("collective assets")
        ARCHIVES = "archives", _("archives")
        OPEN_MATTERS = "open_matters", _("open matters")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        PENDING = "pending", _("not handed over")
        DONE = "done", _("handed over")
        NONE = "none", _("nothing to hand over")

    handover = models.ForeignKey(Handover, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    # The line as printed on the handover list (Chinese): the paper is signed by the two heads.
    title = models.CharField(_("item"), max_length=120)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.PENDING)
    notes = models.TextField(_("notes"), blank=True)
    seq = models.PositiveSmallIntegerField()
    objects = ScopedQuerySet["HandoverItem"].as_manager()

    class Meta:
        ordering = ["handover", "seq"]
        constraints = [models.UniqueConstraint(fields=["handover", "seq"], name="one_handover_item_per_seq")]

    def __str__(self) -> str:
        return self.title

    @property
    def settled(self) -> bool:
        return self.status != self.Status.PENDING


# The statutory checklist (OL Art.20; 规程 Ch.7): each line as the handover list prints it.
CHECKLIST: tuple[tuple[str, str], ...] = (
    (HandoverItem.Kind.SEAL, "公章（印章）"),
    (HandoverItem.Kind.ACCOUNTS, "财务账目（账簿、凭证、债权债务）"),
    (HandoverItem.Kind.ASSETS, "集体资产（固定资产、办公场所及设备）"),
    (HandoverItem.Kind.ARCHIVES, "档案资料"),
    (HandoverItem.Kind.OPEN_MATTERS, "未办结事项"),
)
