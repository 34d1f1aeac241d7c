"""Writes of the statistics: the previous term's teams. Each action: one transaction, guards, one audit event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, is_system
from huanjie.elections.models import Election, Round
from huanjie.reports.models import PreviousMember
from huanjie.reports.previous import PreviousRow, parse
from huanjie.units.access import in_scope
from huanjie.units.models import Division

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


def _replace(rnd: Round, rows: list[PreviousRow], *, source: str) -> None:
    units = {r.unit.pk for r in rows}
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
    audit(
        rnd,
        before={"members": replaced},
        after={"file": source, "units": len(units), "members": len(rows)},
    )
