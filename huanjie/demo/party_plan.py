"""Who the demo's branches elect, planned before any of them votes.

Villages are planned together, in code order, so that the 17 that finish reproduce the seed's figures:
each elected person is the resident whose age is nearest a wanted age, and the wanted ages are corrected
as the plan goes (what one village's pick misses, the next one's wants), so the averages land on 45 for
the secretaries and 44 for all the members on any demo population. Education is dealt out to the elected
by age — 6 with college or above, 8 more with senior secondary, one of them the only secretary with
senior secondary or above (the seed's figure) — and the rest of a roll by age at random.
Communities are planned one by one, plausibly. Deterministic for a seed; cached per round.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from huanjie.demo.people import FEMALE_CHARS, MALE_CHARS, SURNAMES
from huanjie.elections.models import Election, Round
from huanjie.party.models import Exclusion, Standing
from huanjie.rules.eligibility import age_on
from huanjie.rules.party import min_candidates
from huanjie.rules.profiles import load
from huanjie.units.models import BodyKind
from huanjie.voters.models import Resident

STALL_UNIT = "长洼村"
PROFILE = "gansu"  # the demo district's province
SECRETARY_AGE, MEMBER_AGE = 45, 44
COLLEGE_UP, SENIOR = 6, 8  # elected members with college or above; with senior secondary (14 senior or above)
# — of whom one secretary with senior secondary, the seed's secretaries' figure
LEVELS = ("primary", "junior", "senior", "college", "university")
BY_AGE = ((35, (1, 3, 5, 6, 4)), (50, (2, 6, 6, 3, 1)), (200, (5, 7, 3, 1, 0)))


@dataclass(eq=False)
class Planned:
    name: str
    sex: str
    birth_date: dt.date
    ethnicity: str
    resident: Resident | None = None
    education: str = ""
    standing: str = Standing.FULL
    previous_post: str = ""
    exclusion: str = ""
    voting_rights: bool = True


@dataclass(eq=False)
class Branch:
    seats: int  # 0: a branch of 3–6 full members elects its secretary in the assembly
    deputy: bool
    winners: list[Planned]  # secretary, deputy, then the other members
    losers: list[Planned]
    roll: list[Planned] = field(default_factory=list)
    salt: int = 0


_CACHE: dict[tuple[int, str, int], dict[int, Branch | None]] = {}


def plan_for(election: Election, seed: int) -> Branch | None:
    rnd = election.round
    key = (rnd.pk, rnd.created_at.isoformat(), seed)
    if key not in _CACHE:
        _CACHE.clear()  # one round at a time: a rebuilt demo is another round
        _CACHE[key] = _plan(rnd, seed)
    return _CACHE[key].get(election.unit_id)


def _person(r: Resident) -> Planned:
    return Planned(r.name, r.sex, r.birth_date, r.ethnicity, resident=r)


def _nearest(pool: list[Resident], age: float, ref: dt.date, rng: random.Random) -> Resident:
    best = min(pool, key=lambda r: (abs(age_on(r.birth_date, ref) - age), rng.random()))
    pool.remove(best)
    return best


def _education(rng: random.Random, age: int) -> str:
    weights = next(w for limit, w in BY_AGE if age <= limit)
    return rng.choices(LEVELS, weights=weights)[0]


def _plan(rnd: Round, seed: int) -> dict[int, Branch | None]:
    ref = rnd.starts_on + dt.timedelta(days=45)  # about the party elections' days, fixed or not yet
    units = list(
        Election.objects.filter(round=rnd, kind=BodyKind.PARTY_BRANCH)
        .select_related("unit")
        .order_by("unit__code")
        .values_list("unit", flat=True)
    )
    residents: dict[int, list[Resident]] = {u: [] for u in units}
    for r in Resident.objects.filter(unit__in=units).order_by("pk"):
        residents[r.unit_id].append(r)
    elections = Election.objects.filter(round=rnd, kind=BodyKind.PARTY_BRANCH).select_related("unit")
    kinds = {e.unit_id: (e.unit.kind, e.unit.name) for e in elections}
    villages = [u for u in units if kinds[u][0] == "village"]
    plans: dict[int, Branch | None] = _villages(villages, residents, kinds, ref, seed)
    for i, u in enumerate(u for u in units if kinds[u][0] != "village"):
        plans[u] = _community(i, residents[u], ref, random.Random(f"{seed}:party:{u}"))
    return plans


def _pool(people: list[Resident], ref: dt.date, lo: int, hi: int) -> list[Resident]:
    return [r for r in people if lo <= age_on(r.birth_date, ref) <= hi]


def _villages(
    units: list[int],
    residents: dict[int, list[Resident]],
    kinds: dict[int, tuple[str, str]],
    ref: dt.date,
    seed: int,
) -> dict[int, Branch | None]:
    rng = random.Random(f"{seed}:party:villages")
    counted = [u for u in units if kinds[u][1] != STALL_UNIT]
    seats = {u: 5 if i % 3 == 0 else 3 for i, u in enumerate(counted)}
    wanted_sec = _centred([rng.randint(38, 53) for _ in counted], SECRETARY_AGE)
    slots = sum(seats.values()) - len(counted)
    total = round(MEMBER_AGE * (slots + len(counted)))
    wanted_mem = _centred([rng.randint(29, 58) for _ in range(slots)], (total - sum(wanted_sec)) / slots)
    carry_sec = carry_mem = 0.0
    plans: dict[int, Branch | None] = {}
    elected: list[tuple[int, Planned]] = []
    k = 0
    for i, u in enumerate(counted):
        pool = _pool(residents[u], ref, 26, 62)
        want = wanted_sec[i] + carry_sec
        secretary = _nearest(pool, want, ref, rng)
        carry_sec = want - age_on(secretary.birth_date, ref)
        members = []
        for _ in range(seats[u] - 1):
            want = wanted_mem[k] + carry_mem
            members.append(_nearest(pool, want, ref, rng))
            carry_mem = want - age_on(members[-1].birth_date, ref)
            k += 1
        branch = _branch(rng, seats[u], [secretary, *members], pool, residents[u], ref, village=True)
        plans[u] = branch
        elected.extend((age_on(p.birth_date, ref), p) for p in branch.winners)
    _deal_education(rng, elected, {id(b.winners[0]) for b in plans.values() if b is not None})
    for u in units:
        if u not in plans:  # Changwa: planned like the others, outside the seed's figures
            pool = _pool(residents[u], ref, 30, 58)
            chosen = [_nearest(pool, rng.randint(35, 55), ref, rng) for _ in range(3)]
            plans[u] = branch = _branch(rng, 3, chosen, pool, residents[u], ref, village=True)
            for p in branch.winners:
                p.education = _education(rng, age_on(p.birth_date, ref))
    return plans


def _centred(values: list[int], mean: float) -> list[int]:
    """The values moved by whole years so that their sum is the mean's."""
    target = round(mean * len(values))
    out = list(values)
    i = 0
    while sum(out) != target:
        out[i % len(out)] += 1 if sum(out) < target else -1
        i += 1
    return out


