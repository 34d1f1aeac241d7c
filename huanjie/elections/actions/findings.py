"""Findings: the round's review, and findings recorded and closed by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from huanjie.accounts.roles import Capability
from huanjie.core import clock
from huanjie.core.actions import Actor, action, audit, user_of
from huanjie.core.errors import ActionError
from huanjie.elections.models import (
    Election,
    Finding,
    Round,
)
from huanjie.elections.review import run_checks
from huanjie.units.models import Division


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
