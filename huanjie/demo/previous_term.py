"""The demo's previous term: the teams elected five years before, as a district would import them.

Members re-elected now (their `previous_post` names a post of the same body) were on the previous team;
the rest of each previous team is drawn from the unit's residents, older and with less schooling, as the
seed document describes the change. The previous village party secretaries' average age is fitted to 47,
two years above this term's 45 (demo-district.md). Written through the import's own save (one audit event).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Election, Round
from huanjie.polling.models import ElectedMember
from huanjie.reports.actions import do_save_previous_term
from huanjie.reports.previous import COMMITTEE_POSTS, PARTY_POSTS, PreviousRow
from huanjie.reports.stats import age_on
from huanjie.units.models import BodyKind
from huanjie.voters.models import Resident

PREVIOUS_SECRETARY_AGE = 47  # the seed document: this term's secretaries are two years younger (45)
TEAM = {BodyKind.PARTY_BRANCH: ("secretary", "deputy_secretary", "committee_member", "committee_member",
                                "committee_member"),
        BodyKind.VILLAGERS_COMMITTEE: ("director", "deputy_director", "women_member", "member", "member"),
        BodyKind.RESIDENTS_COMMITTEE: ("director", "deputy_director", "women_member", "member", "member")}  # fmt: skip
OLDER_EDUCATION = (("primary", 6), ("junior", 10), ("senior", 3), ("college", 1), ("university", 0))
LOWER = {
    "university": "college",
    "college": "senior",
    "senior": "junior",
    "junior": "primary",
    "primary": "primary",
}


def _years_back(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def build_previous_term(rnd: Round, seed: int = 2026) -> int:
    rng = random.Random(f"{seed}:previous")
    elections = list(Election.objects.filter(round=rnd).select_related("unit").order_by("unit__code", "kind"))
    elected: dict[int, dict[object, ElectedMember]] = defaultdict(dict)
    members = ElectedMember.objects.filter(election__round=rnd).select_related("resident", "member")
    for m in members.order_by("pk"):
        key = (
            ("r", m.resident_id) if m.resident_id else (("m", m.member_id) if m.member_id else ("n", m.name))
        )
        elected[m.election_id].setdefault(key, m)
    residents: dict[int, list[Resident]] = defaultdict(list)
    for r in Resident.objects.filter(unit__in={e.unit_id for e in elections}).order_by("pk"):
        residents[r.unit_id].append(r)
    rows: list[PreviousRow] = []
    heads: list[tuple[Election, dt.date, list[Resident]]] = []
    fixed_ages: list[int] = []
    for e in elections:
        day = _years_back(e.election_day or rnd.starts_on + dt.timedelta(days=40), 5)
        posts = PARTY_POSTS if e.kind == BodyKind.PARTY_BRANCH else COMMITTEE_POSTS
        now = elected.get(e.pk, {})
        kept = [(m, posts[m.previous_post]) for m in now.values() if m.previous_post in posts]
        # The previous team had as many members as the new one (five where nobody is elected yet).
        slots = list(TEAM[BodyKind(e.kind)])
        size = len(now) or len(slots)
        slots = [*slots[:size], *(slots[-1:] * (size - len(slots)))]
        taken = {m.resident_id for m in now.values() if m.resident_id}
        taken_names = {m.name for m in now.values()}  # the demo's own choice: no namesake of the elected
        for m, post in kept:
            if post in slots:
                slots.remove(post)
            elif slots:
                slots.pop()
            else:
                continue
            education = LOWER[m.education] if m.education and rng.random() < 0.3 else m.education
            hashed = m.resident.id_hash if m.resident is not None else b""  # the file's ID number, hashed
            rows.append(
                _row(
                    e, post, m.name, m.sex, m.birth_date, education, m.party_member, m.ethnicity, day, hashed
                )
            )
            if post == "secretary" and e.unit.kind == "village" and m.birth_date:
                fixed_ages.append(age_on(m.birth_date, day))
        pool = [
            r
            for r in residents[e.unit_id]
            if r.pk not in taken and r.name not in taken_names and 30 <= age_on(r.birth_date, day) <= 66
        ]
        rng.shuffle(pool)
        for post in slots:
            if post == "secretary" and e.unit.kind == "village":
                heads.append((e, day, pool))
                continue
            # Mostly men, as the previous teams were; the women's seat a woman.
            want = "female" if post == "women_member" else ("male" if rng.random() < 0.8 else "female")
            person = next((r for r in pool if r.sex == want), next(iter(pool), None))
            if person is None:
                continue
            pool.remove(person)
            rows.append(_resident_row(e, post, person, day, rng))
    rows += _fit_secretaries(heads, fixed_ages, rng)
    if not rows:
        return 0
    return do_save_previous_term(rnd, rows, actor=SYSTEM, source="demo: previous term")


def _fit_secretaries(
    heads: list[tuple[Election, dt.date, list[Resident]]], fixed: list[int], rng: random.Random
) -> list[PreviousRow]:
    """Pick each village's previous secretary so that the eighteen average 47: the greedy choice of the age
    nearest to what the remaining secretaries must average keeps the total within a year of the target."""
    total = PREVIOUS_SECRETARY_AGE * (len(heads) + len(fixed)) - sum(fixed)
    out: list[PreviousRow] = []
    for n, (e, day, pool) in enumerate(heads):
        target = total / (len(heads) - n)
        men = [r for r in pool if r.sex == "male"] or pool
        if not men:
            continue
        person = min(men, key=lambda r: (abs(age_on(r.birth_date, day) - target), r.pk))
        pool.remove(person)
        total -= age_on(person.birth_date, day)
        out.append(_resident_row(e, "secretary", person, day, rng, party=True))
    return out


def _resident_row(
    e: Election, post: str, r: Resident, day: dt.date, rng: random.Random, party: bool | None = None
) -> PreviousRow:
    education = rng.choices([k for k, _w in OLDER_EDUCATION], weights=[w for _k, w in OLDER_EDUCATION])[0]
    is_party = True if e.kind == BodyKind.PARTY_BRANCH or party else rng.random() < 0.5
    return _row(e, post, r.name, r.sex, r.birth_date, education, is_party, r.ethnicity, day, r.id_hash)


def _row(
    e: Election,
    post: str,
    name: str,
    sex: str,
    birth: dt.date | None,
    education: str,
    party: bool | None,
    ethnicity: str,
    day: dt.date,
    id_hash: bytes = b"",
) -> PreviousRow:
    """One row as a district's file gives it, with its ID number (here: the resident's keyed hash, as
    the import makes it) so that the row is matched to the person, not the name."""
    return PreviousRow(0, e.unit, e.kind, post, name, sex, birth, education, party, ethnicity, day, id_hash)
