"""The structure of a set of team members: counts, ages, education, sex, party membership, ethnicity.

Plain values in, plain values out (no Django), so that every figure of the statistics pages and the work
summary comes from one place and can be checked on hand-computed fixtures. A figure that needs data some
member lacks is not computed: it is `None` and the names that lack it are listed, so that the report says
what is missing instead of averaging over whoever happens to be complete.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

EDUCATION_LEVELS = ("primary", "junior", "senior", "college", "university")
SENIOR_PLUS = frozenset({"senior", "college", "university"})
COLLEGE_PLUS = frozenset({"college", "university"})
# Age bands as the organisation department's tables count them: 35 and under, 36–45, 46–55, 56 and over.
AGE_BANDS = ((0, 35), (36, 45), (46, 55), (56, 200))


@dataclass(frozen=True)
class Person:
    """A member of one unit's team (one body), with the post(s) held and the data the statistics use."""

    unit: str  # division code
    unit_name: str
    street: str
    street_name: str
    body: str  # "party" or "committee"
    name: str
    posts: tuple[str, ...]
    sex: str = ""
    age: int | None = None  # on the day elected
    education: str = ""
    party_member: bool | None = None
    ethnicity: str = ""
    reelected: bool | None = None  # None: the previous term of this unit is not known
    after_runoff: bool = False  # elected in a runoff or tie re-vote, not the first voting round
    resident: int | None = None  # the person (issue 17): matched across bodies and terms by this, not names

    def label(self) -> str:
        return f"{self.unit_name}{self.name}"


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@dataclass(frozen=True)
class Structure:
    """The structure of a set of people. `missing_*` name those whose data a figure lacks."""

    n: int
    posts: dict[str, int]
    age_sum: int | None
    age_bands: tuple[int, ...] | None
    education: dict[str, int] | None
    women: int | None
    party: int | None
    minority: int | None
    reelected: int | None
    after_runoff: int
    missing_age: tuple[str, ...] = ()
    missing_education: tuple[str, ...] = ()
    missing_sex: tuple[str, ...] = ()
    missing_party: tuple[str, ...] = ()
    missing_ethnicity: tuple[str, ...] = ()
    missing_previous: tuple[str, ...] = ()  # units whose previous team is not known

    @property
    def average_age(self) -> Fraction | None:
        if self.age_sum is None or self.n == 0:
            return None
        return Fraction(self.age_sum, self.n)

    @property
    def senior_plus(self) -> int | None:
        return None if self.education is None else sum(self.education[k] for k in SENIOR_PLUS)

    @property
    def college_plus(self) -> int | None:
        return None if self.education is None else sum(self.education[k] for k in COLLEGE_PLUS)

    @property
    def new(self) -> int | None:
        return None if self.reelected is None else self.n - self.reelected


def structure(people: Iterable[Person]) -> Structure:
    group = list(people)
    posts = Counter(p for person in group for p in person.posts)
    no_age = tuple(p.label() for p in group if p.age is None)
    ages = [p.age for p in group if p.age is not None]
    bands = tuple(sum(1 for a in ages if lo <= a <= hi) for lo, hi in AGE_BANDS)
    no_edu = tuple(p.label() for p in group if p.education not in EDUCATION_LEVELS)
    edu = Counter(p.education for p in group)
    no_sex = tuple(p.label() for p in group if p.sex not in ("male", "female"))
    no_party = tuple(p.label() for p in group if p.party_member is None)
    no_eth = tuple(p.label() for p in group if not p.ethnicity)
    no_prev = tuple(sorted({p.unit_name for p in group if p.reelected is None}))
    return Structure(
        n=len(group),
        posts=dict(posts),
        age_sum=None if no_age else sum(ages),
        age_bands=None if no_age else bands,
        education=None if no_edu else {k: edu.get(k, 0) for k in EDUCATION_LEVELS},
        women=None if no_sex else sum(1 for p in group if p.sex == "female"),
        party=None if no_party else sum(1 for p in group if p.party_member),
        minority=None if no_eth else sum(1 for p in group if p.ethnicity not in ("汉", "汉族")),
        reelected=None if no_prev else sum(1 for p in group if p.reelected),
        after_runoff=sum(1 for p in group if p.after_runoff),
        missing_age=no_age,
        missing_education=no_edu,
        missing_sex=no_sex,
        missing_party=no_party,
        missing_ethnicity=no_eth,
        missing_previous=no_prev,
    )


