"""Write-ins (另选他人): names voters wrote on the ballot instead of a candidate (issue 17).

The tally entry keeps them as written, per post and box (polling.tally). Before the round is counted, the
election committee decides each distinct written name of each post: the person on the roll it means (a
resident of the unit registered in this election; a member of the roll in a party organisation's) — whose
reference then takes its votes, a listed candidate's or not — or unresolvable: the ballots stay valid, the
votes elect no one, and the result and the notice report them. Each decision is an action with its audit
event; counting refuses while one is missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, user_of
from huanjie.core.errors import ActionError
from huanjie.polling import tally
from huanjie.polling.lines import Line, is_party, labels, line_of, round_lines
from huanjie.polling.models import VotingRound, WriteIn
from huanjie.rules.terms import POST_ZH, Post
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.voters.people import write_in_ref

HERE = gettext_lazy("Your role may not do this here.")


def written(vr: VotingRound) -> dict[tuple[str, str], int]:
    """(post, as written) → votes, over the round's agreed boxes."""
    boxes = [b.accepted for b in vr.boxes.all() if b.accepted is not None]
    total = tally.add(boxes)["write_ins"] if boxes else {}
    return {(post, name): n for post, votes in total.items() for name, n in votes.items()}


def entered(vr: VotingRound) -> set[tuple[str, str]]:
    """(post, as written) in any box's entries of the round: what a decision may be about."""
    out: set[tuple[str, str]] = set()
    for box in vr.boxes.prefetch_related("entries"):
        for entry in box.entries.all():
            for post, votes in entry.data.get("write_ins", {}).items():
                out.update((post, name) for name in votes)
    return out


def undecided(vr: VotingRound) -> list[tuple[str, str]]:
    decided = set(WriteIn.objects.filter(voting_round=vr).values_list("post", "written"))
    return sorted(set(written(vr)) - decided)


def where(post: str, name: str) -> str:
    return f"{POST_ZH[Post(post)]} {post}: {name}"


@dataclass(frozen=True)
class Counted:
    """What the engine counts and what the result reports besides."""

    tally: dict[str, dict[str, int]]  # post → ref → votes: ballot lines and resolved write-ins
    people: dict[str, Line]  # ref → the person (ballot lines and resolved write-ins)
    labels: dict[str, str]  # ref → as printed, namesakes apart
    write_ins: dict[str, list[dict[str, Any]]]  # post → [{"written", "votes", "ref", "resolved"}]


def line_of_write_in(w: WriteIn) -> Line:
    resident = w.resident
    member = w.member
    woman = (member.sex if member is not None else resident.sex if resident is not None else "") == "female"
    return Line(
        w.ref,
        w.name or w.written,
        w.resident_id,
        w.member_id,
        woman,
        resident.group if resident is not None else "",
        member.birth_year if member is not None else resident.birth_year if resident is not None else None,
    )


def counted(vr: VotingRound) -> Counted:
    """The round's agreed tally by person: each decided write-in's votes added to its person's reference;
    unresolvable ones (and any not yet decided) kept out of the count and listed."""
    boxes = [b.accepted for b in vr.boxes.all() if b.accepted is not None]
    total = tally.add(boxes) if boxes else {"tally": {}, "write_ins": {}}
    people: dict[str, Line] = {}
    for ref, candidate in round_lines(vr).items():
        people[ref] = line_of(vr.election, candidate)
    decisions = {
        (w.post, w.written): w
        for w in WriteIn.objects.filter(voting_round=vr).select_related("resident", "member")
    }
    votes = {post: dict(v) for post, v in total["tally"].items()}
    reported: dict[str, list[dict[str, Any]]] = {}
    for post, names in sorted(total["write_ins"].items()):
        for name, n in sorted(names.items(), key=lambda x: (-x[1], x[0])):
            w = decisions.get((post, name))
            resolved = w is not None and not w.unresolvable
            if w is not None and resolved:
                people.setdefault(w.ref, line_of_write_in(w))
                votes.setdefault(post, {})[w.ref] = votes.get(post, {}).get(w.ref, 0) + n
            reported.setdefault(post, []).append(
                {
                    "written": name,
                    "votes": n,
                    "ref": w.ref if w is not None else write_in_ref(vr.election_id, name),
                    "resolved": resolved,
                }
            )
    return Counted(votes, people, labels(people.values()), reported)


def person_for(vr: VotingRound, resident: Resident | None, member: Any) -> Line:
    """The person a write-in is resolved to: on this election's roll, or an ActionError at the field."""
    election = vr.election
    if is_party(election):
        if member is None:
            raise ActionError(_("Choose the member of the roll this name means."), field="member")
        return line_of(election, member)
    if resident is None:
        raise ActionError(_("Choose the person on the roll this name means."), field="resident")
    registered = Voter.objects.filter(
        election=election, resident=resident, status=VoterStatus.REGISTERED
    ).exists()
    if resident.unit_id != election.unit_id or not registered:
        raise ActionError(_("This person is not a registered voter of this election."), field="resident")
    return line_of(election, resident)


@action(
    "polling.decide_write_in",
    capability=Capability.EDIT_UNITS,
    scope=lambda vr: vr.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_decide_write_in(
    vr: VotingRound,
    *,
    post: str,
    written_as: str,
    actor: Actor,
    resident: Resident | None = None,
    member: Any = None,
    unresolvable: bool = False,
) -> WriteIn:
    """The election committee's decision on a written name: the person it means, or unresolvable."""
    if vr.status != VotingRound.Status.OPEN:
        raise ActionError(_("This round is already counted."))
    name = " ".join(written_as.split())
    if (post, name) not in entered(vr):
        raise ActionError(_("No box of this round has that write-in."), field="written_as")
    line = None if unresolvable else person_for(vr, resident, member)
    before = WriteIn.objects.filter(voting_round=vr, post=post, written=name).first()
    w = before or WriteIn(voting_round=vr, post=post, written=name)
    was = {"ref": w.ref, "unresolvable": w.unresolvable} if before is not None else None
    w.unresolvable = line is None
    w.ref = line.ref if line is not None else write_in_ref(vr.election_id, name)
    w.name = line.name if line is not None else ""
    w.resident_id = line.resident_id if line is not None else None
    w.member_id = line.member_id if line is not None else None
    w.decided_by = user_of(actor)
    w.decided_on = clock.today()
    w.save()
    audit(
        obj=w,
        division_path=vr.election.unit.path,
        before=was,
        after={"post": post, "written": name, "ref": w.ref, "unresolvable": w.unresolvable},
    )
    return w


def rows(vr: VotingRound) -> list[dict[str, Any]]:
    """The round's write-ins with their state, for the page: post, as written, votes so far, decision."""
    decisions = {
        (w.post, w.written): w
        for w in WriteIn.objects.filter(voting_round=vr).select_related("resident", "member")
    }
    votes = written(vr)
    out = []
    for post, name in sorted(entered(vr) | set(votes)):
        w = decisions.get((post, name))
        out.append(
            {
                "post": post,
                "label": POST_ZH[Post(post)],
                "written": name,
                "votes": votes.get((post, name)),
                "decision": w,
                "agreed": (post, name) in votes,
            }
        )
    return out
