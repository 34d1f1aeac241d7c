"""Writes to residents and voter rolls. Each action: one transaction, guards, exactly one audit event.

Objections are in `objections.py`; they change the roll through the helpers here.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, is_system
from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.uploads import Limits
from huanjie.elections.models import Election, Notice, Round
from huanjie.rules import eligibility, profiles
from huanjie.rules.calendar import Stage
from huanjie.units.models import BodyKind, Division
from huanjie.voters import bulk, staging
from huanjie.voters.importing import Checker, Table, Target, open_table, reason_text
from huanjie.voters.models import EXCLUSIONS, AddReason, RemoveReason, Resident, Voter, VoterStatus

COMMITTEES = (BodyKind.VILLAGERS_COMMITTEE, BodyKind.RESIDENTS_COMMITTEE)
Progress = Callable[[str, int, int], None]


def _committee(election: Election) -> None:
    if election.kind not in COMMITTEES:
        raise ActionError(_("Party elections have a member roll, not a voter roll."))


# --- import ---------------------------------------------------------------------------------------------


class ImportRejected(FileRejected):
    """A refused import: every error located; the notes say which rows would not have been registered."""

    def __init__(self, errors: list[RowError], notes: list[RowError]) -> None:
        super().__init__(errors, _("%(n)d error(s); nothing was imported.") % {"n": len(errors)})
        self.notes = notes


@dataclass(frozen=True)
class ImportSummary:
    rows: int
    registered: int
    excluded: int
    residents_added: int
    residents_updated: int
    voters_added: int
    notes: list[RowError] = field(default_factory=list)
    seconds: float = 0.0


def _targets(rnd: Round, actor: Actor) -> dict[str, Target]:
    rows = Election.objects.filter(round=rnd, kind__in=COMMITTEES).values_list(
        "unit__code", "unit__path", "unit_id", "pk", "election_day"
    )
    scope = actor.scope.path if not is_system(actor) and actor.scope is not None else ""
    return {
        code: Target(unit_id, pk, day, is_system(actor) or (bool(scope) and path.startswith(scope)))
        for code, path, unit_id, pk, day in rows
    }


@action("voters.import", capability=Capability.EDIT_UNITS, scope=lambda unit: unit, on="unit")
def do_import_voters(
    rnd: Round,
    file_name: str,
    data: bytes,
    *,
    unit: Division | None = None,
    actor: Actor,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> ImportSummary:
    """Import residents and register voters from a CSV or XLSX file: all rows or none.

    Every row is checked (GB 11643, B1–B4, duplicates in the file, B3 across the round's units); any error
    refuses the whole file with every error located. Re-importing the same file changes nothing.
    """
    started = time.monotonic()
    profile = profiles.load(rnd.profile)
    today = clock.today()
    targets = _targets(rnd, actor)
    if unit is not None and unit.code not in targets:
        raise ActionError(_("Unit %(code)s has no committee election in this round.") % {"code": unit.code})
    # A page's upload is held to the upload limits; the system's own (the command line, the demo) to the
    # expansion limit only — a district's file has a million rows.
    limits = limits or (Limits.commands() if is_system(actor) else Limits.uploads())
    estimate, columns, rows = open_table(file_name, data, limits)
    if unit is None and "unit_code" not in columns:
        raise FileRejected(
            [RowError(1, "unit_code", "header", _("The required column unit_code is missing."))]
        )
    tick: Callable[[int], None] | None = (lambda n: progress("check", n, estimate)) if progress else None
    checker = Checker(
        targets=targets, fixed_unit=unit.code if unit else None, profile=profile, today=today, progress=tick
    )
    result = checker.result
    _refuse_published(rnd, checker.units_named(columns, rows))
    if staging.postgres():
        # One import per round at a time: two files registering the same person would both pass B3.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7305, rnd.pk])
        # A district's first file puts the tables' foreign keys back NOT VALID (bulk.Direct): validated
        # once the rows are committed, outside the import's locks. Any import does it for what is pending.
        transaction.on_commit(staging.validate_pending_keys, robust=True)
    # A district's first file goes straight into the tables (bulk.py), slice by slice as it is checked
    # when nobody is registered in the round yet; every other through the staging table, where it is
    # compared with the residents on record (staging.py).
    way = bulk.route(rnd.pk, checker.units_named(columns, rows), estimate)
    if way is bulk.Route.PIPELINED:
        written = _import_pipelined(checker, columns, rows, rnd, today, estimate, progress)
    else:
        staged = checker.run(columns, rows)
        errors = list(result.errors)
        if not errors:
            if progress:
                progress("cross-check", result.rows, result.rows)
            if way is bulk.Route.STAGING:
                staging.create()
                staging.load(staged)
            found = bulk.conflicts(staged, rnd.pk) if way is bulk.Route.DIRECT else staging.conflicts(rnd.pk)
            errors = [_registered_elsewhere_error(c) for c in found]
        if errors:
            transaction.set_rollback(True)
            raise ImportRejected(sorted(errors, key=lambda e: (e.row, e.column)), result.notes)
        if progress:
            progress("write", result.rows, result.rows)
        if way is bulk.Route.DIRECT:
            writer = bulk.Direct(rnd.pk, today, len(staged))
            writer.add(staged)
            written = writer.finish()
        else:
            written = staging.write(rnd.pk, today, frozenset(columns))
            staging.drop()
    summary = ImportSummary(
        rows=result.rows,
        registered=result.registered,
        excluded=result.excluded,
        residents_added=written.residents_added,
        residents_updated=written.residents_updated,
        voters_added=written.voters_added,
        notes=result.notes,
        seconds=time.monotonic() - started,
    )
    audit(
        object_type="elections.round",
        object_id=str(rnd.pk),
        object_repr=f"{rnd.name}: {file_name}"[:200],
        division_path=(unit or rnd.district).path,
        after={
            "file": file_name,
            "unit": unit.code if unit else None,
            "rows": summary.rows,
            "registered": summary.registered,
            "excluded": summary.excluded,
            "not_registered": len(summary.notes),
            "residents_added": summary.residents_added,
            "residents_updated": summary.residents_updated,
            "voters_added": summary.voters_added,
        },
    )
    return summary


def _refuse_published(rnd: Round, units: list[int]) -> None:
    """Once a unit's voter list is published (OL Art.14), the roll changes only through the procedure the
    law gives: objections decided by the election committee, and additions and removals that appear on
    the supplementary list — never through an import, which would change the posted list unseen."""
    published = (
        Notice.objects.filter(
            round=rnd, stage=Stage.VOTER_LIST, election__unit_id__in=units, election__kind__in=COMMITTEES
        )
        .values_list("unit__code", "unit__name")
        .distinct()
        .order_by("unit__code")
    )
    errors = [
        RowError(
            0,
            "unit_code",
            "published",
            _(
                "The voter list of %(unit)s (%(code)s) is published: the roll now changes only through "
                "objections and the supplementary list (add or remove a voter on the roll page, decide "
                "objections on the objections page), not through an import."
            )
            % {"unit": name, "code": code},
        )
        for code, name in published
    ]
    if errors:
        raise FileRejected(errors, _("%(n)d error(s); nothing was imported.") % {"n": len(errors)})


def _registered_elsewhere_error(conflict: staging.Conflict) -> RowError:
    return RowError(
        conflict.row,
        "id_number",
        "B3",
        _("Already registered on the roll of %(unit)s (%(code)s) in this round.")
        % {"unit": conflict.unit_name, "code": conflict.unit_code},
    )


def _import_pipelined(
    checker: Checker,
    columns: list[str],
    rows: Table,
    rnd: Round,
    today: dt.date,
    estimate: int,
    progress: Progress | None,
) -> staging.Written:
    """Check the file a slice at a time while the slice before is COPYed (bulk.Direct). Nobody is
    registered in the round yet, so B3 cannot fail; any other error refuses the file as always — the
    caller's transaction, slices written so far included, is rolled back."""
    writer = bulk.Direct(rnd.pk, today, estimate)
    try:
        for part in checker.slices(columns, rows, size=bulk.SLICE, first=bulk.FIRST_SLICE):
            writer.add(part)
    except BaseException:
        writer.abandon()
        raise
    result = checker.result
    if result.errors:
        writer.abandon()
        transaction.set_rollback(True)
        raise ImportRejected(sorted(result.errors, key=lambda e: (e.row, e.column)), result.notes)
    if progress:
        progress("write", result.rows, result.rows)
    return writer.finish()


# --- the roll from the residents on record ------------------------------------------------------------


def _facts(resident: Resident, **extra: object) -> eligibility.VoterFacts:
    return eligibility.VoterFacts(
        birth_date=resident.birth_date,
        hukou_here=resident.hukou_here,
        lives_here=resident.lives_here,
        living_here_since=resident.living_since,
        **extra,  # type: ignore[arg-type]
    )


def _registered_elsewhere(election: Election, id_hashes: list[bytes]) -> dict[bytes, str]:
    """B3: of these persons, who is registered on another unit's roll in the round (hash → unit name)."""
    found: dict[bytes, str] = {}
    for start in range(0, len(id_hashes), 500):
        found.update(
            Voter.objects.filter(
                round_id=election.round_id,
                id_hash__in=id_hashes[start : start + 500],
                status=VoterStatus.REGISTERED,
            )
            .exclude(election=election)
            .values_list("id_hash", "election__unit__name")
        )
    return found


def _needs_day(election: Election) -> dt.date:
    if election.election_day is None:
        raise ActionError(_("Fix the election day first: ages are counted to it."))
    return election.election_day


@action("voters.build_roll", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_build_roll(election: Election, *, actor: Actor) -> int:
    """Register every resident of the unit whom the rules put on the roll without anything further to
    record (category 1; categories 2 and 3 need the statement, application and approval: `do_add_voter`).
    Residents registered on another unit's roll in the round are left out (B3). Returns how many."""
    _committee(election)
    day = _needs_day(election)
    profile = profiles.load(election.round.profile)
    today = clock.today()
    listed = set(Voter.objects.filter(election=election).values_list("resident_id", flat=True))
    candidates = [r for r in Resident.objects.filter(unit_id=election.unit_id) if r.pk not in listed]
    elsewhere = _registered_elsewhere(election, [r.id_hash for r in candidates])
    cache: dict[eligibility.VoterFacts, eligibility.EligibilityDecision] = {}
    new = []
    for resident in candidates:
        if resident.id_hash in elsewhere:
            continue
        facts = _facts(resident)
        decision = cache.get(facts) or cache.setdefault(
            facts, eligibility.check_voter(facts, day, profile, election.kind)
        )
        if decision.eligible:
            new.append(
                Voter(
                    election=election,
                    round_id=election.round_id,
                    resident=resident,
                    id_hash=resident.id_hash,
                    category=str(decision.category),
                    added_on=today,
                )
            )
    Voter.objects.bulk_create(new, batch_size=2000)
    audit(
        obj=election,
        division_path=election.unit.path,
        after={"registered": len(new), "left_out_registered_elsewhere": len(elsewhere)},
    )
    return len(new)


# --- changes to the roll ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """What registration requires and was recorded (B2)."""

    wish_statement: bool = False
    application_on: dt.date | None = None
    approval_on: dt.date | None = None
    approval_by: str = ""


def add_to_roll(
    election: Election, resident: Resident, *, reason: str, on: dt.date, registration: Registration, note: str
) -> Voter:
    """Put a resident on the roll after the rules engine's checks; the caller holds the transaction and
    writes the audit event."""
    day = _needs_day(election)
    if resident.unit_id != election.unit_id:
        raise ActionError(_("The person is not a resident of this unit."))
    if registration.approval_on and not registration.application_on:
        raise ActionError(
            _("An assembly approval needs the person's application first."), field="application_on"
        )
    profile = profiles.load(election.round.profile)
    provided = {
        n
        for n, present in (
            (eligibility.WISH_STATEMENT, registration.wish_statement),
            (eligibility.APPLICATION, registration.application_on is not None),
            (eligibility.ASSEMBLY_APPROVAL, registration.approval_on is not None),
        )
        if present
    }
    elsewhere = _registered_elsewhere(election, [resident.id_hash])
    facts = _facts(resident, provided=frozenset(provided), registered_elsewhere=bool(elsewhere))
    decision = eligibility.check_voter(facts, day, profile, election.kind)
    if not decision.eligible:
        why = " ".join(reason_text(r) for r in decision.reasons[:-1] or decision.reasons)
        raise ActionError(
            _("The rules do not put %(name)s on the roll: %(why)s") % {"name": resident.name, "why": why}
        )
    existing = Voter.objects.select_for_update().filter(election=election, resident=resident).first()
    if existing is not None and existing.status == VoterStatus.REGISTERED:
        raise ActionError(_("%(name)s is already on the roll.") % {"name": resident.name})
    now = timezone.now()
    voter = existing or Voter(election=election, round_id=election.round_id, resident=resident)
    voter.id_hash = resident.id_hash
    voter.category = str(decision.category)
    voter.status = VoterStatus.REGISTERED
    voter.added_on, voter.added_reason = on, reason
    voter.removed_on, voter.removed_reason = None, ""
    voter.note = note.strip()
    voter.wish_statement = registration.wish_statement
    voter.application_on, voter.approval_on = registration.application_on, registration.approval_on
    voter.approval_by = registration.approval_by or ("村民会议" if registration.approval_on else "")
    voter.changed_at = now if existing else None
    try:
        with transaction.atomic():
            voter.save()
    except IntegrityError:
        raise ActionError(_("The person is registered on another unit's roll in this round.")) from None
    return voter


@action("voters.add", capability=Capability.EDIT_UNITS, scope=lambda election: election.unit)
def do_add_voter(
    election: Election,
    resident: Resident,
    *,
    reason: str,
    on: dt.date,
    registration: Registration | None = None,
    note: str = "",
    actor: Actor,
) -> Voter:
    """Add a person to the roll: registration after the import, turning 18 by election day, moving in."""
    _committee(election)
    if reason not in AddReason.values or reason == AddReason.OBJECTION:
        raise ActionError(_("Choose why the person is added."), field="reason")
    if on > clock.today():
        raise ActionError(_("The date lies in the future."), field="on")
    voter = add_to_roll(
        election, resident, reason=reason, on=on, registration=registration or Registration(), note=note
    )
    audit(
        obj=voter,
        division_path=election.unit.path,
        after={"reason": reason, "on": on, "category": voter.category, "election": election.pk},
    )
    return voter


def remove_from_roll(voter: Voter, *, reason: str, on: dt.date, note: str) -> Voter:
    if voter.status != VoterStatus.REGISTERED:
        raise ActionError(_("%(name)s is not on the roll.") % {"name": voter.resident.name})
    voter.status = VoterStatus.EXCLUDED if reason in EXCLUSIONS else VoterStatus.REMOVED
    voter.removed_on, voter.removed_reason = on, reason
    voter.note = "\n".join(t for t in (voter.note, note.strip()) if t)
    voter.changed_at = timezone.now()
    voter.save(update_fields=["status", "removed_on", "removed_reason", "note", "changed_at"])
    return voter


@action("voters.remove", capability=Capability.EDIT_UNITS, scope=lambda voter: voter.election.unit)
def do_remove_voter(voter: Voter, *, reason: str, on: dt.date, note: str = "", actor: Actor) -> Voter:
    """Take a person off the roll: moved away, died, deprived of political rights, lost legal capacity."""
    election = voter.election
    if reason not in RemoveReason.values or reason == RemoveReason.OBJECTION:
        raise ActionError(_("Choose why the person is taken off the roll."), field="reason")
    if on > clock.today():
        raise ActionError(_("The date lies in the future."), field="on")
    remove_from_roll(voter, reason=reason, on=on, note=note)
    audit(
        obj=voter,
        division_path=election.unit.path,
        after={"reason": reason, "on": on, "status": voter.status, "election": election.pk},
    )
    return voter