def holders(people: Iterable[Person], post: str) -> list[Person]:
    return [p for p in people if post in p.posts]


@dataclass(frozen=True)
class Pairing:
    """One-shoulder (the secretary also the director) and cross-appointment (a party committee member also
    on the villagers' or residents' committee), over the units where both teams are elected."""

    units_with_both: int
    one_shoulder: int
    one_shoulder_units: tuple[str, ...]
    party_members_total: int  # members of the party teams in those units
    cross: int  # of them, also on the committee


def pairing(party: Sequence[Person], committee: Sequence[Person]) -> Pairing:
    by_unit_party: dict[str, list[Person]] = {}
    by_unit_comm: dict[str, list[Person]] = {}
    for p in party:
        by_unit_party.setdefault(p.unit, []).append(p)
    for p in committee:
        by_unit_comm.setdefault(p.unit, []).append(p)
    both = sorted(set(by_unit_party) & set(by_unit_comm))
    shoulder: list[str] = []
    total = cross = 0
    for unit in both:
        # The same person is the same resident (issue 17): two namesakes are not one shoulder.
        comm = {p.resident for p in by_unit_comm[unit] if p.resident is not None}
        secretaries = {p.resident for p in by_unit_party[unit] if "secretary" in p.posts and p.resident}
        directors = {p.resident for p in by_unit_comm[unit] if "director" in p.posts and p.resident}
        if secretaries & directors:
            shoulder.append(by_unit_party[unit][0].unit_name)
        total += len(by_unit_party[unit])
        cross += sum(1 for p in by_unit_party[unit] if p.resident is not None and p.resident in comm)
    return Pairing(len(both), len(shoulder), tuple(shoulder), total, cross)


@dataclass(frozen=True)
class Completion:
    """Units finished by the round's end, finished late (with the day), and not finished."""

    units: int
    on_time: tuple[str, ...]
    late: tuple[tuple[str, dt.date], ...]
    unfinished: tuple[str, ...]


def completion(
    finished: dict[str, list[dt.date | None]], names: dict[str, str], ends_on: dt.date
) -> Completion:
    """`finished`: per unit code, the day each of its elections finished (None: not finished)."""
    on_time: list[str] = []
    late: list[tuple[str, dt.date]] = []
    unfinished: list[str] = []
    for code in sorted(finished):
        days = finished[code]
        if any(d is None for d in days):
            unfinished.append(names[code])
        elif max(d for d in days if d is not None) > ends_on:
            late.append((names[code], max(d for d in days if d is not None)))
        else:
            on_time.append(names[code])
    return Completion(len(finished), tuple(on_time), tuple(late), tuple(unfinished))


@dataclass(frozen=True)
class Turnout:
    registered: int
    voted: int

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.voted, self.registered) if self.registered else None


@dataclass
class Tally:
    """Follow-up voting rounds and seats left vacant, with the units where they happened."""

    runoffs: list[str] = field(default_factory=list)
    tie_revotes: list[str] = field(default_factory=list)
    vacancies: int = 0
    vacancy_units: list[str] = field(default_factory=list)


def percent(part: int | None, whole: int | None) -> str:
    """A share as a percentage with one decimal, or "—" where it cannot be computed."""
    if part is None or not whole:
        return "—"
    tenths = (Fraction(part * 1000, whole) + Fraction(1, 2)).__floor__()
    return f"{tenths // 10}.{tenths % 10}%"


def rounded(value: Fraction | None, places: int = 0) -> str:
    """Round half up (as the statistical tables do), never through a float."""
    if value is None:
        return "—"
    scale = 10**places
    scaled = (value * scale + Fraction(1, 2)).__floor__()
    if places == 0:
        return str(scaled)
    return f"{scaled // scale}.{scaled % scale:0{places}d}"
