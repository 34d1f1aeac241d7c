"""Writes of the joint qualification review and of the district's assessment of candidates.

The review is the street's or the district's (a clerk does not clear the candidates of their own
election): the actor needs EDIT_UNITS and a scope above the unit. An override of a flagged candidate is
a district administrator's (OVERRIDE_GUARDS), in writing. Assessments are the leading group's (the
organisation department's teams): MANAGE_ROUNDS. All are keyed by election and the candidate's person
(issue 17; huanjie.candidates.persons): a nominee of the committee election or a member of the party
election's roll, so a party organisation's secretary candidates are reviewed and assessed the same way and
two namesakes are never one candidate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.candidates import departments, persons
from huanjie.candidates.lists import FLAGGED, review_status
from huanjie.candidates.models import (
    Assessment,
    Conclusion,
    Override,
    Review,
    TeamStreet,
    Verdict,
)
from huanjie.candidates.persons import Person, Pick
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, is_system, user_of
from huanjie.core.errors import ActionError, NotAllowed
from huanjie.elections.models import Election
from huanjie.rules.terms import Post
from huanjie.supervision.models import Team
from huanjie.units.models import BodyKind, Division, Level

ASSESSED_POSTS = (Post.DIRECTOR, Post.SECRETARY)


def _reviewer(actor: Actor) -> None:
    if not is_system(actor) and actor.scope is not None and actor.scope.level == Level.UNIT:
        raise NotAllowed(_("The street or the district records the qualification review."))


def _candidate(election: Election, person: Person | None, *, nominated: bool = True) -> Pick:
    """A committee election reviews its nominees (and assesses its residents, before nomination); a party
    election the members of its roll."""
    field = "person"
    if person is None:
        raise ActionError(_("Choose the candidate."), field=field)
    found = persons.pick(election, person, nominated=nominated)
    if found is None:
        if persons.is_party(election):
            message = _("%(name)s is not on this election's party roll.")
        elif nominated:
            message = _("%(name)s is not nominated in this election.")
        else:
            message = _("%(name)s is not a resident of this unit.")
        raise ActionError(message % {"name": person.name}, field=field)
    return found


@action(
    "candidates.review",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    delegates=True,
)
def do_record_review(
    election: Election,
    *,
    person: Person | None,
    department: str,
    verdict: str,
    reason: str,
    reviewed_on: dt.date,
    actor: Actor,
) -> Review:
    """One department clears or flags one candidate (the review page)."""
    do_record_reviews(
        election,
        department=department,
        verdicts=[(person, verdict, reason)],
        reviewed_on=reviewed_on,
        actor=actor,
    )
    return Review.objects.get(election=election, ref=_candidate(election, person).ref, department=department)


@action("candidates.review", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_record_reviews(
    election: Election,
    *,
    department: str,
    verdicts: Sequence[tuple[Person | None, str, str]],
    reviewed_on: dt.date,
    actor: Actor,
) -> None:
    """A department's opinions on an election's candidates, as it returns them: (person, verdict, reason)
    each; a flag needs its reason. A later verdict of the same department replaces the earlier one (the
    audit event keeps both)."""
    _reviewer(actor)
    if department not in departments.DEPARTMENT_KEYS:
        raise ActionError(_("Unknown department."), field="department")
    if reviewed_on > clock.today():
        raise ActionError(_("The date cannot be in the future."), field="reviewed_on")
    if not verdicts:
        raise ActionError(_("Name the candidate."), field="person")
    clean: list[tuple[Pick, str, str]] = []
    for person, verdict, reason in verdicts:
        found = _candidate(election, person)
        if verdict not in Verdict.values:
            raise ActionError(_("Clear or flag the candidate."), field="verdict")
        if verdict == Verdict.FLAGGED and not reason.strip():
            raise ActionError(_("A flag needs its reason."), field="reason")
        if any(p.ref == found.ref for p, _v, _r in clean):
            raise ActionError(_("%(name)s is listed twice.") % {"name": found.label}, field="person")
        clean.append((found, verdict, reason.strip()))
    refs = [p.ref for p, _v, _r in clean]
    old = Review.objects.filter(election=election, department=department, ref__in=refs)
    before = {r.ref: [r.name, r.verdict, r.reason, r.reviewed_on] for r in old}
    for found, verdict, reason in clean:
        Review.objects.update_or_create(
            election=election,
            ref=found.ref,
            department=department,
            defaults={
                **found.fields,
                "verdict": verdict,
                "reason": reason,
                "reviewed_on": reviewed_on,
                "created_by": user_of(actor),
            },
        )
    audit(
        obj=election,
        division_path=election.unit.path,
        before=before or None,
        after={
            "department": department,
            "reviewed_on": reviewed_on,
            "verdicts": [[p.ref, p.name, v, r] for p, v, r in clean],
        },
    )


@action(
    "candidates.override_review", capability=Capability.OVERRIDE_GUARDS, scope=lambda election: election.unit
)
def do_override_review(election: Election, *, person: Person | None, reason: str, actor: Actor) -> Override:
    """A district administrator lets a flagged candidate stand, with the written reason."""
    found = _candidate(election, person)
    if review_status(election, [found.ref])[found.ref].status != FLAGGED:
        raise ActionError(_("Only a flagged candidate can be let stand."), field="person")
    if not reason.strip():
        raise ActionError(_("An override is given in writing: state the reason."), field="reason")
    override = Override.objects.create(
        election=election,
        **found.fields,
        reason=reason.strip(),
        decided_on=clock.today(),
        decided_by=user_of(actor),
    )
    audit(
        obj=override,
        division_path=election.unit.path,
        after={"ref": found.ref, "name": found.name, "reason": override.reason},
    )
    return override


@action("candidates.assign_team", capability=Capability.MANAGE_ROUNDS, scope=lambda team: team.round.district)
def do_assign_team(team: Team, *, street: Division, actor: Actor) -> TeamStreet:
    """Assign an assessment team to a street of its round's district (a street has one team)."""
    rnd = team.round
    if team.kind != Team.Kind.ASSESSMENT:
        raise ActionError(_("Only an assessment team assesses candidates."), field="team")
    if street.level != Level.STREET or not street.path.startswith(rnd.district.path):
        raise ActionError(_("Choose a street of the round's district."), field="street")
    old = TeamStreet.objects.filter(round=rnd, street=street).select_related("team").first()
    row, _created = TeamStreet.objects.update_or_create(round=rnd, street=street, defaults={"team": team})
    audit(
        obj=row,
        division_path=street.path,
        before={"team": old.team.name} if old else None,
        after={"team": team.name, "street": street.name},
    )
    return row


