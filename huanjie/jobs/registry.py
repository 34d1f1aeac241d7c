"""Job kinds: a name, a label for the office, and the function a worker runs with a JobContext."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:
    from huanjie.jobs.context import JobContext

JobFunction = Callable[["JobContext"], None]


@dataclass(frozen=True)
class Kind:
    name: str
    label: str | Promise
    run: JobFunction
    capability: str | None = None  # what a user needs to start it (a Capability); None: anyone in scope


KINDS: dict[str, Kind] = {}


def job_kind(
    name: str, label: str | Promise, capability: str | None = None
) -> Callable[[JobFunction], JobFunction]:
    def register(fn: JobFunction) -> JobFunction:
        KINDS[name] = Kind(name, label, fn, capability)
        return fn

    return register


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise LookupError(f"no job kind {name!r}") from None
