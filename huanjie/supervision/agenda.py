"""What falls due this week — and what is already overdue — in the user's scope, for the office home page
and the agenda page: work plans, deadlines the district or a street set, rectifications, petitions,
trainings and team visits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.elections.models import ElectionStage, StageStatus
from huanjie.elections.stages import label
from huanjie.supervision.access import inspection_findings
from huanjie.supervision.models import (
    ACCEPT_DAYS,
    CONCLUDE_DAYS,
    Deadline,
    Petition,
    Team,
    Training,
    WorkPlan,
)
from huanjie.units.models import Division, Level

WEEK = 7


@dataclass(frozen=True)
class DueItem:
    kind: str  # work_plan | deadline | stage_deadline | rectification | petition_accept | petition_conclude
    #            | training | team
    title: str
    due: dt.date
    division: Division | None
    url: str
    overdue: bool


def _item(
    kind: str, title: str, due: dt.date, division: Division | None, url: str, today: dt.date
) -> DueItem:
    return DueItem(kind, title, due, division, url, due < today)


def due_this_week(user: User, today: dt.date) -> list[DueItem]:
    """Open items due from today to six days ahead, and every open item already overdue, by date."""
    until = today + dt.timedelta(days=WEEK - 1)
    items: list[DueItem] = []
    open_plans = (
        WorkPlan.objects.visible_to(user)
        .select_related("street", "round")
        .filter(status__in=[WorkPlan.Status.DUE, WorkPlan.Status.RETURNED], due_on__lte=until)
    )
    for plan in open_plans:
        title = _("Work plan of %(street)s") % {"street": plan.street.name}
        if plan.status == WorkPlan.Status.RETURNED:
            title = _("Revised work plan of %(street)s") % {"street": plan.street.name}
        url = reverse("supervision:work_plan", args=[plan.pk])
        items.append(_item("work_plan", title, plan.due_on, plan.street, url, today))
    items.extend(_deadlines(user, today, until))
    for finding in inspection_findings(user).filter(closed_on__isnull=True, rectification_due__lte=until):
        assert finding.rectification_due is not None
        url = reverse("supervision:finding", args=[finding.pk])
        title = _("Rectification: %(text)s") % {"text": finding.text_zh[:60]}
        items.append(_item("rectification", title, finding.rectification_due, finding.unit, url, today))
    items.extend(_petitions(user, today, until))
    for training in (
        Training.objects.visible_to(user)
        .select_related("division", "round")
        .filter(held_on__gte=today, held_on__lte=until)
    ):
        url = reverse("supervision:training", args=[training.pk])
        items.append(_item("training", _("Training: %(title)s") % {"title": training.title}, training.held_on,
                           training.division, url, today))  # fmt: skip
    for team in (
        Team.objects.visible_to(user)
        .select_related("round")
        .filter(starts_on__gte=today, starts_on__lte=until)
    ):
        url = reverse("supervision:team", args=[team.pk])
        items.append(_item("team", _("%(team)s starts its visits") % {"team": team.name}, team.starts_on,
                           None, url, today))  # fmt: skip
    return sorted(items, key=lambda i: (i.due, i.kind, i.title))


def _deadlines(user: User, today: dt.date, until: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    for deadline in (
        Deadline.objects.visible_to(user).select_related("division", "round").filter(due_on__lte=until)
    ):
        url = reverse("supervision:deadline", args=[deadline.pk])
        # Only the part of the deadline inside the user's scope is theirs to chase (visible_to below).
        inside = deadline.division.path
        if deadline.is_stage:
            pending = ElectionStage.objects.visible_to(user).filter(
                election__round=deadline.round, election__unit__path__startswith=inside, key=deadline.stage,
                district_due=deadline.due_on, status=StageStatus.PENDING,
            )  # fmt: skip
            if deadline.body_kind:
                pending = pending.filter(election__kind=deadline.body_kind)
            n = pending.count()
            if n:
                title = _("%(stage)s by %(title)s: %(n)d not done") % {
                    "stage": label(deadline.stage), "title": deadline.title, "n": n,
                }  # fmt: skip
                items.append(_item("stage_deadline", title, deadline.due_on, deadline.division, url, today))
            continue
        level = Level.STREET if deadline.reporter == Deadline.Reporter.STREET else Level.UNIT
        expected = Division.objects.visible_to(user).filter(path__startswith=inside, level=level)
        missing = expected.exclude(pk__in=deadline.reports.values("division_id")).count()
        if missing:
            title = _("%(title)s: %(n)d not reported") % {"title": deadline.title, "n": missing}
            items.append(_item("deadline", title, deadline.due_on, deadline.division, url, today))
    return items


def _petitions(user: User, today: dt.date, until: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    # Petitions of the previous term (labelled, or received before the round) run no deadlines.
    current = (
        Petition.objects.visible_to(user)
        .select_related("division__parent", "round")
        .filter(term_label="")
        .exclude(received_on__lt=F("round__starts_on"))
    )
    undecided = current.filter(
        decision=Petition.Decision.PENDING, received_on__lte=until - _days(ACCEPT_DAYS)
    )
    for p in undecided:
        url = reverse("supervision:petition", args=[p.pk])
        title = _("Decide whether to accept: %(subject)s") % {"subject": p.subject}
        items.append(_item("petition_accept", title, p.accept_by, p.division, url, today))
    unconcluded = current.filter(
        decision=Petition.Decision.ACCEPTED,
        concluded_on__isnull=True,
        decided_on__lte=until - _days(CONCLUDE_DAYS),
    )
    for p in unconcluded:
        assert p.conclude_by is not None
        url = reverse("supervision:petition", args=[p.pk])
        title = _("Conclude: %(subject)s") % {"subject": p.subject}
        items.append(_item("petition_conclude", title, p.conclude_by, p.division, url, today))
    return items


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)
