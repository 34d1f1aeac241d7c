"""Starting a job: an action like any other write (one transaction, one audit event). The job itself runs
after the commit, elsewhere; what it writes through other actions is audited by those."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.record import record
from huanjie.core.errors import NotAllowed
from huanjie.jobs.models import Job
from huanjie.jobs.registry import get_kind
from huanjie.jobs.runner import enqueue
from huanjie.units.access import in_scope
from huanjie.units.models import Division


def do_start_job(kind: str, *, division: Division, params: dict[str, Any], actor: User | None) -> Job:
    """Queue a job of `kind` over `division` (which must be in the actor's scope)."""
    spec = get_kind(kind)
    if actor is not None:
        if not in_scope(actor, division):
            raise NotAllowed(_("Your role may not do this here."))
        if spec.capability is not None and not can(actor, Capability(spec.capability)):
            raise NotAllowed(_("Your role may not do this here."))
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            params={**params, "language": get_language() or "zh-hans"},
            division=division,
            started_by=actor,
        )
        record(
            "job.start",
            actor=actor,
            obj=job,
            division_path=division.path,
            after={"kind": kind, "params": params},
        )
        job_id = job.pk
        transaction.on_commit(lambda: enqueue(job_id))
    return job


def start_scheduled(kind: str) -> Job:
    """A job the schedule starts (Celery beat, or cron running the command): the system's, over the top
    of the division tree."""
    root = Division.objects.filter(parent__isnull=True).order_by("code").first()
    if root is None:
        raise NotAllowed(_("There are no divisions yet."))
    return do_start_job(kind, division=root, params={}, actor=None)
