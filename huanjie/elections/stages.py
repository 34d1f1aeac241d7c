"""Stage names, families and notice kinds for the web app (the rules engine owns the order and dates)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from huanjie.rules.calendar import Stage

LABELS: dict[str, Promise] = {
    Stage.ELECTION_COMMITTEE: _("Election committee formed"),
    Stage.ELECTION_PLAN: _("Election plan adopted, election day announced"),
    Stage.VOTER_REGISTRATION: _("Voter registration"),
    Stage.VOTER_LIST: _("Voter list published"),
    Stage.OBJECTIONS: _("Objections decided"),
    Stage.NOMINATION: _("Nomination"),
    Stage.QUALIFICATION_REVIEW: _("Qualification review"),
    Stage.CANDIDATE_LIST: _("Formal candidate list published"),
    Stage.CANDIDATE_MEETINGS: _("Candidates meet the voters"),
    Stage.POLLING_NOTICE: _("Polling notice published"),
    Stage.PROXIES: _("Proxies and mobile ballot boxes"),
    Stage.POLLING: _("Polling day"),
    Stage.RUNOFF: _("Runoff"),
    Stage.RESULT: _("Result announced and filed"),
    Stage.HANDOVER: _("Handover"),
    Stage.ARCHIVE: _("Election archive"),
    Stage.PARTY_REQUEST: _("Request to the higher party committee"),
    Stage.PARTY_CANDIDATES: _("Candidates recommended"),
    Stage.PARTY_CANDIDATE_APPROVAL: _("Candidates approved by the higher committee"),
    Stage.PARTY_ASSEMBLY: _("Party members' assembly elects the committee"),
    Stage.PARTY_COMMITTEE_PLENARY: _("Committee elects secretary and deputy"),
    Stage.PARTY_RESULT_APPROVAL: _("Result approved by the higher committee"),
}

# Families group stages into the columns of the district's progress page.
FAMILIES: dict[str, tuple[Promise, tuple[str, ...]]] = {
    "preparation": (_("Preparation"), (Stage.ELECTION_COMMITTEE, Stage.ELECTION_PLAN, Stage.PARTY_REQUEST)),
    "registration": (_("Registration"), (Stage.VOTER_REGISTRATION, Stage.VOTER_LIST, Stage.OBJECTIONS)),
    "candidates": (
        _("Candidates"),
        (
            Stage.NOMINATION,
            Stage.QUALIFICATION_REVIEW,
            Stage.CANDIDATE_LIST,
            Stage.CANDIDATE_MEETINGS,
            Stage.PARTY_CANDIDATES,
            Stage.PARTY_CANDIDATE_APPROVAL,
        ),
    ),
    "polling": (
        _("Polling"),
        (
            Stage.POLLING_NOTICE,
            Stage.PROXIES,
            Stage.POLLING,
            Stage.RUNOFF,
            Stage.PARTY_ASSEMBLY,
            Stage.PARTY_COMMITTEE_PLENARY,
        ),
    ),
    "result": (
        _("Result and handover"),
        (Stage.RESULT, Stage.HANDOVER, Stage.ARCHIVE, Stage.PARTY_RESULT_APPROVAL),
    ),
}
FAMILY_OF: dict[str, str] = {
    stage: family for family, (_label, members) in FAMILIES.items() for stage in members
}

# Stages that need not happen in every election: a runoff only when seats remain unfilled.
OPTIONAL: frozenset[str] = frozenset({Stage.RUNOFF})


def label(stage: str) -> Promise | str:
    return LABELS.get(stage, stage)


# Other apps refuse a stage's completion for reasons found in their own records (polling: a result that is
# still provisional must not be published as final); elections imports nothing of theirs.
Blocker = Callable[[Any], str | None]
BLOCKERS: list[Blocker] = []


def blocker(check: Blocker) -> Blocker:
    """Register a check that returns why a stage (an ElectionStage) may not be completed yet, or None."""
    BLOCKERS.append(check)
    return check
