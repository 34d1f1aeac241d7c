"""Part one of the work summary: basic information — completion, and the new teams against the previous term.

Every number comes from huanjie.reports.data; a number that cannot be computed is replaced, in place, by
a statement of what is missing (Document.gap).
"""

from __future__ import annotations

from fractions import Fraction

from huanjie.core.dates import en_date, zh_date
from huanjie.reports.data import Figures
from huanjie.reports.document import Document, Table
from huanjie.reports.stats import Structure, Tally, holders, pairing, percent, rounded, structure

KIND_ZH = {"village": "村", "community": "社区"}
KIND_EN = {"village": "villages", "community": "communities"}
BODY_ZH = {("village", "party"): "村党组织", ("community", "party"): "社区党组织",
           ("village", "committee"): "村民委员会", ("community", "committee"): "居民委员会"}  # fmt: skip
BODY_EN = {("village", "party"): "village party organisations", ("community", "party"): "community party organisations",
           ("village", "committee"): "villagers' committees", ("community", "committee"): "residents' committees"}  # fmt: skip
HEAD = {"party": "secretary", "committee": "director"}
HEAD_ZH = {"party": "书记", "committee": "主任"}
HEADS_EN = {"party": "secretaries", "committee": "directors"}
EDU_ZH = {
    "primary": "小学及以下",
    "junior": "初中",
    "senior": "高中（中专）",
    "college": "大专",
    "university": "本科及以上",
}
EDU_EN = {"primary": "primary or less", "junior": "junior secondary", "senior": "senior secondary",
          "college": "junior college", "university": "university"}  # fmt: skip
BAND_ZH = ("35岁及以下", "36—45岁", "46—55岁", "56岁及以上")
BAND_EN = ("35 and under", "36–45", "46–55", "56 and over")


def _names(items: list[str] | tuple[str, ...], zh: bool, limit: int = 12) -> str:
    shown = list(items[:limit])
    more = len(items) - len(shown)
    if zh:
        return "、".join(shown) + (f"等{len(items)}人" if more > 0 else "")
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def completion(doc: Document, fig: Figures) -> None:
    zh = doc.lang == "zh"
    rnd = fig.rnd
    counts = {k: fig.unit_count(k) for k in ("village", "community")}
    kinds = [k for k in ("village", "community") if counts[k]]
    if zh:
        parts = "、".join(f"{counts[k]}个{KIND_ZH[k]}" for k in kinds)
        doc.para(
            f"{fig.scope.name}共有{len(fig.streets)}个街道（乡镇）、{parts}参加本轮换届选举。"
            f"换届选举自{zh_date(rnd.starts_on)}开始，至{zh_date(rnd.ends_on)}结束。"
        )
    else:
        parts = " and ".join(f"{counts[k]} {KIND_EN[k]}" for k in kinds)
        doc.para(
            f"{fig.scope.name_en or fig.scope.name} has {len(fig.streets)} streets and {parts} in this round, "
            f"which ran from {en_date(rnd.starts_on)} to {en_date(rnd.ends_on)}."
        )
    for kind in kinds:
        c = fig.completion.get(kind)
        if c is None:
            continue
        en = {u.name: u.name_en or u.name for u in fig.units.values()}
        late = [
            f"{name}（{zh_date(day)}完成）" if zh else f"{en[name]} (finished {en_date(day)})"
            for name, day in c.late
        ]
        if doc.dated <= rnd.ends_on and c.unfinished:
            # The round is still under way: the units not finished yet are in progress, not late.
            done = len(c.on_time) + len(c.late)
            if zh:
                text = f"截至{zh_date(doc.dated)}，{c.units}个{KIND_ZH[kind]}中已完成换届{done}个，其余{len(c.unfinished)}个正在进行中"
                text += f"；{'、'.join(late)}晚于本轮截止日期完成。" if late else "。"
            else:
                text = (
                    f"As of {en_date(doc.dated)}, {done} of the {c.units} {KIND_EN[kind]} have finished; "
                    f"{len(c.unfinished)} are under way."
                )
            doc.para(text)
            continue
        behind = [*late, *(f"{n}（尚未完成）" if zh else f"{en[n]} (not finished)" for n in c.unfinished)]
        if zh:
            text = (
                f"{c.units}个{KIND_ZH[kind]}中，{len(c.on_time)}个按时完成换届；{'、'.join(behind)}未按时完成。"
                if behind
                else f"{c.units}个{KIND_ZH[kind]}全部按时完成换届。"
            )
        else:
            text = f"Of the {c.units} {KIND_EN[kind]}, {len(c.on_time)} finished on time"
            text += f"; not on time: {', '.join(behind)}." if behind else "; all on time."
        doc.para(text)


