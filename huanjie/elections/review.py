"""The look-back review (回头看): automatic checks over what was recorded.

Each check reads the records of a round and returns hits; `actions.do_run_review` turns new hits into
findings (a hit already found is not found twice). Other apps add checks with `@register`, so that the
review can read, say, the publicity records without this app importing that one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from huanjie.core.dates import zh_date
from huanjie.elections.models import Election, ElectionStage, Round, StageStatus
from huanjie.elections.stages import label
from huanjie.rules import profiles
from huanjie.rules.calendar import Stage
from huanjie.rules.explain import OL, PR
from huanjie.units.models import BodyKind, Division


@dataclass(frozen=True)
class Hit:
    unit: Division
    election: Election | None
    stage: str
    code: str
    article: str
    severity: str  # high | medium | low
    text_zh: str
    text_en: str


Check = Callable[[Round, dt.date], Iterable[Hit]]
CHECKS: dict[str, Check] = {}


def register(code: str) -> Callable[[Check], Check]:
    def add(check: Check) -> Check:
        CHECKS[code] = check
        return check

    return add


def _stage_name(key: str) -> tuple[str, str]:
    from django.utils import translation

    with translation.override("zh-hans"):
        zh = str(label(key))
    with translation.override("en"):
        en = str(label(key))
    return zh, en


def _stages(rnd: Round) -> QuerySet[ElectionStage]:
    return ElectionStage.objects.filter(election__round=rnd).select_related("election__unit")


@register("stage_late")
def stage_late(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """A stage completed after its statutory date or the date the district or street set."""
    late = (
        _stages(rnd)
        .filter(status=StageStatus.DONE)
        .filter(
            Q(due__isnull=False, completed_on__gt=F("due"))
            | Q(district_due__isnull=False, completed_on__gt=F("district_due"))
        )
    )
    for s in late:
        zh, en = _stage_name(s.key)
        by_street = (
            s.district_due is not None and s.completed_on is not None and s.completed_on > s.district_due
        )
        statutory = s.due is not None and s.completed_on is not None and s.completed_on > s.due
        due = s.due if statutory else s.district_due
        who_zh, who_en = (
            ("法定期限", "the statutory date") if statutory else ("街道规定的期限", "the date the street set")
        )
        yield Hit(
            s.election.unit,
            s.election,
            s.key,
            "stage_late" if statutory or not by_street else "stage_late_street",
            s.article if statutory else "",
            "high" if statutory else "medium",
            f"{s.election.body.name}“{zh}”于{zh_date(s.completed_on)}完成，晚于{who_zh}{zh_date(due)}。",
            f"{s.election.body.name}: “{en}” was completed on {s.completed_on}, after {who_en} {due}.",
        )


@register("stage_overdue")
def stage_overdue(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """A stage not done whose date has passed."""
    overdue = (
        _stages(rnd)
        .filter(status=StageStatus.PENDING)
        .filter(Q(due__lt=today) | Q(district_due__lt=today))
        .exclude(key__in=[Stage.RUNOFF])
    )
    for s in overdue:
        zh, en = _stage_name(s.key)
        due = s.effective_due
        yield Hit(
            s.election.unit,
            s.election,
            s.key,
            "stage_overdue",
            s.article,
            "high",
            f"{s.election.body.name}“{zh}”应于{zh_date(due)}前完成，至今未完成。",
            f"{s.election.body.name}: “{en}” was due by {due} and is not done.",
        )


@register("voter_list_short_notice")
def voter_list_short_notice(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """B5 / OL Art.14: the voter list posted fewer than the statutory days before the election day."""
    days = profiles.load(rnd.profile).voter_list_days_before
    done = _stages(rnd).filter(
        key=Stage.VOTER_LIST, status=StageStatus.DONE, election__election_day__isnull=False
    )
    for s in done:
        day = s.election.election_day
        assert day is not None and s.completed_on is not None
        gap = (day - s.completed_on).days
        if gap < days:
            yield Hit(
                s.election.unit,
                s.election,
                s.key,
                "voter_list_short_notice",
                f"{OL} Art.14 (B5)",
                "high",
                f"{s.election.body.name}选民名单于选举日前{gap}日公布，少于法定的{days}日。",
                f"{s.election.body.name}: the voter list was posted {gap} days before the election day, "
                f"fewer than the statutory {days}.",
            )


@register("party_without_timetable")
def party_without_timetable(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """A party organisation's election under way with no election day fixed: it has no timetable (A2)."""
    elections = Election.objects.filter(round=rnd, kind=BodyKind.PARTY_BRANCH, election_day__isnull=True)
    started = elections.filter(stages__status=StageStatus.DONE).distinct().select_related("unit", "body")
    for e in started:
        yield Hit(
            e.unit,
            e,
            "",
            "party_without_timetable",
            f"{PR} Art.3 (A2)",
            "medium",
            f"{e.body.name}换届已开始，但未确定选举日期，没有严格的时间安排。",
            f"{e.body.name}: the election is under way without an election day, so it has no timetable.",
        )


@register("not_finished_by_round_end")
def not_finished_by_round_end(rnd: Round, today: dt.date) -> Iterable[Hit]:
    """An election not finished by the round's end (or finished after it)."""
    if today <= rnd.ends_on:
        return
    late = Election.objects.filter(round=rnd).filter(
        Q(finished_on__isnull=True) | Q(finished_on__gt=rnd.ends_on)
    )
    for e in late.select_related("unit", "body"):
        when_zh = f"于{zh_date(e.finished_on)}才完成" if e.finished_on else "至今未完成"
        when_en = f"finished only on {e.finished_on}" if e.finished_on else "is not finished"
        yield Hit(
            e.unit,
            e,
            "",
            "not_finished_by_round_end",
            "",
            "high",
            f"{e.body.name}换届未按期完成（本轮截止{zh_date(rnd.ends_on)}），{when_zh}。",
            f"{e.body.name}: the election was due by the round's end ({rnd.ends_on}) and {when_en}.",
        )


def run_checks(rnd: Round, today: dt.date) -> list[Hit]:
    hits: list[Hit] = []
    for check in CHECKS.values():
        hits.extend(check(rnd, today))
    return hits
