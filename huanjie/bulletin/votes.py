"""Open data of the vote: each published result's voting rounds with their tallies and outcomes, and the
profile they were counted under, as JSON and CSV (issue 9).

Only elections whose result notice is public are included: the tally is announced with the result (OL
Art.15 ¶3, ZJ Art.32), not before. Each counted voting round carries what `tools/verify_results.py`
needs to recount it without Huanjie: the registered and the approved exclusions, the accepted boxes and
their sum, every post's seats, candidates in list order, women and votes per person, who was elected in
earlier rounds, and the rules engine's outcome with its reasons — the verifier recomputes the outcome
from the rest and the published profile.

Every person is keyed by `ref`, their stable opaque reference in the election (voters.people.person_ref:
a keyed hash of the election and the record's number, never of the ID number), so two namesakes are two
people of the count; `person` is how the notices print them (the name, with the villager group where two
share it), `name` the name alone. A write-in the election committee resolved counts under its person's
ref; one it could not resolve is listed with `write_in: "unresolved"` under a ref of its own: its
ballots are valid, its votes elect no one (the recount leaves it out). Any ID-number-shaped text a clerk
might have typed in a name's place is redacted like every public text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from huanjie.bulletin import public
from huanjie.core.export import csv_bytes
from huanjie.elections.models import Election
from huanjie.polling.lines import shown
from huanjie.polling.models import BallotBox, Candidate, ElectedMember, VotingRound
from huanjie.rules import profiles
from huanjie.voters.people import write_in_ref

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
    "ref",
    "person",
    "woman",
    "write_in",
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


def _box(box: BallotBox, decided: dict[tuple[str, str], str]) -> dict[str, Any]:
    """A box as published: votes by ref, each write-in under the ref the committee's decision gave it."""
    data = box.accepted or {}
    tally = {post: dict(votes) for post, votes in data["tally"].items()}
    written = []
    for post, votes in sorted(data.get("write_ins", {}).items()):
        for name, n in sorted(votes.items()):
            ref = decided.get((post, name)) or write_in_ref(box.voting_round.election_id, name)
            tally.setdefault(post, {})[ref] = tally.get(post, {}).get(ref, 0) + n
            written.append({"post": post, "written": name, "ref": ref, "votes": n})
    return {
        "name": box.name,
        "kind": box.kind,
        **{k: data[k] for k in COUNTS},
        "tally": {post: dict(sorted(v.items())) for post, v in sorted(tally.items())},
        "write_ins": written,
    }


def _votes(
    lines: list[Candidate], tally: dict[str, int], write_ins: list[dict[str, Any]], people: dict[str, Any]
) -> list[dict[str, Any]]:
    """Candidates in list order, then resolved write-ins by votes, then the unresolved: a list, so that the
    order survives sorted keys."""
    listed = [line.ref for line in lines]
    women = {line.ref for line in lines if line.woman} | {r for r, p in people.items() if p.get("woman")}
    resolved = {w["ref"] for w in write_ins if w["resolved"]}

    def row(ref: str, order: int | None, write_in: str | None, votes: int, name: str = "") -> dict[str, Any]:
        p = people.get(ref, {})
        return {
            "ref": ref,
            "person": p.get("label") or name or ref,
            "name": p.get("name") or name or ref,
            "list_order": order,
            "woman": ref in women,
            "write_in": write_in,
            "votes": votes,
        }

    rows = [row(ref, i + 1, None, tally.get(ref, 0)) for i, ref in enumerate(listed)]
    extra = sorted((r for r in tally if r not in listed), key=lambda r: (-tally[r], r))
    rows += [row(r, None, "resolved" if r in resolved else None, tally[r]) for r in extra]
    rows += [
        row(w["ref"], None, "unresolved", w["votes"], w["written"]) for w in write_ins if not w["resolved"]
    ]
    return rows


