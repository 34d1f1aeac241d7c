"""What job code sees: its parameters, and `progress`, `log`, `finish_file`, `finish_link`, `spawn_parts`.

Progress and log lines are written at once, outside any transaction, so the job's page shows them while
the job runs. The result is made visible atomically: a file is stored in full under a name of this
attempt first, and only then, in one transaction, does the job row name it and become `done`. An attempt
that dies before that commit leaves at most an unnamed file of its own attempt, which the next attempt
removes; nobody ever sees half a result.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from huanjie.jobs.models import FINISHED, Job, State


class WaitForParts(Exception):
    """Raised by `spawn_parts`: the job's function stops here and runs again when its parts finish."""


class JobContext:
    def __init__(self, job: Job) -> None:
        self.job = job
        self.params: dict[str, Any] = dict(job.params)
        self._last_progress = 0.0
        self.finished = False

    # --- progress and log -------------------------------------------------------------------------
    def progress(self, done: int, total: int | None = None) -> None:
        """Report `done` of `total` steps. Written at most a few times a second, always at the end."""
        now = time.monotonic()
        self.job.done = done
        if total is not None:
            self.job.total = total
        final = self.job.total is not None and done >= self.job.total
        if not final and now - self._last_progress < 0.25:
            return
        self._last_progress = now
        fields: dict[str, Any] = {"done": done, "heartbeat_at": timezone.now()}
        if total is not None:
            fields["total"] = total
        Job.objects.filter(pk=self.job.pk).update(**fields)

    def log(self, message: str) -> None:
        line = f"{timezone.localtime():%H:%M:%S} {message}\n"
        self.job.log += line
        Job.objects.filter(pk=self.job.pk).update(
            log=Concat(F("log"), Value(line)), heartbeat_at=timezone.now()
        )

    def keep(self, data: dict[str, Any]) -> None:
        """Note how far the job has come (what a retry may skip), at once and outside any transaction."""
        self.job.data = data
        Job.objects.filter(pk=self.job.pk).update(data=data, heartbeat_at=timezone.now())

    # --- results ----------------------------------------------------------------------------------
    def attempt_dir(self) -> str:
        return f"jobs/{self.job.pk}/{self.job.attempts}"

    def finish_file(self, name: str, data: bytes, *, outcome: str = "", url: str = "") -> None:
        """Store `data` as the job's result file `name` and mark the job done, atomically (see above)."""
        stored = default_storage.save(f"{self.attempt_dir()}/{name}", ContentFile(data))
        self._finish(result_file=stored, result_name=name, outcome=outcome, result_url=url)

    def finish_link(self, url: str, *, outcome: str = "") -> None:
        self._finish(result_url=url, outcome=outcome)

    def finish(self, data: dict[str, Any] | None = None, *, outcome: str = "") -> None:
        """Done, with no file or link (a part hands `data` to its parent)."""
        self._finish(data=data or self.job.data, outcome=outcome)

    def _finish(self, **fields: Any) -> None:
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=self.job.pk)
            if job.state in FINISHED:  # another attempt got there first: keep its result, not ours
                self.finished = True
                return
            for name, value in fields.items():
                setattr(job, name, value)
            job.state = State.DONE
            job.done = job.total if job.total is not None else job.done
            job.finished_at = timezone.now()
            job.waiting = False
            job.save()
            from huanjie.jobs.runner import part_finished

            part_finished(job)
        self.job = job
        self.finished = True

    # --- parts ------------------------------------------------------------------------------------
    def parts(self) -> list[Job]:
        return list(Job.objects.filter(parent=self.job).order_by("pk"))

    def spawn_parts(self, kind: str, params: list[dict[str, Any]]) -> None:
        """Hand the work to parts (each its own job, on any worker) and stop; this job's function runs
        again once every part has finished, and then finds them in `parts()`."""
        from huanjie.jobs.runner import enqueue

        if not params:
            return
        with transaction.atomic():
            parts = Job.objects.bulk_create(
                Job(
                    kind=kind,
                    params=p,
                    division=self.job.division,
                    started_by=self.job.started_by,
                    parent=self.job,
                )
                for p in params
            )
            Job.objects.filter(pk=self.job.pk).update(waiting=True, done=0, total=len(parts))
            ids = [p.pk for p in parts]

            def hand_out() -> None:
                for pk in ids:
                    enqueue(pk)

            transaction.on_commit(hand_out)
        raise WaitForParts
