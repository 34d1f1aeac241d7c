"""People to resolve (issue 17): rows that name a person by a string and are not tied to the record yet.

The migration that moved reviews, overrides, assessments, election-committee members and elected members
from names to persons (reports.0004) resolved a name only where exactly one person of that name matched
in the unit; the rest keep no person and are listed here, with the previous term's rows that no ID number
matched (huanjie.reports.previous). The clerk (or the street, the district) says who each one is — a
resident of the unit, a member of the party election's roll — or, for a previous-term row, that the
person is not a resident here. Each resolution is one action with its audit event. Nothing is guessed:
the page proposes the unit's people of that name, shown apart (group, year of birth), and the clerk picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.candidates.models import Assessment, CommitteeMember, Override, Review
from huanjie.core.actions import Actor, action, audit
from huanjie.core.errors import ActionError
from huanjie.elections.models import Election, Round
from huanjie.party.models import PartyMember
from huanjie.polling.models import Candidate, ElectedMember, VotingRound
from huanjie.reports.models import Match, PreviousMember
from huanjie.units.models import BodyKind, Division
from huanjie.voters.models import Resident
from huanjie.voters.people import MEMBER, RESIDENT, office_label, person_ref

HERE = gettext_lazy("Your role may not do this here.")

# kind (in URLs and forms) → the model whose rows name a person
KINDS: dict[str, Any] = {
    "review": Review,
    "override": Override,
    "assessment": Assessment,
    "committee": CommitteeMember,
    "elected": ElectedMember,
    "line": Candidate,
    "previous": PreviousMember,
}
KIND_LABELS = {
    "review": gettext_lazy("qualification review"),
    "override": gettext_lazy("override of a flag"),
    "assessment": gettext_lazy("assessment"),
    "committee": gettext_lazy("election committee member"),
    "elected": gettext_lazy("elected member"),
    "line": gettext_lazy("ballot line"),
    "previous": gettext_lazy("previous term"),
}
PERSON_KINDS = ("review", "override", "assessment", "elected", "line")  # rows with ref, resident and member
# Rows of the count (polling 0008 keyed a stored name it could not tie to one person by a keyed hash of
# the name): resolving one ties every ballot line and elected member of the election under that reference
# to the person and KEEPS the reference — the tallies, the results and the open data already publish it.
COUNT_KINDS = ("elected", "line")


def unit_of(row: Any) -> Division:
    if isinstance(row, PreviousMember):
        return row.unit
    election = election_of(row)
    assert election is not None
    return election.unit


def election_of(row: Any) -> Election | None:
    if isinstance(row, Candidate):
        return row.contest.voting_round.election
    return None if isinstance(row, PreviousMember) else row.election


def unresolved(kind: str) -> models.QuerySet[Any]:
    """The rows of one kind whose person is not known."""
    model: Any = KINDS[kind]
    rows: models.QuerySet[Any]
    if kind in ("review", "override", "assessment"):
        rows = model.objects.filter(ref="")
    elif kind == "committee":
        rows = model.objects.filter(resident__isnull=True, left_on__isnull=True)
    elif kind in COUNT_KINDS:
        rows = model.objects.filter(resident__isnull=True, member__isnull=True)
    else:
        rows = model.objects.filter(match=Match.FLAGGED)
    return rows


@dataclass(frozen=True)
class Option:
    key: str  # "r<pk>" / "m<pk>" / "none" (previous term: not a resident here)
    label: str


@dataclass(frozen=True)
class Row:
    kind: str
    row: Any
    unit: Division
    name: str
    what: str
    options: list[Option]


def options(kind: str, row: Any) -> list[Option]:
    """Whom the row may be: the people of that name in the unit (or on the party election's roll), each
    shown apart; a previous-term row may also be nobody here."""
    election = election_of(row)
    out: list[Option] = []
    if election is not None and election.kind == BodyKind.PARTY_BRANCH and kind != "committee":
        roll = PartyMember.objects.filter(election=election, name=row.name.strip()).select_related("resident")
        for m in roll.order_by("pk"):
            group = m.resident.group if m.resident is not None else ""
            out.append(Option(f"m{m.pk}", office_label(m.name, group, m.birth_year)))
    else:
        people = Resident.objects.filter(unit=unit_of(row), name=row.name.strip()).order_by("group", "pk")
        out += [Option(f"r{r.pk}", office_label(r.name, r.group, r.birth_year)) for r in people[:50]]
    if kind == "previous":
        out.append(Option("none", _("not a resident here")))
    return out


def rows_for(user: User | None, rnd: Round) -> list[Row]:
    """Every row to resolve of the round in the user's scope (None: the system, everything)."""
    out: list[Row] = []
    for kind in KINDS:
        rows = unresolved(kind)
        if kind == "previous":
            rows = rows.filter(round=rnd).select_related("unit")
            if user is not None:
                rows = rows.filter(unit__in=Division.objects.visible_to(user))
        elif kind == "line":
            rows = rows.filter(contest__voting_round__election__round=rnd).select_related(
                "contest__voting_round__election__unit"
            )
            if user is not None:
                rows = rows.filter(contest__voting_round__election__in=Election.objects.visible_to(user))
        else:
            rows = rows.filter(election__round=rnd).select_related("election__unit")
            if user is not None:
                rows = rows.filter(election__in=Election.objects.visible_to(user))
        for row in rows.order_by("pk")[:500]:
            what = str(KIND_LABELS[kind])
            post = row.contest.post if kind == "line" else getattr(row, "post", "")
            if post:
                what += f" · {post}"
            out.append(Row(kind, row, unit_of(row), row.name, what, options(kind, row)))
    return out


def person_of(kind: str, row: Any, key: str) -> Resident | PartyMember | None:
    """A form's choice back to the record, among the row's options only (None: not a resident here)."""
    if key == "none" and kind == "previous":
        return None
    election = election_of(row)
    found: Resident | PartyMember | None
    if key.startswith("m") and key[1:].isdigit() and election is not None:
        found = (
            PartyMember.objects.filter(election=election, pk=int(key[1:])).select_related("resident").first()
        )
    elif key.startswith("r") and key[1:].isdigit():
        found = Resident.objects.filter(unit=unit_of(row), pk=int(key[1:])).first()
    else:
        found = None
    if found is None or all(o.key != key for o in options(kind, row)):
        raise ActionError(_("Choose one of the people listed."), field="person")
    return found


@action(
    "reports.resolve_person",
    capability=Capability.EDIT_UNITS,
    scope=lambda row: unit_of(row),
    denied=HERE,
    outside=HERE,
)
def do_resolve_person(row: Any, *, person: Resident | PartyMember | None, actor: Actor) -> Any:
    """Tie a row to its person: a resident of the unit, or a member of the party election's roll; for a
    previous-term row, `person` None confirms that the person is not a resident here."""
    kind = next((k for k, m in KINDS.items() if isinstance(row, m)), None)
    if kind is None:
        raise ActionError(_("Nothing to resolve here."))
    before = {"name": row.name, **_state(kind, row)}
    if kind == "previous":
        _previous(row, person)
    elif kind == "committee":
        if not isinstance(person, Resident) or person.unit_id != row.election.unit_id:
            raise ActionError(_("Choose a resident of this unit."), field="person")
        row.resident = person
        row.save(update_fields=["resident"])
    else:
        _with_person(kind, row, person)
        if kind in COUNT_KINDS:
            row.refresh_from_db()  # tied by an update of every row under its reference
    audit(obj=row, division_path=unit_of(row).path, before=before, after=_state(kind, row))
    return row


def _state(kind: str, row: Any) -> dict[str, Any]:
    state: dict[str, Any] = {"resident": row.resident_id}
    if kind in PERSON_KINDS:
        state.update(ref=row.ref, member=row.member_id)
    if kind == "previous":
        state["match"] = row.match
    return state


def _previous(row: PreviousMember, person: Resident | PartyMember | None) -> None:
    if person is not None and (not isinstance(person, Resident) or person.unit_id != row.unit_id):
        raise ActionError(_("Choose a resident of this unit."), field="person")
    row.resident = person
    row.match = Match.CONFIRMED if person is not None else Match.NOT_HERE
    row.save(update_fields=["resident", "match"])


def _with_person(kind: str, row: Any, person: Resident | PartyMember | None) -> None:
    election = election_of(row)
    assert election is not None
    if election.kind == BodyKind.PARTY_BRANCH:
        if not isinstance(person, PartyMember) or person.election_id != election.pk:
            raise ActionError(_("Choose a member of this election's party roll."), field="person")
        ref, resident, member = person_ref(election.pk, MEMBER, person.pk), person.resident, person
    else:
        if not isinstance(person, Resident) or person.unit_id != election.unit_id:
            raise ActionError(_("Choose a resident of this unit."), field="person")
        ref, resident, member = person_ref(election.pk, RESIDENT, person.pk), person, None
    if kind in COUNT_KINDS and row.ref:
        _tie_count(election, row.ref, ref, resident, member)
        return
    if kind not in COUNT_KINDS:
        model = KINDS[kind]
        same = (
            {"department": row.department}
            if kind == "review"
            else ({"post": row.post} if kind == "assessment" else {})
        )
        if model.objects.filter(election=election, ref=ref, **same).exclude(pk=row.pk).exists():
            raise ActionError(
                _(
                    "This person already has such a row in this election: delete or correct one of them first."
                ),
                field="person",
            )
    row.ref, row.resident, row.member = ref, resident, member
    row.save(update_fields=["ref", "resident", "member"])


def _tie_count(
    election: Election, kept: str, own: str, resident: Resident | None, member: PartyMember | None
) -> None:
    """Every ballot line and elected member of `election` under the reference `kept` now points at the
    person, under that same reference. Refused where the person already stands on a ballot under their
    own reference in a contest that also has the `kept` line: one person would be two lines of one count."""
    lines = Candidate.objects.filter(contest__voting_round__election=election)
    contests = set(lines.filter(ref=kept).values_list("contest_id", flat=True))
    if own != kept and lines.filter(contest_id__in=contests, ref=own).exists():
        raise ActionError(
            _("This person already has a ballot line of their own in that vote: choose another person."),
            field="person",
        )
    person = {"resident": resident, "member": member}
    lines.filter(ref=kept).update(**person)
    ElectedMember.objects.filter(election=election, ref=kept).update(**person)
    for vr in VotingRound.objects.filter(election=election, result__isnull=False):
        people = (vr.result or {}).get("people", {})
        if kept in people:
            people[kept]["resident"] = resident.pk if resident is not None else None
            people[kept]["member"] = member.pk if member is not None else None
            vr.save(update_fields=["result"])