def _round(vr: VotingRound, before: dict[str, list[str]]) -> dict[str, Any]:
    result = vr.result or {}
    people = dict(result.get("people") or {})
    outcomes = {c["post"]: c for c in result.get("contests", [])}
    decided = {
        (w["post"], w["written"]): w["ref"]
        for c in result.get("contests", [])
        for w in [{**x, "post": c["post"]} for x in c.get("write_ins", [])]
    }
    boxes = [_box(b, decided) for b in vr.boxes.all() if b.accepted is not None]
    total = _sum(boxes)
    contests_ = list(vr.contests.all())
    lines = {c.post: list(c.entries.all()) for c in contests_}
    for c in contests_:
        for line in lines[c.post]:
            people.setdefault(line.ref, {"name": line.name, "label": line.label})
            people[line.ref] = {**people[line.ref], "woman": line.woman}
    women = sorted({line.ref for ls in lines.values() for line in ls if line.woman})
    contests = []
    for c in contests_:
        out = outcomes.get(c.post, {})
        write_ins = list(out.get("write_ins", []))
        unresolved = {w["ref"] for w in write_ins if not w["resolved"]}
        contests.append(
            {
                "post": c.post,
                "seats": c.seats,
                "candidates": [line.ref for line in lines[c.post]],
                "women": [line.ref for line in lines[c.post] if line.woman],
                "votes": _votes(
                    lines[c.post],
                    {r: n for r, n in total["tally"].get(c.post, {}).items() if r not in unresolved},
                    write_ins,
                    people,
                ),
                "elected": out.get("elected", []),
                "vacancies": out.get("vacancies"),
                "tie_revote": out.get("tie_revote", []),
                "tie_revote_seats": out.get("tie_revote_seats", 0),
                "runoff_candidates": out.get("runoff_candidates", []),
                "unresolved_votes": out.get("unresolved_votes", 0),
                "reasons": [_shown(r, people) for r in out.get("trace", [])],
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
        "elected_before": {post: sorted(refs) for post, refs in sorted(before.items())},
        "boxes": boxes,
        "contests": contests,
        "outcome": {
            "valid": result.get("valid"),
            "reason": result.get("reason"),
            "threshold": result.get("threshold"),
            "vacancy_tolerated": result.get("vacancy_tolerated"),
            "reasons": [_shown(r, people) for r in result.get("trace", [])],
        },
    }


def _shown(reason: dict[str, Any], people: dict[str, Any]) -> dict[str, Any]:
    """The engine's reason with each person's reference as the notices print them."""
    names = {ref: str(p.get("label") or p.get("name") or ref) for ref, p in people.items()}
    return {**reason, "text_zh": shown(reason["text_zh"], names), "text_en": shown(reason["text_en"], names)}


def voting_rounds(elections: Iterable[Election]) -> dict[int, list[dict[str, Any]]]:
    """Every counted voting round of these elections, by election, in order; three queries in all."""
    ids = [e.pk for e in elections]
    rounds = (
        VotingRound.objects.filter(election_id__in=ids, status=VotingRound.Status.COUNTED)
        .select_related("parent")
        .prefetch_related("contests__entries", "boxes")
        .order_by("election_id", "seq")
    )
    members = list(
        ElectedMember.objects.filter(election_id__in=ids)
        .order_by("pk")
        .values_list("election_id", "voting_round__seq", "post", "ref")
    )
    out: dict[int, list[dict[str, Any]]] = {pk: [] for pk in ids}
    for vr in rounds:
        # What the count saw as elected before (polling.case.case_for): the members of earlier rounds.
        before: dict[str, list[str]] = {}
        for election_id, seq, post, ref in members:
            if election_id == vr.election_id and seq < vr.seq:
                before.setdefault(post, []).append(ref)
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
            empty = {
                "ref": None,
                "person": None,
                "list_order": None,
                "woman": None,
                "write_in": None,
                "votes": None,
            }
            for v in c["votes"] or [empty]:
                row = {
                    **base,
                    "post": c["post"],
                    "seats": c["seats"],
                    **v,
                    "outcome": _outcome(c, v["ref"]),
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
