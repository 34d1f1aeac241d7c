"""Writes to rounds and elections, through core.actions (capability, scope, one transaction, exactly one
audit event). One module per kind of record; everything is importable from here as before."""

from __future__ import annotations

from huanjie.elections.actions.common import (
    CORRECTION_EN,
    CORRECTION_ZH,
    FINISHING_STAGES,
    GuardError,
    refresh_progress,
)
from huanjie.elections.actions.completion import (
    EVIDENCE_MAX_BYTES,
    EVIDENCE_TYPES,
    Completion,
    check_evidence,
    do_attach_evidence,
    do_complete_stage,
    do_correct_notice,
    do_mark_not_applicable,
    guard_violations,
    publish_notice,
)
from huanjie.elections.actions.findings import (
    ReviewSummary,
    do_close_finding,
    do_record_finding,
    do_run_review,
)
from huanjie.elections.actions.rounds import (
    BODY_ALIASES,
    DAY_COLUMNS,
    do_decide_day_change,
    do_import_election_days,
    do_open_round,
    do_request_day_change,
    do_set_election_day,
    do_set_election_days,
)

__all__ = [
    "BODY_ALIASES",
    "CORRECTION_EN",
    "CORRECTION_ZH",
    "DAY_COLUMNS",
    "EVIDENCE_MAX_BYTES",
    "EVIDENCE_TYPES",
    "FINISHING_STAGES",
    "Completion",
    "GuardError",
    "ReviewSummary",
    "check_evidence",
    "do_attach_evidence",
    "do_close_finding",
    "do_complete_stage",
    "do_correct_notice",
    "do_decide_day_change",
    "do_import_election_days",
    "do_mark_not_applicable",
    "do_open_round",
    "do_record_finding",
    "do_request_day_change",
    "do_run_review",
    "do_set_election_day",
    "do_set_election_days",
    "guard_violations",
    "publish_notice",
    "refresh_progress",
]
