"""The leading group's overview and the agenda of what falls due this week."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from huanjie.supervision import access
from huanjie.supervision.access import inspection_findings
from huanjie.supervision.agenda import due_this_week
from huanjie.supervision.models import (
    GroupMember,
    LiaisonOfficer,
    MemberUnit,
    Petition,
    Publicity,
    Training,
    Visit,
    WorkPlan,
)
from huanjie.supervision.views.common import today, user_and_round, wants_xlsx, xlsx


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    context: dict[str, object] = {"round": rnd, "items": due_this_week(user, today())[:12]}
    if rnd is not None:
        plans = (
            WorkPlan.objects.visible_to(user)
            .select_related("street", "round")
            .filter(round=rnd)
            .aggregate(
                total=Count("pk"),
                filed=Count("pk", filter=~Q(status=WorkPlan.Status.DUE)),
                accepted=Count("pk", filter=Q(status=WorkPlan.Status.ACCEPTED)),
            )
        )
        context.update(
            members=GroupMember.objects.visible_to(user)
            .select_related("member_unit")
            .filter(round=rnd)
            .count(),
            member_units=MemberUnit.objects.visible_to(user).filter(round=rnd),
            liaison=LiaisonOfficer.objects.visible_to(user)
            .select_related("street")
            .filter(round=rnd)
            .count(),
            plans=plans,
            trainings=Training.objects.visible_to(user)
            .select_related("division", "round")
            .filter(round=rnd)
            .count(),
            publicity=Publicity.objects.visible_to(user)
            .select_related("division__parent", "round")
            .filter(round=rnd)
            .aggregate(n=Sum("count"))["n"]
            or 0,
            visits=Visit.objects.visible_to(user)
            .select_related("team", "division")
            .filter(team__round=rnd)
            .count(),
            open_findings=inspection_findings(user).filter(round=rnd, closed_on__isnull=True).count(),
            petitions=Petition.objects.visible_to(user)
            .select_related("division__parent", "round")
            .filter(round=rnd)
            .count(),
            may_see_petitions=access.may_see_petitions(user),
        )
    return render(request, "supervision/index.html", context)


@login_required
def agenda(request: HttpRequest) -> HttpResponse:
    user, rnd = user_and_round(request)
    day = today()
    items = due_this_week(user, day)
    if wants_xlsx(request):
        return xlsx(
            "agenda", _("Due this week"), [_("Due"), _("Overdue"), _("What"), _("Where")],
            ([i.due, _("yes") if i.overdue else "", i.title, i.division.name if i.division else ""] for i in items),
        )  # fmt: skip
    return render(request, "supervision/agenda.html", {"items": items, "today": day, "round": rnd})
