"""Writes to rounds and elections. Each action: one transaction, guards, exactly one audit event."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, check, current, is_system, publish, unchanged, user_of
from huanjie.core.errors import ActionError, FileRejected, RowError
from huanjie.core.tabular import read_table
from huanjie.elections import notices, snapshot
from huanjie.elections.models import (
    DayChange,
    Election,
    ElectionStage,
    Evidence,
    Finding,
    Notice,
    Round,
    StageStatus,
)
from huanjie.elections.review import run_checks
from huanjie.elections.stages import BLOCKERS, FAMILY_OF, OPTIONAL
from huanjie.rules import calendar, profiles
from huanjie.rules.calendar import Stage, Violation
from huanjie.rules.explain import OL, Reason, for_body
from huanjie.units.access import in_scope
from huanjie.units.models import Body, BodyKind, Division, Level

FINISHING_STAGES = frozenset({Stage.RESULT, Stage.PARTY_RESULT_APPROVAL})


def refresh_progress(obj: object) -> None:
    """On-commit hook of the actions that move a stage or a day: today's roll-up snapshot of the streets
    of the elections the action's object names (an election, a stage, a day change, a round, or the
    elections of a bulk change)."""
    today = clock.today()
    if isinstance(obj, Round):
        streets = set(Election.objects.filter(round=obj).values_list("round_id", "street_id").distinct())
    else:
        if isinstance(obj, ElectionStage | DayChange):
            elections: Iterable[Election] = [obj.election]
        elif isinstance(obj, Election):
            elections = [obj]
        else:
            elections = list(obj)  # type: ignore[call-overload]
        streets = {(e.round_id, e.street_id) for e in elections}
    for round_id, street_id in streets:
        snapshot.refresh_street(today, round_id, street_id)


CORRECTION_ZH, CORRECTION_EN = "(更正)", " (correction)"


class GuardError(ActionError):
    """A stage completion refused by the statute's order or timing rules; each violation names its article."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(v.reason.text_en for v in violations))
        self.violations = violations


# --- rounds -------------------------------------------------------------------------------------------


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
    ElectionStage.objects.bulk_update(changed, ["opens", "due", "article", "rule_text_zh", "rule_text_en"])
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


# --- stages -------------------------------------------------------------------------------------------


def _order_violations(stage: ElectionStage, completed: dict[Stage, dt.date], on: dt.date) -> list[Violation]:
    out = []
    for before in calendar.REQUIRES.get(Stage(stage.key), ()):
        done = completed.get(before)
        if done is None or done > on:
            out.append(
                Violation(
                    Stage(stage.key),
                    "order",
                    Reason(
                        "A2" if stage.key.startswith("party_") else "A1",
                        stage.article
                        or for_body((Reason("A1", f"{OL} Art.12–15", "", ""),), stage.election.kind)[
                            0
                        ].article,
                        f"须先完成前序步骤({before.value})。",
                        f"The step {before.value} must be completed first.",
                    ),
                )
            )
    return out


def guard_violations(stage: ElectionStage, completed_on: dt.date) -> list[Violation]:
    """What the statute says against completing this stage on this day (order and timing)."""
    election = stage.election
    completed = {
        Stage(s.key): s.completed_on
        for s in election.stages.all()
        if s.status == StageStatus.DONE and s.completed_on is not None
    }
    if election.election_day is None:
        return _order_violations(stage, completed, completed_on)
    profile = profiles.load(election.round.profile)
    return calendar.check_completion(
        Stage(stage.key), completed_on, election.election_day, profile, completed, election.kind
    )


def _open_objections(election: Election, published: dt.date) -> None:
    """B5 / OL Art.14: the objection window runs from the day the list was actually posted."""
    profile = profiles.load(election.round.profile)
    last_lodge = calendar.objection_window(published, profile)
    election.stages.filter(key=Stage.OBJECTIONS).update(
        opens=published, due=calendar.objection_decision_due(last_lodge, profile)
    )


@dataclass(frozen=True)
class Completion:
    stage: ElectionStage
    notice: Notice | None
    findings: list[Finding]


