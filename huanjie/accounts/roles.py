"""What each role may do — the only place that reads a role: everything else asks `can(user, Capability.X)`
(templates: `user|can:"x"`). Scope (which divisions) is separate: see core/scope.py."""

from __future__ import annotations

from enum import StrEnum

from huanjie.accounts.models import Role, User
from huanjie.units.models import Level


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
    # The leading group (supervision): its office is the district's.
    LEAD_GROUP = "lead_group"  # members, teams, work plan reviews, district-wide deadlines and training
    RECORD_LOCAL_WORK = "record_local_work"  # publicity, staff, deadline reports of one's own divisions
    INSPECT = "inspect"  # visit units with an inspection team and record what was seen
    SEE_PETITIONS = "see_petitions"  # never clerks: a petition often concerns their own committee
    HANDLE_PETITIONS = "handle_petitions"  # register petitions, decide on them, conclude them
    SET_DEADLINES = (
        "set_deadlines"  # the district sets district-wide dates; a street officer its own street's
    )
    ORGANISE_TRAINING = "organise_training"  # a street's training for its own cadres
    FILE_WORK_PLANS = (
        "file_work_plans"  # a street's work plan, filed by its officer for the district's review
    )
    ASSIGN_CONTACT_CADRES = "assign_contact_cadres"  # a street's cadre responsible for each of its units
    FILE_LIAISON_REPORTS = (
        "file_liaison_reports"  # a liaison officer reports on the street they are stationed with
    )


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DISTRICT_ADMIN: frozenset(Capability),
    Role.STREET_OFFICER: frozenset(
        {
            Capability.EDIT_UNITS,
            Capability.SCHEDULE_ELECTIONS,
            Capability.RECORD_FINDINGS,
            Capability.SUPERVISE_COUNT,
            Capability.RECORD_LOCAL_WORK,
            Capability.SEE_PETITIONS,
            Capability.HANDLE_PETITIONS,
            Capability.SET_DEADLINES,
            Capability.ORGANISE_TRAINING,
            Capability.FILE_WORK_PLANS,
            Capability.ASSIGN_CONTACT_CADRES,
        }
    ),
    Role.CLERK: frozenset({Capability.EDIT_UNITS, Capability.VIEW_ID_NUMBERS, Capability.RECORD_LOCAL_WORK}),
    Role.INSPECTOR: frozenset({Capability.RECORD_FINDINGS, Capability.INSPECT, Capability.SEE_PETITIONS}),
    Role.LIAISON: frozenset({Capability.INSPECT, Capability.SEE_PETITIONS, Capability.FILE_LIAISON_REPORTS}),
}


class Home(StrEnum):
    """Which home page a user lands on (office/homes.py): the work of their level, not their permissions."""

    DISTRICT = "district"
    STREET = "street"
    UNIT = "unit"
    INSPECTOR = "inspector"


def home_of(user: User) -> Home:
    scope = user.scope
    if scope is not None and user.role == Role.CLERK and scope.level == Level.UNIT:
        return Home.UNIT
    if scope is not None and user.role == Role.STREET_OFFICER:
        return Home.STREET
    if scope is not None and user.role in (Role.INSPECTOR, Role.LIAISON):
        return Home.INSPECTOR
    return Home.DISTRICT


def roles_with(capability: Capability) -> list[str]:
    """The roles granted a capability: for choosing people by what they do (who gets the digest)."""
    return sorted(role for role, granted in CAPABILITIES.items() if capability in granted)


def can(user: User, capability: Capability) -> bool:
    if not user.is_authenticated or not user.is_active or user.scope_id is None:
        return False
    return capability in CAPABILITIES.get(user.role, frozenset())
