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
    # The leading group's work (supervision), replacing the role names its actions compared:
    LEAD_GROUP = (
        "lead_group"  # the leading group's office: members, teams, work plans' review, the district's dates
    )
    DIRECT_UNITS = "direct_units"  # a street directs its units: contact cadres, petitions, its plan and dates
    INSPECT = "inspect"  # visit units, record the questions asked and answered
    FILE_LIAISON_REPORTS = "file_liaison_reports"  # the liaison officer stationed in a street reports


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DISTRICT_ADMIN: frozenset(Capability),
    Role.STREET_OFFICER: frozenset(
        {
            Capability.EDIT_UNITS,
            Capability.SCHEDULE_ELECTIONS,
            Capability.RECORD_FINDINGS,
            Capability.SUPERVISE_COUNT,
            Capability.DIRECT_UNITS,
        }
    ),
    Role.CLERK: frozenset({Capability.EDIT_UNITS, Capability.VIEW_ID_NUMBERS}),
    Role.INSPECTOR: frozenset({Capability.RECORD_FINDINGS, Capability.INSPECT}),
    Role.LIAISON: frozenset({Capability.INSPECT, Capability.FILE_LIAISON_REPORTS}),
}


def can(user: User, capability: Capability) -> bool:
    if not user.is_authenticated or not user.is_active or user.scope_id is None:
        return False
    return capability in CAPABILITIES.get(user.role, frozenset())
