"""Scrutineers (监票人), tellers (计票人), callers (唱票人) and mobile-box monitors of an election.

None of them may be a candidate or a candidate's near relative (B14): refused when the person is a
candidate, declares a relative among the candidates whom the profile bars, or lives in a candidate's
household in the register — the engine decides (huanjie.rules.officials). The candidates are the formal candidate list (huanjie.candidates) and the names on the
election's ballots (its voting rounds' contests: runoff write-ins too); an official appointed before a
candidacy is checked again on the registers page (`current_conflicts`), so it does not pass unseen.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.candidates.lists import formal_contests
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election
from huanjie.polling.models import BallotBox, Contest, Official, Relation, Station
from huanjie.polling.registers import HERE, on_roll
from huanjie.rules import profiles
from huanjie.rules.officials import Conflict, Person, official_conflict
from huanjie.voters.models import Voter, VoterStatus


def candidate_names(election: Election) -> list[str]:
    """The formal candidates (before polling day) and every name on the election's ballots."""
    names: dict[str, None] = {}
    for contest in formal_contests(election):
        names.update(dict.fromkeys(contest["candidates"]))
    for candidates in Contest.objects.filter(voting_round__election=election).values_list(
        "candidates", flat=True
    ):
        names.update(dict.fromkeys(candidates))
    return list(names)


def candidates(election: Election) -> list[Person]:
    """The candidates as persons of the register: each with the household of a namesake on the roll."""
    names = candidate_names(election)
    on_roll = Voter.objects.filter(
        election=election, status=VoterStatus.REGISTERED, resident__name__in=names
    ).values_list("resident__name", "resident__household")
    households: dict[str, list[str]] = {}
    for name, household in on_roll:
        households.setdefault(name, []).append(household)
    return [Person(n, h) for n in names for h in households.get(n, [""])]


def person_of(official: Official) -> Person:
    household = official.voter.resident.household if official.voter is not None else ""
    return Person(official.name, household)


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
    person = Person(name, voter.resident.household if voter is not None else "")
    profile = profiles.load(election.round.profile)
    conflict = official_conflict(person, candidates(election), profile, relative=relative, relation=relation)
    if conflict is not None:
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
        person = person_of(official)
        conflict = official_conflict(
            person, people, profile, relative=official.relative, relation=official.relation
        )
        if conflict is not None:
            out[official.pk] = conflict_message(person, conflict)
    return out
