"""Writes of a party organisation's election (A2, P1–P9). Each action: one transaction, permission and
scope, exactly one audit event; bad input raises ActionError naming the field and changes nothing.

The votes are huanjie.polling's voting rounds: the assembly elects the committee (or, in a branch of 3–6
full members, the secretary directly), the new committee's plenary elects the secretary and deputy.
Opening either round is polling's action, whose audit event is the one event of ours.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.party import summary, validate
from huanjie.party.access import party_of
from huanjie.party.models import Exclusion, PartyCandidate, PartyElection, PartyMember
from huanjie.polling.actions import do_open_voting_round
from huanjie.polling.elected import update_elected
from huanjie.polling.lines import shown
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.rules import party as rules
from huanjie.rules.terms import Post
from huanjie.units.models import BodyKind
from huanjie.voters.fields import birth_year_only
from huanjie.voters.models import Resident
from huanjie.voters.people import MEMBER, person_ref

MEMBER_FIELDS = validate.MEMBER_FIELDS


HERE = gettext_lazy("Your role may not do this here.")


def party_election(election: Election) -> None:
    if election.kind != BodyKind.PARTY_BRANCH:
        raise ActionError(_("This is not a party organisation's election."))


def ensure_open(election: Election) -> None:
    """The roll and the list are closed once the assembly votes: the quorum was counted against them."""
    if VotingRound.objects.filter(election=election).exists():
        raise ActionError(_("The assembly has voted: the roll and the candidates are closed."))


def _day(value: Any, field: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ActionError(_("A date is needed."), field=field)
    if value > clock.today():
        raise ActionError(_("The date cannot be in the future."), field=field)
    return value


@action(
    "party.add_member",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_add_member(
    election: Election, *, details: dict[str, Any], actor: Actor, resident: Resident | None = None
) -> PartyMember:
    party_election(election)
    ensure_open(election)
    if resident is not None:
        if resident.unit_id != election.unit_id:
            raise ActionError(_("This person is not a resident of the unit."), field="resident")
        if PartyMember.objects.filter(election=election, resident=resident).exists():
            raise ActionError(_("This person is already on the roll."), field="resident")
    clean = validate.member_details(details, resident)
    member = PartyMember.objects.create(election=election, resident=resident, **clean)
    audit(
        obj=member,
        division_path=election.unit.path,
        after={**birth_year_only(clean), "resident": resident.pk if resident else None},
    )
    return member


@action(
    "party.update_member",
    capability=Capability.EDIT_UNITS,
    scope=lambda member: member.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_update_member(member: PartyMember, *, details: dict[str, Any], actor: Actor) -> PartyMember:
    election = member.election
    party_election(election)
    ensure_open(election)
    merged = {f: details.get(f, getattr(member, f)) for f in MEMBER_FIELDS}
    clean = validate.member_details(merged, member.resident)
    if not clean["voting_rights"] and member.candidacies.exists():
        raise ActionError(
            _("%(name)s is a candidate: a candidate must be a full member with voting rights.")
            % {"name": member.name},
            field="standing",
        )
    before = {f: getattr(member, f) for f in MEMBER_FIELDS}
    for f, value in clean.items():
        setattr(member, f, value)
    if not member.voting_rights:  # an exclusion only concerns members with voting rights
        member.exclusion, member.exclusion_approved_by, member.exclusion_approved_on = "", "", None
    member.save(
        update_fields=[
            *MEMBER_FIELDS,
            "birth_year",
            "exclusion",
            "exclusion_approved_by",
            "exclusion_approved_on",
        ]
    )
    audit(
        obj=member,
        division_path=election.unit.path,
        before=birth_year_only(before),
        after=birth_year_only(clean),
    )
    return member


@action(
    "party.exclude_member",
    capability=Capability.EDIT_UNITS,
    scope=lambda member: member.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_exclude_member(
    member: PartyMember, *, reason: str, approved_by: str, approved_on: dt.date | None, actor: Actor
) -> PartyMember:
    """P3: an approved exclusion from the expected attendance; an empty reason withdraws it."""
    election = member.election
    party_election(election)
    ensure_open(election)
    if reason and reason not in Exclusion.values:
        raise ActionError(_("Unknown reason for an exclusion."), field="exclusion")
    if reason and not member.can_vote:
        raise ActionError(
            _("Only a member with voting rights can be excluded from the expected attendance."),
            field="exclusion",
        )
    if reason and not approved_by.strip():
        raise ActionError(_("Say who approved the exclusion."), field="exclusion_approved_by")
    on = _day(approved_on, "exclusion_approved_on") if reason else None
    before = {"exclusion": member.exclusion, "approved_by": member.exclusion_approved_by}
    member.exclusion = reason
    member.exclusion_approved_by = approved_by.strip() if reason else ""
    member.exclusion_approved_on = on
    member.save(update_fields=["exclusion", "exclusion_approved_by", "exclusion_approved_on"])
    audit(
        obj=member,
        division_path=election.unit.path,
        before=before,
        after={"exclusion": reason, "approved_by": member.exclusion_approved_by, "approved_on": on},
    )
    return member


@action(
    "party.set_candidates",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_set_candidates(
    election: Election,
    *,
    seats: int,
    deputy: bool,
    committee: list[PartyMember],
    secretary: list[PartyMember],
    deputy_secretary: list[PartyMember],
    actor: Actor,
) -> PartyElection:
    """The recommended list (A2 step 2). Any change needs the higher committee's approval again (P9)."""
    party_election(election)
    ensure_open(election)
    posts = {"committee_member": committee, "secretary": secretary, "deputy_secretary": deputy_secretary}
    validate.candidate_list(election, posts, seats, deputy)
    party = party_of(election)
    party.seats, party.deputy = seats, deputy
    party.candidates_approved_on, party.candidates_approved_by, party.candidates_document = None, "", ""
    party.save()
    PartyCandidate.objects.filter(election=election).delete()
    PartyCandidate.objects.bulk_create(
        PartyCandidate(election=election, member=m, post=post, rank=i)
        for post, people in posts.items()
        for i, m in enumerate(people)
    )
    audit(
        obj=party,
        division_path=election.unit.path,
        after={"seats": seats, "deputy": deputy, **{p: [m.name for m in ms] for p, ms in posts.items()}},
    )
    return party


