"""Scoped reads of nominations, committee members, assessment teams and assessments: out of scope is a 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from huanjie.accounts.models import User
from huanjie.candidates.models import Assessment, CommitteeMember, Nomination
from huanjie.elections.access import get_round, visible_elections
from huanjie.elections.models import Round
from huanjie.supervision.models import Team


def get_nomination(user: User, pk: int) -> Nomination:
    try:
        return Nomination.objects.select_related("election__unit", "election__round", "resident").get(
            pk=pk, election__in=visible_elections(user)
        )
    except Nomination.DoesNotExist:
        raise Http404("no such nomination in your scope") from None


def get_committee_member(user: User, pk: int) -> CommitteeMember:
    try:
        return CommitteeMember.objects.select_related("election__unit").get(
            pk=pk, election__in=visible_elections(user)
        )
    except CommitteeMember.DoesNotExist:
        raise Http404("no such committee member in your scope") from None


def visible_assessments(user: User) -> QuerySet[Assessment]:
    return Assessment.objects.filter(election__in=visible_elections(user)).select_related(
        "election__unit", "election__street", "team"
    )


def get_team(user: User, pk: int) -> Team:
    """An assessment team of a round the user sees (teams work for the whole district)."""
    try:
        team = Team.objects.select_related("round__district").get(pk=pk, kind=Team.Kind.ASSESSMENT)
    except Team.DoesNotExist:
        raise Http404("no such assessment team") from None
    get_round(user, team.round_id)  # 404 outside the user's rounds
    return team


def assessment_teams(user: User, rnd: Round) -> QuerySet[Team]:
    """The assessment teams of a round the user sees; none for a round outside the scope."""
    get_round(user, rnd.pk)
    return Team.objects.filter(round=rnd, kind=Team.Kind.ASSESSMENT).order_by("starts_on", "pk")
