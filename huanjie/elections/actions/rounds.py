"""Rounds and their election days: opening a round, fixing days (one, a street's, a file's), and
the requests to postpone or advance a day with their decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.core.actions import Actor, action, audit, check, is_system, unchanged
from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.tabular import read_table
from huanjie.elections.actions.common import (
    refresh_progress,
)
from huanjie.elections.models import (
    DayChange,
    Election,
    ElectionStage,
    Round,
)
from huanjie.elections.stages import FAMILY_OF
from huanjie.rules import calendar, profiles
from huanjie.units.access import in_scope
from huanjie.units.models import Body, BodyKind, Division, Level


@action(
    "round.open",
    capability=Capability.MANAGE_ROUNDS,
    scope=lambda district: district,
    on="district",
    public="rounds",
)
def do_open_round(
    *,
    district: Division,
    name: str,
    profile: str,
    starts_on: dt.date,
    ends_on: dt.date,
    bodies: Iterable[str],
    actor: Actor,
) -> Round:
    """Open a round: one election per unit and electing body, each with its statutory stages."""
    bodies = sorted(set(bodies))
    if district.level != Level.DISTRICT:
        raise ActionError(_("A round is opened for a district."), field="district")
    if profile not in profiles.available():
        raise ActionError(_("Unknown province profile %(name)s.") % {"name": profile}, field="profile")
    if not name.strip():
        raise ActionError(_("The round needs a name."), field="name")
    if ends_on <= starts_on:
        raise ActionError(_("The round must end after it starts."), field="ends_on")
    if not bodies or not set(bodies) <= set(BodyKind.values):
        raise ActionError(_("Choose the bodies that elect in this round."), field="bodies")
    rnd = Round.objects.create(
        name=name.strip(),
        district=district,
        profile=profile,
        starts_on=starts_on,
        ends_on=ends_on,
        bodies=bodies,
    )
    body_rows = Body.objects.filter(unit__path__startswith=district.path, kind__in=bodies).select_related(
        "unit"
    )
    # A unit always sits under a street (the import guarantees it), so parent_id is never None here.
    elections = Election.objects.bulk_create(
        Election(round=rnd, body=b, unit=b.unit, street_id=int(b.unit.parent_id or 0), kind=b.kind)
        for b in body_rows
    )
    ElectionStage.objects.bulk_create(
        ElectionStage(
            election=e, key=key, family=FAMILY_OF[key], seq=i, publishes_notice=key in calendar.PUBLISHES
        )
        for e in elections
        for i, key in enumerate(calendar.stages(e.kind))
    )
    audit(
        obj=rnd,
        division_path=district.path,
        after={
            "name": rnd.name,
            "profile": profile,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "bodies": bodies,
            "elections": len(elections),
        },
    )
    return rnd


# --- election days ------------------------------------------------------------------------------------


def _apply_windows(election: Election) -> list[ElectionStage]:
    """Recompute every stage's window from the election day (A1, A2 via the rules engine)."""
    profile = profiles.load(election.round.profile)
    rows = {s.key: s for s in election.stages.all()}
    changed = []
    for window in (
        calendar.deadlines(profile, election.kind, election.election_day) if election.election_day else []
    ):
        row = rows.get(window.stage)
        if row is None:
            continue
        reason = window.reason
        row.opens, row.due = window.opens, window.due
        row.article = reason.article if reason else ""
        row.rule_text_zh = reason.text_zh if reason else ""
        row.rule_text_en = reason.text_en if reason else ""
        changed.append(row)
        # One plain UPDATE a stage: bulk_update's CASE of every row for every field costs several times
        # more to build than these do to run (a round sets the days of hundreds of elections).
        ElectionStage.objects.filter(pk=row.pk).update(
            opens=row.opens,
            due=row.due,
            article=row.article,
            rule_text_zh=row.rule_text_zh,
            rule_text_en=row.rule_text_en,
        )
    return changed


def _check_day(election: Election, day: dt.date) -> None:
    rnd = election.round
    if not rnd.starts_on <= day <= rnd.ends_on:
        raise ActionError(
            _("The election day must fall within the round, %(start)s to %(end)s.")
            % {"start": rnd.starts_on, "end": rnd.ends_on},
            field="election_day",
        )


def _check_days(days: dict[Election, dt.date], actor: Actor) -> None:
    for election, day in days.items():
        check(actor, Capability.SCHEDULE_ELECTIONS, election.unit)
        if election.election_day is not None and election.election_day != day:
            raise ActionError(
                _(
                    "%(body)s already has an election day (%(day)s); changing it needs a request and an approval."
                )
                % {"body": election.body.name, "day": election.election_day},
                field="election_day",
            )
        _check_day(election, day)


def _set_days(days: dict[Election, dt.date]) -> list[Election]:
    changed = [e for e, day in days.items() if e.election_day != day]
    for election in changed:
        election.election_day = days[election]
        election.save(update_fields=["election_day"])
        _apply_windows(election)
    return changed


@action(
    "election.set_days",
    capability=Capability.SCHEDULE_ELECTIONS,
    public="election days",
    on_commit=[refresh_progress],
)
def do_set_election_days(days: dict[Election, dt.date], *, actor: Actor) -> int:
    """Fix election days for elections that have none yet (one, or a street's in bulk).

    Changing a day already fixed is a postponement or advance: `do_request_day_change`.
    """
    return _fix_days(days, actor)


@action(
    "election.set_days",
    capability=Capability.SCHEDULE_ELECTIONS,
    public="election days",
    on_commit=[refresh_progress],
)
def do_set_election_day(election: Election, day: dt.date, *, actor: Actor) -> None:
    _fix_days({election: day}, actor)


