"""Scoped reads of the leading group's records, and who may write which.

Two kinds of visibility, both by the division's materialised `path`:

- *below*: records about a street or unit (publicity, contact cadres, petitions, findings) are seen by
  users whose scope contains that division;
- *related*: the leading group's shared work (its members, trainings, teams, deadlines, work plans,
  liaison officers) is seen also by users below the division it belongs to — a village clerk reads the
  district's training and deadlines — but never by a neighbouring street or district.

Petitions are not shown to village and community clerks: a petition often concerns their own committee.
Everything outside scope is a 404 (units/access.py explains why).
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from huanjie.accounts.models import Role, User
from huanjie.accounts.roles import Capability, can
from huanjie.elections.access import visible_rounds
from huanjie.elections.models import Finding, Round
from huanjie.supervision.models import (
    ContactCadre,
    Deadline,
    GroupMember,
    LiaisonOfficer,
    LiaisonReport,
    MemberUnit,
    Petition,
    Publicity,
    StaffMember,
    Team,
    Training,
    Visit,
    WorkPlan,
)
from huanjie.units.models import Division

PETITION_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.INSPECTOR, Role.LIAISON})


def _path(user: User) -> str | None:
    if not user.is_authenticated or not user.is_active or user.scope is None:
        return None
    return user.scope.path


def ancestor_paths(path: str) -> list[str]:
    codes = [c for c in path.split("/") if c]
    return ["".join(f"{c}/" for c in codes[: i + 1]) for i in range(len(codes))]


def below(user: User, field: str = "division") -> Q:
    """Records whose division lies in the user's scope. Matches nothing for a user without one."""
    path = _path(user)
    if path is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": path})


def related(user: User, field: str = "division") -> Q:
    """Records whose division lies in the user's scope or above it (the district's shared work)."""
    path = _path(user)
    if path is None:
        return Q(pk__in=[])
    return Q(**{f"{field}__path__startswith": path}) | Q(**{f"{field}__path__in": ancestor_paths(path)})


def in_scope(user: User, division: Division) -> bool:
    path = _path(user)
    return path is not None and division.path.startswith(path)


def current_round(user: User, pk: str | int | None = None) -> Round | None:
    """The round a page shows: the one asked for (404 when not visible), else the newest visible one."""
    rounds = visible_rounds(user)
    if pk:
        try:
            return rounds.get(pk=int(pk))
        except (Round.DoesNotExist, ValueError):
            raise Http404("no such round in your scope") from None
    return rounds.first()


def _get[M: Model](qs: QuerySet[M], pk: int) -> M:
    try:
        return qs.get(pk=pk)
    except ObjectDoesNotExist:
        raise Http404("not in your scope") from None


def _round_q(user: User, field: str = "round") -> Q:
    return Q(**{f"{field}__in": visible_rounds(user)})


# --- the leading group -------------------------------------------------------------------------------


def member_units(user: User) -> QuerySet[MemberUnit]:
    return MemberUnit.objects.filter(_round_q(user))


def group_members(user: User) -> QuerySet[GroupMember]:
    return GroupMember.objects.filter(_round_q(user)).select_related("member_unit")


def get_group_member(user: User, pk: int) -> GroupMember:
    return _get(group_members(user), pk)


def contact_cadres(user: User) -> QuerySet[ContactCadre]:
    return ContactCadre.objects.filter(below(user, "unit")).select_related("unit__parent")


def get_contact_cadre(user: User, pk: int) -> ContactCadre:
    return _get(contact_cadres(user), pk)


def liaison_officers(user: User) -> QuerySet[LiaisonOfficer]:
    return LiaisonOfficer.objects.filter(related(user, "street")).select_related("street")


def get_liaison_officer(user: User, pk: int) -> LiaisonOfficer:
    return _get(liaison_officers(user), pk)


def liaison_reports(user: User) -> QuerySet[LiaisonReport]:
    return LiaisonReport.objects.filter(officer__in=liaison_officers(user)).select_related("officer", "unit")


