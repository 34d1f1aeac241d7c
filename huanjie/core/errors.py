"""Errors that actions raise. Views turn them into messages; commands into exit code 2."""

from __future__ import annotations

from dataclasses import dataclass


class ActionError(Exception):
    """A refused action: nothing was changed. `field` names what was wrong, where there is one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ActionError):
    """The actor's role may not do this (scope problems are 404s, raised by core/scope.py)."""


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad cell or row of an imported file, located for the person who must fix it."""

    row: int  # 1-based, as a spreadsheet shows it (the header is row 1)
    column: str
    rule: str
    message: str


class FileRejected(ActionError):
    """An imported file with errors: it is refused whole, with every error located."""

    def __init__(self, errors: list[RowError], message: str = "") -> None:
        super().__init__(message or f"{len(errors)} error(s); nothing was imported")
        self.errors = errors