def _compare_age(cur: Fraction | None, prev: Fraction | None, zh: bool) -> str:
    if cur is None or prev is None:
        return ""
    d = int(rounded(cur)) - int(rounded(prev))
    if zh:
        return f"，比上届{'下降' if d < 0 else '上升'}{abs(d)}岁" if d else "，与上届持平"
    return (
        f", {abs(d)} years {'younger' if d < 0 else 'older'} than the previous term"
        if d
        else ", as in the previous term"
    )


def teams(doc: Document, fig: Figures, kind: str, body: str) -> None:
    zh = doc.lang == "zh"
    people = fig.teams.get((kind, body), [])
    label = BODY_ZH[(kind, body)] if zh else BODY_EN[(kind, body)].capitalize()
    if not people:
        doc.gap(f"{label}：尚无当选人员记录。" if zh else f"{label}: no one is recorded as elected yet.")
        return
    team, heads = structure(people), structure(holders(people, HEAD[body]))
    prev_people = fig.previous.get((kind, body), [])
    prev = structure(prev_people) if prev_people else None
    prev_heads = structure(holders(prev_people, HEAD[body])) if prev_people else None
    units = len({p.unit for p in people})
    head_zh = HEAD_ZH[body]
    if zh:
        text = f"{label}：{units}个{KIND_ZH[kind]}选举产生班子成员{team.n}名，其中{head_zh}{heads.n}名"
    else:
        text = (
            f"{label}: {units} {KIND_EN[kind]} elected {team.n} members, {heads.n} of them {HEADS_EN[body]}"
        )
    text += structure_text(team, prev, zh, "班子成员" if zh else "members")
    text += structure_text(heads, prev_heads, zh, head_zh if zh else HEADS_EN[body])
    doc.para(text + ("。" if zh else "."))
    _gaps(doc, team, label, zh, prev is not None)
    if team.reelected is not None:
        doc.para(
            f"连任{team.reelected}名，新当选{team.new}名。"
            if zh
            else f"Re-elected: {team.reelected}; newly elected: {team.new}."
        )
    if body == "committee":
        _committee_extras(doc, fig, kind, team, zh)
    doc.blocks.append(
        structure_table(label, team, prev, heads, prev_heads, zh, head_zh if zh else HEADS_EN[body])
    )


def structure_text(s: Structure, prev: Structure | None, zh: bool, who: str) -> str:
    out = ""
    if s.average_age is not None:
        prev_avg = prev.average_age if prev else None
        if zh:
            out += f"；{who}平均年龄{rounded(s.average_age)}岁" + _compare_age(s.average_age, prev_avg, zh)
            if prev_avg is not None:
                out += f"（上届{rounded(prev_avg)}岁）"
        else:
            out += f"; {who}' average age {rounded(s.average_age)}" + _compare_age(
                s.average_age, prev_avg, zh
            )
            if prev_avg is not None:
                out += f" (previous term {rounded(prev_avg)})"
    if s.education is not None:
        c, h = s.college_plus, s.senior_plus
        if zh:
            out += f"，大专及以上学历{c}名、高中（中专）及以上学历{h}名"
            if prev and prev.education is not None:
                out += f"（上届分别为{prev.college_plus}名、{prev.senior_plus}名）"
        else:
            out += f", {c} with junior college or above and {h} with senior secondary or above"
            if prev and prev.education is not None:
                out += f" (previous term {prev.college_plus} and {prev.senior_plus})"
    if s.women is not None:
        out += f"，女性{s.women}名" if zh else f", women: {s.women}"
    return out


def _gaps(doc: Document, s: Structure, label: str, zh: bool, has_prev: bool) -> None:
    for names, zh_what, en_what in (
        (s.missing_age, "出生日期", "date of birth"),
        (s.missing_education, "学历", "education"),
        (s.missing_sex, "性别", "sex"),
    ):
        if names:
            doc.gap(
                f"{label}：缺少{_names(names, True)}的{zh_what}，相关数字无法计算。"
                if zh
                else f"{label}: the {en_what} of {_names(names, False)} is missing; the figures that need it are not computed."
            )
    if not has_prev:
        doc.gap(
            f"{label}：未导入上届班子成员，无法与上届比较。"
            if zh
            else f"{label}: the previous term's teams are not imported; no comparison with the previous term."
        )
    elif s.missing_previous:
        doc.gap(
            f"{label}：{_names(s.missing_previous, True)}的上届班子未导入，连任与新当选无法计算。"
            if zh
            else f"{label}: no previous team for {_names(s.missing_previous, False)}; re-elected and new are not computed."
        )


