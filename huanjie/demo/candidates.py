"""The demo's candidates, through the actions the office uses.

- 6 December onwards (`assess_day`): the six assessment teams of the leading group (formed by
  huanjie.demo.supervision) are assigned four streets each and, one street a day, assess the candidates
  the streets reported: the two director candidates of each committee election and, where the party
  organisation has its recommended list already, its secretary candidate.
- At the nomination stage (`nominate`): seats 1/1/1/2 and a nomination meeting's results with plausible
  votes; the assessed director candidates come first. In Shigou Village a member of the election
  committee is nominated, so he leaves the committee first (OL Art.12).
- At the qualification review (`review`): every department clears every nominee, except that letters
  and visits flags the second director nominee of Xiaoyantan Village (the village watched for its
  collective petition); the third in vote order backfills.
- The candidate-list stage publishes `candidate_notes`; polling takes `formal_contests`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from huanjie.candidates.actions import (
    do_add_committee_member,
    do_record_leaving,
    do_record_nomination_meeting,
    do_set_seats,
)
from huanjie.candidates.departments import DEPARTMENT_KEYS
from huanjie.candidates.models import Assessment, Nomination, Seat, TeamStreet
from huanjie.candidates.persons import Person
from huanjie.candidates.reviews import do_assign_team, do_record_assessment, do_record_reviews
from huanjie.core.actions import SYSTEM
from huanjie.demo.people import NAMESAKE, NAMESAKE_UNIT
from huanjie.elections.models import Election, ElectionStage, Round, StageStatus
from huanjie.rules.calendar import Stage
from huanjie.rules.eligibility import age_on
from huanjie.supervision.models import Team
from huanjie.units.models import BodyKind, Division, Level
from huanjie.voters.models import Resident, Voter, VoterStatus

SEATS = {"director": 1, "deputy_director": 1, "women_member": 1, "member": 2}
NOMINEES = {"director": 3, "deputy_director": 3, "women_member": 3, "member": 4}  # at most; formal 2/2/2/3
SHARES = {
    "director": [0.52, 0.31, 0.12],
    "deputy_director": [0.50, 0.30, 0.14],
    "women_member": [0.55, 0.28, 0.12],
    "member": [0.72, 0.58, 0.41, 0.2],
}
FLAG_UNIT = "小雁滩村"
COMMITTEE_UNIT = "石沟村"
COMMITTEES = (BodyKind.VILLAGERS_COMMITTEE, BodyKind.RESIDENTS_COMMITTEE)


def _pool(election: Election, ages: tuple[int, int]) -> list[Resident]:
    day = election.election_day
    assert day is not None
    voters = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).select_related("resident")
    low, high = ages
    return sorted(
        (v.resident for v in voters if low <= age_on(v.resident.birth_date, day) <= high), key=lambda r: r.pk
    )


def slate(election: Election, seed: int) -> dict[str, list[Resident]] | None:
    """The nominees of each post; in a small unit, where too few people of working age are on the roll,
    any registered voter may be nominated."""
    if election.election_day is None:
        return None
    return _slate(election, seed, (25, 65)) or _slate(election, seed, (18, 200))


def _slate(election: Election, seed: int, ages: tuple[int, int]) -> dict[str, list[Resident]] | None:
    """The nominees of each post, best-placed first: men first for the posts open to all (as the demo's
    previous terms had it), women for the women member; the assessed director candidates lead. In the
    namesake village the two residents of one name (demo.people.NAMESAKE) lead the members' list."""
    rng = random.Random(f"{seed}:nominate:{election.pk}")
    pool = _pool(election, ages)
    rng.shuffle(pool)
    # Elsewhere a name two voters share is left out of the demo's slate: one village shows namesakes.
    counts = Counter(
        Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).values_list(
            "resident__name", flat=True
        )
    )
    namesakes = sorted(
        (r for r in pool if election.unit.name == NAMESAKE_UNIT and r.name == NAMESAKE),
        key=lambda r: (r.group, r.pk),
    )
    pool = [r for r in pool if counts[r.name] == 1]
    in_pool = {r.pk for r in pool}
    assessed_ids = list(
        Assessment.objects.filter(election=election, post="director")
        .order_by("pk")
        .values_list("resident_id", flat=True)
    )
    by_pk = {r.pk: r for r in pool}
    assessed = [by_pk[pk] for pk in assessed_ids if pk in in_pool]
    women = [r for r in pool if r.sex == "female" and r not in assessed]
    others = [r for r in sorted(pool, key=lambda r: r.sex != "male") if r not in assessed]
    out: dict[str, list[Resident]] = {"director": assessed[:2]}
    if len(namesakes) >= 2:
        out["member"] = namesakes[:2]
    used = {r.pk for people in out.values() for r in people}
    # First the formal list's number for every post, then one more nominee each while people remain.
    for extra in (0, 1):
        for post in ("director", "women_member", "deputy_director", "member"):
            people = out.setdefault(post, [])
            for person in women if post == "women_member" else others:
                if len(people) >= NOMINEES[post] - 1 + extra:
                    break
                if person.pk not in used:
                    people.append(person)
                    used.add(person.pk)
    if any(len(people) < NOMINEES[post] - 1 for post, people in out.items()):
        return None
    return out


