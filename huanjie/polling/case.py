"""The counting case of a voting round, by person (issue 17), and the engine's result with whom each of
its references names: read-only helpers of the count (polling.actions)."""

from __future__ import annotations

from typing import Any

from huanjie.polling import tally, writeins
from huanjie.polling.models import ElectedMember, VotingRound


def case_for(vr: VotingRound, tie_round: VotingRound | None = None) -> dict[str, Any]:
    """The counting case of the rules engine for a round whose boxes are all accepted, by person: each
    ballot line and resolved write-in under its reference (issue 17). With ``tie_round`` (a counted tie
    re-vote of this round), the case carries its winners (B19, B20)."""
    boxes = list(vr.boxes.all())
    total = tally.add([b.accepted for b in boxes if b.accepted is not None])
    by_person = writeins.counted(vr)
    election = vr.election
    before: dict[str, list[str]] = {}
    others = ElectedMember.objects.filter(election=election).exclude(voting_round=vr)
    if tie_round is not None:
        others = others.exclude(voting_round=tie_round)
    for member in others:
        before.setdefault(member.post, []).append(member.ref)
    women = sorted(ref for ref, line in by_person.people.items() if line.woman)
    contests = list(vr.contests.prefetch_related("entries"))
    return {
        "profile": election.round.profile,
        "body": election.kind,
        "round": vr.kind,
        "registered": vr.registered,
        "sitting": vr.sitting,
        "approved_exclusions": vr.approved_exclusions,
        "voted": total["voters_signed"],
        "ballots_collected": total["ballots_collected"],
        "ballots_issued": total["ballots_issued"],
        "ballots_cast": total["ballots_collected"],
        "contests": [
            {
                "post": c.post,
                "seats": c.seats,
                "tally": by_person.tally.get(c.post, {}),
                "women": [e.ref for e in c.entries.all() if e.woman],
            }
            for c in contests
        ],
        "women": women,
        "elected_before": before,
        "tie_winners": {c["post"]: c["elected"] for c in (tie_round.result or {}).get("contests", [])}
        if tie_round is not None
        else {},
    }


def with_people(result: dict[str, Any], by_person: writeins.Counted) -> dict[str, Any]:
    """The engine's result (by reference) with whom each reference names, and the write-ins reported."""
    # The record ids stay in the office (the open data publishes name and label only).
    result["people"] = {
        ref: {
            "name": line.name,
            "label": by_person.labels[ref],
            "resident": line.resident_id,
            "member": line.member_id,
        }
        for ref, line in sorted(by_person.people.items())
    }
    for contest in result["contests"]:
        contest["write_ins"] = by_person.write_ins.get(contest["post"], [])
        contest["unresolved_votes"] = sum(w["votes"] for w in contest["write_ins"] if not w["resolved"])
    return result
