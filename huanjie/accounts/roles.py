"""What each role may do — the only place that reads a role: everything else asks `can(user, Capability.X)`
(templates: `user|can:"x"`). Scope (which divisions) is separate: see core/scope.py."""

from __future__ import annotations

from enum import StrEnum

from huanjie.accounts.models import Role, User
from huanjie.core.capabilities import Capability
from huanjie.units.models import Level

__all__ = ["CAPABILITIES", "Capability", "Home", "can", "home_of", "roles_with"]


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