@action("candidates.assess", capability=Capability.MANAGE_ROUNDS, scope=lambda election: election.unit)
def do_record_assessment(
    election: Election,
    *,
    person: Person | None,
    post: str,
    held_on: dt.date,
    participants: int,
    excellent: int,
    competent: int,
    basic: int,
    incompetent: int,
    talks: int,
    talk_notes: str,
    conclusion: str,
    conclusion_text: str,
    actor: Actor,
) -> Assessment:
    """The assessment of a candidate for secretary or director: the democratic evaluation's counts (no
    more ratings than participants), the talks, and the team's conclusion. Recording again replaces it."""
    found = _candidate(election, person, nominated=False)
    party = election.kind == BodyKind.PARTY_BRANCH
    if post != (Post.SECRETARY if party else Post.DIRECTOR):
        raise ActionError(_("Candidates for secretary or director are assessed."), field="post")
    counts = [excellent, competent, basic, incompetent]
    if not all(type(n) is int for n in [participants, talks, *counts]) or talks < 0:
        raise ActionError(_("The counts must be whole numbers."), field="participants")
    if participants < 1 or not departments.evaluation_ok(participants, counts):
        raise ActionError(
            _("The ratings (%(sum)s) cannot be more than the %(n)s who took part.")
            % {"sum": sum(counts), "n": participants},
            field="participants",
        )
    if held_on > clock.today():
        raise ActionError(_("The date cannot be in the future."), field="held_on")
    if conclusion not in Conclusion.values:
        raise ActionError(_("Give the team's conclusion."), field="conclusion")
    assigned = TeamStreet.objects.filter(round=election.round_id, street=election.street_id).first()
    values = {
        "team": assigned.team if assigned else None,
        "held_on": held_on,
        "participants": participants,
        "excellent": excellent,
        "competent": competent,
        "basic": basic,
        "incompetent": incompetent,
        "talks": talks,
        "talk_notes": talk_notes.strip(),
        "conclusion": conclusion,
        "conclusion_text": conclusion_text.strip(),
        "created_by": user_of(actor),
    }
    old = Assessment.objects.filter(election=election, ref=found.ref, post=post).first()
    assessment, _created = Assessment.objects.update_or_create(
        election=election, ref=found.ref, post=post, defaults={**found.fields, **values}
    )
    audit(
        obj=assessment,
        division_path=election.unit.path,
        before={"counts": [old.excellent, old.competent, old.basic, old.incompetent]} if old else None,
        after={"ref": found.ref, "name": found.name, "post": post, "participants": participants, "counts": counts,
               "talks": talks, "conclusion": conclusion},
    )  # fmt: skip
    return assessment
