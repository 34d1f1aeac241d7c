"""What each role may do. Scope (which divisions) is separate: see units/access.py."""

from __future__ import annotations

from enum import StrEnum

from huanjie.accounts.models import Role, User


class Capability(StrEnum):
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"
    IMPORT_DIVISIONS = "import_divisions"
    EDIT_UNITS = "edit_units"
    VIEW_ID_NUMBERS = "view_id_numbers"
    MANAGE_ROUNDS = "manage_rounds"  # open a round, decide on election-day changes, run the review
    OVERRIDE_GUARDS = "override_guards"  # complete a stage against a statutory guard, with a justification
    SCHEDULE_ELECTIONS = "schedule_elections"  # set election days
    RECORD_FINDINGS = "record_findings"  # add findings by hand, close them with what was done
    SUPERVISE_COUNT = "supervise_count"  # release a ballot box held by the reconciliation checks
    VOID_ELECTIONS = "void_elections"  # declare an election void for misconduct (OL Art.17): the district


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DISTRICT_ADMIN: frozenset(Capability),
    Role.STREET_OFFICER: frozenset(
        {
            Capability.EDIT_UNITS,
            Capability.SCHEDULE_ELECTIONS,
            Capability.RECORD_FINDINGS,
            Capability.SUPERVISE_COUNT,
        }
    ),
    Role.CLERK: frozenset({Capability.EDIT_UNITS, Capability.VIEW_ID_NUMBERS}),
    Role.INSPECTOR: frozenset({Capability.RECORD_FINDINGS}),
    Role.LIAISON: frozenset(),
}


def can(user: User, capability: Capability) -> bool:
    if not user.is_authenticated or not user.is_active or user.scope_id is None:
        return False
    return capability in CAPABILITIES.get(user.role, frozenset())
