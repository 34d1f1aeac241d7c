"""Parts two to four of the work summary: the main practices, the experience, the problems and solutions.

The wording follows the district summaries the offices write; every date, count and name in it comes
from the leading group's records (huanjie.reports.practice) or the round's data (huanjie.reports.data).
Where a record is absent the section says so rather than filling it with boilerplate.
"""

from __future__ import annotations

from collections.abc import Callable

from huanjie.core.dates import en_date, zh_date
from huanjie.reports.data import Figures
from huanjie.reports.document import Document
from huanjie.reports.practice import Practice, TeamFact
from huanjie.supervision.models import GroupMember, Publicity

ZH_NUM = "一二三四五六七八九十"
PUBLICITY_ZH = {
    Publicity.Kind.BANNER: ("悬挂横幅", "条"), Publicity.Kind.LARGE_SLOGAN: ("悬挂大型标语", "条"),
    Publicity.Kind.SLOGAN: ("张贴标语", "条"), Publicity.Kind.BLACKBOARD: ("出黑板报", "期"),
    Publicity.Kind.BROADCAST: ("广播", "次"), Publicity.Kind.MEETING: ("召开宣传会议", "场"),
    Publicity.Kind.PRINTED: ("印发宣传资料", "份"), Publicity.Kind.ONLINE: ("网络宣传", "条"),
}  # fmt: skip
STAFF_ZH = {"secretary": "书记", "director": "主任", "committee": "选举委员会成员", "clerk": "工作人员",
            "liaison": "联络员", "other": "其他人员"}  # fmt: skip


def _sub(doc: Document, n: int, zh_title: str, en_title: str) -> None:
    doc.heading(2, f"({ZH_NUM[n]}){zh_title}" if doc.lang == "zh" else f"({n + 1}) {en_title}")


def practices(doc: Document, fig: Figures, fact: Practice) -> None:
    sections: list[tuple[str, str, Callable[[Document, Figures, Practice], None]]] = [
        ("加强领导，健全机构", "Leadership and institutions", _leadership),
        ("抓好培训，规范操作", "Training", _training),
        ("广泛宣传，营造氛围", "Publicity", _publicity),
        ("严格程序，严把人选关", "Candidate procedure and assessment", _candidates),
        ("强化督导，现场答疑", "Supervision", _supervision),
        ("分类指导，包村联系", "Classified guidance", _guidance),
        ("选派联络员，及时反馈", "Liaison officers", _liaison),
    ]
    for n, (zh_title, en_title, write) in enumerate(sections):
        _sub(doc, n, zh_title, en_title)
        write(doc, fig, fact)


