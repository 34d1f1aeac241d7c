"""A job kind for the Celery test only: eight slow steps, then a result file whose every byte is known, so
that a worker killed in the middle can be caught there and the result checked whole."""

from __future__ import annotations

import time

from huanjie.jobs.context import JobContext
from huanjie.jobs.registry import job_kind

STEPS = 8
RESULT = b"".join(b"line %d of the slow job's result\n" % i for i in range(1000))


@job_kind("tests.slow", "slow test job")
def slow(ctx: JobContext) -> None:
    for step in range(STEPS):
        ctx.progress(step, STEPS)
        time.sleep(float(ctx.params.get("pause", 0.3)))
    ctx.log("all steps done")
    ctx.finish_file("slow.txt", RESULT)
