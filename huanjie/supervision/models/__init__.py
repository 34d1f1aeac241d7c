"""The leading group's work in a round: its members and office, contact cadres, liaison officers, the
streets' work plans, the deadlines the district or a street sets, training, publicity, inspection and
assessment teams, and petitions.

Every record belongs to a round and to a division (the district, a street or a unit); each model declares
where that division's `path` lies and how far a user's scope reaches it (`scope_path`, `scope_reach`), and
core/scope.py reads by it. Inspection findings are `elections.Finding` rows (source "inspection",
reference "visit:<pk>"), so that the review and the summary report read one list of problems.

The models live in modules by subject (group, plans, training, publicity, inspection, petitions; files:
where uploads go); every name is re-exported here, so `from huanjie.supervision.models import X` and the
migrations' references keep working.
"""

from huanjie.supervision.models.files import materials_path, photo_path, plan_path
from huanjie.supervision.models.group import (
    ContactCadre,
    GroupMember,
    LiaisonOfficer,
    LiaisonReport,
    MemberUnit,
)
from huanjie.supervision.models.inspection import Question, Team, Visit
from huanjie.supervision.models.petitions import ACCEPT_DAYS, COLLECTIVE_FROM, CONCLUDE_DAYS, Petition
from huanjie.supervision.models.plans import Deadline, DeadlineReport, WorkPlan
from huanjie.supervision.models.publicity import Publicity, PublicityPhoto
from huanjie.supervision.models.training import Attendance, StaffMember, Training

__all__ = [
    "ACCEPT_DAYS",
    "COLLECTIVE_FROM",
    "CONCLUDE_DAYS",
    "Attendance",
    "ContactCadre",
    "Deadline",
    "DeadlineReport",
    "GroupMember",
    "LiaisonOfficer",
    "LiaisonReport",
    "MemberUnit",
    "Petition",
    "Publicity",
    "PublicityPhoto",
    "Question",
    "StaffMember",
    "Team",
    "Training",
    "Visit",
    "WorkPlan",
    "materials_path",
    "photo_path",
    "plan_path",
]