def _fix_days(days: dict[Election, dt.date], actor: Actor) -> int:
    _check_days(days, actor)
    changed = _set_days(days)
    if not changed:
        unchanged()  # the same days again: nothing to record
        return 0
    rnd = changed[0].round
    audit(rnd, division_path=rnd.district.path, after={str(e.pk): days[e] for e in changed})
    return len(changed)


DAY_COLUMNS = {
    "unit_code": "unit_code",
    "村(社区)代码": "unit_code",
    "区划代码": "unit_code",
    "body": "body",
    "组织": "body",
    "election_day": "election_day",
    "选举日": "election_day",
}
BODY_ALIASES = {
    "party_branch": BodyKind.PARTY_BRANCH,
    "党组织": BodyKind.PARTY_BRANCH,
    "党支部": BodyKind.PARTY_BRANCH,
    "villagers_committee": BodyKind.VILLAGERS_COMMITTEE,
    "村委会": BodyKind.VILLAGERS_COMMITTEE,
    "村民委员会": BodyKind.VILLAGERS_COMMITTEE,
    "residents_committee": BodyKind.RESIDENTS_COMMITTEE,
    "居委会": BodyKind.RESIDENTS_COMMITTEE,
    "居民委员会": BodyKind.RESIDENTS_COMMITTEE,
}


@action(
    "election.import_days",
    capability=Capability.SCHEDULE_ELECTIONS,
    public="election days",
    on_commit=[refresh_progress],
)
def do_import_election_days(rnd: Round, file_name: str, data: bytes, *, actor: Actor) -> int:
    """Election days from a spreadsheet: every row checked, all set or none."""
    _columns, rows = read_table(file_name, data, DAY_COLUMNS, {"unit_code", "body", "election_day"})
    elections = {
        (e.unit.code, e.kind): e
        for e in Election.objects.filter(round=rnd).select_related("unit", "body", "round")
    }
    errors: list[RowError] = []
    days: dict[Election, dt.date] = {}
    for number, cells in rows:
        kind = BODY_ALIASES.get(cells["body"].strip().lower(), "")
        if not kind:
            errors.append(RowError(number, "body", "body", f"unknown body {cells['body']!r}"))
            continue
        election = elections.get((cells["unit_code"], kind))
        if election is None or (not is_system(actor) and not in_scope(actor, election.unit)):
            errors.append(
                RowError(
                    number,
                    "unit_code",
                    "unit",
                    f"no {kind} election of unit {cells['unit_code']} in your scope",
                )
            )
            continue
        try:
            day = dt.date.fromisoformat(cells["election_day"].replace("/", "-")[:10])
        except ValueError:
            errors.append(
                RowError(
                    number, "election_day", "date", f"not a date: {cells['election_day']!r} (YYYY-MM-DD)"
                )
            )
            continue
        if election in days:
            errors.append(
                RowError(number, "unit_code", "duplicate", "this election appears twice in the file")
            )
            continue
        try:
            _check_days({election: day}, actor)
        except ActionError as exc:
            errors.append(RowError(number, "election_day", "day", exc.message))
            continue
        days[election] = day
    if errors:
        raise FileRejected(errors)
    changed = _set_days(days)
    audit(
        obj=rnd,
        object_repr=file_name,
        division_path=rnd.district.path,
        after={"rows": len(rows), "changed": len(changed)},
    )
    return len(changed)


@action(
    "election.request_day_change",
    capability=Capability.SCHEDULE_ELECTIONS,
    scope=lambda election: election.unit,
)
def do_request_day_change(election: Election, to_day: dt.date, *, reason: str, actor: User) -> DayChange:
    if election.election_day is None:
        raise ActionError(_("No election day is fixed yet; fix one first."), field="to_day")
    if not reason.strip():
        raise ActionError(_("A postponement or advance needs a reason."), field="reason")
    if to_day == election.election_day:
        raise ActionError(_("That is the day already fixed."), field="to_day")
    _check_day(election, to_day)
    change = DayChange.objects.create(
        election=election,
        from_day=election.election_day,
        to_day=to_day,
        reason=reason.strip(),
        requested_by=actor,
    )
    audit(
        obj=change,
        division_path=election.unit.path,
        after={"from": change.from_day, "to": to_day, "reason": change.reason},
    )
    return change


@action(
    "election.decide_day_change",
    capability=Capability.MANAGE_ROUNDS,
    scope=lambda change: change.election.unit,
    public="election days",
    on_commit=[refresh_progress],
)
def do_decide_day_change(change: DayChange, *, approve: bool, note: str, actor: User) -> DayChange:
    election = change.election
    if change.status != DayChange.Status.PENDING:
        raise ActionError(_("This request has already been decided."))
    profile = profiles.load(election.round.profile)
    limit = profile.postpone_max_months
    if approve and limit is not None:
        months = abs(
            (change.to_day.year - change.from_day.year) * 12 + change.to_day.month - change.from_day.month
        )
        if months > limit or (months == limit and abs(change.to_day.day - change.from_day.day) > 0):
            raise ActionError(
                _("The profile allows a postponement or advance of at most %(n)d months (%(source)s).")
                % {"n": limit, "source": profile.source("postpone_max_months")}
            )
    change.status = DayChange.Status.APPROVED if approve else DayChange.Status.REFUSED
    change.decided_by, change.decided_at, change.decision_note = actor, timezone.now(), note.strip()
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    if approve:
        election.election_day = change.to_day
        election.save(update_fields=["election_day"])
        _apply_windows(election)
    audit(
        obj=change,
        division_path=election.unit.path,
        after={"status": change.status, "to": change.to_day, "note": change.decision_note},
    )
    return change
