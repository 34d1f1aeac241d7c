"""Who may take a job's result. Which jobs a user sees is the model's scope declaration (`Job.scope_path`,
read through huanjie.core.scope): a job is seen by the users whose scope holds its division (elsewhere 404).
Its result file is handed to whoever started it, or to a user in scope who holds every capability the
starter held — the file was made with the starter's view of the records, which such a user shares."""

from __future__ import annotations

from huanjie.accounts.models import User
from huanjie.accounts.roles import CAPABILITIES
from huanjie.jobs.models import Job


def may_take_result(user: User, job: Job) -> bool:
    starter = job.started_by
    if starter is None:
        return False
    return starter.pk == user.pk or CAPABILITIES.get(starter.role, frozenset()) <= CAPABILITIES.get(
        user.role, frozenset()
    )
