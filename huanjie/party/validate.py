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
MAX_SEATS = 7  # P2: a branch committee of 3–5, never more than 7
MIN_SEATS = 3


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
    roll = summary.counts(election)
    shape = summary.structure(election, roll)
    committee, secretary, deputies = posts["committee_member"], posts["secretary"], posts["deputy_secretary"]
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
    if shape == "too_few":
        raise ActionError(_("A branch needs at least 3 full members (P2)."), field="seats")
    if shape == "secretary_only":
        if seats or committee:
            raise ActionError(
                _("With fewer than %(n)s full members the assembly elects the secretary directly (P2).")
                % {"n": summary.profile_of(election).party_committee_min_members},
                field="seats",
            )
        if not secretary:
            raise ActionError(_("Name the candidate for secretary."), field="secretary")
    else:
        if not MIN_SEATS <= seats <= min(MAX_SEATS, roll.full):
            raise ActionError(
                _("A branch committee has %(lo)s to %(hi)s members (P2).")
                % {"lo": MIN_SEATS, "hi": MAX_SEATS},
                field="seats",
            )
        check = rules.check_differential(len(committee), seats, summary.profile_of(election))
        if not check.ok:
            raise ActionError(summary.say(check.reasons[0]), field="committee_member")
        # P4, P9: the secretary and deputy are elected by the committee in equal-number elections.
        if len(secretary) != 1 or secretary[0] not in committee:
            raise ActionError(
                _("Name one candidate for secretary from the committee candidates."), field="secretary"
            )
    if len(deputies) != (1 if deputy else 0) or any(
        d in secretary or (committee and d not in committee) for d in deputies
    ):
        raise ActionError(
            _("Name one candidate for deputy secretary, other than the secretary, or elect no deputy."),
            field="deputy_secretary",
        )
