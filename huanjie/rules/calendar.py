"""The procedure's calendar: every stage's window counted from the election day D (A1, A2).

OL Art.14 ✅ (B5): voter list published ≤ D − 20; objections lodged ≤ publication + 5; decided
≤ receipt + 3. Provincial (profile): candidate list ≤ D − 5 (B11), polling notice, proxy requests and
list (B12), runoff window (B22), result publication. OL Art.20 ✅: handover ≤ new committee + 10 days;
archive kept ≥ 3 years (B30). "N日前" is encoded as ``date <= D − N`` (⚠ boundary not defined).
Stages with no statutory date either derive their latest date from the stage they must precede
(and the Reason says so) or have ``due = None``.

Where a due date falls on a rest day, periods.py moves it or says why it stands. The stages themselves (their
order, names, notices) are stages.py; the names of both are re-exported here, the calendar's one entry point.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from .explain import OL, PR, Reason, for_body
from .periods import (
    FORWARD,
    days_after,
    handover_due,
    objection_decision_due,
    objection_window,
    on_rest_day,
    runoff_window,
)
from .profiles import Profile
from .stages import (
    COMMITTEE_STAGES,
    PARTY_STAGES,
    PUBLISHES,
    REQUIRES,
    STAGE_ZH,
    Stage,
    StageWindow,
    Violation,
    stages,
    zh_date,
)
from .terms import Body

__all__ = [
    "COMMITTEE_STAGES",
    "FORWARD",
    "PARTY_STAGES",
    "PUBLISHES",
    "REQUIRES",
    "STAGE_ZH",
    "Stage",
    "StageWindow",
    "Violation",
    "check_completion",
    "deadlines",
    "handover_due",
    "objection_decision_due",
    "objection_window",
    "runoff_window",
    "stages",
]


def _before(stage: Stage, d: date, days: int | None, param: str, p: Profile, zh: str, en: str) -> StageWindow:
    if days is None:
        why = Reason(
            "A1",
            p.article(param),
            f"{zh}：法律未规定期限，选举日前完成。",
            f"{en}: no date set by law; before D.",
        )
        return StageWindow(stage, None, None, why, stage in PUBLISHES)
    due = days_after(d, -days)
    why = Reason(
        "A1",
        p.article(param),
        f"{zh}：不迟于选举日前{days}日（{due}）。",
        f"{en}: on or before D − {days} ({due}).",
    )
    return StageWindow(stage, None, due, why, stage in PUBLISHES)


NAMES: dict[Stage, tuple[str, str]] = {
    Stage.ELECTION_COMMITTEE: ("推选村民选举委员会", "Election committee"),
    Stage.ELECTION_PLAN: ("制定选举方案、确定选举日", "Election plan and day"),
    Stage.VOTER_REGISTRATION: ("选民登记", "Voter registration"),
    Stage.VOTER_LIST: ("公布选民名单", "the voter list"),
    Stage.NOMINATION: ("提名候选人", "Nomination"),
    Stage.QUALIFICATION_REVIEW: ("候选人资格审查", "Qualification review"),
    Stage.CANDIDATE_LIST: ("公布正式候选人名单", "the candidate list"),
}


def _derived(stage: Stage, due: date | None, before: Stage) -> StageWindow:
    (zh, en), (bzh, ben) = NAMES[stage], NAMES[before]
    if due is None:
        why = Reason(
            "A1", f"{OL} Art.13–15", f"{zh}：无法定期限，须在{bzh}之前。", f"{en}: no date set; before {ben}."
        )
    else:
        why = Reason(
            "A1",
            f"{OL} Art.12–15 (derived)",
            f"{zh}：无单独法定期限，须在{bzh}之前，即不迟于{due}。",
            f"{en}: no own statutory date; must precede {ben}, i.e. by {due}.",
        )
    return StageWindow(stage, None, due, why, stage in PUBLISHES)


def _committee(p: Profile, d: date) -> list[StageWindow]:
    vl = _before(
        Stage.VOTER_LIST,
        d,
        p.voter_list_days_before,
        "voter_list_days_before",
        p,
        "公布选民名单",
        "Voter list",
    )
    assert vl.due is not None
    prep = days_after(vl.due, -1)
    last_lodge = objection_window(vl.due, p)
    objections = StageWindow(
        Stage.OBJECTIONS,
        vl.due,
        days_after(last_lodge, p.objection_decide_days),
        Reason(
            "B5",
            f"{OL} Art.14",
            f"名单公布之日起{p.objection_lodge_days}日内提出异议，选举委员会{p.objection_decide_days}日内作出处理决定并公布。",
            f"Objections within {p.objection_lodge_days} days of publication; decisions within "
            f"{p.objection_decide_days} days of receipt, published.",
        ),
        True,
        notice_due=days_after(last_lodge, p.objection_decide_days),
    )
    cl = _before(
        Stage.CANDIDATE_LIST,
        d,
        p.candidate_list_days_before,
        "candidate_list_days_before",
        p,
        "公布正式候选人",
        "Candidate list",
    )
    before_cl = None if cl.due is None else days_after(cl.due, -1)
    proxies = _before(
        Stage.PROXIES,
        d,
        p.proxy_request_days_before,
        "proxy_request_days_before",
        p,
        "委托投票申请",
        "Proxy requests",
    )
    if p.proxy_list_days_before is not None:
        proxies = StageWindow(
            proxies.stage,
            proxies.opens,
            proxies.due,
            proxies.reason,
            True,
            days_after(d, -p.proxy_list_days_before),
        )
    opens, runoff_due = runoff_window(d, p)
    runoff_why = Reason(
        "B22",
        p.article("runoff_max_days"),
        "另行选举：选举日当日或在规定期限内举行。" if runoff_due else "另行选举：法律未规定期限。",
        "Runoff: on D or within the profile's limit." if runoff_due else "Runoff: no deadline set by law.",
    )
    result_due = days_after(d, p.result_publish_days_after)
    return [
        _derived(Stage.ELECTION_COMMITTEE, prep, Stage.VOTER_LIST),
        _derived(Stage.ELECTION_PLAN, prep, Stage.VOTER_LIST),
        _derived(Stage.VOTER_REGISTRATION, prep, Stage.VOTER_LIST),
        vl,
        objections,
        _derived(Stage.NOMINATION, before_cl, Stage.CANDIDATE_LIST),
        _derived(Stage.QUALIFICATION_REVIEW, before_cl, Stage.CANDIDATE_LIST),
        cl,
        StageWindow(
            Stage.CANDIDATE_MEETINGS,
            cl.due,
            days_after(d, -1),
            Reason(
                "A1",
                f"{OL} Art.15",
                "候选人与选民见面，选举日停止竞选活动。",
                "Candidates meet voters; campaigning stops on D.",
            ),
            True,
        ),
        _before(
            Stage.POLLING_NOTICE,
            d,
            p.polling_notice_days_before,
            "polling_notice_days_before",
            p,
            "投票公告",
            "Polling notice",
        ),
        proxies,
        StageWindow(
            Stage.POLLING,
            d,
            d,
            Reason(
                "A1",
                f"{OL} Art.15",
                "选举日投票，当场公布结果。",
                "Voting on D; result announced on the spot.",
            ),
            False,
        ),
        StageWindow(Stage.RUNOFF, opens, runoff_due, runoff_why, True),
        StageWindow(
            Stage.RESULT,
            d,
            result_due,
            Reason(
                "A1",
                p.article("result_publish_days_after"),
                f"当选名单不迟于{result_due}公布。",
                f"Winners published by {result_due}.",
            ),
            True,
        ),
        StageWindow(
            Stage.HANDOVER,
            d,
            days_after(d, p.handover_days),
            Reason(
                "B30",
                f"{OL} Art.20",
                f"新一届委员会产生之日起{p.handover_days}日内完成工作移交（第一轮当选时）。",
                f"Handover within {p.handover_days} days of the new committee (if elected on D).",
            ),
            False,
        ),
        StageWindow(
            Stage.ARCHIVE,
            d,
            None,
            Reason(
                "B30",
                p.article("archive_years"),
                f"选举工作档案由新一届委员会指定专人保管，至少保存{p.archive_years}年；无完成期限。",
                f"The election archive is kept at least {p.archive_years} years; no completion date.",
            ),
            False,
        ),
    ]


def _party(p: Profile, d: date) -> list[StageWindow]:
    def window(stage: Stage, opens: date | None, due: date | None, zh: str, en: str) -> StageWindow:
        return StageWindow(stage, opens, due, Reason("A2", PR, zh, en), stage in PUBLISHES)

    return [
        window(
            Stage.PARTY_REQUEST,
            None,
            None,
            "向上级党组织报送换届请示；无法定天数，须在候选人推荐前。",
            "Request to the higher organisation; no set day, before nomination.",
        ),
        window(
            Stage.PARTY_CANDIDATES,
            None,
            None,
            "党员推荐、支委会提出候选人预备人选；无法定天数。",
            "Members recommend, the committee proposes candidates; no set day.",
        ),
        window(
            Stage.PARTY_CANDIDATE_APPROVAL,
            None,
            days_after(d, -1),
            "候选人预备人选须经上级党组织审查同意后方可选举。",
            "The higher organisation approves the candidate list before the vote.",
        ),
        window(
            Stage.PARTY_ASSEMBLY, d, d, "党员大会选举委员会。", "The members' assembly elects the committee."
        ),
        window(
            Stage.PARTY_COMMITTEE_PLENARY,
            d,
            None,
            "新一届委员会第一次全体会议等额选举书记、副书记；无法定天数。",
            "The new committee's first plenary elects secretary and deputy; no set day.",
        ),
        window(
            Stage.PARTY_RESULT_APPROVAL,
            d,
            None,
            "书记、副书记选举结果报上级党组织批准；无法定天数。",
            "Secretary and deputy reported for approval; no set day.",
        ),
    ]


def deadlines(profile: Profile, body: Body | str, election_day: date) -> list[StageWindow]:
    """Every stage's window for one election, in procedural order."""
    if Body(body) is Body.PARTY_BRANCH:
        windows = _party(profile, election_day)
    else:
        windows = _rc(_committee(profile, election_day), body)
    return [on_rest_day(w, profile) for w in windows]