@action(
    "party.approve_candidates",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_approve_candidates(
    election: Election, *, approved_on: dt.date, approved_by: str, document: str, actor: Actor
) -> PartyElection:
    """The higher party committee's approval of the candidate list (A2 step 2, P9)."""
    party_election(election)
    ensure_open(election)
    party = party_of(election)
    if party.pk is None or not PartyCandidate.objects.filter(election=election).exists():
        raise ActionError(_("There is no candidate list to approve."))
    if not approved_by.strip():
        raise ActionError(_("Name the approving party committee."), field="approved_by")
    on = _day(approved_on, "approved_on")
    party.candidates_approved_on, party.candidates_approved_by = on, approved_by.strip()
    party.candidates_document = document.strip()
    party.save(update_fields=["candidates_approved_on", "candidates_approved_by", "candidates_document"])
    audit(
        obj=party,
        division_path=election.unit.path,
        after={"on": on, "by": party.candidates_approved_by, "document": party.candidates_document},
    )
    return party


@action(
    "party.record_attendance",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_record_attendance(
    election: Election, *, present: set[int], on: dt.date, actor: Actor
) -> summary.RollCounts:
    """Who is present at the assembly (A2 step 3): the quorum is decided on the members with voting rights."""
    party_election(election)
    ensure_open(election)
    on = _day(on, "attendance_on")
    members = set(PartyMember.objects.filter(election=election).values_list("pk", flat=True))
    if present - members:
        raise ActionError(_("Someone marked present is not on this roll."), field="present")
    party = party_of(election)
    PartyMember.objects.filter(election=election).update(present=False)
    PartyMember.objects.filter(election=election, pk__in=present).update(present=True)
    party.attendance_on = on
    party.save()
    roll = summary.counts(election)
    audit(
        obj=party,
        division_path=election.unit.path,
        after={"on": on, "present": roll.present, "expected": roll.expected},
    )
    return roll


def _contest(post: Post, seats: int, people: list[PartyCandidate]) -> dict[str, Any]:
    """A contest of party members (issue 17): each ballot line is the member of the roll, not the name."""
    return {"post": post.value, "seats": seats, "candidates": [c.member for c in people]}


@action(
    "polling.open_round",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
    delegates=True,
)
def do_open_assembly(election: Election, *, held_on: dt.date, actor: Actor) -> VotingRound:
    """The members' assembly votes (A2 steps 3–4): only on an approved list (P9) and with a quorum (P3)."""
    party_election(election)
    party = party_of(election)
    if party.candidates_approved_on is None:
        raise ActionError(_("The higher party committee has not approved the candidates yet (P9)."))
    if VotingRound.objects.filter(election=election, sitting="assembly").exists():
        raise ActionError(_("The assembly's vote is open already: further rounds are polling's follow-ups."))
    if party.attendance_on is None:
        raise ActionError(_("Take the attendance first."), field="present")
    roll = summary.counts(election)
    quorum = summary.quorum(election, roll)
    if not quorum.ok:
        raise ActionError(summary.say(quorum.reasons[0]), field="present")
    listed = summary.candidates(election)
    # The roll may have changed since the list was approved: the list must still fit the branch (P2, P4).
    refused = rules.check_candidate_list(
        roll.full,
        party.seats,
        party.deputy,
        {Post(post): [str(c.member_id) for c in people] for post, people in listed.items()},
        summary.profile_of(election),
    )
    if refused:
        raise ActionError(summary.say(refused[0].reason), field=refused[0].field)
    if rules.secretary_elected_by(roll.full, summary.profile_of(election)) == "plenary":
        contests = [_contest(Post.COMMITTEE_MEMBER, party.seats, listed["committee_member"])]
    else:  # P2: a branch without a committee elects its secretary (and deputy) in the assembly
        contests = [_contest(Post.SECRETARY, 1, listed["secretary"])]
        if party.deputy:
            contests.append(_contest(Post.DEPUTY_SECRETARY, 1, listed["deputy_secretary"]))
    return do_open_voting_round(
        election,
        held_on=_day(held_on, "held_on"),
        registered=roll.voting,
        approved_exclusions=roll.excluded,
        contests=contests,
        sitting="assembly",
        actor=actor,
    )


@action(
    "polling.open_round",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
    delegates=True,
)
def do_open_plenary(election: Election, *, held_on: dt.date, actor: Actor) -> VotingRound:
    """The new committee's first plenary (A2 step 5): secretary and deputy in equal-number elections, a
    majority of all the committee's members needed (P9)."""
    party_election(election)
    party = party_of(election)
    if rules.secretary_elected_by(summary.counts(election).full, summary.profile_of(election)) != "plenary":
        raise ActionError(_("A branch without a committee elects its secretary at the assembly."))
    if VotingRound.objects.filter(election=election, sitting="committee").exists():
        raise ActionError(_("The plenary's vote is open already: further rounds are polling's follow-ups."))
    elected = sorted(
        set(
            ElectedMember.objects.filter(election=election, post=Post.COMMITTEE_MEMBER).values_list(
                "ref", flat=True
            )
        )
    )
    listed = summary.candidates(election)
    contests = [_contest(Post.SECRETARY, 1, listed["secretary"])]
    if party.deputy:
        contests.append(_contest(Post.DEPUTY_SECRETARY, 1, listed["deputy_secretary"]))
    # P8, P9: every seat filled, and the officers' candidates elected to the committee — the engine's rule,
    # asked by person (the member's reference), so that a namesake of a committee member is not taken for him.
    names = {person_ref(election.pk, MEMBER, c.member_id): c.member.name for p in listed.values() for c in p}
    refused = rules.check_plenary(
        party.seats,
        elected,
        {Post(c["post"]): [person_ref(election.pk, MEMBER, m.pk) for m in c["candidates"]] for c in contests},
    )
    if refused:
        raise ActionError(shown(summary.say(refused[0].reason), names), field=refused[0].field)
    return do_open_voting_round(
        election,
        held_on=_day(held_on, "held_on"),
        registered=len(elected),
        contests=contests,
        sitting="committee",
        actor=actor,
    )


@action(
    "party.approve_result",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def do_approve_result(
    election: Election, *, approved_on: dt.date, approved_by: str, document: str, actor: Actor
) -> PartyElection:
    """The higher committee approves the elected secretary and deputy (A2 step 6, P9)."""
    party_election(election)
    party = party_of(election)
    secretary = (
        ElectedMember.objects.filter(election=election, post=Post.SECRETARY)
        .select_related("voting_round")
        .first()
    )
    if secretary is None:
        raise ActionError(_("No secretary has been elected yet."))
    if not approved_by.strip():
        raise ActionError(_("Name the approving party committee."), field="approved_by")
    on = _day(approved_on, "approved_on")
    if on < secretary.voting_round.held_on:
        raise ActionError(_("The approval cannot come before the election."), field="approved_on")
    party.result_approved_on, party.result_approved_by = on, approved_by.strip()
    party.result_document = document.strip()
    party.save()
    audit(
        obj=party,
        division_path=election.unit.path,
        after={"on": on, "by": party.result_approved_by, "document": party.result_document},
    )
    return party


@action(
    "party.copy_elected_details",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def copy_elected_details(election: Election, *, actor: Actor) -> int:
    """The elected members' details from the roll (sex, birth date, education, ethnicity, previous post),
    in one transaction with one audit event naming each member changed. Returns how many changed."""
    party_election(election)
    roll = {m.pk: m for m in PartyMember.objects.filter(election=election)}
    changed: dict[str, dict[str, Any]] = {}
    for elected in ElectedMember.objects.filter(election=election).select_related("election__unit"):
        member = roll.get(elected.member_id) if elected.member_id is not None else None  # by person
        if member is None:
            continue
        details = {
            "sex": member.sex,
            "birth_date": member.birth_date,
            "education": member.education,
            "party_member": True,
            "ethnicity": member.ethnicity,
            "previous_post": member.previous_post,
        }
        if any(getattr(elected, f) != v for f, v in details.items()):
            _before, after = update_elected(elected, details)
            changed[str(elected.pk)] = birth_year_only(after)  # the date stays sealed (issue 15)
    audit(party_of(election), after={"elected": changed})
    return len(changed)
