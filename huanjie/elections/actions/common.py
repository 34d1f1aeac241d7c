"""What the elections' actions share: the progress hook, the guard's error, the correction marks."""

from __future__ import annotations

from collections.abc import Iterable

from huanjie.core import clock
from huanjie.core.errors import ActionError
from huanjie.elections import snapshot
from huanjie.elections.models import (
    DayChange,
    Election,
    ElectionStage,
    Round,
)
from huanjie.rules.calendar import Stage, Violation

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


CORRECTION_ZH, CORRECTION_EN = "（更正）", " (correction)"


class GuardError(ActionError):
    """A stage completion refused by the statute's order or timing rules; each violation names its article."""

    def __init__(self, violations: list[Violation]) -> None:
        super().__init__("; ".join(v.reason.text_en for v in violations))
        self.violations = violations