def _deal_education(rng: random.Random, elected: list[tuple[int, Planned]], secretaries: set[int]) -> None:
    """The younger are likelier to have studied longer: rank by age with some noise, deal out the levels.
    The seed's secretaries have one with senior secondary or above: the youngest of them."""
    heads = sorted((ap for ap in elected if id(ap[1]) in secretaries), key=lambda ap: ap[0])
    for n, (age, p) in enumerate(heads):
        p.education = "senior" if n == 0 else ("primary" if age >= 55 and rng.random() < 0.4 else "junior")
    ranked = sorted(
        (ap for ap in elected if id(ap[1]) not in secretaries), key=lambda ap: ap[0] + rng.uniform(-9, 9)
    )
    for n, (age, p) in enumerate(ranked):
        if n < COLLEGE_UP:
            p.education = "university" if n % 3 == 0 else "college"
        elif n < COLLEGE_UP + SENIOR - 1:
            p.education = "senior"
        else:
            p.education = "primary" if age >= 55 and rng.random() < 0.4 else "junior"


def _branch(
    rng: random.Random,
    seats: int,
    winners_r: list[Resident],
    pool: list[Resident],
    everyone: list[Resident],
    ref: dt.date,
    *,
    village: bool,
) -> Branch:
    winners = [_person(r) for r in winners_r]
    n_losers = (min_candidates(seats, load(PROFILE)) - seats) if seats else 0
    losers = [_person(_nearest(pool, rng.randint(30, 55), ref, rng)) for _ in range(n_losers)]
    taken = {id(r) for r in winners_r} | {id(p.resident) for p in losers}
    adults = [r for r in everyone if age_on(r.birth_date, ref) >= 20 and id(r) not in taken]
    rng.shuffle(adults)
    share = 8 if village else 7
    full = max(len(winners) + len(losers) + 4, len(adults) * share // 100) if seats else 5
    full = min(full, 60, len(winners) + len(losers) + len(adults) - 1)
    others = [_person(r) for r in adults[: full - len(winners) - len(losers)]]
    young = [r for r in adults[full - len(winners) - len(losers) :] if age_on(r.birth_date, ref) <= 35]
    probationary = [_person(r) for r in young[: 1 + full // 15]]
    for p in probationary:
        p.standing = Standing.PROBATIONARY
    for p in others + losers + probationary:
        p.education = _education(rng, age_on(p.birth_date, ref))
    _previous(rng, winners, others)
    if len(others) >= 4:  # a member away working for months, excluded with the higher committee's consent
        others[0].exclusion = Exclusion.AWAY
    if len(others) >= 20:
        others[1].exclusion, others[2].voting_rights = Exclusion.ILL, False
    outsider = []
    if rng.random() < 0.3:  # a member whose relationship is here but who is not on the household register
        sex = rng.choice(("male", "female"))
        given = rng.choice(MALE_CHARS if sex == "male" else FEMALE_CHARS)
        outsider = [
            Planned(
                rng.choice(SURNAMES) + given, sex, ref - dt.timedelta(days=rng.randint(9000, 22000)), "汉族"
            )
        ]
        outsider[0].education = _education(rng, 40)
    roll = winners + losers + others + outsider + probationary
    return Branch(seats, seats >= 5, winners, losers, roll, rng.randint(0, 99))


def _previous(rng: random.Random, winners: list[Planned], others: list[Planned]) -> None:
    """Re-elected or new: the outgoing secretary stays in the roll when a new one is elected."""
    if rng.random() < 0.6:
        winners[0].previous_post = "书记"
    else:
        winners[0].previous_post = rng.choice(("委员", ""))
        if others:
            oldest = max(others, key=lambda p: -p.birth_date.toordinal())
            oldest.previous_post = "书记"
    for p in winners[1:]:
        p.previous_post = rng.choice(("委员", "委员", ""))


def _community(i: int, people: list[Resident], ref: dt.date, rng: random.Random) -> Branch | None:
    pool = _pool(people, ref, 26, 60)
    small = i % 10 == 7  # a small branch: the secretary elected in the assembly (P2)
    seats = 0 if small else (5 if len(people) >= 1000 and i % 2 == 0 else 3)
    size = max(1, seats)
    if len(pool) < size + 4:
        return None
    chosen = [_nearest(pool, rng.randint(32, 52), ref, rng)]
    chosen += [_nearest(pool, rng.randint(27, 58), ref, rng) for _ in range(size - 1)]
    branch = _branch(rng, seats, chosen, pool, people, ref, village=False)
    for p in branch.winners:
        p.education = rng.choices(LEVELS, weights=(0, 1, 3, 5, 4))[0]
    if small:
        branch.deputy = False
    return branch