def _leadership(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    leader = next(
        ((name, title) for post, name, title in fact.leaders if post == GroupMember.Post.LEADER), None
    )
    if leader is None and not fact.member_units:
        doc.gap(
            "未记录换届选举领导小组及其成员单位。" if zh else "No leading group or member units are recorded."
        )
    else:
        who = (
            f"由{leader[1]}{leader[0]}任组长"
            if zh and leader
            else f"led by {leader[0]} ({leader[1]})"
            if leader
            else ""
        )
        units = "、".join(fact.member_units) if zh else ", ".join(fact.member_units)
        doc.para(
            f"区成立换届选举领导小组，{who}，成员{len(fact.leaders)}人；成员单位包括{units}，"
            "领导小组办公室负责全区换届选举的督促检查和指导。"
            if zh
            else f"The district set up a leading group for the round, {who}, with {len(fact.leaders)} members; "
            f"member units: {units}. Its office inspects, supervises and guides the elections."
        )
    if fact.plans_total:
        late = ("、" if zh else ", ").join(fact.plans_late)
        if zh:
            text = f"各街道结合实际细化工作方案，要求于{zh_date(fact.plans_due)}前报区委组织部和区民政局；"
            text += f"{fact.plans_total}个街道中{fact.plans_filed}个按时报送" + (
                f"，{late}未按时报送。" if late else "。"
            )
        else:
            text = (
                f"Each street refined its work plan, due on {en_date(fact.plans_due)}; {fact.plans_filed} of "
            )
            text += f"{fact.plans_total} streets filed on time" + (
                f"; late or missing: {late}." if late else "."
            )
        doc.para(text)


def _training(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    if not fact.trainings:
        doc.gap("未记录培训。" if zh else "No training is recorded.")
        return
    for t in fact.trainings:
        posts = sorted(t.by_post.items(), key=lambda kv: -kv[1])
        if zh:
            who = "、".join(f"{STAFF_ZH.get(k, k)}{n}人" for k, n in posts)
            doc.para(
                f"{zh_date(t.held_on)}，{t.organiser}举办{t.title}。培训对象为{t.audience}；"
                f"签到参训{t.attended}人（{who}）。培训内容：{t.topics}"
            )
        else:
            who = ", ".join(f"{n} {k}" for k, n in posts)
            doc.para(
                f"On {en_date(t.held_on)} {t.organiser} held “{t.title}” for {t.audience}; "
                f"{t.attended} signed in ({who}). Topics: {t.topics}"
            )


def _publicity(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    if not fact.publicity:
        doc.gap("未记录宣传情况。" if zh else "No publicity is recorded.")
        return
    if zh:
        items = "、".join(
            f"{PUBLICITY_ZH[Publicity.Kind(k)][0]}{n}{PUBLICITY_ZH[Publicity.Kind(k)][1]}"
            for k, n in sorted(fact.publicity.items())
        )
        doc.para(
            f"各街道、社区和村充分利用会议、黑板报、标语等形式广泛宣传换届选举。截至目前，{fig.scope.name}共{items}。"
        )
    else:
        items = ", ".join(f"{n} {Publicity.Kind(k).label}" for k, n in sorted(fact.publicity.items()))
        doc.para(f"Streets, communities and villages publicised the election; recorded so far: {items}.")
    for desc in fact.publicity_printed:
        doc.para(desc)


def _team_text(t: TeamFact, zh: bool) -> str:
    if zh:
        seen = (
            f"{t.streets}个街道"
            + (f"、{t.communities}个社区" if t.communities else "")
            + (f"和{t.villages}个村" if t.villages else "")
        )
        return f"{zh_date(t.starts_on)}至{zh_date(t.ends_on)}，{t.name}（组长{t.leader}）赴{seen}"
    seen = (
        f"{t.streets} streets"
        + (f", {t.communities} communities" if t.communities else "")
        + (f" and {t.villages} villages" if t.villages else "")
    )
    return f"From {en_date(t.starts_on)} to {en_date(t.ends_on)} {t.name} (led by {t.leader}) visited {seen}"


def _candidates(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    if not fact.assessments:
        doc.gap("未记录考察组及其考察。" if zh else "No assessment team is recorded.")
        return
    streets = sum(t.streets for t in fact.assessments)
    first = min(t.starts_on for t in fact.assessments)
    doc.para(
        f"{zh_date(first)}起，区委组织{len(fact.assessments)}个考察组，分赴{streets}个街道，采取召开全体干部大会"
        "民主测评和个别谈话的方式，对各街道上报的书记、主任候选人进行全面考察，广泛听取群众意见。"
        if zh
        else f"From {en_date(first)} the district sent {len(fact.assessments)} assessment teams to {streets} streets "
        "to assess the candidates for secretary and director through democratic evaluation meetings and talks."
    )


def _supervision(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    if not fact.inspections:
        doc.gap("未记录督导检查。" if zh else "No inspection is recorded.")
        return
    for t in fact.inspections:
        doc.para(
            _team_text(t, zh)
            + (
                f"督导检查换届选举进展，现场解答问题{t.questions}个，发现问题{t.findings}个，需进一步解决的问题报领导小组研究。"
                if zh
                else f" to inspect the round's progress, answered {t.questions} questions on the spot and found "
                f"{t.findings} problems, reported to the leading group."
            )
        )


def _guidance(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    watched = [p for p in fact.petitions if p.collective and p.term_label]
    text = (
        f"按照包村联系制度，{fact.contact_cadres}名包村干部分别负责指导各村的选举工作。"
        if zh
        else f"{fact.contact_cadres} contact cadres were each made responsible for guiding one village."
    )
    if watched:
        units = ("、" if zh else ", ").join(sorted({p.unit if zh else p.unit_en for p in watched}))
        text += (
            f"对{units}等上届发生集体上访的村，列为重点村，提前深入调研，有针对性地做好工作。"
            if zh
            else f" {units}, where a collective petition arose in the previous term, were treated as units to watch."
        )
    doc.para(text)


def _liaison(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    if not fact.liaison:
        doc.gap("未记录联络员。" if zh else "No liaison officer is recorded.")
        return
    doc.para(
        f"区换届选举领导小组从区直各单位抽调{fact.liaison}名联络员，分驻{fact.liaison_streets}个街道，"
        f"帮助指导换届选举并及时反馈情况，共报送工作情况{fact.liaison_reports}次。"
        if zh
        else f"The leading group stationed {fact.liaison} liaison officers from district departments in "
        f"{fact.liaison_streets} streets; they filed {fact.liaison_reports} reports."
    )


def experience(doc: Document, fig: Figures, fact: Practice) -> None:
    """The lessons, each backed by the figure that shows it."""
    zh = doc.lang == "zh"
    visited = sum(t.villages + t.communities for t in fact.inspections)
    items = [
        ("领导重视、机构健全是做好换届选举工作的保证", "Attention from the leaders and sound institutions",
         f"领导小组{len(fact.leaders)}人、成员单位{len(fact.member_units)}个，各街道相应成立工作机构。",
         f"A leading group of {len(fact.leaders)} with {len(fact.member_units)} member units; each street followed."),
        ("深入培训、程序规范是依法选举的基础", "Training and regular procedure",
         f"培训{len(fact.trainings)}场，参训{sum(t.attended for t in fact.trainings)}人次。",
         f"{len(fact.trainings)} training sessions, {sum(t.attended for t in fact.trainings)} attendances."),
        ("选派联络员、加强督导是换届成功的重要环节", "Liaison officers and supervision",
         f"{fact.liaison}名联络员驻街，督导检查覆盖{visited}个社区和村。",
         f"{fact.liaison} liaison officers in the streets; inspections covered {visited} units."),
        ("广泛宣传、充分发动是选举成功的重要基础", "Publicity and mobilisation",
         f"各类宣传品和宣传活动合计{sum(fact.publicity.values())}（条、期、份、次）。",
         f"{sum(fact.publicity.values())} publicity items and events in all."),
        ("严格程序、依法办事是做好换届选举工作的核心", "Strict procedure according to law",
         f"{fig.scope.name}{fact.elections}个选举共完成法定程序步骤{fact.stages_done}个，经批准越过程序控制{fact.overrides}次，"
         f"回头看发现程序问题{fact.review_findings}个。",
         f"{fact.stages_done} statutory stages completed in {fact.elections} elections; {fact.overrides} guards "
         f"overridden with approval; {fact.review_findings} procedural problems found by the review."),
    ]  # fmt: skip
    for n, (zt, et, zx, ex) in enumerate(items):
        _sub(doc, n, zt, et)
        doc.para(zx if zh else ex)


def problems(doc: Document, fig: Figures, fact: Practice) -> None:
    zh = doc.lang == "zh"
    if not fact.problems and not fact.petitions:
        doc.para(
            "回头看和督导检查未发现问题。" if zh else "The review and the inspections found no problems."
        )
        return
    by_unit: dict[tuple[str, str], list[str]] = {}
    for p in fact.problems:
        key = (p.street, p.unit if zh else p.unit_en)
        if zh:
            fix = (
                f"已于{zh_date(p.closed_on)}整改：{p.resolution.rstrip('。')}"
                if p.closed_on
                else "尚未整改完毕"
            )
            by_unit.setdefault(key, []).append(
                f"{p.text_zh.rstrip('。')}（{zh_date(p.found_on)}发现；{fix}）。"
            )
        else:
            fix = (
                f"rectified on {en_date(p.closed_on)}: {p.resolution}" if p.closed_on else "not yet rectified"
            )
            by_unit.setdefault(key, []).append(
                f"{p.text_en.rstrip('.')} (found {en_date(p.found_on)}; {fix})."
            )
    for n, ((street, unit), texts) in enumerate(sorted(by_unit.items())):
        doc.heading(3, f"{n + 1}.{street}{unit}" if zh else f"{n + 1}. {unit}")
        for t in texts:
            doc.para(t)
    if fact.petitions:
        doc.heading(3, f"{len(by_unit) + 1}.信访" if zh else f"{len(by_unit) + 1}. Petitions")
        for pt in fact.petitions:
            kind = (
                ("集体访" if pt.collective else "信访")
                if zh
                else ("collective petition" if pt.collective else "petition")
            )
            done = (
                (f"，已于{zh_date(pt.concluded_on)}办结" if pt.concluded_on else "，尚未办结")
                if zh
                else (f", concluded on {en_date(pt.concluded_on)}" if pt.concluded_on else ", not concluded")
            )
            term = f"({pt.term_label})" if pt.term_label else ""
            doc.para(
                f"{pt.unit}{term}：{zh_date(pt.received_on)}收到{kind}（{pt.petitioners}人），事由：{pt.subject}{done}。"
                if zh
                else f"{pt.unit_en}{term}: {kind} of {pt.petitioners} received {en_date(pt.received_on)} — {pt.subject}{done}."
            )
