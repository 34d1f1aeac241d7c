"""The province-level summary (全省换届选举工作情况汇总): the districts' rounds rolled up per city, and per
district below each city, as a document in the district summary's form (huanjie.reports.document, rendered
to Word and PDF by huanjie.reports.render).

一、基本情况 — the divisions taking part and the elections finished on time, late or not yet, per city and
district; 二、新一届“两委”班子结构 — for each kind of team, the new teams against the previous term
(numbers, age, education, women, party members, re-elected; one-shoulder, cross-appointment and turnout
for the committees), in the district summary's own sentences and table (huanjie.reports.basics), with a
table per city and district; 三、存在的问题 — late and unfinished elections, the review's findings, and
every figure that could not be computed and why.

The figures come from the districts' parts (huanjie.reports.province_figures), computed here in one loop
or by jobs on several workers (huanjie.jobs.province_summary): the same parts give the same document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from huanjie.accounts.models import User
from huanjie.core.dates import en_date, zh_date
from huanjie.elections.models import Round
from huanjie.reports import basics
from huanjie.reports.basics import BODY_EN, BODY_ZH, HEAD_ZH, HEADS_EN, KIND_EN, KIND_ZH
from huanjie.reports.data import KINDS
from huanjie.reports.document import Document, Table, zh_punctuate
from huanjie.reports.province_figures import TEAMS, Area, area, district_part
from huanjie.reports.stats import Structure, percent, rounded
from huanjie.units.models import Division, Level

ABOVE_DISTRICT = (Level.PROVINCE, Level.CITY)
PARTS_ZH = ("基本情况", "新一届“两委”班子结构", "存在的问题")
PARTS_EN = ("Basic information", "The new teams", "Problems")
INDENT = "\u3000"  # a district's row under its city, indented one full-width space


def summary_rounds(division: Division, user: User | None) -> list[Round]:
    """The round of every district under `division` that `user` sees (None: all): each district's latest."""
    rounds = Round.objects.filter(district__path__startswith=division.path).select_related("district")
    if user is not None:
        rounds = rounds.filter(pk__in=Round.objects.visible_to(user).values("pk"))
    latest: dict[int, Round] = {}
    for r in rounds.order_by("starts_on", "pk"):
        latest[r.district_id] = r
    return sorted(latest.values(), key=lambda r: r.district.code)