# --- plans and deadlines -----------------------------------------------------------------------------


def work_plans(user: User) -> QuerySet[WorkPlan]:
    return WorkPlan.objects.filter(related(user, "street")).select_related("street", "round")


def get_work_plan(user: User, pk: int) -> WorkPlan:
    return _get(work_plans(user), pk)


def deadlines(user: User) -> QuerySet[Deadline]:
    return Deadline.objects.filter(related(user)).select_related("division", "round")


def get_deadline(user: User, pk: int) -> Deadline:
    return _get(deadlines(user), pk)


# --- training and publicity --------------------------------------------------------------------------


def trainings(user: User) -> QuerySet[Training]:
    return Training.objects.filter(related(user)).select_related("division", "round")


def get_training(user: User, pk: int) -> Training:
    return _get(trainings(user), pk)


def staff(user: User) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(below(user)).select_related("division__parent")


def publicity(user: User) -> QuerySet[Publicity]:
    return Publicity.objects.filter(related(user)).select_related("division__parent", "round")


def get_publicity(user: User, pk: int) -> Publicity:
    return _get(publicity(user), pk)


# --- inspections -------------------------------------------------------------------------------------


def teams(user: User) -> QuerySet[Team]:
    return Team.objects.filter(_round_q(user)).select_related("round")


def get_team(user: User, pk: int) -> Team:
    return _get(teams(user), pk)


def visits(user: User) -> QuerySet[Visit]:
    return Visit.objects.filter(related(user), team__in=teams(user)).select_related("team", "division")


def get_visit(user: User, pk: int) -> Visit:
    return _get(visits(user), pk)


def inspection_findings(user: User) -> QuerySet[Finding]:
    return Finding.objects.filter(below(user, "unit"), source=Finding.Source.INSPECTION).select_related(
        "unit__parent", "round"
    )


def get_inspection_finding(user: User, pk: int) -> Finding:
    return _get(inspection_findings(user), pk)


# --- petitions ---------------------------------------------------------------------------------------


def may_see_petitions(user: User) -> bool:
    return _path(user) is not None and user.role in PETITION_ROLES


def petitions(user: User) -> QuerySet[Petition]:
    if not may_see_petitions(user):
        return Petition.objects.none()
    return Petition.objects.filter(below(user)).select_related("division__parent", "round")


def get_petition(user: User, pk: int) -> Petition:
    return _get(petitions(user), pk)


# --- who may write -----------------------------------------------------------------------------------


def is_admin(user: User | None) -> bool:
    return user is None or (user.is_authenticated and user.role == Role.DISTRICT_ADMIN)


def may_edit(user: User | None, division: Division) -> bool:
    """Street officers and clerks record their own divisions' publicity, staff and reports."""
    if user is None:
        return True
    if user.role not in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.CLERK):
        return False
    return in_scope(user, division)


def may_inspect(user: User | None, division: Division) -> bool:
    """Inspectors and liaison officers visit and record findings; so does the leading group's office."""
    if user is None:
        return True
    if user.role not in (Role.DISTRICT_ADMIN, Role.INSPECTOR, Role.LIAISON):
        return False
    return in_scope(user, division)


def may_record_findings(user: User | None, division: Division) -> bool:
    """Recording and closing findings is the round's capability (elections/actions.py checks it too)."""
    return user is None or (can(user, Capability.RECORD_FINDINGS) and in_scope(user, division))


def may_handle_petitions(user: User | None, division: Division) -> bool:
    if user is None:
        return True
    if user.role not in (Role.DISTRICT_ADMIN, Role.STREET_OFFICER):
        return False
    return in_scope(user, division)


def may_set_deadline(user: User | None, division: Division) -> bool:
    """The district sets district-wide dates; a street officer sets their own street's."""
    if user is None:
        return True
    if user.role == Role.DISTRICT_ADMIN:
        return in_scope(user, division)
    return user.role == Role.STREET_OFFICER and user.scope_id == division.pk
