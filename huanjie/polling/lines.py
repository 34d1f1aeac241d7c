"""Ballot lines as persons (issue 17): who a candidate is, by the person's opaque reference in the election.

A contest's candidates are given to `create_round` as the records themselves — a `voters.Resident` in a
villagers' or residents' committee election, a `party.PartyMember` of the election's roll in a party
organisation's — or as the ballot lines of an earlier round of the election (a runoff, a tie re-vote, the
new vote after a voiding carry the same persons). `line_of` makes each a `Line`: the reference
(`voters.people.person_ref`), the name for reading, the record's ids, and whether the person is a woman
(B21, from the record). `labels` gives how a ballot or a notice prints each line: the name, with the
villager group (then the year of birth) where two lines of the round share a name.

The rules engine counts by these references; what people read is `shown(text, labels)`: the engine's
reasons with each reference replaced by its label.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.voters.models import Resident
from huanjie.voters.people import MEMBER, RESIDENT, Shown, person_ref, public_labels

if TYPE_CHECKING:
    from huanjie.polling.models import Candidate, VotingRound


@dataclass(frozen=True)
class Line:
    """One person on a ballot, as polling needs them: never more than may be shown (no ID number)."""

    ref: str
    name: str
    resident_id: int | None = None
    member_id: int | None = None
    woman: bool = False
    group: str = ""
    birth_year: int | None = None

    def shown(self) -> Shown:
        return Shown(self.ref, self.name, self.group, self.birth_year)


def is_party(election: Election) -> bool:
    return election.kind == "party_branch"


def line_of(election: Election, person: Any) -> Line:
    """The ballot line of a resident, a party member or an earlier round's line of this election; an
    ActionError (field "contests") for anyone else — a typed name, another unit's resident, another roll's
    member."""
    from huanjie.polling.models import Candidate

    if isinstance(person, Line):
        return person
    if isinstance(person, Candidate):
        if person.contest.voting_round.election_id != election.pk:
            raise ActionError(_("A candidate of another election cannot stand here."), field="contests")
        resident = person.resident
        return Line(
            person.ref,
            person.name,
            person.resident_id,
            person.member_id,
            person.woman,
            resident.group if resident is not None else "",
            resident.birth_year if resident is not None else None,
        )
    if is_party(election):
        # A party.PartyMember (known by its label: polling does not import the party app, which imports it).
        if getattr(getattr(person, "_meta", None), "label", "") != "party.PartyMember" or (
            person.election_id != election.pk
        ):
            raise ActionError(
                _("A party organisation's candidate is a member on the election's roll."), field="contests"
            )
        resident = person.resident
        return Line(
            person_ref(election.pk, MEMBER, person.pk),
            person.name,
            person.resident_id,
            person.pk,
            person.sex == "female",
            resident.group if resident is not None else "",
            person.birth_year,
        )
    if not isinstance(person, Resident) or person.unit_id != election.unit_id:
        raise ActionError(_("A candidate is a resident of the unit, chosen from the roll."), field="contests")
    return Line(
        person_ref(election.pk, RESIDENT, person.pk),
        person.name,
        person.pk,
        None,
        person.sex == "female",
        person.group,
        person.birth_year,
    )


def labels(lines: Iterable[Line]) -> dict[str, str]:
    """ref → the label printed on ballots and notices (namesakes told apart; voters.people)."""
    unique = {line.ref: line for line in lines}
    return public_labels([line.shown() for line in unique.values()])


def round_lines(vr: VotingRound) -> dict[str, Candidate]:
    """ref → one of the round's ballot lines carrying that person (a person may stand for two posts)."""
    from huanjie.polling.models import Candidate

    out: dict[str, Candidate] = {}
    for c in Candidate.objects.filter(contest__voting_round=vr).select_related("resident", "contest"):
        out.setdefault(c.ref, c)
    return out


def shown(text: str, names: Mapping[str, str]) -> str:
    """A text of the engine (its reasons name persons by reference) with each reference as people read it."""
    for ref, label in names.items():
        if ref in text:
            text = text.replace(ref, label)
    return text


def people_of(result: Mapping[str, Any] | None) -> dict[str, str]:
    """ref → label, as a counted round's result recorded them."""
    people = (result or {}).get("people") or {}
    return {ref: str(p.get("label") or p.get("name") or ref) for ref, p in people.items()}
