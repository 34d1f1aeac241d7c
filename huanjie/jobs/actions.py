"""Starting a job: an action like any other write (one transaction, one audit event). The job itself runs
after the commit, elsewhere; what it writes through other actions is audited by those."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.core.actions import SYSTEM, Actor, action, audit, check, user_of
from huanjie.core.errors import NotAllowed
from huanjie.jobs.models import Job
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
