"""Notice texts: each publishing stage's notice, filled with the unit's data, in Chinese and English.

The Chinese text follows the form of notices posted on village boards (title, body, issuing body,
date); the English is a faithful rendering for readers who need it. The content hash covers exactly
what the bulletin shows, so a printed notice can be checked against the online one.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from huanjie.core.dates import en_date, zh_date
from huanjie.core.errors import ActionError
from huanjie.elections.models import ElectionStage
from huanjie.rules import profiles
from huanjie.rules.calendar import Stage, objection_window
from huanjie.rules.idnumber import find_in_text
from huanjie.units.models import BodyKind


@dataclass(frozen=True)
class NoticeText:
    title_zh: str
    title_en: str
    body_zh: str
    body_en: str
    issuer_zh: str
    issuer_en: str


def _committee_zh(kind: str) -> str:
    return {"villagers_committee": "村民委员会", "residents_committee": "居民委员会"}.get(kind, "党组织")


def _committee_en(kind: str) -> str:
    return {"villagers_committee": "villagers' committee", "residents_committee": "residents' committee"}.get(
        kind, "party organisation"
    )


def compose(stage: ElectionStage) -> NoticeText:
    election = stage.election
    unit = election.unit
    profile = profiles.load(election.round.profile)
    body_zh, body_en = _committee_zh(election.kind), _committee_en(election.kind)
    place_en = unit.name_en or unit.name
    day = election.election_day
    done = stage.completed_on
    party = election.kind == BodyKind.PARTY_BRANCH
    ec_zh = f"{unit.name}{'党组织' if party else ('村民' if election.kind == 'villagers_committee' else '居民')}选举委员会"
    ec_en = f"{place_en} election committee"
    # A community's notices cite the residents' committee law and measures, never the OL (A3).
    community = election.kind == BodyKind.RESIDENTS_COMMITTEE
    law_zh = (
        "《中国共产党基层组织选举工作条例》"
        if party
        else (
            f"《中华人民共和国城市居民委员会组织法》和{profile.title_zh}居民委员会选举的有关规定"
            if community
            else f"《中华人民共和国村民委员会组织法》和{profile.title_zh}村民委员会选举办法"
        )
    )
    law_en = (
        f"the Organic Law of Urban Residents' Committees and the {profile.title_en} residents' committee "
        "measures"
        if community
        else f"the Organic Law and the {profile.title_en} election measures"
    )
    people = "居民" if community else "村民"
    t: dict[str, tuple[str, str, str, str]] = {
        Stage.ELECTION_COMMITTEE: (
            f"关于{unit.name}{body_zh}换届选举委员会组成的公告",
            f"Notice: the election committee of {place_en} is formed",
            f"根据{law_zh}的规定，本{'村' if unit.kind == 'village' else '社区'}于{zh_date(done)}推选产生"
            f"{ec_zh}，负责主持本届{body_zh}换届选举工作。",
            f"Under {law_en}, the election committee of "
            f"{place_en} was chosen on {en_date(done)}; it presides over this term's election of the {body_en}.",
        ),
        Stage.ELECTION_PLAN: (
            f"关于{unit.name}{body_zh}选举日的公告",
            f"Notice: the election day of the {place_en} {body_en}",
            f"经讨论通过本届{body_zh}选举工作方案，选举日定于{zh_date(day)}。",
            f"The election plan of the {body_en} has been adopted; the election day is {en_date(day)}.",
        ),
        Stage.VOTER_REGISTRATION: (
            f"{unit.name}选民登记公告",
            f"Notice of voter registration in {place_en}",
            f"本届{body_zh}换届选举选民登记工作已于{zh_date(done)}完成。年满十八周岁、未被剥夺政治权利的{people}，"
            f"可向选举委员会查询本人登记情况。",
            f"Voter registration for the {body_en} election was completed on {en_date(done)}. Anyone aged 18 "
            f"or over who has not been deprived of political rights may ask the election committee about their "
            f"registration.",
        ),
        Stage.VOTER_LIST: (
            f"{unit.name}登记参加选举的{people}名单公告",
            f"Notice: the list of registered voters of {place_en}",
            f"本届{body_zh}选举登记参加选举的{people}名单于{zh_date(done)}张榜公布。对名单有不同意见的，"
            f"可于{zh_date(objection_window(done, profile) if done else None)}前向选举委员会提出申诉，"
            f"选举委员会自收到申诉之日起{profile.objection_decide_days}日内作出处理决定并公布。",
            f"The list of voters registered for the {body_en} election was posted on {en_date(done)}. Objections "
            f"may be lodged with the election committee until "
            f"{en_date(objection_window(done, profile) if done else None)}; the committee decides within "
            f"{profile.objection_decide_days} days of receiving one and publishes its decision.",
        ),
        Stage.OBJECTIONS: (
            f"{unit.name}选民名单申诉处理结果公告",
            f"Notice: decisions on objections to the voter list of {place_en}",
            "选举委员会已对选民名单的申诉依法作出处理决定，现予公布。",
            "The election committee has decided the objections to the voter list; its decisions are published.",
        ),
        Stage.CANDIDATE_LIST: (
            f"{unit.name}{body_zh}正式候选人名单公告",
            f"Notice: the formal candidates for the {place_en} {body_en}",
            f"经登记参加选举的{people}直接提名，本届{body_zh}正式候选人名单于{zh_date(done)}公布，"
            f"按提名得票多少排序。选举日为{zh_date(day)}。",
            f"The formal candidates for the {body_en}, nominated directly by the registered voters, were "
            f"published on {en_date(done)} in order of their nomination votes. The election day is {en_date(day)}.",
        ),
        Stage.CANDIDATE_MEETINGS: (
            f"{unit.name}候选人与选民见面安排公告",
            f"Notice: candidates meet the voters in {place_en}",
            f"选举委员会组织正式候选人与{people}见面，介绍履职设想，回答{people}提问。选举日当天停止竞选活动。",
            "The election committee arranges for the formal candidates to meet the voters, present their "
            "plans and answer questions. Campaigning stops on the election day.",
        ),
        Stage.POLLING_NOTICE: (
            f"{unit.name}{body_zh}选举大会公告",
            f"Notice: the election meeting of the {place_en} {body_en}",
            f"定于{zh_date(day)}召开选举大会，以无记名投票方式选举产生新一届{body_zh}。"
            f"请登记参加选举的{people}持选民证按时参加投票。",
            f"The election meeting will be held on {en_date(day)}; the new {body_en} is elected by secret ballot. "
            f"Registered voters are asked to come with their voter cards.",
        ),
        Stage.PROXIES: (
            f"{unit.name}委托投票名单公告",
            f"Notice: proxies for the {place_en} {body_en} election",
            "经选举委员会审核的委托投票名单（委托人和受委托人）现予公布。",
            "The list of proxies approved by the election committee (the voters and those who vote for them) "
            "is published.",
        ),
        Stage.RUNOFF: (
            f"{unit.name}{body_zh}另行选举公告",
            f"Notice: runoff for the {place_en} {body_en}",
            f"因选举日当选人数不足应选名额，不足的名额于{zh_date(done)}另行选举。",
            f"As fewer were elected on the election day than there are seats, the remaining seats were filled "
            f"in a runoff on {en_date(done)}.",
        ),
        Stage.RESULT: (
            f"{unit.name}{body_zh}选举结果公告",
            f"Notice: the result of the {place_en} {body_en} election",
            f"本届{body_zh}选举于{zh_date(day)}举行，选举结果已当场公布，现予公告，并报街道（乡镇）备案。",
            f"The {body_en} election was held on {en_date(day)}; the result was announced on the spot and is "
            f"published here and filed with the street.",
        ),
        Stage.PARTY_RESULT_APPROVAL: (
            f"{unit.name}党组织换届选举结果公告",
            f"Notice: the result of the {place_en} party organisation election",
            f"本届党组织换届选举结果已经上级党组织于{zh_date(done)}批复同意，现予公布。",
            f"The higher party committee approved the result of the party organisation election on "
            f"{en_date(done)}; it is published here.",
        ),
    }
    title_zh, title_en, text_zh, text_en = t[Stage(stage.key)]
    if stage.notes:
        text_zh = f"{text_zh}\n\n{stage.notes}"
        text_en = f"{text_en}\n\n{stage.notes}"
    return NoticeText(title_zh, title_en, text_zh, text_en, ec_zh, ec_en)


def refuse_id_numbers(**texts: str) -> None:
    """Refuse a text that will be published if it holds anything that reads as an ID number.

    A notice is public, and so is its SHA-256: a number hidden on the page is recovered from the hash by
    trying the few million numbers its visible part leaves. So no notice holds one at all, however it is
    written (full-width digits, spaces, hyphens, dots, invisible characters, a letter before it); the
    error names the field and the place, never the digits.
    """
    for field, text in texts.items():
        found = find_in_text(text)
        if found is None:
            continue
        before = text[max(0, found.start - 12) : found.start].replace("\n", " ")
        raise ActionError(
            _(
                "The text holds what reads as an ID number, at characters %(start)d–%(end)d (after "
                "“%(before)s”). Notices are public: write no ID number in them, not even in part; "
                "name the person, or say “the person concerned”."
            )
            % {"start": found.start + 1, "end": found.end, "before": before},
            field=field,
        )


def content_hash(text: NoticeText, *, unit_code: str, stage: str, published_at: str, version: int) -> str:
    payload = {
        "unit": unit_code,
        "stage": stage,
        "published_at": published_at,
        "version": version,
        "title_zh": text.title_zh,
        "title_en": text.title_en,
        "body_zh": text.body_zh,
        "body_en": text.body_en,
        "issuer_zh": text.issuer_zh,
        "issuer_en": text.issuer_en,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
