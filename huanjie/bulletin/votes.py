"""Open data of the vote: each published result's voting rounds with their tallies and outcomes, and the
profile they were counted under, as JSON and CSV (issue 9).

Only elections whose result notice is public are included: the tally is announced with the result (OL
Art.15 ¶3, ZJ Art.32), not before. Each counted voting round carries what `tools/verify_results.py`
needs to recount it without Huanjie: the registered and the approved exclusions, the accepted boxes and
their sum, every post's seats, candidates in list order, women and votes per person, who was elected in
earlier rounds, and the rules engine's outcome with its reasons — the verifier recomputes the outcome
from the rest and the published profile. Names are the candidates' as on the public candidate list; any
ID-number-shaped text a clerk might have typed in their place is redacted like every public text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from huanjie.bulletin import public
from huanjie.core.export import csv_bytes
from huanjie.elections.models import Election
from huanjie.polling.models import ElectedMember, VotingRound
from huanjie.rules import profiles

COUNTS = ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")
ROUND_COLUMNS = ["seq", "kind", "held_on", "sitting", "registered", "approved_exclusions", *COUNTS]
CSV_COLUMNS = [
    "unit_code",
    "unit",
    "body",
    *ROUND_COLUMNS,
    "valid",
    "threshold",
    "post",
    "seats",
    "list_order",
    "person",
    "woman",
    "votes",
    "outcome",
]


def _clean(value: Any) -> Any:
    """Every string of the data redacted (names and the engine's reasons quote what clerks typed)."""
    if isinstance(value, str):
        return public.redact(value)
    if isinstance(value, Mapping):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def profile_data(profile: str | profiles.Profile) -> dict[str, Any]:
    """The profile as published data: every parameter with its value and its source."""
    p = profiles.load(profile) if isinstance(profile, str) else profile
    parameters: dict[str, Any] = {}
    for key in profiles.parameters():
        value = getattr(p, key)
        if isinstance(value, tuple):
            value = [v if isinstance(v, str) else dataclasses.asdict(v) for v in value]
        parameters[key] = {"value": value, "source": p.source(key)}
    return {"name": p.name, "title_zh": p.title_zh, "title_en": p.title_en, "parameters": parameters}


def _sum(boxes: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {k: sum(int(b[k]) for b in boxes) for k in COUNTS}
    tally: dict[str, dict[str, int]] = {}
    for b in boxes:
        for post, votes in b["tally"].items():
            for person, n in votes.items():
                tally.setdefault(post, {})[person] = tally.get(post, {}).get(person, 0) + n
    total["tally"] = tally
    return total


def _votes(candidates: list[str], women: list[str], tally: dict[str, int]) -> list[dict[str, Any]]:
    """Candidates in list order, then write-ins by votes: a list, so that the order survives sorted keys."""
    rows = [
        {"person": p, "list_order": i + 1, "woman": p in women, "votes": tally.get(p, 0)}
        for i, p in enumerate(candidates)
    ]
    extra = sorted((p for p in tally if p not in candidates), key=lambda p: (-tally[p], p))
    rows += [{"person": p, "list_order": None, "woman": p in women, "votes": tally[p]} for p in extra]
    return rows


def _round(vr: VotingRound, before: dict[str, list[str]]) -> dict[str, Any]:
    boxes = [
        {"name": b.name, "kind": b.kind, **{k: b.accepted[k] for k in COUNTS}, "tally": b.accepted["tally"]}
        for b in vr.boxes.all()
        if b.accepted is not None
    ]
    total = _sum(boxes)
    result = vr.result or {}
    outcomes = {c["post"]: c for c in result.get("contests", [])}
    women = sorted({w for c in vr.contests.all() for w in c.women})
    contests = []
    for c in vr.contests.all():
        out = outcomes.get(c.post, {})
        contests.append(
            {
                "post": c.post,
                "seats": c.seats,
                "candidates": list(c.candidates),
                "women": list(c.women),
                "votes": _votes(list(c.candidates), women, total["tally"].get(c.post, {})),
                "elected": out.get("elected", []),
                "vacancies": out.get("vacancies"),
                "tie_revote": out.get("tie_revote", []),
                "tie_revote_seats": out.get("tie_revote_seats", 0),
                "runoff_candidates": out.get("runoff_candidates", []),
                "reasons": out.get("trace", []),
            }
        )
    return {
        "seq": vr.seq,
        "kind": vr.kind,
        "follows": vr.parent.seq if vr.parent is not None else None,
        "held_on": vr.held_on.isoformat(),
        "sitting": vr.sitting,
        "registered": vr.registered,
        "approved_exclusions": vr.approved_exclusions,
        **{k: total[k] for k in COUNTS},
        "women": women,
        "elected_before": {post: sorted(names) for post, names in sorted(before.items())},
        "boxes": boxes,
        "contests": contests,
        "outcome": {
            "valid": result.get("valid"),
            "reason": result.get("reason"),
            "threshold": result.get("threshold"),
            "vacancy_tolerated": result.get("vacancy_tolerated"),
            "reasons": result.get("trace", []),
        },
    }


def voting_rounds(elections: Iterable[Election]) -> dict[int, list[dict[str, Any]]]:
    """Every counted voting round of these elections, by election, in order; three queries in all."""
    ids = [e.pk for e in elections]
    rounds = (
        VotingRound.objects.filter(election_id__in=ids, status=VotingRound.Status.COUNTED)
        .select_related("parent")
        .prefetch_related("contests", "boxes")
        .order_by("election_id", "seq")
    )
    members = list(
        ElectedMember.objects.filter(election_id__in=ids)
        .order_by("pk")
        .values_list("election_id", "voting_round__seq", "post", "name")
    )
    out: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for vr in rounds:
        # What the count saw as elected before (polling.actions.case_for): the members of earlier rounds.
        before: dict[str, list[str]] = {}
        for election_id, seq, post, name in members:
            if election_id == vr.election_id and seq < vr.seq:
                before.setdefault(post, []).append(name)
        out[vr.election_id].append(_clean(_round(vr, before)))
    return out


def election_csv(head: Mapping[str, Any], rounds: list[dict[str, Any]]) -> bytes:
    """One row per voting round × post × person (a post nobody got a vote for: one row, no person)."""
    lines: list[dict[str, str]] = []
    for vr in rounds:
        base = {
            "unit_code": head["unit_code"],
            "unit": head["unit"],
            "body": head["body"],
            **{k: vr[k] for k in ROUND_COLUMNS},
            "valid": vr["outcome"]["valid"],
            "threshold": vr["outcome"]["threshold"],
        }
        for c in vr["contests"]:
            people = c["votes"] or [{"person": None, "list_order": None, "woman": None, "votes": None}]
            for v in people:
                row = {
                    **base,
                    "post": c["post"],
                    "seats": c["seats"],
                    **v,
                    "outcome": _outcome(c, v["person"]),
                }
                lines.append({k: _cell(row[k]) for k in CSV_COLUMNS})
    return csv_bytes(CSV_COLUMNS, lines)


def _outcome(contest: Mapping[str, Any], person: str | None) -> str:
    if person in contest["elected"]:
        return "elected"
    if person in contest["tie_revote"]:
        return "tie_revote"
    if person in contest["runoff_candidates"]:
        return "runoff_candidate"
    return ""


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
