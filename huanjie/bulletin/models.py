"""The public pages' edition and the publications that move it on: what an action declared it changed
on the public pages (core.actions `public=` / `publish()`), and where."""

from __future__ import annotations

from django.db import models


class Edition(models.Model):
    """A single row. Its number moves on with every publication event — an action that changed what a
    public page shows says so (bulletin/publications.py) — in the same transaction as the change, and with
    nothing else: signing in and out, failed logins, account administration and the office's own records
    never move it. The page cache is keyed by it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"edition #{self.seq}"


class Publication(models.Model):
    """One publication event: the edition it opened (its number), what changed, which action and where.
    The static publisher rewrites the streets holding the places published in since its last run
    (publisher.clean_streets); a place above the streets, or none, makes it rewrite every street."""

    edition = models.PositiveBigIntegerField(primary_key=True)
    what = models.CharField(max_length=60)
    event = models.CharField(max_length=60)  # the action's audit event, e.g. "elections.stage_completed"
    division_path = models.CharField(max_length=80, blank=True)  # "": no one place (an import, …)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition"]

    def __str__(self) -> str:
        return f"#{self.edition} {self.what} {self.division_path}"