def _rc(windows: list[StageWindow], body: Body | str) -> list[StageWindow]:
    # A community's stages cite the RCL and the provincial residents' committee measures (A3).
    return [
        w if w.reason is None else replace(w, reason=for_body((w.reason,), str(body))[0]) for w in windows
    ]


def _window(stage: Stage, election_day: date, profile: Profile, completed: dict[Stage, date]) -> StageWindow:
    windows = {
        w.stage: w
        for w in deadlines(
            profile, Body.PARTY_BRANCH if stage in PARTY_STAGES else Body.VILLAGERS_COMMITTEE, election_day
        )
    }
    window = windows[stage]
    published = completed.get(Stage.VOTER_LIST)
    if stage is Stage.OBJECTIONS and published is not None:
        due = objection_decision_due(objection_window(published, profile), profile)
        window = StageWindow(stage, published, due, window.reason, True, due)
    return window


def check_completion(
    stage: Stage,
    completed_on: date,
    election_day: date,
    profile: Profile,
    completed: dict[Stage, date],
    body: Body | str = Body.VILLAGERS_COMMITTEE,
) -> list[Violation]:
    """Guard for completing ``stage`` on ``completed_on``: order (A1/A2) and deadlines."""
    out: list[Violation] = []
    for before in REQUIRES.get(stage, ()):
        done = completed.get(before)
        if done is None or done > completed_on:
            out.append(
                Violation(
                    stage,
                    "order",
                    Reason(
                        "A2" if stage in PARTY_STAGES else "A1",
                        f"{OL} Art.12–15" if stage not in PARTY_STAGES else PR,
                        f"“{STAGE_ZH[before]}”须在“{STAGE_ZH[stage]}”之前完成。",
                        f"{before.value} must be completed before {stage.value}.",
                    ),
                )
            )
    window = _window(stage, election_day, profile, completed)
    if window.due is not None and completed_on > window.due:
        assert window.reason is not None
        out.append(
            Violation(
                stage,
                "deadline",
                Reason(
                    window.reason.rule,
                    window.reason.article,
                    f"“{STAGE_ZH[stage]}”于{zh_date(completed_on)}完成，晚于期限{zh_date(window.due)}。{window.reason.text_zh}",
                    f"{stage.value} completed on {completed_on}, after its due date {window.due}. "
                    f"{window.reason.text_en}",
                ),
            )
        )
    if window.opens is not None and completed_on < window.opens:
        out.append(
            Violation(
                stage,
                "early",
                Reason(
                    "A1" if stage not in PARTY_STAGES else "A2",
                    f"{OL} Art.15" if stage not in PARTY_STAGES else PR,
                    f"“{STAGE_ZH[stage]}”不得早于{zh_date(window.opens)}完成。",
                    f"{stage.value} cannot be completed before {window.opens}.",
                ),
            )
        )
    return [replace(v, reason=for_body((v.reason,), str(body))[0]) for v in out]