def _votes(present: int, shares: list[float], n: int) -> list[int]:
    votes: list[int] = []
    for share in shares[:n]:
        v = present * round(share * 100) // 100
        votes.append(max(0, min(v, votes[-1] - 1)) if votes else v)  # strictly fewer: no tie for a place
    return votes


def _done(election: Election, key: str) -> bool:
    return ElectionStage.objects.filter(election=election, key=key, status=StageStatus.DONE).exists()


def nominate(election_pk: int, day: dt.date, seed: int) -> None:
    election = Election.objects.select_related("round", "unit", "body").get(pk=election_pk)
    if Nomination.objects.filter(election=election).exists() or not _done(election, Stage.VOTER_LIST):
        return
    names = slate(election, seed)
    if names is None:
        return
    rng = random.Random(f"{seed}:meeting:{election.pk}")
    registered = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).count()
    present = registered * rng.randint(56, 78) // 100
    if not Seat.objects.filter(election=election).exists():
        do_set_seats(election, seats=SEATS, sizes={}, actor=SYSTEM)
    if election.unit.name == COMMITTEE_UNIT:
        _committee(election, names["member"][0], day, {r.pk for people in names.values() for r in people})
    results: dict[str, list[tuple[str | Resident, int]]] = {
        post: list(zip(people, _votes(present, SHARES[post], len(people)), strict=True))
        for post, people in names.items()
    }
    do_record_nomination_meeting(election, held_on=day, present=present, results=results, actor=SYSTEM)


def _committee(election: Election, nominee: Resident, day: dt.date, nominated: set[int]) -> None:
    """Shigou's election committee, three villagers (the records, issue 17): one member is nominated and
    leaves it the day before the meeting."""
    voters = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).select_related("resident")
    found: list[Resident | str] = [
        v.resident for v in voters.order_by("resident_id") if v.resident_id not in nominated
    ]
    chair, other = [*found[:2], "王德明", "李秀兰"][
        :2
    ]  # a small roll: street cadres by name make up the three
    for who, duty in ((chair, "主任"), (nominee, "委员"), (other, "委员")):
        if isinstance(who, Resident):
            member = do_add_committee_member(election, resident=who, duty=duty, actor=SYSTEM)
        else:
            member = do_add_committee_member(election, name=who, duty=duty, actor=SYSTEM)
        if who == nominee:
            do_record_leaving(
                member, left_on=day - dt.timedelta(days=1), actor=SYSTEM,
                reason="被村民提名为委员候选人人选，依照村民委员会组织法第十二条退出村民选举委员会。",
            )  # fmt: skip


