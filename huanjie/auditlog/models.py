"""The audit log: an append-only table of events, each chained to the previous one by a keyed MAC.

Every action writes exactly one event (DESIGN.md rule 2). The chain makes tampering visible:
`huanjie verify-audit` recomputes every MAC and reports the first entry that was modified, deleted
or moved. The MAC is HMAC-SHA256 (or HMAC-SM3 under CRYPTO_SUITE=sm) under a key derived from AUDIT_KEY,
which lives in the server's environment, not in the database: who can write the database cannot
recompute the chain. The `ChainHead` row holds the last sequence number and MAC, so that deleting the
newest entries is detected too, and so that concurrent writers are serialised on one row lock; a
truncation that also rewinds the head is caught by the anchors published outside (auditlog/anchor.py).

The `hash` column keeps its name: it holds the entry's MAC, 64 hex digits in either suite.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any

from cryptography.hazmat.primitives import hmac
from django.conf import settings
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from huanjie.core import keys

GENESIS = "0" * 64
UNKEYED = "sha256"  # chains written before the key: plain SHA-256, kept only to re-key them
MACS = ("hmac-sha256", "hmac-sm3")


@cache
def current_mac() -> tuple[str, bytes]:
    """The MAC this server writes and verifies with: its name and its key (HKDF from AUDIT_KEY)."""
    which = keys.suite()
    name = "hmac-sm3" if which == "sm" else "hmac-sha256"
    return name, keys.derive(settings.AUDIT_KEY, f"audit/{name}", 32, which=which)


@receiver(setting_changed)
def _forget_key(*, setting: str, **kwargs: object) -> None:
    if setting in {"AUDIT_KEY", "CRYPTO_SUITE"}:
        current_mac.cache_clear()


def mac_hex(payload: dict[str, Any], name: str, key: bytes) -> str:
    """The MAC of a payload's canonical JSON under the named algorithm."""
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    if name == UNKEYED:
        return hashlib.sha256(canonical).hexdigest()
    if name not in MACS:
        raise ValueError(f"unknown audit MAC {name!r}")
    mac = hmac.HMAC(key, keys.hash_algorithm("sm" if name == "hmac-sm3" else "aes"))
    mac.update(canonical)
    return mac.finalize().hex()


def payload_of(values: dict[str, Any]) -> dict[str, Any]:
    """The fields the MAC covers, in a canonical form independent of the database. The actor is kept by
    id and name as written: deleting the account later changes nothing the MAC covers."""
    at = values["at"]
    return {
        "seq": values["seq"],
        "at": at.isoformat(timespec="microseconds"),
        "actor_id": values["actor_id"],
        "actor_name": values["actor_name"],
        "action": values["action"],
        "object_type": values["object_type"],
        "object_id": values["object_id"],
        "object_repr": values["object_repr"],
        "division_path": values["division_path"],
        "before": values["before"],
        "after": values["after"],
        "prev_hash": values["prev_hash"],
    }


PAYLOAD_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "division_path",
    "before",
    "after",
    "prev_hash",
)


class Event(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    at = models.DateTimeField(_("time (UTC)"), db_index=True)
    # No database constraint and no cascade: the id stays as written when the account is deleted, so the
    # entry's MAC (which covers it) still verifies.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object"), max_length=60, blank=True)
    object_repr = models.CharField(_("object name"), max_length=200, blank=True)
    division_path = models.CharField(max_length=80, blank=True, db_index=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("audit events are append-only")

    def payload(self) -> dict[str, Any]:
        return payload_of({name: getattr(self, name) for name in PAYLOAD_FIELDS})

    def compute_hash(self) -> str:
        name, key = current_mac()
        return mac_hex(self.payload(), name, key)


class ChainHead(models.Model):
    """A single row: the newest event's sequence number and MAC, and which MAC the chain is keyed with."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)
    mac = models.CharField(max_length=20, blank=True, default="")

    def __str__(self) -> str:
        return f"head #{self.seq}"


class Access(models.Model):
    """One opening of personal data: who saw which roll page, list, voter, card sheet or export, and how
    many people it showed. Reads are many, so this is a plain table written with one insert, outside the
    chain (auditlog/access.py); the district administrator queries it on the office's access page."""

    scope_path = "division_path"  # the unit whose people were shown (core/scope.py)

    at = models.DateTimeField(_("time"), db_index=True)
    # A plain id, as in the chain: the record stays whole when the account is deleted.
    user_id = models.BigIntegerField(_("user id"), null=True, db_index=True)
    username = models.CharField(_("user"), max_length=150)
    view = models.CharField(_("what"), max_length=40)
    object_repr = models.CharField(_("object name"), max_length=200, blank=True)
    division_path = models.CharField(max_length=80, blank=True, db_index=True)
    people = models.PositiveIntegerField(_("people shown"), null=True)
    path = models.CharField(_("address"), max_length=300)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")

    def __str__(self) -> str:
        return f"{self.username} {self.view} {self.object_repr}"

    @property
    def label(self) -> str:
        return str(ACCESS_LABELS.get(self.view, self.view))


ACCESS_LABELS = {
    "roll": _("roll page"),
    "voter": _("voter"),
    "voter list": _("voter list"),
    "voter list PDF": _("voter list PDF"),
    "supplementary list PDF": _("supplementary list PDF"),
    "voter cards PDF": _("voter cards PDF"),
    "import errors export": _("import errors export"),
    "residents": _("residents page"),
    "job result": _("a background job's result file"),
}
