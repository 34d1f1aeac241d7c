"""Review checks over the leading group's records, registered with the look-back review (回头看)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from huanjie.core.dates import zh_date
from huanjie.elections.models import ElectionStage, Round, StageStatus
from huanjie.elections.review import Hit, register
from huanjie.rules.calendar import Stage
from huanjie.supervision.models import Deadline, Publicity
from huanjie.units.models import BodyKind, Division, Level

COMMITTEES = (BodyKind.VILLAGERS_COMMITTEE, BodyKind.RESIDENTS_COMMITTEE)


def nomination_starts(stage: ElectionStage, today: dt.date) -> dt.date | None:
    """When the committee's nomination started: completed on, or (not yet completed) its date if past."""
    if stage.status == StageStatus.DONE and stage.completed_on is not None:
        return stage.completed_on
    due: dt.date | None = stage.effective_due
    if stage.status == StageStatus.PENDING and due is not None and due < today:
        return due
    return None


@register("publicity_before_nomination")
def publicity_before_nomination(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """A unit with no publicity of its own recorded on or before the day its nomination started.

    Street- and district-wide publicity does not count: the seed's Shangping Village lay in a street
    that made banners for all its villages, yet its villagers did not know a nomination was under way.
    """
    stages = (
        ElectionStage.objects.filter(election__round=rnd, election__kind__in=COMMITTEES, key=Stage.NOMINATION)
        .select_related("election__unit", "election__body")
        .order_by("election__unit__code")
    )
    starts = {
        s.election.unit_id: (s, day) for s in stages if (day := nomination_starts(s, today)) is not None
    }
    if not starts:
        return
    first: dict[int, dt.date] = {}
    for unit_id, day in Publicity.objects.filter(round=rnd, division_id__in=starts).values_list(
        "division_id", "started_on"
    ):
        first[unit_id] = min(day, first.get(unit_id, day))
    for unit_id, (stage, day) in starts.items():
        if unit_id in first and first[unit_id] <= day:
            continue
        e = stage.election
        yield Hit(
            e.unit, e, Stage.NOMINATION, "publicity_before_nomination", "", "medium",
            f"{e.unit.name}在{zh_date(day)}开始提名前未开展换届选举宣传发动，群众不知道提名工作正在进行。",
            f"{e.unit.name}: no publicity was recorded before the nomination started on {day}; "
            "voters may not have known that a nomination was under way.",
        )  # fmt: skip


@register("deadline_report_missing")
def deadline_report_missing(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """A street or unit that reported a task the district or street set after its date, or not at all."""
    tasks = (
        Deadline.objects.filter(round=rnd, stage="").select_related("division").prefetch_related("reports")
    )
    for deadline in tasks:
        level = Level.STREET if deadline.reporter == Deadline.Reporter.STREET else Level.UNIT
        expected = Division.objects.filter(path__startswith=deadline.division.path, level=level).order_by(
            "code"
        )
        reports = {r.division_id: r for r in deadline.reports.all()}
        for division in expected:
            report = reports.get(division.pk)
            if report is not None and report.done_on <= deadline.due_on:
                continue
            if report is None and today <= deadline.due_on:
                continue
            if report is not None:
                zh = f"“{deadline.title}”于{zh_date(report.done_on)}完成，晚于规定的{zh_date(deadline.due_on)}。"
                en = f"“{deadline.title}” was done on {report.done_on}, after the set date {deadline.due_on}."
            else:
                zh = f"“{deadline.title}”应于{zh_date(deadline.due_on)}前完成，至今未报。"
                en = f"“{deadline.title}” was due by {deadline.due_on} and has not been reported."
            # One finding per deadline and division: the deadline's number is part of the code.
            code = f"deadline_report_missing:{deadline.pk}"
            yield Hit(division, None, "", code, "", "medium", zh, en)