@action(
    "stage.complete",
    capability=Capability.EDIT_UNITS,
    scope=lambda stage: stage.election.unit,
    public="stages",
    on_commit=[refresh_progress],
)
def do_complete_stage(
    stage: ElectionStage,
    *,
    completed_on: dt.date,
    actor: Actor,
    notes: str = "",
    override: str = "",
    evidence: tuple[str, bytes] | None = None,
) -> Completion:
    """Record a stage as done. Guards refuse out-of-order or late completion with the article; a district
    administrator may override with a written justification, which is recorded and becomes a finding."""
    election = stage.election
    if stage.status != StageStatus.PENDING:
        raise ActionError(_("This stage is already recorded."))
    for blocker in BLOCKERS:
        why = blocker(stage)
        if why:
            raise ActionError(why)
    if completed_on > clock.today():
        raise ActionError(_("A stage cannot be completed on a future date."), field="completed_on")
    violations = guard_violations(stage, completed_on)
    if violations and not override.strip():
        raise GuardError(violations)
    if violations:
        check(actor, Capability.OVERRIDE_GUARDS, None)
    notices.refuse_id_numbers(notes=notes)  # a stage's notes go into its notice
    kind = check_evidence(*evidence) if evidence else None
    if evidence and kind and not is_system(actor):
        _store_evidence(stage, evidence[0], evidence[1], kind, actor)
    stage.status, stage.completed_on, stage.completed_by = StageStatus.DONE, completed_on, user_of(actor)
    stage.notes, stage.override = notes.strip(), override.strip() if violations else ""
    stage.save(update_fields=["status", "completed_on", "completed_by", "notes", "override"])
    findings = [
        Finding.objects.create(
            round=election.round,
            unit=election.unit,
            election=election,
            stage=stage.key,
            code=f"override_{v.kind}",
            article=v.reason.article,
            severity=Finding.Severity.HIGH,
            source=Finding.Source.OVERRIDE,
            text_zh=f"{v.reason.text_zh} 经区换届办批准越过:{stage.override}",
            text_en=f"{v.reason.text_en} Overridden by the district office: {stage.override}",
            found_on=completed_on,
            created_by=user_of(actor),
        )
        for v in violations
    ]
    if stage.key == Stage.VOTER_LIST:
        _open_objections(election, completed_on)
    notice = _publish(stage, actor) if stage.publishes_notice else None
    if stage.key in FINISHING_STAGES:
        election.finished_on = completed_on
        election.save(update_fields=["finished_on"])
    audit(
        obj=stage,
        division_path=election.unit.path,
        after={
            "stage": stage.key,
            "completed_on": completed_on,
            "notes": stage.notes,
            "override": stage.override,
            "violations": [v.reason.rule for v in violations],
            "notice": notice.pk if notice else None,
        },
    )
    return Completion(stage, notice, findings)


