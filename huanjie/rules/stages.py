"""The stages of an election's procedure, in order: their names, what each requires before it (A1, A2),
which publish a notice, and the shapes the calendar answers with (a stage's window, a violation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .explain import Reason
from .terms import Body


class Stage(StrEnum):
    ELECTION_COMMITTEE = "election_committee"
    ELECTION_PLAN = "election_plan"
    VOTER_REGISTRATION = "voter_registration"
    VOTER_LIST = "voter_list"
    OBJECTIONS = "objections"
    NOMINATION = "nomination"
    QUALIFICATION_REVIEW = "qualification_review"
    CANDIDATE_LIST = "candidate_list"
    CANDIDATE_MEETINGS = "candidate_meetings"
    POLLING_NOTICE = "polling_notice"
    PROXIES = "proxies"
    POLLING = "polling"
    RUNOFF = "runoff"
    RESULT = "result"
    HANDOVER = "handover"
    ARCHIVE = "archive"
    PARTY_REQUEST = "party_request"
    PARTY_CANDIDATES = "party_candidates"
    PARTY_CANDIDATE_APPROVAL = "party_candidate_approval"
    PARTY_ASSEMBLY = "party_assembly"
    PARTY_COMMITTEE_PLENARY = "party_committee_plenary"
    PARTY_RESULT_APPROVAL = "party_result_approval"


# The stages' Chinese names, for the reasons the engine writes into findings and notices.
STAGE_ZH: dict[Stage, str] = {
    Stage.ELECTION_COMMITTEE: "推选产生选举委员会",
    Stage.ELECTION_PLAN: "通过选举工作方案，公布选举日",
    Stage.VOTER_REGISTRATION: "选民登记",
    Stage.VOTER_LIST: "公布选民名单",
    Stage.OBJECTIONS: "处理选民名单申诉",
    Stage.NOMINATION: "提名候选人",
    Stage.QUALIFICATION_REVIEW: "候选人资格联审",
    Stage.CANDIDATE_LIST: "公布正式候选人名单",
    Stage.CANDIDATE_MEETINGS: "候选人与选民见面",
    Stage.POLLING_NOTICE: "发布选举大会公告",
    Stage.PROXIES: "委托投票与流动票箱",
    Stage.POLLING: "选举日投票",
    Stage.RUNOFF: "另行选举",
    Stage.RESULT: "公布选举结果并备案",
    Stage.HANDOVER: "工作移交",
    Stage.ARCHIVE: "选举工作档案",
    Stage.PARTY_REQUEST: "向上级党组织报送换届请示",
    Stage.PARTY_CANDIDATES: "推荐候选人预备人选",
    Stage.PARTY_CANDIDATE_APPROVAL: "上级党组织审查同意候选人",
    Stage.PARTY_ASSEMBLY: "党员大会选举委员会",
    Stage.PARTY_COMMITTEE_PLENARY: "委员会选举书记、副书记",
    Stage.PARTY_RESULT_APPROVAL: "选举结果报上级党组织批准",
}


def zh_date(day: date) -> str:
    """A date as Chinese documents write it (GB/T 9704: no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


PARTY_STAGES = [s for s in Stage if s.startswith("party_")]
COMMITTEE_STAGES = [s for s in Stage if not s.startswith("party_")]

# What must be completed before a stage may be completed (A1 and A2 order).
REQUIRES: dict[Stage, tuple[Stage, ...]] = {
    Stage.ELECTION_PLAN: (Stage.ELECTION_COMMITTEE,),
    Stage.VOTER_REGISTRATION: (Stage.ELECTION_PLAN,),
    Stage.VOTER_LIST: (Stage.VOTER_REGISTRATION,),
    Stage.OBJECTIONS: (Stage.VOTER_LIST,),
    Stage.NOMINATION: (Stage.VOTER_LIST,),
    Stage.QUALIFICATION_REVIEW: (Stage.NOMINATION,),
    Stage.CANDIDATE_LIST: (Stage.VOTER_LIST, Stage.QUALIFICATION_REVIEW),
    Stage.CANDIDATE_MEETINGS: (Stage.CANDIDATE_LIST,),
    Stage.POLLING_NOTICE: (Stage.ELECTION_PLAN,),
    Stage.PROXIES: (Stage.VOTER_LIST,),
    Stage.POLLING: (Stage.CANDIDATE_LIST, Stage.POLLING_NOTICE),
    Stage.RUNOFF: (Stage.POLLING,),
    Stage.RESULT: (Stage.POLLING,),
    Stage.HANDOVER: (Stage.RESULT,),
    Stage.ARCHIVE: (Stage.HANDOVER,),
    Stage.PARTY_CANDIDATES: (Stage.PARTY_REQUEST,),
    Stage.PARTY_CANDIDATE_APPROVAL: (Stage.PARTY_CANDIDATES,),
    Stage.PARTY_ASSEMBLY: (Stage.PARTY_CANDIDATE_APPROVAL,),
    Stage.PARTY_COMMITTEE_PLENARY: (Stage.PARTY_ASSEMBLY,),
    Stage.PARTY_RESULT_APPROVAL: (Stage.PARTY_ASSEMBLY,),
}

PUBLISHES = frozenset(
    {
        Stage.ELECTION_COMMITTEE,
        Stage.ELECTION_PLAN,
        Stage.VOTER_REGISTRATION,
        Stage.VOTER_LIST,
        Stage.OBJECTIONS,
        Stage.CANDIDATE_LIST,
        Stage.CANDIDATE_MEETINGS,
        Stage.POLLING_NOTICE,
        Stage.PROXIES,
        Stage.RUNOFF,
        Stage.RESULT,
        Stage.PARTY_RESULT_APPROVAL,
    }
)


@dataclass(frozen=True, slots=True)
class StageWindow:
    stage: Stage
    opens: date | None
    due: date | None
    reason: Reason | None
    publishes_notice: bool
    notice_due: date | None = None
    # the day counted from the statute (``due`` differs only when moved off a rest day); where that day is
    # a rest day, what it is (zh, en) and the next working day
    statutory_due: date | None = None
    rest_day: tuple[str, str] | None = None
    next_working_day: date | None = None


@dataclass(frozen=True, slots=True)
class Violation:
    stage: Stage
    kind: str  # "order" | "deadline" | "early"
    reason: Reason


def stages(body: Body | str) -> list[Stage]:
    """The stages of one body's election in procedural order."""
    return PARTY_STAGES if Body(body) is Body.PARTY_BRANCH else COMMITTEE_STAGES
