"""The district's work summary (工作总结) of a round, composed from the records.

Structure of the summaries districts file (see the seed document): 一、基本情况; 二、主要做法 (leadership
and institutions, training, publicity, candidate procedure and assessment, supervision, classified guidance,
liaison officers); 三、主要经验; 四、存在的问题及解决办法 — and, at the end, what could not be computed.
"""

from __future__ import annotations

import datetime as dt

from huanjie.accounts.models import User
from huanjie.core.dates import en_date, zh_date
from huanjie.elections.models import Round
from huanjie.reports import basics, charts, practices
from huanjie.reports.data import Figures, load
from huanjie.reports.document import Document, zh_punctuate
from huanjie.reports.practice import Practice, load_practice
from huanjie.reports.stats import structure
from huanjie.units.models import Division

PARTS_ZH = ("基本情况", "主要做法", "主要经验", "存在的问题及解决办法")
PARTS_EN = ("Basic information", "Main practices", "Experience", "Problems and their solutions")


def build_summary(
    rnd: Round,
    *,
    lang: str = "zh",
    today: dt.date,
    scope: Division | None = None,
    with_charts: bool = True,
    svg: bool = False,
    user: User | None = None,
) -> Document:
    """The summary of `scope` (default: the district) as `user` may see it (None: the command line)."""
    scope = scope or rnd.district
    fig = load(rnd, scope)
    fact = load_practice(rnd, scope=scope, user=user)
    return compose(fig, fact, lang=lang, today=today, with_charts=with_charts, svg=svg)


def compose(
    fig: Figures, fact: Practice, *, lang: str, today: dt.date, with_charts: bool = True, svg: bool = False
) -> Document:
    zh = lang == "zh"
    name = fig.scope.name if zh else (fig.scope.name_en or fig.scope.name)
    doc = Document(
        lang=lang,
        title=zh_punctuate(f"{name}村（社区）“两委”换届选举工作总结")
        if zh
        else f"{name}: work summary of the two-committee general election",
        issuer=f"{fig.rnd.district.name}换届选举工作领导小组办公室"
        if zh
        else "Office of the leading group for the round",
        dated=today,
        dated_text=zh_date(today) if zh else en_date(today),
    )
    parts = PARTS_ZH if zh else PARTS_EN

    def part(n: int) -> None:
        doc.heading(1, f"{'一二三四'[n]}、{parts[n]}" if zh else f"{n + 1}. {parts[n]}")

    part(0)
    basics.completion(doc, fig)
    if with_charts:
        _completion_chart(doc, fig, svg)
    for kind in ("village", "community"):
        if fig.unit_count(kind):
            for body in ("party", "committee"):
                basics.teams(doc, fig, kind, body)
                if with_charts:
                    _group_charts(doc, fig, kind, body, svg)
    part(1)
    practices.practices(doc, fig, fact)
    part(2)
    practices.experience(doc, fig, fact)
    part(3)
    practices.problems(doc, fig, fact)
    return doc


def _group_charts(doc: Document, fig: Figures, kind: str, body: str, svg: bool) -> None:
    """The age and education structure of one kind of team, this term against the previous."""
    zh = doc.lang == "zh"
    this, prev = ("本届", "上届") if zh else ("this term", "previous term")
    people = fig.teams.get((kind, body), [])
    if people:
        label = basics.BODY_ZH[(kind, body)] if zh else basics.BODY_EN[(kind, body)]
        cur = structure(people)
        old = structure(fig.previous.get((kind, body), []))
        if cur.age_bands is not None:
            series = [(this, list(cur.age_bands))]
            if old.n and old.age_bands is not None:
                series.append((prev, list(old.age_bands)))
            doc.blocks.append(
                charts.grouped(
                    f"{label}班子成员年龄结构" if zh else f"{label}: age structure",
                    basics.BAND_ZH if zh else basics.BAND_EN,
                    series,
                    "人" if zh else "people",
                    svg=svg,
                )
            )
        if cur.education is not None:
            keys = list(basics.EDU_ZH)
            series = [(this, [cur.education[k] for k in keys])]
            if old.n and old.education is not None:
                series.append((prev, [old.education[k] for k in keys]))
            doc.blocks.append(
                charts.grouped(
                    f"{label}班子成员学历结构" if zh else f"{label}: education",
                    [(basics.EDU_ZH if zh else basics.EDU_EN)[k] for k in keys],
                    series,
                    "人" if zh else "people",
                    svg=svg,
                )
            )


def _completion_chart(doc: Document, fig: Figures, svg: bool) -> None:
    zh = doc.lang == "zh"
    streets = list(fig.streets)
    rows: dict[int | None, list[int]] = {s.pk: [0, 0, 0] for s in streets}
    column = {"on_time": 0, "late": 1, "unfinished": 2}
    for code, (state, _day) in fig.state.items():
        rows[fig.units[code].parent_id][column[state]] += 1
    doc.blocks.append(
        charts.stacked(
            "各街道换届完成情况（个）" if zh else "Completion by street (units)",
            [s.name if zh else (s.name_en or s.name) for s in streets],
            [
                ("按时完成" if zh else "on time", [rows[s.pk][0] for s in streets]),
                ("逾期完成" if zh else "late", [rows[s.pk][1] for s in streets]),
                (
                    ("进行中" if zh else "under way")
                    if doc.dated <= fig.rnd.ends_on
                    else ("尚未完成" if zh else "not finished"),
                    [rows[s.pk][2] for s in streets],
                ),
            ],
            svg=svg,
        )
    )
