"""Issue 17: the rows that named a person by a string now point at the person's record.

Reviews, overrides, assessments, election-committee members and elected members of every election get
their person where exactly one person of that name matches in the unit: among the election's nominees
first (a committee election's candidates), else among the unit's residents; a party election's rows among
the members on its recommended lists, else its roll. Ambiguous or unmatched rows keep no person: they are listed on the "people to resolve" page for
the clerk (huanjie.reports.resolve). Nothing is guessed.

An elected member's education and party membership, typed in before, move onto the person's record where
the record has none (the resident; a party member who is no resident: the roll's row) — the columns are
dropped by polling.0008. Previous-term rows were imported without ID numbers: they stay flagged for the
clerk's confirmation (never matched by name alone).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import migrations

from huanjie.voters.people import MEMBER, RESIDENT, person_ref


class _Finder:
    def __init__(self, apps: Any) -> None:
        self.apps = apps
        self.cache: dict[int, tuple[bool, dict[str, set[int]], dict[str, set[int]], dict[str, set[Any]]]] = {}

    def _load(self, election: Any) -> tuple[bool, dict[str, set[int]], dict[str, set[int]], dict[str, set[Any]]]:
        if election.pk in self.cache:
            return self.cache[election.pk]
        nominees: dict[str, set[int]] = defaultdict(set)
        residents: dict[str, set[int]] = defaultdict(set)
        roll: dict[str, set[Any]] = defaultdict(set)
        party = election.kind == "party_branch"
        if party:  # the members on the recommended lists first, then the whole roll
            members = self.apps.get_model("party", "PartyMember").objects.filter(election=election)
            listed: dict[str, set[Any]] = defaultdict(set)
            for pk, name, resident in members.filter(candidacies__isnull=False).values_list(
                "pk", "name", "resident_id"
            ):
                listed[name].add((pk, resident))
            for pk, name, resident in members.values_list("pk", "name", "resident_id"):
                roll[name].add((pk, resident))
            roll.update(listed)
        else:
            noms = self.apps.get_model("candidates", "Nomination").objects.filter(election=election)
            for name, resident in noms.values_list("resident__name", "resident_id"):
                nominees[name].add(resident)
        for pk, name in (
            self.apps.get_model("voters", "Resident").objects.filter(unit_id=election.unit_id).values_list("pk", "name")
        ):
            residents[name].add(pk)
        self.cache[election.pk] = (party, nominees, residents, roll)
        return self.cache[election.pk]

    def person(self, election: Any, name: str, *, nominees_first: bool = True) -> dict[str, Any] | None:
        """{"ref", "resident_id", "member_id"} of the one person of that name, or None."""
        party, nominees, residents, roll = self._load(election)
        name = name.strip()
        if party:
            found = roll.get(name, set())
            if len(found) != 1:
                return None
            (member, resident) = next(iter(found))
            return {"ref": person_ref(election.pk, MEMBER, member), "resident_id": resident, "member_id": member}
        if nominees_first and nominees.get(name):
            found = nominees[name]
        else:
            found = residents.get(name, set())
        if len(found) != 1:
            return None
        resident = next(iter(found))
        return {"ref": person_ref(election.pk, RESIDENT, resident), "resident_id": resident, "member_id": None}


def forward(apps: Any, schema_editor: Any) -> None:
    finder = _Finder(apps)
    for label in ("Review", "Override", "Assessment"):
        model = apps.get_model("candidates", label)
        for row in model.objects.filter(ref="").select_related("election").order_by("pk"):
            found = finder.person(row.election, row.name)
            if found is not None:
                for key, value in found.items():
                    setattr(row, key, value)
                row.save(update_fields=["ref", "resident", "member"])
    committee = apps.get_model("candidates", "CommitteeMember")
    for row in committee.objects.filter(resident__isnull=True).select_related("election").order_by("pk"):
        found = finder.person(row.election, row.name, nominees_first=False)
        if found is not None and found["member_id"] is None:
            row.resident_id = found["resident_id"]
            row.save(update_fields=["resident"])
    resident_model = apps.get_model("voters", "Resident")
    member_model = apps.get_model("party", "PartyMember")
    elected = apps.get_model("polling", "ElectedMember")
    for row in elected.objects.select_related("election").order_by("pk"):
        if row.resident_id is None and row.member_id is None:
            found = finder.person(row.election, row.name)
            if found is None:
                continue
            row.resident_id, row.member_id = found["resident_id"], found["member_id"]
            row.ref = row.ref or found["ref"]
            row.save(update_fields=["resident", "member", "ref"])
        _move_details(row, resident_model, member_model)


def _move_details(row: Any, resident_model: Any, member_model: Any) -> None:
    """The typed-in education and party membership onto the person's record, where it has none."""
    if row.resident_id is not None:
        resident = resident_model.objects.get(pk=row.resident_id)
        changed = []
        if row.education and not resident.education:
            resident.education = row.education
            changed.append("education")
        party = True if row.member_id is not None else row.party_member
        if party is not None and resident.party_member is None:
            resident.party_member = party
            changed.append("party_member")
        if changed:
            resident.save(update_fields=changed)
    elif row.member_id is not None and row.education:
        member = member_model.objects.get(pk=row.member_id)
        if not member.education:
            member.education = row.education
            member.save(update_fields=["education"])


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_previous_member_person"),
        ("candidates", "0002_reviews_assessments_committee_by_person"),
        ("polling", "0009_contest_names_dropped"),
        ("party", "0003_seal_birth_dates"),
        ("voters", "0008_person_education_and_party"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
