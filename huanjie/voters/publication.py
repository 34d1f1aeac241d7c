"""The published voter list, the supplementary list of later changes, and published decisions.

The list as posted is the roll as it stood when the voter-list notice was published (OL Art.14): name,
sex, villager group — never an ID number. What changed afterwards (people added, people taken off) is
the supplementary list. Both are read from the roll's timestamps, so they need no copy of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from huanjie.accounts.models import User
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
    actor: User | None,
) -> Notice:
    """A notice of this app's making (an objection's decision), made as elections.actions._publish makes
    a stage's notice: hashed, never edited. The caller holds the transaction and the audit event."""
    now = timezone.now()
    digest = notices.content_hash(
        text, unit_code=election.unit.code, stage=stage, published_at=now.isoformat(), version=1
    )
    return Notice.objects.create(
        round=election.round,
        unit=election.unit,
        election=election,
        stage=stage,
        title_zh=text.title_zh,
        title_en=text.title_en,
        body_zh=text.body_zh,
        body_en=text.body_en,
        issuer_zh=text.issuer_zh,
        issuer_en=text.issuer_en,
        published_at=now,
        version=1,
        sha256=digest,
        created_by=actor,
    )


def committee_names(election: Election) -> tuple[str, str]:
    unit = election.unit
    zh = f"{unit.name}{'村民' if election.kind == 'villagers_committee' else '居民'}选举委员会"
    return zh, f"{unit.name_en or unit.name} election committee"
