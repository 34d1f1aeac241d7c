"""Persons for the polling tests (issue 17): a ballot line is a resident of the unit, a tally is keyed by the
person's reference. Tests write their cases with names, as people read them; these helpers turn the names
into residents (the one of that name in the unit, or a new one) and a tally by name into one by
reference, so that what is tested is the count by person."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from huanjie.demo.people import make_id_number
from huanjie.elections.models import Election
from huanjie.polling.models import BallotBox, Candidate, VotingRound
from huanjie.voters import idcrypto
from huanjie.voters.models import Resident

_serial = itertools.count(500)


def resident(
    election: Election, name: str, *, woman: bool = False, group: str = "第1村民小组", year: int = 1975
) -> Resident:
    """A new resident of the election's unit (a namesake if the name is taken)."""
    n = next(_serial)
    sex = "female" if woman else "male"
    number = make_id_number("620102", dt.date(year, 3, 1) + dt.timedelta(days=n % 300), n, sex)
    return Resident.objects.create(
        unit=election.unit,
        name=name,
        sex=sex,
        birth_year=year,
        id_hash=idcrypto.id_hash(number),
        id_masked=idcrypto.mask(number),
        id_cipher=idcrypto.encrypt(number),
        group=group,
    )


def person(election: Election, name: str, *, woman: bool = False) -> Resident:
    """The one resident of that name in the unit, or a new one."""
    found = list(Resident.objects.filter(unit=election.unit, name=name))
    if len(found) == 1:
        return found[0]
    return resident(election, name, woman=woman)


def contests(election: Election, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{"post", "seats", "candidates": [names], "women": [names]}] → contests of residents."""
    out = []
    for spec in specs:
        women = set(spec.get("women", []))
        people = [
            p if isinstance(p, Resident) else person(election, p, woman=p in women)
            for p in spec.get("candidates", [])
        ]
        out.append({"post": spec["post"], "seats": spec["seats"], "candidates": people})
    return out


def refs(vr: VotingRound) -> dict[str, str]:
    """name → reference of the round's ballot lines (names unique in the test's round)."""
    return {c.name: c.ref for c in Candidate.objects.filter(contest__voting_round=vr)}


def names(vr: VotingRound) -> dict[str, str]:
    return {ref: name for name, ref in refs(vr).items()}


def keyed(target: VotingRound | BallotBox, data: dict[str, Any]) -> dict[str, Any]:
    """A box's tally written with names → keyed by reference; a name that is no ballot line of its post
    is a write-in."""
    vr = target if isinstance(target, VotingRound) else target.voting_round
    lines: dict[str, dict[str, str]] = {}
    for c in Candidate.objects.filter(contest__voting_round=vr).select_related("contest"):
        lines.setdefault(c.contest.post, {})[c.name] = c.ref
    tally: dict[str, dict[str, int]] = {}
    written: dict[str, dict[str, int]] = dict(data.get("write_ins", {}))
    for post, votes in data.get("tally", {}).items():
        tally[post] = {}
        for name, n in votes.items():
            if name in lines.get(post, {}):
                tally[post][lines[post][name]] = n
            elif name in lines.get(post, {}).values():
                tally[post][name] = n
            else:
                written.setdefault(post, {})[name] = n
    out = {**data, "tally": tally}
    if written:
        out["write_ins"] = written
    return out


def member(election: Election, name: str, *, woman: bool = False) -> Any:
    """The one member of that name on the election's party roll, or a new one (not on the register)."""
    from huanjie.party.models import PartyMember

    found = list(PartyMember.objects.filter(election=election, name=name))
    if len(found) == 1:
        return found[0]
    # Linked to the unit's resident of that name where there is exactly one (one person in both elections).
    residents = list(Resident.objects.filter(unit=election.unit, name=name))
    resident = residents[0] if len(residents) == 1 else None
    return PartyMember.objects.create(
        election=election,
        resident=resident,
        name=name,
        sex=resident.sex if resident else "female" if woman else "male",
        standing="full",
    )


def ballot(election: Election, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Contests of residents, or of the party roll's members in a party election."""
    return members(election, specs) if election.kind == "party_branch" else contests(election, specs)


def members(election: Election, specs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """[{"post", "seats", "candidates": [names]}] → contests of the party roll's members."""
    return [
        {
            "post": s["post"],
            "seats": s["seats"],
            "candidates": [member(election, n) for n in s.get("candidates", [])],
        }
        for s in specs
    ]
