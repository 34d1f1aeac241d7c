"""A background job: long work (a summary, publishing the static site, a voter file) done outside the
web request, by a queue's worker or by the web process's own small pool (huanjie/jobs/runner.py).

The row is the job's truth whatever runs it: its state, its progress, its log and its result. The queue
only carries the job's number; a worker that dies leaves the row `running` with a heartbeat that stops
moving, and the redelivered message takes the job over (docs/deployment.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huanjie.core.scope import ScopedQuerySet
from huanjie.units.models import Division


class State(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")
    CANCELLED = "cancelled", _("cancelled")


FINISHED = (State.DONE, State.FAILED, State.CANCELLED)


class Job(models.Model):
    # Seen by the users whose scope holds the job's division (huanjie.core.scope).
    scope_path = "division__path"
    scope_related = ("division", "started_by")

    kind = models.CharField(_("kind"), max_length=60)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    params = models.JSONField(default=dict)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    log = models.TextField(blank=True)
    error = models.TextField(blank=True)
    outcome = models.TextField(blank=True)  # what a finished job did, in a sentence for its page
    # The result: a file in the shared storage (served by the office, scoped), or a link.
    result_file = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    # What a finished part hands to its parent (publish-static: the files it wrote and their digests).
    data = models.JSONField(default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    division = models.ForeignKey(Division, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="parts")
    # A parent whose parts are out: it is run again when the last part finishes.
    waiting = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    owner = models.CharField(max_length=120, blank=True)  # host:pid of the attempt now running it

    objects = ScopedQuerySet["Job"].as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["started_by", "-created_at"]),
            models.Index(fields=["state", "heartbeat_at"]),
        ]

    def __str__(self) -> str:
        return f"job #{self.pk} {self.kind}"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int:
        if self.state == State.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, 100 * self.done // self.total)


class Delivery(models.Model):
    """A message sent once per recipient and day (the digest): the row is written, in its own committed
    transaction, *before* the message goes out, so no attempt — a second job the same day, a retry after
    a worker died — sends it again. A worker that dies between the row and the sending leaves it
    `sending`: that recipient may have no message that day, which the next attempt's log says; a message
    is never sent twice (docs/deployment.md)."""

    class Status(models.TextChoices):
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")

    kind = models.CharField(max_length=60)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "day"], name="one_delivery_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.recipient_id} on {self.day}: {self.status}"
