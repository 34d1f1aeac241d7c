"""Scrutineers (监票人), tellers (计票人), callers (唱票人) and mobile-box monitors of an election.

None of them may be a candidate or a candidate's near relative (B14): refused when the person is a
candidate, declares a relative among the candidates whom the profile bars, or lives in a candidate's
household in the register — the engine decides (huanjie.rules.officials). The candidates are the persons
of the formal candidate list (huanjie.candidates) and of the election's ballots (runoffs too), each with
their own household; an official on the roll is matched to them by person, never by name, so a namesake
of a candidate may count (issue 17). An official appointed before a candidacy is checked again on the
registers page (`current_conflicts`), so it does not pass unseen.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.candidates.lists import formal_contests
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.polling.lines import Line, labels, line_of
from huanjie.polling.models import BallotBox, Candidate, Official, Relation, Station
from huanjie.polling.registers import HERE, on_roll
from huanjie.rules import profiles
from huanjie.rules.officials import Conflict, Person, official_conflict
from huanjie.voters.models import Resident, Voter
from huanjie.voters.people import RESIDENT, person_ref


@dataclass(frozen=True)
class Standing:
    """A candidate as the B14 check sees them: the person's reference, name, label and household."""

    ref: str
    name: str
    label: str
    household: str


def candidates(election: Election) -> list[Standing]:
    """The formal candidates (before polling day) and every person on the election's ballots — persons,
    each with their own household from the register (issue 17: never a namesake's)."""
    people: dict[str, Line] = {}
    for contest in formal_contests(election):
        for resident in contest["candidates"]:
            line = line_of(election, resident)
            people.setdefault(line.ref, line)
    for candidate in Candidate.objects.filter(contest__voting_round__election=election).select_related(
        "resident", "contest__voting_round"
    ):
        people.setdefault(candidate.ref, line_of(election, candidate))
    households = dict(
        Resident.objects.filter(pk__in=[p.resident_id for p in people.values() if p.resident_id]).values_list(
            "pk", "household"
        )
    )
    shown = labels(people.values())
    return [
        Standing(ref, p.name, shown[ref], households.get(p.resident_id, "") if p.resident_id else "")
        for ref, p in people.items()
    ]


def _key(election: Election, voter: Voter | None) -> str:
    """How the check knows the official: the person's reference where the official is on the roll."""
    return person_ref(election.pk, RESIDENT, voter.resident_id) if voter is not None else ""


def conflict_of(
    election: Election,
    name: str,
    voter: Voter | None,
    people: list[Standing],
    profile: profiles.Profile,
    *,
    relative: str = "",
    relation: str = "",
) -> tuple[Person, Conflict] | None:
    """B14 by person: an official on the roll is the candidate only if the same resident; one not on the
    roll (no record to tell namesakes apart) is taken for a candidate of that name. A declared relative
    names the candidate by name, or by the label where namesakes stand."""
    household = voter.resident.household if voter is not None else ""
    me = _key(election, voter)
    for c in people:
        key = me or (c.ref if name == c.name else f"name:{name}")
        declared = c.ref if relative.strip() in (c.name, c.label) else ""
        conflict = official_conflict(
            Person(key, household),
            [Person(c.ref, c.household)],
            profile,
            relative=declared,
            relation=relation,
        )
        if conflict is not None:
            return Person(name, household), replace(conflict, candidate=c.label)
    return None


def conflict_message(official: Person, conflict: Conflict) -> str:
    values = {"name": official.name, "candidate": conflict.candidate}
    if conflict.relation == "self":
        return _("%(name)s is a candidate and may not serve as an official or monitor (B14).") % values
    if conflict.relation == "household":
        return (
            _(
                "%(name)s lives in the same household as the candidate %(candidate)s and must stand aside (B14)."
            )
            % values
        )
    return _("%(name)s is the %(relation)s of the candidate %(candidate)s and must stand aside (B14).") % {
        **values,
        "relation": Relation(conflict.relation).label,
    }


@action(
    "polling.appoint_official",
    capability=Capability.EDIT_UNITS,
    scope=lambda election: election.unit,
    denied=HERE,
    outside=HERE,
)
def do_appoint_official(
    election: Election,
    *,
    role: str,
    name: str = "",
    voter: Voter | None = None,
    station: Station | None = None,
    relative: str = "",
    relation: str = "",
    actor: Actor,
) -> Official:
    """Appoint a scrutineer, teller, caller, or (with its mobile box) a monitor; refused on a conflict."""
    if role not in Official.Role.values:
        raise ActionError(_("Say what the official does."), field="role")
    if voter is not None and not on_roll(voter, election):
        raise ActionError(_("This person is not a registered voter of this election."), field="voter")
    name = (voter.resident.name if voter is not None and not name.strip() else name).strip()
    if not name:
        raise ActionError(_("Name the official."), field="name")
    if role == Official.Role.MONITOR:
        if station is None or station.election_id != election.pk or station.kind != BallotBox.Kind.MOBILE:
            raise ActionError(
                _("A monitor is appointed to one of the election's mobile boxes."), field="station"
            )
    elif station is not None:
        raise ActionError(_("Only monitors belong to a mobile box."), field="station")
    relative = relative.strip()
    if bool(relative) != bool(relation) or (relation and relation not in Relation.values):
        raise ActionError(_("Declare a relative with the relation, or neither."), field="relation")
    profile = profiles.load(election.round.profile)
    found = conflict_of(
        election, name, voter, candidates(election), profile, relative=relative, relation=relation
    )
    if found is not None:
        person, conflict = found
        field = {"self": "name", "household": "voter"}.get(conflict.relation, "relative")
        raise ActionError(conflict_message(person, conflict), field=field)
    if Official.objects.filter(election=election, role=role, name=name, station=station).exists():
        raise ActionError(_("%(name)s is appointed to this already.") % {"name": name}, field="name")
    official = Official.objects.create(
        election=election,
        role=role,
        name=name,
        voter=voter,
        station=station,
        relative=relative,
        relation=relation,
    )
    audit(
        obj=official,
        division_path=election.unit.path,
        after={"role": role, "name": name, "station": station.name if station else None},
    )
    return official


@action(
    "polling.remove_official",
    capability=Capability.EDIT_UNITS,
    scope=lambda official: official.election.unit,
    denied=HERE,
    outside=HERE,
)
def do_remove_official(official: Official, *, actor: Actor) -> None:
    election = official.election
    audit(
        obj=official,
        division_path=election.unit.path,
        before={"role": official.role, "name": official.name},
    )
    official.delete()


def current_conflicts(election: Election) -> dict[int, str]:
    """Officials in conflict with today's candidates (appointed before a ballot named them): pk → why."""
    people = candidates(election)
    profile = profiles.load(election.round.profile)
    out: dict[int, str] = {}
    for official in Official.objects.filter(election=election).select_related("voter__resident"):
        found = conflict_of(
            election,
            official.name,
            official.voter,
            people,
            profile,
            relative=official.relative,
            relation=official.relation,
        )
        if found is not None:
            out[official.pk] = conflict_message(*found)
    return out
