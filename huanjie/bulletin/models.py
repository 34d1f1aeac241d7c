"""The public pages' edition: a counter that changes when something a public page can show has changed."""

from __future__ import annotations

from django.db import models


class Edition(models.Model):
    """A single row. Its number moves on with every audit event that may change a public page (every one
    but signing in and out, failed logins, lockouts and account administration: see bulletin/cache.py), in
    the same transaction as the change. The page cache is keyed by it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"edition #{self.seq}"
