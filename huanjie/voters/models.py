"""Residents of a unit, as the household register and the clerk know them. Voter rolls build on these."""

from __future__ import annotations

import datetime as dt
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.rules import idnumber
from huanjie.units.models import Division
from huanjie.voters.fields import KeyedHashField


class Sex(models.TextChoices):
    MALE = "male", _("male")
    FEMALE = "female", _("female")


class Education(models.TextChoices):
    """Education as the statistics report it (the work summary's team-structure tables)."""

    PRIMARY = "primary", _("primary school or less")
    JUNIOR = "junior", _("junior secondary")
    SENIOR = "senior", _("senior secondary or technical secondary")
    COLLEGE = "college", _("junior college")
    UNIVERSITY = "university", _("university or above")


class Resident(models.Model):
    scope_path = "unit__path"
    # No index of its own: the unique (unit, id_hash) below serves every lookup by unit. Each index is paid
    # for on every row of a district's import (issue 5), so none is kept that a query cannot use.
    unit = models.ForeignKey(
        Division, on_delete=models.PROTECT, related_name="residents", verbose_name=_("unit"), db_index=False
    )
    name = models.CharField(_("name"), max_length=60)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    # The year alone (issue 15): a birth date beside the mask and the sex narrows the number down to a few
    # hundred; the year leaves some 16,000. The full date is in the sealed number (`birth_date`).
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    # Indexed in Meta. 16 bytes (PostgreSQL's uuid type: fields.KeyedHashField), not hex text.
    id_hash = KeyedHashField()
    # Region and check character only (rules.idnumber.mask): 620102***********4.
    id_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    id_cipher = models.BinaryField(editable=False)
    group = models.CharField(_("villager group"), max_length=40, blank=True)
    household = models.CharField(_("household"), max_length=40, blank=True)
    hukou_here = models.BooleanField(_("hukou here"), default=True)
    lives_here = models.BooleanField(_("lives here"), default=True)
    living_since = models.DateField(_("living here since"), null=True, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True)
    # Issue 17: recorded on the person once, reused by every election and every figure of the summary.
    # db_default: the voter import writes residents with COPY and names no education column.
    education = models.CharField(
        _("education"), max_length=12, choices=Education.choices, blank=True, default="", db_default=""
    )
    party_member = models.BooleanField(_("party member"), null=True, blank=True)
    objects = ScopedQuerySet["Resident"].as_manager()

    class Meta:
        ordering = ["unit__code", "group", "household", "pk"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        # Lookups by keyed hash go by unit (this constraint's index) or, across units, by the round's
        # registered voters (Voter's B3 index): a hash-only index would serve no query.
        constraints = [
            models.UniqueConstraint(fields=["unit", "id_hash"], name="one_resident_per_id_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.id_masked})"

    @cached_property
    def birth_date(self) -> dt.date:
        """The date of birth, read from the sealed number: for the server's own reckoning of ages (a
        voter added later, the demo), never for a page of a role that may not see ID numbers."""
        from huanjie.voters import idcrypto

        return idnumber.parse(idcrypto.decrypt(self.id_cipher)).birth_date


class VoterStatus(models.TextChoices):
    REGISTERED = "registered", _("registered")
    EXCLUDED = "excluded", _("excluded")
    REMOVED = "removed", _("removed")


class AddReason(models.TextChoices):
    REGISTRATION = "registration", _("registration")
    TURNED_18 = "turned_18", _("turns 18 by election day")
    MOVED_IN = "moved_in", _("moved in")
    OBJECTION = "objection", _("accepted objection")


class RemoveReason(models.TextChoices):
    MOVED_AWAY = "moved_away", _("moved away")
    DIED = "died", _("died")
    DEPRIVED = "deprived", _("deprived of political rights")
    LOST_CAPACITY = "lost_capacity", _("lost legal capacity")
    OBJECTION = "objection", _("accepted objection")


# Removal reasons that are exclusions (B1, B4): the person stays listed as excluded, with the reason.
EXCLUSIONS = frozenset({RemoveReason.DEPRIVED, RemoveReason.LOST_CAPACITY})


class Voter(models.Model):
    """One person on one election's voter roll (villagers' or residents' committee).

    `round` and `id_hash` are copied from the election and the resident so that B3 — a person is
    registered in one unit only in a round — is one indexed lookup and a database constraint.
    """

    scope_path = "election__unit__path"
    scope_related = ("resident", "election__unit", "election__round")
    # Not indexed alone: (election, resident) and (election, status) below both start with it.
    election = models.ForeignKey(
        "elections.Election",
        on_delete=models.CASCADE,
        related_name="voters",
        verbose_name=_("election"),
        db_index=False,
    )
    # Not indexed: the roll is read by election, B3 by (round, id_hash) of the registered.
    round = models.ForeignKey("elections.Round", on_delete=models.CASCADE, related_name="+", db_index=False)
    # Not indexed (issue 20): every query reads a resident's entries with their election — the roll, the
    # pickers, `voters__election` — by the (election, resident) index below; residents are never deleted,
    # so the key's own check on deletion (one scan of the roll) never runs. Its build was 0.6 s of a
    # district's import.
    resident = models.ForeignKey(
        Resident,
        on_delete=models.PROTECT,
        related_name="voters",
        verbose_name=_("resident"),
        db_index=False,
    )
    id_hash = KeyedHashField()
    category = models.CharField(_("registration category"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=VoterStatus.choices, default=VoterStatus.REGISTERED
    )
    added_on = models.DateField(_("added on"))
    added_reason = models.CharField(
        _("added because"), max_length=20, choices=AddReason.choices, default=AddReason.REGISTRATION
    )
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removed_reason = models.CharField(
        _("removed because"), max_length=20, choices=RemoveReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # What registration required and was recorded (B2): category 2's statement, category 3's application
    # and the approval of the villagers' assembly or representatives' assembly.
    wish_statement = models.BooleanField(_("stated the wish to take part"), default=False)
    application_on = models.DateField(_("applied on"), null=True, blank=True)
    approval_on = models.DateField(_("approved by the assembly on"), null=True, blank=True)
    approval_by = models.CharField(_("approved by"), max_length=40, blank=True)
    # Read only with the election (the supplementary list): the (election, resident) index finds the rows.
    created_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    objects = ScopedQuerySet["Voter"].as_manager()

    class Meta:
        ordering = ["election", "resident__group", "resident__household", "resident_id"]
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        constraints = [
            models.UniqueConstraint(fields=["election", "resident"], name="one_entry_per_resident_per_roll"),
            models.UniqueConstraint(
                fields=["round", "id_hash"],
                condition=models.Q(status="registered"),
                name="registered_in_one_unit_per_round",
            ),
        ]
        # Every index is filled on each of a district's million imported rows (issue 5), so there are only
        # these: the roll is read by election (the first constraint's index; a unit's roll is some thousand
        # rows, filtered by status as they are read) and B3 by (round, id_hash) of the registered (the
        # second).

    def __str__(self) -> str:
        return f"{self.resident.name} ({self.resident.id_masked})"


class ObjectionKind(models.TextChoices):
    OMITTED = "omitted", _("should be on the list")
    WRONGLY_LISTED = "wrongly_listed", _("should not be on the list")


class Objection(models.Model):
    """An objection to a published voter list (OL Art.14, B5), lodged on behalf of a villager."""

    scope_path = "election__unit__path"
    scope_related = ("resident", "election__unit", "election__round", "notice")

    class Decision(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    election = models.ForeignKey(
        "elections.Election", on_delete=models.CASCADE, related_name="objections", verbose_name=_("election")
    )
    kind = models.CharField(_("objection"), max_length=20, choices=ObjectionKind.choices)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="objections", verbose_name=_("person concerned")
    )
    lodged_by = models.CharField(_("lodged by"), max_length=60)
    grounds = models.TextField(_("grounds"))
    lodged_on = models.DateField(_("lodged on"))
    decide_by = models.DateField(_("decide by"))
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decision_text = models.TextField(_("reasons for the decision"), blank=True)
    notice = models.ForeignKey(
        "elections.Notice", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    objects = ScopedQuerySet["Objection"].as_manager()

    class Meta:
        ordering = ["-lodged_on", "-pk"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")

    def __str__(self) -> str:
        return f"{self.resident.name}: {self.get_kind_display()}"

    @property
    def late(self) -> bool:
        return self.decided_on is not None and self.decided_on > self.decide_by
