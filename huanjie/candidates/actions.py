"""Writes of nomination: seats, the election committee's members, nomination meetings and forms,
withdrawals, and the publication of the formal list. Each action: one transaction, guards, one audit
event (publication's event is the stage completion's own). Review and assessment: reviews.py."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence

from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.candidates.lists import candidate_notes, lists
from huanjie.candidates.models import CommitteeMember, Nomination, NominationSlip, Seat, Source
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.actions import Completion, do_complete_stage
from huanjie.elections.models import Election, ElectionStage, StageStatus
from huanjie.rules import candidates as rules
from huanjie.rules import profiles
from huanjie.rules.calendar import Stage
from huanjie.rules.explain import cite
from huanjie.rules.terms import BODY_POSTS, Body, Post
from huanjie.units.models import BodyKind
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.web.labels import cited, post_name


def _committee_election(election: Election) -> None:
    if election.kind == BodyKind.PARTY_BRANCH:
        raise ActionError(_("Nomination by the voters belongs to the committee elections."))


def _stage_done(election: Election, key: str) -> bool:
    return ElectionStage.objects.filter(election=election, key=key, status=StageStatus.DONE).exists()


def _open(election: Election) -> None:
    """Nominees are registered voters, so the list must be out; the published list changes only by
    withdrawal and backfill (B11)."""
    _committee_election(election)
    if not _stage_done(election, Stage.VOTER_LIST):
        raise ActionError(_("Publish the voter list first: the voters nominate registered voters."))
    if _stage_done(election, Stage.CANDIDATE_LIST):
        raise ActionError(_("The formal list is published; it changes only by withdrawal and backfill."))


def _past(day: dt.date, field: str) -> None:
    if day > clock.today():
        raise ActionError(_("The date cannot be in the future."), field=field)


GROUPED = re.compile(r"^(?P<name>[^（(]+?)\s*[（(](?P<group>[^）)]+)[）)]\s*$")


def _voter(election: Election, name: str, field: str) -> Voter:
    """The registered voter a line names: by name where only one voter has it, else by name and villager
    group written in brackets, 王建国（第三组）, as notices tell namesakes apart (issue 17)."""
    name = name.strip()
    found_by = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED)
    grouped = GROUPED.match(name)
    if grouped is not None:
        name = grouped["name"].strip()
        found_by = found_by.filter(resident__group=grouped["group"].strip())
    found = list(found_by.filter(resident__name=name).select_related("resident")[:2])
    if not found:
        raise ActionError(
            _("%(name)s is not a registered voter of this election.") % {"name": name}, field=field
        )
    if len(found) > 1:
        raise ActionError(
            _(
                "Several registered voters are named %(name)s; write the villager group in brackets, "
                "as %(name)s（%(group)s）, to say which."
            )
            % {"name": name, "group": found[0].resident.group or "…"},
            field=field,
        )
    return found[0]


def _nominee(election: Election, post: str, who: str | Resident, sitting: Sitting, field: str) -> Voter:
    voter = _registered(election, who, field)
    name = voter.resident.name
    if post == Post.WOMEN_MEMBER and voter.resident.sex != "female":
        raise ActionError(
            _("%(name)s: only women stand for the women member post.") % {"name": name}, field=field
        )
    residents, untied = sitting
    if voter.resident_id in residents:
        raise ActionError(
            _("%(name)s sits on the election committee: record that they have left it first (%(article)s).")
            % {"name": name, "article": cited(cite(election.kind, "B6", "Art.12"))},
            field=field,
        )
    if name in untied:  # a sitting member not tied to a resident: the office must say who they are
        raise ActionError(
            _(
                "A sitting member of the election committee is named %(name)s and is not tied to a resident: "
                "record who they are, or that they have left it, first (%(article)s)."
            )
            % {"name": name, "article": cited(cite(election.kind, "B6", "Art.12"))},
            field=field,
        )
    return voter


Sitting = tuple[set[int], set[str]]


def _sitting(election: Election) -> Sitting:
    """The sitting committee members by person (OL Art.12: a nominee must have left), and the names of
    those not tied to a resident yet."""
    rows = CommitteeMember.objects.filter(election=election, left_on__isnull=True)
    return (
        {r for r in rows.values_list("resident_id", flat=True) if r is not None},
        set(rows.filter(resident__isnull=True).values_list("name", flat=True)),
    )


def _registered(election: Election, who: str | Resident, field: str) -> Voter:
    """A registered voter of the election: by the resident's record, or by a name only one voter has."""
    if isinstance(who, Resident):
        voter = (
            Voter.objects.filter(election=election, status=VoterStatus.REGISTERED, resident=who)
            .select_related("resident")
            .first()
        )
        if voter is None:
            raise ActionError(
                _("%(name)s is not a registered voter of this election.") % {"name": who.name}, field=field
            )
        return voter
    return _voter(election, who, field)


