"""Writes of the statistics: the previous term's teams. Each action: one transaction, guards, one audit event."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability, can
from huanjie.auditlog.record import record
from huanjie.core.errors import NotAllowed
from huanjie.elections.models import Election, Round
from huanjie.reports.models import PreviousMember
from huanjie.reports.previous import PreviousRow, parse
from huanjie.units.access import in_scope
from huanjie.units.models import Division


def _units(rnd: Round, actor: User | None) -> dict[str, Division]:
    units = Division.objects.filter(pk__in=Election.objects.filter(round=rnd).values("unit"))
    return {u.code: u for u in units if actor is None or in_scope(actor, u)}


def do_import_previous_term(rnd: Round, file_name: str, data: bytes, *, actor: User | None) -> int:
    """Replace the previous teams of the units the file lists; FileRejected (nothing written) on any bad row."""
    if actor is not None and (not can(actor, Capability.MANAGE_ROUNDS) or not in_scope(actor, rnd.district)):
        raise NotAllowed(_("Your role may not do this here."))
    rows = parse(file_name, data, _units(rnd, actor))
    return save_previous(rnd, rows, actor=actor, source=file_name)


def save_previous(rnd: Round, rows: list[PreviousRow], *, actor: User | None, source: str) -> int:
    units = {r.unit.pk for r in rows}
    with transaction.atomic():
        replaced, _by_model = PreviousMember.objects.filter(round=rnd, unit__in=units).delete()
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
            )
            for r in rows
        )
        record(
            "reports.import_previous_term",
            actor=actor,
            obj=rnd,
            division_path=rnd.district.path,
            before={"members": replaced},
            after={"file": source, "units": len(units), "members": len(rows)},
        )
    return len(rows)
