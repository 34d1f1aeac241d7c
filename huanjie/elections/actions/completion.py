"""Stages: completing one against the statute's guards (with its notice and evidence), marking one
not needed; notices published and corrected."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from huanjie.accounts.models import User
from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, check, current, is_system, publish, user_of
from huanjie.core.errors import ActionError
from huanjie.elections import notices
from huanjie.elections.actions.common import (
    CORRECTION_EN,
    CORRECTION_ZH,
    FINISHING_STAGES,
    GuardError,
    refresh_progress,
)
from huanjie.elections.models import (
    Election,
    ElectionStage,
    Evidence,
    Finding,
    Notice,
    StageStatus,
)
from huanjie.elections.stages import BLOCKERS, OPTIONAL
from huanjie.rules import calendar, profiles
from huanjie.rules.calendar import Stage, Violation
from huanjie.rules.explain import OL, Reason, for_body


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
                        f"须先完成前序步骤（{before.value}）。",
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
            text_zh=f"{v.reason.text_zh} 经区换届办批准越过：{stage.override}",
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
    actor: Actor,
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
    if current() is not None:  # (a test may make a notice as an old release did, outside any action)
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
        created_by=user_of(actor),
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
