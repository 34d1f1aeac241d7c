"""Writes of the statistics: the previous term's teams. Each action: one transaction, guards, one audit event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, is_system
from huanjie.elections.models import Election, Round
from huanjie.reports.models import Match, PreviousMember
from huanjie.reports.previous import PreviousRow, parse
from huanjie.units.access import in_scope
from huanjie.units.models import Division
from huanjie.voters.models import Resident

HERE = gettext_lazy("Your role may not do this here.")


def _units(rnd: Round, actor: Actor) -> dict[str, Division]:
    units = Division.objects.filter(pk__in=Election.objects.filter(round=rnd).values("unit"))
    return {u.code: u for u in units if is_system(actor) or in_scope(actor, u)}


@action(
    "reports.import_previous_term",
    capability=Capability.MANAGE_ROUNDS,
    scope=lambda rnd: rnd.district,
    denied=HERE,
    outside=HERE,
)
def do_import_previous_term(rnd: Round, file_name: str, data: bytes, *, actor: Actor) -> int:
    """Replace the previous teams of the units the file lists; FileRejected (nothing written) on any bad row."""
    rows = parse(file_name, data, _units(rnd, actor))
    _replace(rnd, rows, source=file_name)
    return len(rows)


@action(
    "reports.import_previous_term",
    capability=Capability.MANAGE_ROUNDS,
    scope=lambda rnd: rnd.district,
    denied=HERE,
    outside=HERE,
)
def do_save_previous_term(rnd: Round, rows: list[PreviousRow], *, actor: Actor, source: str) -> int:
    """The same, from rows already read (the demo's previous term)."""
    _replace(rnd, rows, source=source)
    return len(rows)


def _matches(rows: list[PreviousRow]) -> dict[tuple[int, bytes], int]:
    """(unit, keyed hash) → the resident: by the hash alone, in one query per file."""
    hashes = {r.id_hash for r in rows if r.id_hash}
    if not hashes:
        return {}
    found = Resident.objects.filter(unit__in={r.unit.pk for r in rows}, id_hash__in=hashes)
    return {(unit, h): pk for pk, unit, h in found.values_list("pk", "unit_id", "id_hash")}


def _replace(rnd: Round, rows: list[PreviousRow], *, source: str) -> None:
    units = {r.unit.pk for r in rows}
    replaced, _by_model = PreviousMember.objects.filter(round=rnd, unit__in=units).delete()
    residents = _matches(rows)

    def person(r: PreviousRow) -> dict[str, object]:
        """Matched by the ID number's keyed hash, or flagged for the clerk (never by the name)."""
        resident = residents.get((r.unit.pk, r.id_hash)) if r.id_hash else None
        return {"resident_id": resident, "match": Match.BY_ID if resident else Match.FLAGGED}

    PreviousMember.objects.bulk_create(
        PreviousMember(
            round=rnd,
            unit=r.unit,
            body=r.body,
            post=r.post,
            name=r.name,
            sex=r.sex,
            birth_date=r.birth_date,
            education=r.education,
            party_member=r.party_member,
            ethnicity=r.ethnicity,
            elected_on=r.elected_on,
            **person(r),
        )
        for r in rows
    )
    matched = sum(1 for r in rows if r.id_hash and (r.unit.pk, r.id_hash) in residents)
    audit(
        rnd,
        before={"members": replaced},
        after={"file": source, "units": len(units), "members": len(rows), "matched_by_id": matched},
    )