def _committee_extras(doc: Document, fig: Figures, kind: str, team: Structure, zh: bool) -> None:
    pair = pairing(fig.teams.get((kind, "party"), []), fig.teams.get((kind, "committee"), []))
    turnout = fig.turnout.get((kind, "committee"))
    parts_zh, parts_en = [], []
    if pair.units_with_both:
        parts_zh.append(
            f"书记、主任“一肩挑”{pair.one_shoulder}个，占两委均已选出的{pair.units_with_both}个的{percent(pair.one_shoulder, pair.units_with_both)}"
        )
        parts_zh.append(
            f"党组织班子成员交叉任职{pair.cross}名，占{percent(pair.cross, pair.party_members_total)}"
        )
        parts_en.append(
            f"one-shoulder (secretary also director) in {pair.one_shoulder} of the {pair.units_with_both} units with both teams "
            f"({percent(pair.one_shoulder, pair.units_with_both)})"
        )
        parts_en.append(
            f"{pair.cross} party team members also on the committee ({percent(pair.cross, pair.party_members_total)})"
        )
    if team.party is not None:
        parts_zh.append(f"党员{team.party}名")
        parts_en.append(f"{team.party} party members")
    if team.minority is not None:
        parts_zh.append(f"少数民族{team.minority}名")
        parts_en.append(f"{team.minority} of ethnic minorities")
    if turnout and turnout.registered:
        parts_zh.append(f"选民参选率{percent(turnout.voted, turnout.registered)}")
        parts_en.append(f"turnout {percent(turnout.voted, turnout.registered)}")
    t = fig.tally.get((kind, "committee"), Tally())
    if t.runoffs or t.tie_revotes:
        parts_zh.append(
            f"另行选举{len(t.runoffs)}次（{'、'.join(t.runoffs)}），得票相等再投票{len(t.tie_revotes)}次（{'、'.join(t.tie_revotes)}）"
        )
        parts_en.append(
            f"{len(t.runoffs)} runoffs ({', '.join(t.runoffs)}) and {len(t.tie_revotes)} tie re-votes ({', '.join(t.tie_revotes)})"
        )
    parts_zh.append(f"第一轮当选{team.n - team.after_runoff}名，另行选举当选{team.after_runoff}名")
    parts_en.append(
        f"{team.n - team.after_runoff} elected in the first round, {team.after_runoff} after a further vote"
    )
    if t.vacancies:
        parts_zh.append(f"缺额{t.vacancies}名（{'、'.join(sorted(set(t.vacancy_units)))}）")
        parts_en.append(f"{t.vacancies} seats vacant ({', '.join(sorted(set(t.vacancy_units)))})")
    doc.para(("其中，" + ";".join(parts_zh) + "。") if zh else ("Of these: " + "; ".join(parts_en) + "."))


def structure_table(
    label: str, s: Structure, p: Structure | None, h: Structure, ph: Structure | None, zh: bool, head: str
) -> Table:
    def pair(cur: object, prev: object) -> tuple[str, str]:
        return (str(cur) if cur is not None else "—", str(prev) if prev is not None else "—")

    rows: list[tuple[str, ...]] = [
        ("人数" if zh else "members", *pair(s.n, p.n if p else None)),
        ("平均年龄" if zh else "average age", rounded(s.average_age, 1), rounded(p.average_age, 1) if p else "—"),
        (f"{head}平均年龄" if zh else f"{head}' average age", rounded(h.average_age, 1), rounded(ph.average_age, 1) if ph else "—"),
    ]  # fmt: skip
    for i, band in enumerate(BAND_ZH if zh else BAND_EN):
        rows.append(
            (
                band,
                *pair(s.age_bands[i] if s.age_bands else None, p.age_bands[i] if p and p.age_bands else None),
            )
        )
    for key in EDU_ZH:
        rows.append(
            ((EDU_ZH if zh else EDU_EN)[key],
             *pair(s.education[key] if s.education else None, p.education[key] if p and p.education else None))
        )  # fmt: skip
    rows.append(("女性" if zh else "women", *pair(s.women, p.women if p else None)))
    rows.append(("党员" if zh else "party members", *pair(s.party, p.party if p else None)))
    header = ("项目", "本届", "上届") if zh else ("", "this term", "previous term")
    return Table(f"{label}班子结构" if zh else f"{label}: structure of the teams", header, tuple(rows))
