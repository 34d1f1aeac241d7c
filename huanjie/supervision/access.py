"""Who may write which of the leading group's records, and which round a supervision page shows.

What a user may *see* is declared on each model (`scope_path`, `scope_reach` in supervision/models.py) and
read through core/scope.py: records about a street or unit (publicity, contact cadres, petitions,
findings) reach BELOW; the leading group's shared work (its members, trainings, teams, deadlines, work
plans, liaison officers) reaches AROUND — a village clerk reads the district's training and deadlines, never
a neighbouring street's. Petitions are not shown to village and community clerks (Capability.SEE_PETITIONS):
a petition often concerns their own committee. Everything outside scope is a 404.

What a user may *do* is a capability (accounts/roles.py) and, for a record of one division, that division
lying in their scope. `None` as the user is the demo and the commands, which act for the district office.
"""

from __future__ import annotations

from django.db.models import QuerySet

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.core.scope import get_visible, in_scope
from huanjie.elections.models import Finding, Round
from huanjie.units.models import Division

__all__ = [
    "current_round",
    "in_scope",
    "inspection_findings",
    "is_admin",
    "may_edit",
    "may_handle_petitions",
    "may_inspect",
    "may_record_findings",
    "may_see_petitions",
    "may_set_deadline",
]


def current_round(user: User, pk: str | int | None = None) -> Round | None:
    """The round a page shows: the one asked for (404 when not visible), else the newest visible one."""
    if pk:
        return get_visible(user, Round, pk=pk)
    return Round.objects.visible_to(user).select_related("district").first()


def inspection_findings(user: User) -> QuerySet[Finding]:
    """The findings that inspections raised, in the user's scope (the round's others are on its page)."""
    return (
        Finding.objects.visible_to(user)
        .filter(source=Finding.Source.INSPECTION)
        .select_related("unit__parent", "round")
    )


def may_see_petitions(user: User) -> bool:
    return can(user, Capability.SEE_PETITIONS)


def is_admin(user: User | None) -> bool:
    return user is None or can(user, Capability.LEAD_GROUP)


def may_edit(user: User | None, division: Division) -> bool:
    """Street officers and clerks record their own divisions' publicity, staff and reports."""
    return user is None or (can(user, Capability.RECORD_LOCAL_WORK) and in_scope(user, division))


def may_inspect(user: User | None, division: Division) -> bool:
    """Inspectors and liaison officers visit and record findings; so does the leading group's office."""
    return user is None or (can(user, Capability.INSPECT) and in_scope(user, division))


def may_record_findings(user: User | None, division: Division) -> bool:
    """Recording and closing findings is the round's capability (elections/actions.py checks it too)."""
    return user is None or (can(user, Capability.RECORD_FINDINGS) and in_scope(user, division))


def may_handle_petitions(user: User | None, division: Division) -> bool:
    return user is None or (can(user, Capability.HANDLE_PETITIONS) and in_scope(user, division))


def may_set_deadline(user: User | None, division: Division) -> bool:
    """The district sets district-wide dates; a street officer sets their own street's."""
    if user is None:
        return True
    if not can(user, Capability.SET_DEADLINES):
        return False
    if can(user, Capability.LEAD_GROUP):
        return in_scope(user, division)
    return user.scope_id == division.pk