def _seat(election: Election, post: str, field: str) -> Seat:
    try:
        return Seat.objects.get(election=election, post=post)
    except Seat.DoesNotExist:
        raise ActionError(
            _("%(post)s: set its seats first.") % {"post": post_name(post)}, field=field
        ) from None


@action("candidates.set_seats", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_set_seats(election: Election, *, seats: dict[str, int], sizes: dict[str, int], actor: Actor) -> None:
    """The seats of each post and the number of formal candidates, both as the engine rules them: the
    profile's differential per post (B9) and the committee's size (OL Art.6, RCL Art.7)."""
    _committee_election(election)
    if _stage_done(election, Stage.CANDIDATE_LIST):
        raise ActionError(_("The formal list is published; it changes only by withdrawal and backfill."))
    profile = profiles.load(election.round.profile)
    posts = [p.value for p in BODY_POSTS[Body(election.kind)]]
    chosen: dict[str, tuple[int, int]] = {}
    for post in posts:
        n = seats.get(post, 0)
        if type(n) is not int or n < 0:
            raise ActionError(
                _("%(post)s: the seats must be a whole number.") % {"post": post_name(post)}, field="seats"
            )
        if n == 0:
            continue
        low, high = rules.size_range(post, n, profile)
        size = sizes.get(post) or low
        if not rules.size_ok(post, n, size, profile):
            values = {"post": post_name(post), "seats": n, "low": low, "high": high}
            message = (
                _("%(post)s: %(seats)s seat(s) need at least %(low)s formal candidates.")
                if high is None
                else _("%(post)s: %(seats)s seat(s) need %(low)s to %(high)s formal candidates.")
            )
            raise ActionError(message % values, field="seats")
        chosen[post] = (n, size)
    total = sum(n for n, _size in chosen.values())
    size_check = rules.committee_size(election.kind, total, profile)
    if not size_check.ok:
        low, high = rules.committee_band(election.kind, profile)
        raise ActionError(
            _("The committee has %(total)s seats; the profile allows %(low)s to %(high)s.")
            % {"total": total, "low": low, "high": high},
            field="seats",
        )
    before = {s.post: [s.seats, s.size] for s in Seat.objects.filter(election=election)}
    Seat.objects.filter(election=election).delete()
    Seat.objects.bulk_create(Seat(election=election, post=p, seats=n, size=k) for p, (n, k) in chosen.items())
    audit(
        obj=election,
        division_path=election.unit.path,
        before=before,
        after={p: list(v) for p, v in chosen.items()},
    )


@action(
    "candidates.add_committee_member", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit
)
def do_add_committee_member(
    election: Election, *, name: str = "", duty: str = "", resident: Resident | None = None, actor: Actor
) -> CommitteeMember:
    """A member of the election committee: a resident of the unit (the person, so that a nominee who sits
    on it is found by the record, OL Art.12), or by name alone one who is not (a street's cadre)."""
    if resident is not None:
        if resident.unit_id != election.unit_id:
            raise ActionError(_("Choose a resident of this unit."), field="resident")
        name = resident.name
        if CommitteeMember.objects.filter(
            election=election, resident=resident, left_on__isnull=True
        ).exists():
            raise ActionError(_("%(name)s already sits on the committee.") % {"name": name}, field="resident")
    elif not name.strip():
        raise ActionError(_("The name is empty."), field="name")
    elif CommitteeMember.objects.filter(
        election=election, name=name.strip(), resident__isnull=True, left_on__isnull=True
    ).exists():
        raise ActionError(_("%(name)s already sits on the committee.") % {"name": name}, field="name")
    member = CommitteeMember.objects.create(
        election=election, name=name.strip(), duty=duty.strip(), resident=resident
    )
    audit(
        obj=member,
        division_path=election.unit.path,
        after={"name": member.name, "duty": member.duty, "resident": resident.pk if resident else None},
    )
    return member


@action(
    "candidates.leave_committee", capability=Capability.EDIT_UNITS, scope=lambda member: member.election.unit
)
def do_record_leaving(member: CommitteeMember, *, left_on: dt.date, reason: str, actor: Actor) -> None:
    """A member leaves the election committee (e.g. because they are nominated, OL Art.12)."""
    if member.left_on is not None:
        raise ActionError(_("This member has already left."))
    _past(left_on, "left_on")
    if not reason.strip():
        raise ActionError(_("Say why they leave."), field="reason")
    member.left_on, member.left_reason = left_on, reason.strip()
    member.save(update_fields=["left_on", "left_reason"])
    audit(
        obj=member,
        division_path=member.election.unit.path,
        after={"left_on": left_on, "reason": member.left_reason},
    )


@action("candidates.record_meeting", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_record_nomination_meeting(
    election: Election,
    *,
    held_on: dt.date,
    present: int,
    results: Mapping[str, Sequence[tuple[str | Resident, int]]],
    actor: Actor,
) -> list[Nomination]:
    """A nomination meeting's results per post (nominee → votes). Each voter present names no more people
    for a post than its seats (B8), so a post's votes add up to at most present × seats. A nominee is the
    resident's record, or a name only one registered voter has (namesakes: record them by the record)."""
    _open(election)
    _past(held_on, "held_on")
    registered = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).count()
    if type(present) is not int or not 1 <= present <= registered:
        raise ActionError(
            _("The voters present must be between 1 and the %(n)s registered voters.") % {"n": registered},
            field="present",
        )
    if not any(results.values()):
        raise ActionError(_("Enter the nominees and their votes."), field="results")
    sitting = _sitting(election)
    rows: list[Nomination] = []
    for post, lines in results.items():
        if not lines:
            continue
        field = f"nominees_{post}"
        seat = _seat(election, post, field)
        if Nomination.objects.filter(election=election, post=post).exists():
            raise ActionError(
                _("%(post)s: its nominations are already recorded.") % {"post": post_name(post)}, field=field
            )
        seen: set[int] = set()
        for name, votes in lines:
            voter = _nominee(election, post, name, sitting, field)
            if voter.resident_id in seen:
                raise ActionError(_("%(name)s is listed twice.") % {"name": voter.resident.name}, field=field)
            seen.add(voter.resident_id)
            if type(votes) is not int or not 0 <= votes <= present:
                raise ActionError(
                    _("%(name)s: the votes must be between 0 and the voters present.")
                    % {"name": voter.resident.name},
                    field=field,
                )
            rows.append(
                Nomination(
                    election=election,
                    post=post,
                    resident=voter.resident,
                    name=voter.resident.name,
                    votes=votes,
                    source=Source.MEETING,
                    nominated_on=held_on,
                )
            )
        total = sum(v for _n, v in lines)
        if rules.cap_exceeded(total, present * seat.seats):
            raise ActionError(
                _("%(post)s: %(total)s votes from %(present)s voters is more than each naming %(seats)s.")
                % {"post": post_name(post), "total": total, "present": present, "seats": seat.seats},
                field=field,
            )
    created = Nomination.objects.bulk_create(rows)
    audit(
        obj=election,
        division_path=election.unit.path,
        after={
            "held_on": held_on,
            "present": present,
            "results": {
                p: [[n.name if isinstance(n, Resident) else n, v] for n, v in lines]
                for p, lines in results.items()
                if lines
            },
        },
    )
    return created


@action("candidates.record_form", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_record_nomination_form(
    election: Election,
    *,
    voter_name: str,
    post: str,
    nominees: Iterable[str],
    submitted_on: dt.date,
    actor: Actor,
) -> None:
    """One voter's individual nomination form for a post: at most as many names as the post has seats,
    counting the voter's earlier forms (B8); each name adds one nomination vote."""
    _open(election)
    _past(submitted_on, "submitted_on")
    seat = _seat(election, post, "post")
    if Nomination.objects.filter(election=election, post=post, source=Source.MEETING).exists():
        raise ActionError(_("%(post)s was nominated at a meeting.") % {"post": post_name(post)}, field="post")
    voter = _voter(election, voter_name, "voter")
    names = [n.strip() for n in nominees if n.strip()]
    if not names:
        raise ActionError(_("Enter the people the voter nominates."), field="nominees")
    earlier = NominationSlip.objects.filter(voter=voter, post=post).count()
    if rules.cap_exceeded(earlier + len(names), seat.seats):
        raise ActionError(
            _("A voter nominates at most %(seats)s for %(post)s; this voter has named %(n)s already.")
            % {"seats": seat.seats, "post": post_name(post), "n": earlier},
            field="nominees",
        )
    sitting = _sitting(election)
    people = [_nominee(election, post, name, sitting, "nominees") for name in names]
    named = set(NominationSlip.objects.filter(voter=voter, post=post).values_list("nominee_id", flat=True))
    for person in people:
        if person.resident_id in named:
            raise ActionError(
                _("%(name)s is named twice by this voter.") % {"name": person.resident.name}, field="nominees"
            )
        named.add(person.resident_id)
    for person in people:
        NominationSlip.objects.create(
            election=election, voter=voter, post=post, nominee=person.resident, submitted_on=submitted_on
        )
        updated = Nomination.objects.filter(election=election, post=post, resident=person.resident).update(
            votes=F("votes") + 1
        )
        if not updated:
            Nomination.objects.create(
                election=election,
                post=post,
                resident=person.resident,
                name=person.resident.name,
                votes=1,
                source=Source.FORMS,
                nominated_on=submitted_on,
            )
    audit(
        obj=voter,
        division_path=election.unit.path,
        after={"post": post, "nominees": [p.resident.name for p in people], "submitted_on": submitted_on},
    )


@action(
    "candidates.withdraw", capability=Capability.EDIT_UNITS, scope=lambda nomination: nomination.election.unit
)
def do_withdraw_nomination(
    nomination: Nomination, *, withdrawn_on: dt.date, reason: str, actor: Actor
) -> None:
    """A nominee withdraws in writing; the next in vote order backfills (B11)."""
    election = nomination.election
    if nomination.withdrawn_on is not None:
        raise ActionError(_("This nominee has already withdrawn."))
    _past(withdrawn_on, "withdrawn_on")
    if election.election_day and withdrawn_on > election.election_day:
        raise ActionError(_("A withdrawal comes before the election day."), field="withdrawn_on")
    if not reason.strip():
        raise ActionError(_("A withdrawal is made in writing: record what it says."), field="reason")
    nomination.withdrawn_on, nomination.withdrawal_reason = withdrawn_on, reason.strip()
    nomination.save(update_fields=["withdrawn_on", "withdrawal_reason"])
    audit(
        obj=nomination,
        division_path=election.unit.path,
        after={"withdrawn_on": withdrawn_on, "reason": nomination.withdrawal_reason},
    )


@action(
    "stage.complete", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit, delegates=True
)
def do_publish_candidate_list(election: Election, *, published_on: dt.date, actor: Actor) -> Completion:
    """Complete the candidate-list stage with the formal list as its notice. The list must pass its
    checks (differential, women, ties, review). The audit event is the stage completion's."""
    _committee_election(election)
    current = lists(election)
    if not current.ok:
        english = (get_language() or "").startswith("en")
        failed = [c.reason.text_en if english else c.reason.text_zh for c in current.checks if not c.ok]
        raise ActionError(
            _("The formal list does not pass its checks: %(failed)s") % {"failed": " ".join(failed) or "—"}
        )
    stage = ElectionStage.objects.select_related("election__round", "election__unit", "election__body").get(
        election=election, key=Stage.CANDIDATE_LIST
    )
    return do_complete_stage(
        stage,
        completed_on=published_on,
        actor=actor,
        notes=candidate_notes(election),
    )
