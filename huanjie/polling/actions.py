"""Writes of polling day and counting. Each action: one transaction, guards, one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, is_system, user_of
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.polling import tally, writeins
from huanjie.polling.case import case_for, with_people
from huanjie.polling.lines import Line, labels, line_of, round_lines
from huanjie.polling.models import (
    BallotBox,
    Candidate,
    Contest,
    ElectedMember,
    Station,
    TallyEntry,
    VotingRound,
)
from huanjie.polling.registers import check_box_ready
from huanjie.rules import profiles
from huanjie.rules.cases import CaseError, case_from_json, result_to_json
from huanjie.rules.counting import count
from huanjie.rules.terms import BODY_POSTS, POST_RANK, Body, Post
from huanjie.rules.women import no_woman_standing
from huanjie.web.labels import cited, enumeration, post_name

HERE = gettext_lazy("Your role may not do this here.")


def _seats(vr: VotingRound) -> list[tally.Seats]:
    """The round's posts and ballot lines: from the contests the caller fetched with their lines
    (`prefetch_related("contests__entries")`: the tally form's page has them), else read now. A round's
    ballot does not change once it is open."""
    fetched = "contests" in getattr(vr, "_prefetched_objects_cache", {})
    contests = vr.contests.all() if fetched else vr.contests.prefetch_related("entries")
    return [tally.Seats(c.post, c.seats, tuple(line.ref for line in c.entries.all())) for c in contests]


@action(
    "polling.open_round",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
    public="voting rounds",
)
def do_open_voting_round(
    election: Election,
    *,
    held_on: dt.date,
    registered: int,
    contests: list[dict[str, Any]],
    actor: Actor,
    kind: str = VotingRound.Kind.FIRST,
    parent: VotingRound | None = None,
    sitting: str = "assembly",
    approved_exclusions: int = 0,
) -> VotingRound:
    """Open a voting round with its contests: [{"post", "seats", "candidates": [person, ...]}], each person
    a resident of the unit (a party member of the roll in a party election) or a ballot line of an earlier
    round of the election (polling.lines). Whether a candidate is a woman is the person's record's."""
    allowed = {p.value for p in BODY_POSTS[Body(election.kind)]}
    if not contests:
        raise ActionError(_("A ballot needs at least one post."), field="contests")
    seen: set[str] = set()
    for c in contests:
        post = c.get("post", "")
        if post not in allowed:
            raise ActionError(_("%(post)s is not a post of this body.") % {"post": post}, field="contests")
        if post in seen:
            raise ActionError(_("%(post)s appears twice.") % {"post": post_name(post)}, field="contests")
        seen.add(post)
        if type(c.get("seats")) is not int or c["seats"] < 1:
            raise ActionError(
                _("%(post)s: the seats must be at least 1.") % {"post": post_name(post)}, field="contests"
            )
        people = [line_of(election, p) for p in c.get("candidates", [])]
        if len({p.ref for p in people}) != len(people):
            raise ActionError(
                _("%(post)s: a person stands on the ballot only once.") % {"post": post_name(post)},
                field="contests",
            )
        refused = no_woman_standing(
            Post(post),
            [p.ref for p in people],
            [p.ref for p in people if p.woman],
            profiles.load(election.round.profile),
        )
        if refused is not None:
            raise ActionError(
                _("%(post)s: no woman stands; the women member post is not filled by a man (%(article)s).")
                % {"post": post_name(post), "article": cited(refused.article)},
                field="contests",
            )
    if type(registered) is not int or registered < 1:
        raise ActionError(_("The number of registered voters is needed."), field="registered")
    if sitting not in ("assembly", "committee") or (
        sitting == "committee" and election.kind != "party_branch"
    ):
        raise ActionError(_("Only a party committee's plenary sits as a committee."), field="sitting")
    if type(approved_exclusions) is not int or not 0 <= approved_exclusions <= registered:
        raise ActionError(
            _("The approved exclusions must be between 0 and the members with voting rights."),
            field="approved_exclusions",
        )
    vr = create_round(election, kind, held_on, registered, contests, parent, sitting, approved_exclusions)
    audit(
        obj=vr,
        division_path=election.unit.path,
        after={
            "kind": kind,
            "held_on": held_on,
            "registered": registered,
            "contests": [
                {"post": c.post, "seats": c.seats, "candidates": [[e.ref, e.name] for e in c.entries.all()]}
                for c in vr.contests.prefetch_related("entries")
            ],
        },
    )
    return vr


def create_round(
    election: Election,
    kind: str,
    held_on: dt.date,
    registered: int,
    contests: list[dict[str, Any]],
    parent: VotingRound | None = None,
    sitting: str = "assembly",
    approved_exclusions: int = 0,
) -> VotingRound:
    """The rows of a new voting round and its ballot lines, printed apart where two share a name (the
    caller checks, holds the transaction and records the event)."""
    seq = (VotingRound.objects.filter(election=election).aggregate(m=Max("seq"))["m"] or 0) + 1
    vr = VotingRound.objects.create(
        election=election,
        kind=kind,
        seq=seq,
        held_on=held_on,
        registered=registered,
        parent=parent,
        sitting=sitting,
        approved_exclusions=approved_exclusions,
    )
    people = {c["post"]: [line_of(election, p) for p in c.get("candidates", [])] for c in contests}
    printed = labels(line for lines in people.values() for line in lines)
    for c in contests:
        contest = Contest.objects.create(
            voting_round=vr, post=c["post"], rank=POST_RANK[Post(c["post"])], seats=c["seats"]
        )
        Candidate.objects.bulk_create(
            Candidate(
                contest=contest,
                rank=i,
                ref=line.ref,
                name=line.name,
                label=printed[line.ref],
                resident_id=line.resident_id,
                member_id=line.member_id,
                woman=line.woman,
            )
            for i, line in enumerate(people[c["post"]], start=1)
        )
    return vr


@action(
    "polling.add_box",
    capability=Capability.EDIT_UNITS,
    scope=lambda vr: vr.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_add_box(
    vr: VotingRound, *, name: str = "", kind: str = "", actor: Actor, station: Station | None = None
) -> BallotBox:
    """A box of the round; given its register entry (station or mobile box), it takes that name and kind."""
    if vr.status != VotingRound.Status.OPEN:
        raise ActionError(_("This round is already counted."))
    if station is not None:
        if station.election_id != vr.election_id:
            raise ActionError(_("That station belongs to another election."), field="station")
        name, kind = name or station.name, station.kind
    if not name.strip() or kind not in BallotBox.Kind.values:
        raise ActionError(_("Name the box and say what kind it is."), field="name")
    if BallotBox.objects.filter(voting_round=vr, name=name.strip()).exists():
        raise ActionError(_("There is already a box of that name."), field="name")
    box = BallotBox.objects.create(voting_round=vr, name=name.strip(), kind=kind, station=station)
    audit(
        obj=box,
        division_path=vr.election.unit.path,
        after={"name": box.name, "kind": kind, "station": station.pk if station else None},
    )
    return box


@action(
    "polling.enter_tally",
    capability=Capability.EDIT_UNITS,
    scope=lambda box: box.voting_round.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_enter_tally(box: BallotBox, *, data: dict[str, Any], actor: Actor, entrant: str = "") -> BallotBox:
    """One clerk's entry. When two different clerks' entries agree, the box is checked and accepted or held.

    A system import (actor None) names its teller in `entrant`; two entries still need two entrants.
    The box's row is locked first: two entries of one box (two clerks at once, or one clerk's form sent
    twice) are decided one after the other, each seeing the other's — never two entries by one clerk,
    never two agreeing entries that leave the box awaiting. Its entries are read once, under the lock."""
    vr = box.voting_round
    if vr.status != VotingRound.Status.OPEN:
        raise ActionError(_("This round is already counted."))
    box.status = BallotBox.objects.select_for_update().values_list("status", flat=True).get(pk=box.pk)
    if box.status in (BallotBox.Status.ACCEPTED, BallotBox.Status.HELD):
        raise ActionError(_("This box's tally is already agreed."))
    check_box_ready(box)
    clean = tally.normalise(data, _seats(vr))
    who = actor.get_username() if not is_system(actor) else entrant.strip()
    if not who:
        raise ActionError(_("Say who entered the tally."), field="entrant")
    entries = list(box.entries.all())
    if any(e.entrant == who for e in entries):
        raise ActionError(_("You have entered this box already: the second entry must be another clerk's."))
    TallyEntry.objects.create(box=box, clerk=user_of(actor), entrant=who, data=clean)
    agreed = next((e for e in entries if e.data == clean), None)
    if agreed is not None:
        profile = profiles.load(vr.election.round.profile)
        reasons = tally.hold_reasons(clean, _seats(vr), profile)
        box.status = BallotBox.Status.HELD if reasons else BallotBox.Status.ACCEPTED
        box.hold_reason = "\n".join(reasons)
        box.accepted = clean
    elif entries:
        box.status = BallotBox.Status.MISMATCH
    box.save(update_fields=["status", "hold_reason", "accepted"])
    audit(
        obj=box,
        division_path=vr.election.unit.path,
        after={"status": box.status, "entries": len(entries) + 1},
    )
    return box


@action(
    "polling.release_box",
    capability=Capability.SUPERVISE_COUNT,
    scope=lambda box: box.voting_round.election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def do_release_box(box: BallotBox, *, accept: bool, resolution: str, actor: User) -> BallotBox:
    """A supervisor decides on a held box: count it (with the explanation) or void it for a re-vote."""
    if box.status != BallotBox.Status.HELD:
        raise ActionError(_("Only a held box is decided by a supervisor."))
    if not resolution.strip():
        raise ActionError(_("Say why."), field="resolution")
    if accept:
        box.status = BallotBox.Status.ACCEPTED
    else:
        box.status, box.accepted = BallotBox.Status.AWAITING, None
        box.entries.all().delete()
    box.resolution = resolution.strip()
    box.save(update_fields=["status", "accepted", "resolution"])
    audit(
        obj=box,
        division_path=box.voting_round.election.unit.path,
        after={"accept": accept, "resolution": box.resolution},
    )
    return box


def _elect(vr: VotingRound, post: str, ref: str, votes: int, person: Line | None) -> ElectedMember:
    return ElectedMember.objects.create(
        election=vr.election,
        voting_round=vr,
        post=post,
        ref=ref,
        name=person.name if person is not None else ref,
        resident_id=person.resident_id if person is not None else None,
        member_id=person.member_id if person is not None else None,
        votes=votes,
    )


@action(
    "polling.count",
    capability=Capability.EDIT_UNITS,
    scope=lambda vr: vr.election.unit,
    denied=HERE,
    outside=HERE,
    public="results",
)
def do_count(vr: VotingRound, *, actor: Actor) -> dict[str, Any]:
    """Count the round through the rules engine, by person; record who is elected."""
    if vr.status != VotingRound.Status.OPEN:
        raise ActionError(_("This round is already counted."))
    boxes = list(vr.boxes.all())
    if not boxes:
        raise ActionError(_("No ballot box has been entered."))
    waiting = [b.name for b in boxes if b.status != BallotBox.Status.ACCEPTED]
    if waiting:
        raise ActionError(_("These boxes are not agreed yet: %(boxes)s.") % {"boxes": enumeration(waiting)})
    open_write_ins = writeins.undecided(vr)
    if open_write_ins:
        raise ActionError(
            _("The election committee has not decided whom these write-ins mean: %(names)s.")
            % {"names": "; ".join(writeins.where(p, n) for p, n in open_write_ins)},
            field="write_ins",
        )
    try:
        case = case_from_json(case_for(vr))
    except CaseError as exc:
        raise ActionError(f"{exc.field}: {exc.message}") from exc
    by_person = writeins.counted(vr)
    result = with_people(result_to_json(count(case, profiles.load(vr.election.round.profile))), by_person)
    vr.status, vr.result, vr.counted_at = VotingRound.Status.COUNTED, result, timezone.now()
    vr.save(update_fields=["status", "result", "counted_at"])
    for contest in result["contests"]:
        for ref in contest["elected"]:
            votes = by_person.tally.get(contest["post"], {}).get(ref, 0)
            _elect(vr, contest["post"], ref, votes, by_person.people.get(ref))
    settled = _settle_parent(vr)
    audit(
        obj=vr,
        division_path=vr.election.unit.path,
        after={
            "valid": result["valid"],
            "elected": {c["post"]: c["elected"] for c in result["contests"]},
            "unresolved_write_ins": {
                c["post"]: c["unresolved_votes"] for c in result["contests"] if c["unresolved_votes"]
            },
            "settled": settled,
        },
    )
    return result


def _settle_parent(vr: VotingRound) -> dict[str, list[str]] | None:
    """A counted tie re-vote decides the posts of its round that were provisional on it: that round is
    counted again with the re-vote's winners and its provisional posts' elected are replaced (B19, B20)."""
    parent = vr.parent
    if vr.kind != VotingRound.Kind.TIE_REVOTE or parent is None or not vr.result or not vr.result["valid"]:
        return None
    if parent.result is None or not any(c.get("provisional") for c in parent.result["contests"]):
        return None
    if any(c["tie_revote"] for c in vr.result["contests"]):
        return None  # tied again: the posts stay provisional until a further re-vote decides
    case = case_from_json(case_for(parent, tie_round=vr))
    by_person = writeins.counted(parent)
    again = with_people(result_to_json(count(case, profiles.load(parent.election.round.profile))), by_person)
    settled: dict[str, list[str]] = {}
    for old, new in zip(parent.result["contests"], again["contests"], strict=True):
        if not old.get("provisional"):
            continue
        post = new["post"]
        ElectedMember.objects.filter(voting_round=parent, post=post).exclude(ref__in=new["elected"]).delete()
        have = set(
            ElectedMember.objects.filter(election=parent.election, post=post).values_list("ref", flat=True)
        )
        for ref in new["elected"]:
            if ref not in have:
                votes = by_person.tally.get(post, {}).get(ref, 0)
                _elect(parent, post, ref, votes, by_person.people.get(ref))
        settled[post] = new["elected"]
    again["settled_by"] = vr.seq
    parent.result = again
    parent.save(update_fields=["result"])
    return settled


@action(
    "polling.open_round",
    capability=Capability.EDIT_UNITS,
    scope=lambda vr: vr.election.unit,
    denied=HERE,
    outside=HERE,
    delegates=True,
)
def do_open_follow_up(vr: VotingRound, *, held_on: dt.date, actor: Actor) -> VotingRound:
    """The tie re-vote (B19) or runoff (B22) that a counted round calls for, with its candidates and seats."""
    if vr.status != VotingRound.Status.COUNTED or vr.result is None:
        raise ActionError(_("Count the round first."))
    # The same persons stand again: the ballot lines of this round (and, for a runoff, a resolved write-in
    # the engine names) carry their references, records and labels into the new round.
    lines = {ref: line_of(vr.election, c) for ref, c in round_lines(vr).items()}
    lines.update(writeins.counted(vr).people)
    if not vr.result["valid"]:
        contests = [
            {"post": c.post, "seats": c.seats, "candidates": list(c.entries.all())}
            for c in vr.contests.prefetch_related("entries")
        ]
        return do_open_voting_round(
            vr.election,
            held_on=held_on,
            registered=vr.registered,
            contests=contests,
            actor=actor,
            kind=vr.kind,
            parent=vr,
            sitting=vr.sitting,
            approved_exclusions=vr.approved_exclusions,
        )
    ties = [c for c in vr.result["contests"] if c["tie_revote"]]
    if ties:
        contests = [
            {
                "post": c["post"],
                "seats": c["tie_revote_seats"],
                "candidates": [lines[r] for r in c["tie_revote"]],
            }
            for c in ties
        ]
        kind = VotingRound.Kind.TIE_REVOTE
    else:
        runoffs = [c for c in vr.result["contests"] if c["runoff_candidates"]]
        if not runoffs:
            raise ActionError(_("Every seat is decided: no further round is needed."))
        contests = [
            {
                "post": c["post"],
                "seats": c["vacancies"],
                "candidates": [lines[r] for r in c["runoff_candidates"]],
            }
            for c in runoffs
        ]
        kind = VotingRound.Kind.RUNOFF
    return do_open_voting_round(
        vr.election,
        held_on=held_on,
        registered=vr.registered,
        contests=contests,
        actor=actor,
        kind=kind,
        parent=vr,
        sitting=vr.sitting,
        approved_exclusions=vr.approved_exclusions,
    )
