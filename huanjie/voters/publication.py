"""The published voter list, the supplementary list of later changes, and published decisions.

The list as posted is the roll as it stood when the voter-list notice was published (OL Art.14): name,
sex, villager group — never an ID number. What changed afterwards (people added, people taken off) is
the supplementary list. Both are read from the roll's timestamps, so they need no copy of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from huanjie.core.actions import Actor
from huanjie.elections import actions as elections_actions
from huanjie.elections import notices
from huanjie.elections.models import Election, Notice
from huanjie.rules.calendar import Stage
from huanjie.voters.models import Voter, VoterStatus


def list_notice(election: Election) -> Notice | None:
    """The first publication of the voter list: corrections of its text do not move the date."""
    return (
        Notice.objects.filter(election=election, stage=Stage.VOTER_LIST)
        .order_by("published_at", "pk")
        .first()
    )


def published_entries(election: Election, notice: Notice | None) -> QuerySet[Voter]:
    """Who was on the list when it was posted; before that, the roll as it stands (a draft)."""
    qs = Voter.objects.filter(election=election).select_related("resident")
    if notice is None:
        return qs.filter(status=VoterStatus.REGISTERED).order_by(
            "resident__group", "resident__household", "pk"
        )
    at = notice.published_at
    # On the list when posted: added by then, and registered then — still registered, or taken off later.
    # (Persons excluded at the import were never registered: their entry has no change time.)
    on_at_publication = Q(status=VoterStatus.REGISTERED) | Q(changed_at__gt=at)
    return (
        qs.filter(created_at__lte=at)
        .filter(on_at_publication)
        .order_by("resident__group", "resident__household", "pk")
    )


@dataclass(frozen=True)
class Change:
    voter: Voter
    added: bool
    on: dt.date


def supplementary(election: Election, notice: Notice | None) -> list[Change]:
    """Changes after the list was posted, in date order: additions and removals."""
    if notice is None:
        return []
    at = notice.published_at
    out: list[Change] = []
    changed = Q(created_at__gt=at) | Q(changed_at__gt=at)
    for v in Voter.objects.filter(changed, election=election).select_related("resident"):
        if v.status == VoterStatus.REGISTERED:
            out.append(Change(v, True, v.added_on))
        elif v.changed_at is not None and v.removed_on is not None:
            if v.created_at > at:
                out.append(Change(v, True, v.added_on))
            out.append(Change(v, False, v.removed_on))
    return sorted(out, key=lambda c: (c.on, c.voter.resident.group, c.voter.pk))


def publish_notice(
    election: Election,
    *,
    stage: str,
    text: notices.NoticeText,
    actor: Actor,
) -> Notice:
    """A notice of this app's making (an objection's decision), published as a stage's notice is."""
    return elections_actions.publish_notice(election, stage=stage, text=text, actor=actor)


def committee_names(election: Election) -> tuple[str, str]:
    unit = election.unit
    zh = f"{unit.name}{'村民' if election.kind == 'villagers_committee' else '居民'}选举委员会"
    return zh, f"{unit.name_en or unit.name} election committee"
