"""The people an election's reviews, overrides and assessments are about (issue 17): persons, not names.

In a villagers' or residents' committee election a candidate is a nominee, a `Resident`; in a party
organisation's election a member of its roll, a `party.PartyMember` (and through it the resident, where
there is one). `Pick` is one such person with the keys the rows store (`ref`, `resident`, `member`) and
the office's label (name, villager group, year of birth) that tells namesakes apart in pickers and tables.
A form's choice is the `key` ("r12" / "m7"), never the name. Reads only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps

from huanjie.candidates.models import Nomination
from huanjie.elections.models import Election
from huanjie.units.models import BodyKind
from huanjie.voters.models import Resident, Voter, VoterStatus
from huanjie.voters.people import MEMBER, RESIDENT, office_label, person_ref

if TYPE_CHECKING:  # the party app imports polling, which imports this app: read its model by label
    from huanjie.party.models import PartyMember

    Person = Resident | PartyMember
else:
    Person = object


def _roll() -> type[PartyMember]:
    return apps.get_model("party", "PartyMember")


@dataclass(frozen=True)
class Pick:
    key: str  # the form's value: "r<resident pk>" or "m<party member pk>"
    ref: str
    name: str
    label: str
    resident: Resident | None
    member: PartyMember | None

    @property
    def fields(self) -> dict[str, object]:
        """What a review, override or assessment row stores of its person."""
        return {"ref": self.ref, "resident": self.resident, "member": self.member, "name": self.name}


def is_party(election: Election) -> bool:
    return election.kind == BodyKind.PARTY_BRANCH


def of_resident(election: Election, resident: Resident) -> Pick:
    return Pick(
        f"r{resident.pk}",
        person_ref(election.pk, RESIDENT, resident.pk),
        resident.name,
        office_label(resident.name, resident.group, resident.birth_year),
        resident,
        None,
    )


def of_member(election: Election, member: PartyMember) -> Pick:
    resident = member.resident
    group = resident.group if resident is not None else ""
    return Pick(
        f"m{member.pk}",
        person_ref(election.pk, MEMBER, member.pk),
        member.name,
        office_label(member.name, group, member.birth_year),
        resident,
        member,
    )


def candidates_of(election: Election) -> list[Pick]:
    """Whom the review and the assessment may be about: a committee election's nominees (the standing
    ones first, in post and vote order), or a party election's roll."""
    if is_party(election):
        roll = _roll().objects.filter(election=election).select_related("resident").order_by("pk")
        return [of_member(election, m) for m in roll]
    seen: dict[int, Pick] = {}
    nominations = (
        Nomination.objects.filter(election=election)
        .select_related("resident")
        .order_by("withdrawn_on", "post", "-votes", "pk")
    )
    for n in nominations:
        seen.setdefault(n.resident_id, of_resident(election, n.resident))
    return list(seen.values())


def residents_of(election: Election) -> list[Pick]:
    """Whom the assessment may be about in a committee election: it comes before nomination, so any
    registered voter of the election (the roll; the unit's residents before there is one)."""
    voters = Voter.objects.filter(election=election, status=VoterStatus.REGISTERED).select_related("resident")
    people = [v.resident for v in voters.order_by("resident__group", "resident__name", "resident_id")]
    if not people:
        people = list(Resident.objects.filter(unit=election.unit_id).order_by("group", "name", "pk"))
    return [of_resident(election, r) for r in people]


def pick(election: Election, person: Person, *, nominated: bool = True) -> Pick | None:
    """`person` as a candidate of `election`: a nominee of the committee election (or, `nominated` False,
    any resident of its unit: the assessment comes before nomination), or a member of the party
    election's roll; None otherwise."""
    if is_party(election):
        if isinstance(person, _roll()) and person.election_id == election.pk:
            return of_member(election, person)
        return None
    if not isinstance(person, Resident):
        return None
    if nominated:
        ok = Nomination.objects.filter(election=election, resident=person).exists()
    else:
        ok = person.unit_id == election.unit_id
    return of_resident(election, person) if ok else None


def by_key(election: Election, key: str, *, nominated: bool = True) -> Pick | None:
    """A form's choice back to the person, within this election's candidates only."""
    people = candidates_of(election) if nominated or is_party(election) else residents_of(election)
    return next((p for p in people if p.key == key), None)


def record(election: Election, key: str, *, nominated: bool = True) -> Person | None:
    """A form's choice as the record the actions take (the party member, or the resident)."""
    found = by_key(election, key, nominated=nominated)
    if found is None:
        return None
    return found.member if found.member is not None else found.resident


def choices(election: Election, *, nominated: bool = True) -> list[tuple[str, str]]:
    """A picker's options: every candidate by their office label (namesakes apart)."""
    people = candidates_of(election) if nominated or is_party(election) else residents_of(election)
    return [(p.key, p.label) for p in people]


def labels(election: Election) -> dict[str, str]:
    """ref → the office label, for tables that show the rows of an election."""
    return {p.ref: p.label for p in candidates_of(election)}