def build_province_summary(
    division: Division,
    *,
    lang: str,
    today: dt.date,
    user: User | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """The whole summary in this process: every district's part in turn, then the document."""
    rounds = summary_rounds(division, user)
    parts = []
    for n, rnd in enumerate(rounds):
        if progress is not None:
            progress(n, len(rounds))
        parts.append(district_part(rnd, today))
    return compose(division, parts, lang=lang, today=today)


def compose(division: Division, parts: list[dict[str, Any]], *, lang: str, today: dt.date) -> Document:
    zh = lang == "zh"
    parts = sorted(parts, key=lambda p: p["code"])
    name = division.name if zh else (division.name_en or division.name)
    doc = Document(
        lang=lang,
        title=zh_punctuate(f"{name}村（社区）“两委”换届选举工作情况汇总")
        if zh
        else f"{name}: summary of the two-committee general election in its districts",
        issuer=f"{division.name}换届选举工作领导小组办公室" if zh else "Office of the leading group",
        dated=today,
        dated_text=zh_date(today) if zh else en_date(today),
    )
    total = area(division.code, name, name, parts, zh)
    # Per city, the districts below it; a city's own summary has its districts only.
    groups: list[tuple[Area, list[Area]]] = []
    if division.level == Level.PROVINCE:
        cities = Division.objects.filter(parent=division, level=Level.CITY).order_by("code")
        for city in cities:
            mine = [p for p in parts if p["city"] == city.code]
            if mine:
                districts = [area(p["code"], p["name"], p["name_en"], [p], zh) for p in mine]
                groups.append((area(city.code, city.name, city.name_en or city.name, mine, zh), districts))
    else:
        groups = [(area(p["code"], p["name"], p["name_en"], [p], zh), []) for p in parts]
    heads = PARTS_ZH if zh else PARTS_EN

    def part(n: int) -> None:
        doc.heading(1, f"{'一二三'[n]}、{heads[n]}" if zh else f"{n + 1}. {heads[n]}")

    part(0)
    if not parts:
        doc.gap("辖区内尚无开展换届选举的县（市、区）。" if zh else "No district below has a round.")
        return doc
    _basics(doc, division, total, len(groups))
    doc.blocks.append(_completion_table(doc, total, groups))
    part(1)
    n = 0
    for kind, body in TEAMS:
        if total.units.get(kind):
            label = BODY_ZH[(kind, body)] if zh else BODY_EN[(kind, body)].capitalize()
            doc.heading(2, f"（{'一二三四'[n]}）{label}" if zh else f"({n + 1}) {label}")
            n += 1
            _teams(doc, total, kind, body, label)
            doc.blocks.append(_teams_table(doc, total, groups, kind, body, label))
    part(2)
    _problems(doc, total)
    return doc


def to_pdf(doc: Document) -> bytes:
    """The PDF: the district summary's page, its long tables breaking across pages (the fonts checked)."""
    from huanjie.core.pdf import render_pdf
    from huanjie.reports.render import context

    return render_pdf("reports/province_summary_pdf.html", context(doc))


def _basics(doc: Document, division: Division, total: Area, cities: int) -> None:
    zh = doc.lang == "zh"
    kinds = [k for k in KINDS if total.units.get(k)]
    starts, ends = dt.date.fromisoformat(total.starts_on), dt.date.fromisoformat(total.ends_on)
    if zh:
        where = f"{cities}个市（州）、" if division.level == Level.PROVINCE else ""
        units = "、".join(f"{total.units[k]}个{KIND_ZH[k]}" for k in kinds)
        doc.para(
            f"全{'省' if division.level == Level.PROVINCE else '市'}{where}{len(total.districts)}个县（市、区）、"
            f"{total.streets}个乡镇（街道）、{units}参加本轮换届选举，"
            f"换届选举自{zh_date(starts)}开始，至{zh_date(ends)}结束。"
        )
    else:
        where = f"{cities} cities and " if division.level == Level.PROVINCE else ""
        units = " and ".join(f"{total.units[k]} {KIND_EN[k]}" for k in kinds)
        doc.para(
            f"{where}{len(total.districts)} districts with {total.streets} townships and streets and {units} take "
            f"part in this round, which runs from {en_date(starts)} to {en_date(ends)}."
        )
    under_way = doc.dated <= ends
    for kind in kinds:
        count, on_time, late, unfinished = total.completion.get(kind, [0, 0, 0, 0])
        if zh:
            rest = (
                (f"其余{unfinished}个正在进行中" if under_way else f"{unfinished}个尚未完成")
                if unfinished
                else ""
            )
            text = f"截至{zh_date(doc.dated)}，{count}个{KIND_ZH[kind]}中按时完成换届{on_time}个"
            text += f"，逾期完成{late}个" if late else ""
            doc.para(text + (f",{rest}。" if rest else "。"))
        else:
            rest = f"{unfinished} {'under way' if under_way else 'not finished'}"
            doc.para(
                f"As of {en_date(doc.dated)}, of the {count} {KIND_EN[kind]}: {on_time} finished on time, "
                f"{late} late, {rest}."
            )


def _row_names(zh: bool, total: Area, groups: list[tuple[Area, list[Area]]]) -> list[tuple[Area, str]]:
    rows: list[tuple[Area, str]] = []
    for city, districts in groups:
        # A city's own summary has its districts as groups of none: indented (not bold) like a province's.
        rows.append((city, city.label(zh) if districts else INDENT + city.label(zh)))
        rows.extend((d, INDENT + d.label(zh)) for d in districts)
    rows.append((total, "合计" if zh else "Total"))
    return rows


def _completion_table(doc: Document, total: Area, groups: list[tuple[Area, list[Area]]]) -> Table:
    zh = doc.lang == "zh"
    rows = []
    for a, label in _row_names(zh, total, groups):
        c = [a.completion.get(k, [0, 0, 0, 0]) for k in KINDS]
        rows.append(
            (label, str(len(a.districts)), str(a.units.get("village", 0)), str(a.units.get("community", 0)),
             *(str(sum(x[i] for x in c)) for i in (1, 2, 3)), f"{a.findings[0]}/{a.findings[1]}")
        )  # fmt: skip
    header = (
        ("名称", "县（市、区）", "村", "社区", "按时完成", "逾期完成", "未完成", "问题（发现/未整改）")
        if zh
        else (
            "name",
            "districts",
            "villages",
            "communities",
            "on time",
            "late",
            "not finished",
            "findings (all/open)",
        )
    )
    caption = "各地换届完成情况（个）" if zh else "Completion by city and district (units)"
    return Table(zh_punctuate(caption) if zh else caption, header, tuple(rows))


def _teams(doc: Document, total: Area, kind: str, body: str, label: str) -> None:
    """The district summary's own sentence and table (basics), over the sums of every district."""
    zh = doc.lang == "zh"
    t = total.teams[(kind, body)]
    team, heads = t.team, t.heads
    head = HEAD_ZH[body] if zh else HEADS_EN[body]
    if not team.n:
        doc.para(f"{label}：尚无当选人员记录。" if zh else f"{label}: no one is recorded as elected yet.")
    else:
        units = total.completion.get(kind, [0])[0]
        text = (
            f"{units}个{KIND_ZH[kind]}已选举产生{label}班子成员{team.n}名，其中{head}{heads.n}名"
            if zh
            else f"{label}: {team.n} members elected so far in {units} {KIND_EN[kind]}, {heads.n} of them {head}"
        )
        text += basics.structure_text(team, t.previous, zh, "班子成员" if zh else "members")
        text += basics.structure_text(heads, t.previous_heads, zh, head)
        doc.para(text + ("。" if zh else "."))
        if team.reelected is not None:
            doc.para(
                f"连任{team.reelected}名，新当选{team.new}名。"
                if zh
                else f"Re-elected: {team.reelected}; newly elected: {team.new}."
            )
        if body == "committee":
            _committee(doc, total, kind, team)
    if t.previous is not None:
        prev = t.previous
        doc.para(
            f"上届{label}班子成员{prev.n}名" + basics.structure_text(prev, None, True, "班子成员") + "。"
            if zh
            else f"The previous term's {label.lower()}: {prev.n} members"
            + basics.structure_text(prev, None, False, "members")
            + "."
        )
    _gaps(doc, total, kind, body, label)
    doc.blocks.append(
        basics.structure_table(
            label, team, t.previous, heads, t.previous_heads, zh, head
        )  # the district summary's
    )


def _committee(doc: Document, total: Area, kind: str, team: Structure) -> None:
    zh = doc.lang == "zh"
    both, shoulder, party_total, cross = total.pairing.get(kind, [0, 0, 0, 0])
    registered, voted = total.turnout.get(kind, [0, 0])
    zh_parts, en_parts = [], []
    if both:
        zh_parts.append(
            f"书记、主任“一肩挑”{shoulder}个，占两委均已选出的{both}个的{percent(shoulder, both)}"
        )
        zh_parts.append(f"党组织班子成员交叉任职{cross}名，占{percent(cross, party_total)}")
        en_parts.append(
            f"one-shoulder in {shoulder} of the {both} units with both teams ({percent(shoulder, both)})"
        )
        en_parts.append(f"{cross} party team members also on the committee ({percent(cross, party_total)})")
    if registered:
        zh_parts.append(f"选民参选率{percent(voted, registered)}")
        en_parts.append(f"turnout {percent(voted, registered)}")
    zh_parts.append(f"第一轮当选{team.n - team.after_runoff}名，另行选举当选{team.after_runoff}名")
    en_parts.append(
        f"{team.n - team.after_runoff} elected in the first round, {team.after_runoff} after a further vote"
    )
    doc.para(("其中，" + ";".join(zh_parts) + "。") if zh else ("Of these: " + "; ".join(en_parts) + "."))


def _gaps(doc: Document, total: Area, kind: str, body: str, label: str) -> None:
    zh = doc.lang == "zh"
    t = total.teams[(kind, body)]
    for names, zh_what, en_what in (
        (t.team.missing_age, "出生日期", "date of birth"),
        (t.team.missing_education, "学历", "education"),
        (t.team.missing_sex, "性别", "sex"),
    ):
        if names:
            doc.gap(
                f"{label}：{'、'.join(names)}有当选人员缺少{zh_what}（括号内为人数），相关合计无法计算。"
                if zh
                else f"{label}: members lack their {en_what} in {', '.join(names)} (people in brackets); the totals that need it are not computed."
            )
    if t.no_previous:
        doc.gap(
            f"{label}：{'、'.join(t.no_previous)}未导入上届班子成员，无法与上届比较。"
            if zh
            else f"{label}: {', '.join(t.no_previous)} imported no previous teams; no comparison with the previous term."
        )
    elif t.team.missing_previous and t.team.n:
        doc.gap(
            f"{label}：{'、'.join(t.team.missing_previous)}有村（社区）上届班子不全，连任与新当选无法计算。"
            if zh
            else f"{label}: previous teams incomplete in {', '.join(t.team.missing_previous)}; re-elected and new are not computed."
        )


def _pair(cur: object, prev: object) -> str:
    show = [str(v) if v is not None else "—" for v in (cur, prev)]
    return f"{show[0]}/{show[1]}"


def _teams_table(
    doc: Document, total: Area, groups: list[tuple[Area, list[Area]]], kind: str, body: str, label: str
) -> Table:
    zh = doc.lang == "zh"
    rows = []
    for a, name in _row_names(zh, total, groups):
        t = a.teams[(kind, body)]
        s, p = t.team, t.previous
        rows.append(
            (name, _pair(s.n, p.n if p else None),
             _pair(rounded(s.average_age, 1) if s.n else None, rounded(p.average_age, 1) if p and p.n else None),
             _pair(s.age_bands[0] if s.age_bands else None, p.age_bands[0] if p and p.age_bands else None),
             _pair(s.college_plus, p.college_plus if p else None), _pair(s.women, p.women if p else None),
             _pair(s.party, p.party if p else None),
             str(s.reelected) if s.reelected is not None and s.n else "—")
        )  # fmt: skip
    header = (
        ("名称", "人数", "平均年龄", "35岁及以下", "大专及以上", "女性", "党员", "连任")
        if zh
        else ("name", "members", "average age", "35 and under", "college+", "women", "party", "re-elected")
    )
    caption = f"{label}班子结构（本届/上届）" if zh else f"{label}: this term / previous term"
    return Table(zh_punctuate(caption) if zh else caption, header, tuple(rows))


def _problems(doc: Document, total: Area) -> None:
    zh = doc.lang == "zh"
    ends = dt.date.fromisoformat(total.ends_on)
    said = False
    if total.late:
        said = True
        doc.para(
            f"{'、'.join(total.late)}有村（社区）晚于本轮截止日期完成换届。"
            if zh
            else f"Units finished after the round's end in {', '.join(total.late)}."
        )
    if total.unfinished and doc.dated > ends:
        said = True
        doc.para(
            f"{'、'.join(total.unfinished)}有村（社区）尚未完成换届。"
            if zh
            else f"Units have not finished in {', '.join(total.unfinished)}."
        )
    overdue = sum(o for o, _late in total.stages.values())
    done_late = sum(late for _o, late in total.stages.values())
    if overdue or done_late:
        said = True
        worst = sorted(
            ((o, name) for name, (o, _late) in total.stages.items() if o), key=lambda x: (-x[0], x[1])
        )
        named = (
            "、".join(f"{name}（{o}个）" for o, name in worst[:5])
            if zh
            else ", ".join(f"{name} ({o})" for o, name in worst[:5])
        )
        if zh:
            text = (
                f"截至{zh_date(doc.dated)}，全部选举中有{overdue}个环节逾期未完成、{done_late}个环节逾期完成"
            )
            doc.para(text + (f"；逾期未完成环节较多的是{named}。" if worst else "。"))
        else:
            text = f"As of {en_date(doc.dated)}, {overdue} stages are overdue and {done_late} were completed late"
            doc.para(text + (f"; most overdue: {named}." if worst else "."))
    found, still_open, high = total.findings
    if found:
        said = True
        doc.para(
            f"回头看和督导检查共发现问题{found}个，其中严重问题{high}个；已整改{found - still_open}个，尚未整改{still_open}个（各地数字见上表）。"
            if zh
            else f"The reviews and inspections found {found} problems, {high} of them serious; {found - still_open} "
            f"rectified, {still_open} still open (by district in the table above)."
        )
    if not said:
        doc.para(
            "回头看和督导检查未发现问题。" if zh else "The review and the inspections found no problems."
        )
    if doc.missing:
        doc.para(
            f"本报告有{len(doc.missing)}处数字无法计算，原因已在相应位置注明。"
            if zh
            else f"{len(doc.missing)} figures of this report could not be computed; each place says why."
        )
