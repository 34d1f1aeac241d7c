"""Scoped reads of jobs: a job is seen by the users whose scope holds its division (elsewhere: 404). Its
result file is handed to whoever started it, or to a user of the same role in scope — the file was made
with the starter's view of the records, which a user of the same role shares."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.jobs.models import Job


def visible_jobs(user: User) -> QuerySet[Job]:
    if not user.is_authenticated or not user.is_active or user.scope is None:
        return Job.objects.none()
    return Job.objects.filter(division__path__startswith=user.scope.path)


def get_job(user: User, pk: int) -> Job:
    try:
        return visible_jobs(user).select_related("division", "started_by").get(pk=pk)
    except Job.DoesNotExist:
        raise Http404("no such job in your scope") from None


def may_take_result(user: User, job: Job) -> bool:
    starter = job.started_by
    return starter is not None and (starter.pk == user.pk or starter.role == user.role)
