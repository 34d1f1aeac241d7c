"""The demo's polling-day registers: stations, the mobile box with its monitors and voters, officials and
proxies — all made through the actions, clear of the formal candidates and their households (B14) — and
the boxes each voting round's ballots are entered in.

The counts per box add up to the round's totals exactly, so the demo's results do not depend on how the
ballots are spread over the boxes. Small boxes take their share of every person's votes rounded down (so
they can never pass B15); the central venue takes the rest. Where that would leave the central venue with
more marks than its ballots allow, the small boxes are left empty rather than the totals changed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election
from huanjie.polling import tally as tallies
from huanjie.polling.actions import do_add_box, do_enter_tally
from huanjie.polling.models import BallotBox, MobileVoter, Official, Station, VotingRound
from huanjie.polling.officials import candidates, do_appoint_official
from huanjie.polling.proxies import do_add_proxy
from huanjie.polling.registers import do_add_mobile_voter, do_add_station
from huanjie.rules import profiles
from huanjie.rules.eligibility import age_on
from huanjie.voters.models import Resident, Voter, VoterStatus

COUNTS = ("voters_signed", "ballots_issued", "ballots_collected", "invalid", "blank")
SUB_EVERY = 1000  # one sub-station for every full thousand voters, at most 3
ROLES = ("scrutineer", "scrutineer", "teller", "teller", "caller")


def _relation(holder: Resident, principal: Resident, day: dt.date) -> str | None:
    """The holder's relation to the principal, guessed from age, sex and surname within one household
    (children take the father's surname; a couple keeps its own two)."""
    gap = age_on(holder.birth_date, day) - age_on(principal.birth_date, day)
    same_name = holder.name[:1] == principal.name[:1]
    if abs(gap) < 15 and holder.sex != principal.sex:
        return "spouse"
    if abs(gap) < 15:
        return "sibling" if same_name else None
    if gap >= 20 and (same_name or holder.sex == "female"):
        return "parent"
    if gap <= -20 and (same_name or principal.sex == "female"):
        return "child"
    return None


def prepare_polling(election: Election, day: dt.date, seed: int) -> None:
    """The election's registers, once; dated as the election committee would have dated them."""
    if election.stations.exists() or election.election_day is None:
        return
    rng = random.Random(f"{seed}:registers:{election.pk}")
    voters = list(
        Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).select_related("resident")
    )
    barred = candidates(election)
    names, households = {c.name for c in barred}, {c.household for c in barred if c.household}

    def clear(v: Voter) -> bool:
        return v.resident.name not in names and v.resident.household not in households

    unit = election.unit
    office = "村委会" if unit.kind == "village" else "社区居委会"
    do_add_station(
        election,
        kind="central",
        name="中心会场",
        place=f"{unit.name}{office}院内",
        opens_at=dt.time(8, 0),
        closes_at=dt.time(17, 0),
        actor=SYSTEM,
    )
    groups = sorted({v.resident.group for v in voters if v.resident.group})
    for k in range(min(3, len(voters) // SUB_EVERY)):
        do_add_station(
            election,
            kind="sub",
            name=f"第{k + 1}分投票站",
            place=f"{groups[k % len(groups)] if groups else unit.name}活动室",
            opens_at=dt.time(8, 0),
            closes_at=dt.time(15, 0),
            actor=SYSTEM,
        )
    working = [v for v in voters if clear(v) and 30 <= age_on(v.resident.birth_date, day) <= 60]
    rng.shuffle(working)
    staff, working = working[:8], working[8:]
    if len(staff) == 8:
        mobile = do_add_station(
            election,
            kind="mobile",
            name="流动票箱",
            place=f"{unit.name}行动不便选民家中",
            note="经街道换届选举工作指导组批准",
            actor=SYSTEM,
        )
        for v in staff[:3]:
            do_appoint_official(election, role="monitor", voter=v, station=mobile, actor=SYSTEM)
        oldest = sorted(voters, key=lambda v: v.resident.birth_date)[:5]
        for v in oldest:
            reason = "old" if age_on(v.resident.birth_date, day) >= 70 else rng.choice(["ill", "disabled"])
            do_add_mobile_voter(mobile, voter=v, reason=reason, actor=SYSTEM)
        for role, v in zip(ROLES, staff[3:], strict=True):
            do_appoint_official(election, role=role, voter=v, actor=SYSTEM)
    _proxies(election, voters, day, rng)


def _proxies(election: Election, voters: list[Voter], day: dt.date, rng: random.Random) -> None:
    """A few voters working away authorise a near relative of their household: one principal each."""
    busy = set(MobileVoter.objects.filter(station__election=election).values_list("voter_id", flat=True))
    busy |= set(Official.objects.filter(election=election).values_list("voter_id", flat=True))
    by_household: dict[str, list[Voter]] = {}
    for v in voters:
        if v.pk not in busy and v.resident.household:
            by_household.setdefault(v.resident.household, []).append(v)
    homes = [h for h in by_household.values() if len(h) >= 2]
    rng.shuffle(homes)
    made = 0
    for home in homes:
        if made >= 3:
            break
        principal, holder = sorted(home, key=lambda v: v.resident.birth_date, reverse=True)[:2]
        relation = _relation(holder.resident, principal.resident, day)
        if relation is None or age_on(principal.resident.birth_date, day) > 50:
            continue
        do_add_proxy(
            election,
            principal=principal,
            holder=holder,
            relation=relation,
            reason="外出务工",
            written_on=day - dt.timedelta(days=9),
            approved_on=day - dt.timedelta(days=6),
            actor=SYSTEM,
        )
        made += 1


def _split(
    counts: dict[str, int], tally: dict[str, dict[str, int]], parts: Sequence[int]
) -> list[dict[str, Any]]:
    """Boxes holding `parts` ballots each (all valid), the central venue's box last with the rest."""
    cast = counts["ballots_collected"] - counts["invalid"]
    out: list[dict[str, Any]] = []
    for n in parts:
        box: dict[str, Any] = dict.fromkeys(COUNTS, 0) | {
            "voters_signed": n,
            "ballots_issued": n,
            "ballots_collected": n,
        }
        box["tally"] = {
            post: {name: v * n // cast for name, v in votes.items()} for post, votes in tally.items()
        }
        out.append(box)
    central: dict[str, Any] = {k: counts[k] - sum(b[k] for b in out) for k in COUNTS}
    central["tally"] = {
        post: {name: v - sum(b["tally"][post][name] for b in out) for name, v in votes.items()}
        for post, votes in tally.items()
    }
    return [*out, central]


def enter_boxes(
    vr: VotingRound, counts: dict[str, int], tally: dict[str, dict[str, int]], tellers: Sequence[str]
) -> None:
    """One box per station of the register, each entered by the two tellers (TallyEntry entrants)."""
    election = vr.election
    prepare_polling(election, vr.held_on, 0)
    stations = list(Station.objects.filter(election=election))
    small = [s for s in stations if s.kind != BallotBox.Kind.CENTRAL]
    cast = counts["ballots_collected"] - counts["invalid"]
    parts = [
        MobileVoter.objects.filter(station=s).count()
        if s.kind == BallotBox.Kind.MOBILE
        else cast // (len(small) + 3)
        for s in small
    ]
    seats = [tallies.Seats(c.post, c.seats) for c in vr.contests.all()]
    boxes = _split(counts, tally, parts)
    profile = profiles.load(election.round.profile)
    if sum(parts) >= cast or any(tallies.hold_reasons(b, seats, profile) for b in boxes):
        boxes = _split(counts, tally, [0] * len(small))
    named = list(
        Official.objects.filter(election=election, role=Official.Role.TELLER).values_list("name", flat=True)
    )
    entrants = named if len(named) >= 2 else list(tellers)
    central = next((s for s in stations if s.kind == BallotBox.Kind.CENTRAL), None)
    for station, data in zip([*small, central], boxes, strict=True):
        box = (
            do_add_box(vr, station=station, actor=SYSTEM)
            if station is not None
            else do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
        )
        for teller in entrants[:2]:
            do_enter_tally(box, data=data, actor=SYSTEM, entrant=teller)
