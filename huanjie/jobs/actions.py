"""Starting a job: an action like any other write (one transaction, one audit event). The job itself runs
after the commit, elsewhere; what it writes through other actions is audited by those."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.core.actions import SYSTEM, Actor, action, audit, check, is_system, user_of
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.jobs.models import Job, State
from huanjie.jobs.registry import get_kind
from huanjie.jobs.runner import enqueue
from huanjie.units.models import Division

HERE = gettext_lazy("Your role may not do this here.")


@action("job.start", capability=None, on="division", scope=lambda division: division, outside=HERE)
def do_start_job(kind: str, *, division: Division, params: dict[str, Any], actor: Actor) -> Job:
    """Queue a job of `kind` over `division` (which must be in the actor's scope); the kind names the
    capability its starter needs."""
    spec = get_kind(kind)
    if spec.capability is not None:
        check(actor, Capability(spec.capability), None, denied=str(HERE))
    job = Job.objects.create(
        kind=kind,
        params={**params, "language": get_language() or "zh-hans"},
        division=division,
        started_by=user_of(actor),
    )
    audit(job, division_path=division.path, after={"kind": kind, "params": params})
    job_id = job.pk
    transaction.on_commit(lambda: enqueue(job_id))
    return job


def start_scheduled(kind: str) -> Job:
    """A job the schedule starts (Celery beat, or cron running the command): the system's, over the top
    of the division tree."""
    root = Division.objects.filter(parent__isnull=True).order_by("code").first()
    if root is None:
        raise NotAllowed(_("There are no divisions yet."))
    return do_start_job(kind, division=root, params={}, actor=SYSTEM)


def _may_manage(actor: Actor, job: Job) -> None:
    """Who may cancel or retry a job (its division in their scope is the action's own check): the user
    who started it, or one who manages the rounds there (a district administrator: the schedule's jobs
    and everyone's)."""
    if is_system(actor) or (job.started_by_id is not None and job.started_by_id == actor.pk):
        return
    check(actor, Capability.MANAGE_ROUNDS, None, denied=str(HERE))


@action("job.cancel", capability=None, scope=lambda job: job.division, outside=HERE)
def do_cancel_job(job: Job, *, actor: Actor) -> Job:
    """A queued job is not run: whatever picks up its message later finds it finished and skips it."""
    _may_manage(actor, job)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.parent_id is not None:
        raise ActionError(_("A part of a job is cancelled with its job."))
    if job.state != State.QUEUED:
        raise ActionError(_("Only a job that has not started can be cancelled."))
    job.state = State.CANCELLED
    job.finished_at = timezone.now()
    job.log += f"{timezone.localtime():%H:%M:%S} " + _("Cancelled by %(user)s.") % {"user": actor} + "\n"
    job.save(update_fields=["state", "finished_at", "log"])
    audit(job, division_path=job.division.path, before={"state": State.QUEUED}, after={"state": job.state})
    return job


@action("job.retry", capability=None, scope=lambda job: job.division, outside=HERE)
def do_retry_job(job: Job, *, actor: Actor) -> Job:
    """A failed job is queued again and runs from its start (every kind is written to be repeated); the
    parts of a failed publish are dropped, so the new attempt splits the work afresh."""
    _may_manage(actor, job)
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.parent_id is not None:
        raise ActionError(_("A part of a job is retried with its job."))
    if job.state != State.FAILED:
        raise ActionError(_("Only a failed job can be retried."))
    job.parts.all().delete()
    error = job.error
    job.state, job.error, job.done, job.total, job.waiting = State.QUEUED, "", 0, None, False
    job.finished_at = job.heartbeat_at = None
    job.owner = ""
    job.log += f"{timezone.localtime():%H:%M:%S} " + _("Retried by %(user)s.") % {"user": actor} + "\n"
    job.save()
    audit(job, division_path=job.division.path, before={"state": State.FAILED, "error": error[:200]},
          after={"state": job.state})  # fmt: skip
    job_id = job.pk
    transaction.on_commit(lambda: enqueue(job_id))
    return job