def review(election_pk: int, day: dt.date) -> None:
    election = Election.objects.select_related("round", "unit", "body").get(pk=election_pk)
    nominees = list(
        Nomination.objects.filter(election=election)
        .select_related("resident")
        .order_by("post", "-votes", "pk")
    )
    if not nominees or election.reviews.exists():
        return
    flagged = None
    if election.unit.name == FLAG_UNIT:
        flagged = [n.resident for n in nominees if n.post == "director"][1]
    people = list({n.resident_id: n.resident for n in nominees}.values())
    for department in DEPARTMENT_KEYS:
        verdicts: list[tuple[Person | None, str, str]] = [
            (person, "flagged", "反映其在土地承包纠纷中存在信访问题，尚在办理中，暂缓列为候选人。")
            if department == "petitions" and person == flagged
            else (person, "cleared", "")
            for person in people
        ]
        do_record_reviews(election, department=department, verdicts=verdicts, reviewed_on=day, actor=SYSTEM)


def assess_day(rnd_pk: int, k: int, day: dt.date, seed: int) -> None:
    """Day k (0–3) of the assessment: each team assesses the candidates of the k-th of its streets."""
    rnd = Round.objects.select_related("district").get(pk=rnd_pk)
    teams = list(Team.objects.filter(round=rnd, kind=Team.Kind.ASSESSMENT).order_by("pk"))
    streets = list(Division.objects.filter(parent=rnd.district, level=Level.STREET).order_by("code"))
    if not teams:
        return
    per = -(-len(streets) // len(teams))
    for n, team in enumerate(teams):
        mine = streets[n * per : (n + 1) * per]
        if k == 0:
            for street in mine:
                if not TeamStreet.objects.filter(round=rnd, street=street).exists():
                    do_assign_team(team, street=street, actor=SYSTEM)
        if k < len(mine):
            _assess_street(rnd, mine[k], day, seed)


def _assess_street(rnd: Round, street: Division, day: dt.date, seed: int) -> None:
    elections = Election.objects.filter(round=rnd, street=street).select_related("round", "unit", "body")
    for election in elections.order_by("unit__code", "kind"):
        rng = random.Random(f"{seed}:assess:{election.pk}")
        people: list[tuple[str, Person]]
        if election.kind in COMMITTEES:
            names = slate(election, seed)
            people = [("director", r) for r in (names or {}).get("director", [])[:2]]
        else:
            people = [("secretary", m) for m in _secretaries(election)]
        for place, (post, person) in enumerate(people):
            who = {"resident": person} if isinstance(person, Resident) else {"member": person}
            if Assessment.objects.filter(election=election, post=post, **who).exists():
                continue
            participants = rng.randint(28, 46)
            good = (
                participants * rng.randint(80, 95) // 100
                if place == 0
                else participants * rng.randint(55, 75) // 100
            )
            excellent = good * rng.randint(55, 75) // 100
            basic = (participants - good) * 2 // 3
            incompetent = rng.randint(0, 1) if participants - good - basic > 0 else 0
            do_record_assessment(
                election, person=person, post=post, held_on=day, participants=participants, excellent=excellent,
                competent=good - excellent, basic=basic, incompetent=incompetent, talks=rng.randint(8, 15),
                talk_notes="谈话对象普遍反映其政治素质好，热心为群众办事。" if place == 0 else "谈话对象反映其工作较踏实，群众基础一般。",
                conclusion="suitable", conclusion_text="经民主测评和个别谈话，考察组认为可以作为候选人人选。",
                actor=SYSTEM,
            )  # fmt: skip


def _secretaries(election: Election) -> list[Person]:
    """The party organisation's recommended secretary, where the party app has recorded one by now."""
    try:
        from huanjie.party.models import PartyCandidate
    except ImportError:  # the party app is not installed in this deployment
        return []
    rows = PartyCandidate.objects.filter(election=election, post="secretary").select_related("member")
    return [c.member for c in rows.order_by("rank")[:1]]
