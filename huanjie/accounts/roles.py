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


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.DISTRICT_ADMIN: frozenset(Capability),
    Role.STREET_OFFICER: frozenset({Capability.EDIT_UNITS}),
    Role.CLERK: frozenset({Capability.EDIT_UNITS, Capability.VIEW_ID_NUMBERS}),
    Role.INSPECTOR: frozenset(),
    Role.LIAISON: frozenset(),
}


def can(user: User, capability: Capability) -> bool:
    if not user.is_authenticated or not user.is_active or user.scope_id is None:
        return False
    return capability in CAPABILITIES.get(user.role, frozenset())