EVIDENCE_TYPES = {b"%PDF": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG": "image/png"}
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def _evidence_type(data: bytes) -> str | None:
    return next((kind for magic, kind in EVIDENCE_TYPES.items() if data.startswith(magic)), None)


def check_evidence(name: str, data: bytes) -> str:
    """The file's real type (read from its first bytes, not its name), or an error."""
    kind = _evidence_type(data)
    if kind is None:
        raise ActionError(_("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name}, field="evidence")
    if len(data) > EVIDENCE_MAX_BYTES:
        raise ActionError(_("%(name)s is larger than 10 MB.") % {"name": name}, field="evidence")
    return kind


def _store_evidence(stage: ElectionStage, name: str, data: bytes, kind: str, actor: User) -> Evidence:
    digest = hashlib.sha256(data).hexdigest()
    evidence = Evidence(
        stage=stage,
        original_name=name[:200],
        content_type=kind,
        size=len(data),
        sha256=digest,
        uploaded_by=actor,
    )
    evidence.file.save(digest, ContentFile(data), save=False)
    evidence.save()
    return evidence


@action("stage.attach_evidence", capability=Capability.EDIT_UNITS, scope=lambda stage: stage.election.unit)
def do_attach_evidence(stage: ElectionStage, *, name: str, data: bytes, actor: User) -> Evidence:
    kind = check_evidence(name, data)
    evidence = _store_evidence(stage, name, data, kind, actor)
    audit(
        obj=evidence,
        division_path=stage.election.unit.path,
        after={"stage": stage.key, "file": name, "sha256": evidence.sha256, "size": len(data)},
    )
    return evidence


@action(
    "stage.not_applicable",
    capability=Capability.EDIT_UNITS,
    scope=lambda stage: stage.election.unit,
    public="stages",
    on_commit=[refresh_progress],
)
def do_mark_not_applicable(stage: ElectionStage, *, reason: str, actor: Actor) -> ElectionStage:
    """A stage that this election does not need — a runoff when every seat was filled on the day."""
    if stage.key not in OPTIONAL:
        raise ActionError(_("Every election must go through this stage."))
    if stage.status != StageStatus.PENDING:
        raise ActionError(_("This stage is already recorded."))
    if not reason.strip():
        raise ActionError(_("Say why the stage is not needed."), field="reason")
    stage.status, stage.notes = StageStatus.NOT_APPLICABLE, reason.strip()
    stage.save(update_fields=["status", "notes"])
    audit(
        obj=stage,
        division_path=stage.election.unit.path,
        after={"stage": stage.key, "reason": stage.notes},
    )
    return stage


def _publish(stage: ElectionStage, actor: Actor) -> Notice:
    return publish_notice(stage.election, stage=stage.key, text=notices.compose(stage), actor=actor)


def publish_notice(
    election: Election,
    *,
    stage: str,
    text: notices.NoticeText,
    actor: Actor | None,
    replaces: Notice | None = None,
) -> Notice:
    """Publish a notice: hashed over exactly what the bulletin shows, never edited afterwards. The caller
    holds the transaction and writes the audit event. Times are stored and hashed in UTC, so that the hash
    can be recomputed from what the database returns."""
    notices.refuse_id_numbers(**{f.name: getattr(text, f.name) for f in dataclasses.fields(text)})
    now = clock.now().astimezone(dt.UTC)
    version = replaces.version + 1 if replaces else 1
    digest = notices.content_hash(
        text, unit_code=election.unit.code, stage=stage, published_at=now.isoformat(), version=version
    )
    if current() is not None:
        publish("notices")  # the bulletin shows it: the action that publishes it announces a publication
    return Notice.objects.create(
        round=election.round,
        unit=election.unit,
        election=election,
        stage=stage,
        title_zh=text.title_zh,
        title_en=text.title_en,
        body_zh=text.body_zh,
        body_en=text.body_en,
        issuer_zh=text.issuer_zh,
        issuer_en=text.issuer_en,
        published_at=now,
        version=version,
        replaces=replaces,
        sha256=digest,
        created_by=user_of(actor) if actor is not None else None,  # None: an unconverted caller
    )


@action(
    "notice.correct", capability=Capability.EDIT_UNITS, scope=lambda notice: notice.unit, public="notices"
)
def do_correct_notice(notice: Notice, *, body_zh: str, body_en: str, actor: User) -> Notice:
    """Publish a correction: a new version that points to the notice it replaces; the old one stays."""
    if hasattr(notice, "replaced_by"):
        raise ActionError(_("This notice has already been corrected; correct the newest version."))
    if not body_zh.strip() or not body_en.strip():
        raise ActionError(_("A correction needs its text in Chinese and in English."), field="body_zh")
    notices.refuse_id_numbers(body_zh=body_zh, body_en=body_en)
    now = timezone.now()
    # A correction's title carries its mark once, however many times it is corrected; the hash covers
    # the title as stored, so the bulletin can verify a correction like any other notice.
    text = notices.NoticeText(
        f"{notice.title_zh.removesuffix(CORRECTION_ZH)}{CORRECTION_ZH}",
        f"{notice.title_en.removesuffix(CORRECTION_EN)}{CORRECTION_EN}",
        body_zh.strip(),
        body_en.strip(),
        notice.issuer_zh,
        notice.issuer_en,
    )
    digest = notices.content_hash(
        text,
        unit_code=notice.unit.code,
        stage=notice.stage,
        published_at=now.isoformat(),
        version=notice.version + 1,
    )
    corrected = Notice.objects.create(
        round=notice.round,
        unit=notice.unit,
        election=notice.election,
        stage=notice.stage,
        title_zh=text.title_zh,
        title_en=text.title_en,
        body_zh=text.body_zh,
        body_en=text.body_en,
        issuer_zh=notice.issuer_zh,
        issuer_en=notice.issuer_en,
        published_at=now,
        version=notice.version + 1,
        replaces=notice,
        sha256=digest,
        created_by=user_of(actor),
    )
    audit(
        obj=corrected,
        division_path=notice.unit.path,
        before={"notice": notice.pk, "sha256": notice.sha256},
        after={"sha256": digest},
    )
    return corrected


# --- findings -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewSummary:
    new: int
    already_known: int


@action("round.review", capability=Capability.MANAGE_ROUNDS, scope=lambda rnd: rnd.district)
def do_run_review(rnd: Round, *, today: dt.date, actor: Actor) -> ReviewSummary:
    """Run every review check over the round; new hits become findings, known ones are left as they are."""
    hits = run_checks(rnd, today)
    new = 0
    for hit in hits:
        exists = Finding.objects.filter(
            round=rnd,
            unit=hit.unit,
            election=hit.election,
            stage=hit.stage,
            code=hit.code,
            source=Finding.Source.REVIEW,
        ).exists()
        if exists:
            continue
        Finding.objects.create(
            round=rnd,
            unit=hit.unit,
            election=hit.election,
            stage=hit.stage,
            code=hit.code,
            article=hit.article,
            severity=hit.severity,
            source=Finding.Source.REVIEW,
            text_zh=hit.text_zh,
            text_en=hit.text_en,
            found_on=today,
            rectification_due=today + dt.timedelta(days=15),
            created_by=user_of(actor),
        )
        new += 1
    audit(
        obj=rnd,
        division_path=rnd.district.path,
        after={"hits": len(hits), "new": new, "today": today},
    )
    return ReviewSummary(new=new, already_known=len(hits) - new)


@action("finding.record", capability=Capability.RECORD_FINDINGS, scope=lambda unit: unit, on="unit")
def do_record_finding(
    *,
    rnd: Round,
    unit: Division,
    text_zh: str,
    text_en: str,
    severity: str,
    rectification_due: dt.date | None,
    actor: Actor,
    source: str = Finding.Source.MANUAL,
    reference: str = "",
    stage: str = "",
    article: str = "",
    election: Election | None = None,
    found_on: dt.date | None = None,
) -> Finding:
    if not unit.path.startswith(rnd.district.path):
        raise ActionError(_("That unit is not in this round."), field="unit")
    if not text_zh.strip() and not text_en.strip():
        raise ActionError(_("Describe the problem."), field="text_zh")
    if severity not in Finding.Severity.values:
        raise ActionError(_("Unknown severity."), field="severity")
    found = found_on or clock.today()
    if rectification_due is not None and rectification_due < found:
        raise ActionError(
            _("The rectification deadline cannot be before the day it was found."), field="rectification_due"
        )
    finding = Finding.objects.create(
        round=rnd,
        unit=unit,
        election=election,
        stage=stage,
        code=source,
        article=article,
        severity=severity,
        source=source,
        reference=reference,
        text_zh=text_zh.strip() or text_en.strip(),
        text_en=text_en.strip() or text_zh.strip(),
        found_on=found,
        rectification_due=rectification_due,
        created_by=user_of(actor),
    )
    audit(
        obj=finding,
        division_path=unit.path,
        after={
            "text": finding.text_zh,
            "severity": severity,
            "source": source,
            "rectification_due": rectification_due,
        },
    )
    return finding


@action("finding.close", capability=Capability.RECORD_FINDINGS, scope=lambda finding: finding.unit)
def do_close_finding(finding: Finding, *, resolution: str, closed_on: dt.date, actor: Actor) -> Finding:
    if finding.closed_on is not None:
        raise ActionError(_("This finding is already closed."))
    if not resolution.strip():
        raise ActionError(_("Say what was done to rectify it."), field="resolution")
    if closed_on < finding.found_on:
        raise ActionError(_("A finding cannot be closed before it was found."), field="closed_on")
    finding.closed_on, finding.resolution, finding.closed_by = closed_on, resolution.strip(), user_of(actor)
    finding.save(update_fields=["closed_on", "resolution", "closed_by"])
    audit(
        obj=finding,
        division_path=finding.unit.path,
        after={"closed_on": closed_on, "resolution": finding.resolution},
    )
    return finding
