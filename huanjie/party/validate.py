"""Checks of the party actions' input: a member's details (P1) and the recommended list (P2, P4, P9).
Each raises ActionError naming the field; none writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.party import summary
from huanjie.party.models import PartyMember, Standing
from huanjie.polling.models import ElectedMember
from huanjie.rules import party as rules
from huanjie.rules.terms import Post
from huanjie.voters.models import Resident, Sex

MEMBER_FIELDS = (
    "name",
    "sex",
    "birth_date",
    "education",
    "ethnicity",
    "standing",
    "voting_rights",
    "previous_post",
)


def member_details(details: dict[str, Any], resident: Resident | None) -> dict[str, Any]:
    clean = {f: details.get(f) for f in MEMBER_FIELDS if f in details}
    if resident is not None:  # the household register is the source of who the person is
        clean.update(name=resident.name, sex=resident.sex, birth_date=resident.birth_date)
        clean.setdefault("ethnicity", resident.ethnicity)
    clean["name"] = str(clean.get("name") or "").strip()
    if not clean["name"]:
        raise ActionError(_("The member's name is needed."), field="name")
    if clean.get("sex") not in Sex.values:
        raise ActionError(_("Say whether the member is a man or a woman."), field="sex")
    if clean.get("standing") not in Standing.values:
        raise ActionError(_("Say whether the member is a full or a probationary member."), field="standing")
    if clean.get("education") not in (*ElectedMember.Education.values, "", None):
        raise ActionError(_("Unknown education level."), field="education")
    birth = clean.get("birth_date")
    if birth is not None and (not isinstance(birth, dt.date) or birth >= clock.today()):
        raise ActionError(_("The date of birth must lie in the past."), field="birth_date")
    for f in ("education", "ethnicity", "previous_post"):
        clean[f] = str(clean.get(f) or "").strip()
    # P1: a probationary member has no vote, whatever the form says.
    clean["voting_rights"] = bool(clean.get("voting_rights", True)) and clean["standing"] == Standing.FULL
    return clean


def candidate_list(election: Election, posts: dict[str, list[PartyMember]], seats: int, deputy: bool) -> None:
    """The members on the list (P1) here; the structure, the differential and the officers from the committee
    candidates (P2, P4, P9) are the rules engine's, whose first refusal is raised."""
    roll = summary.counts(election)
    for post, people in posts.items():
        names = [m.name for m in people]
        for m in people:
            if m.election_id != election.pk:
                raise ActionError(_("%(name)s is not on this roll.") % {"name": m.name}, field=post)
            if not m.can_vote:
                raise ActionError(
                    _("%(name)s cannot stand: only full members with voting rights stand (P1).")
                    % {"name": m.name},
                    field=post,
                )
        if len(set(names)) != len(names):
            raise ActionError(_("Two candidates share a name: tell them apart on the roll."), field=post)
    lists = {Post(post): [str(m.pk) for m in people] for post, people in posts.items()}
    refused = rules.check_candidate_list(roll.full, seats, deputy, lists, summary.profile_of(election))
    if refused:
        raise ActionError(summary.say(refused[0].reason), field=refused[0].field)
