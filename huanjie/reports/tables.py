"""The standard statistical tables of a round as XLSX: per street, per unit, and every elected member.

Written through huanjie.core.export (formats the office opens in Excel or WPS; every cell inert). Column headers are Chinese, as the
tables are filed; figures that cannot be computed are left empty and named in the last sheet.
"""

from __future__ import annotations

from collections import defaultdict

from huanjie.core.export import Book, Sheet
from huanjie.reports.basics import EDU_ZH
from huanjie.reports.data import Figures
from huanjie.reports.stats import Person, holders, rounded, structure
from huanjie.rules.terms import POST_ZH, Post
from huanjie.units.models import Division

SEX_ZH = {"male": "男", "female": "女"}


def tables_xlsx(fig: Figures) -> bytes:
    book = Book()
    people = [p for group in fig.teams.values() for p in group]
    by_unit: dict[str, list[Person]] = defaultdict(list)
    for p in people:
        by_unit[p.unit].append(p)
    words = {"on_time": "按时完成", "late": "逾期完成", "unfinished": "未完成"}
    status = {
        code: f"{words[state]}({day.isoformat()})" if state == "late" and day else words[state]
        for code, (state, day) in fig.state.items()
    }
    _streets(book, fig, by_unit, status)
    _units(book, fig, by_unit, status)
    _members(book, people)
    missing = book.sheet("缺少的数据")
    missing.header(["单位", "姓名", "缺少"])
    for p in people:
        for what, gap in (
            ("出生日期", p.age is None),
            ("学历", p.education not in EDU_ZH),
            ("性别", not p.sex),
        ):
            if gap:
                missing.append([p.unit_name, p.name, what])
    return book.save()


def _streets(book: Book, fig: Figures, by_unit: dict[str, list[Person]], status: dict[str, str]) -> None:
    sheet = book.sheet("各街道汇总")
    sheet.header(["街道", "单位数", "按时完成", "逾期完成", "未完成", "党组织班子成员", "书记平均年龄",
                  "村（居）委会成员", "主任平均年龄", "女性成员", "一肩挑"])  # fmt: skip
    for street in fig.streets:
        units = [u for u in fig.units.values() if u.parent_id == street.pk]
        group = [p for u in units for p in by_unit.get(u.code, [])]
        party = [p for p in group if p.body == "party"]
        comm = [p for p in group if p.body == "committee"]
        states = [status.get(u.code, "") for u in units]
        sheet.append([
            street.name, len(units), states.count("按时完成"), sum(s.startswith("逾期") for s in states),
            states.count("未完成"), len(party), rounded(structure(holders(party, "secretary")).average_age, 1),
            len(comm), rounded(structure(holders(comm, "director")).average_age, 1),
            structure(group).women, _shoulders(units, by_unit),
        ])  # fmt: skip


def _shoulders(units: list[Division], by_unit: dict[str, list[Person]]) -> int:
    n = 0
    for u in units:
        group = by_unit.get(u.code, [])
        sec = {p.name for p in group if p.body == "party" and "secretary" in p.posts}
        dirs = {p.name for p in group if p.body == "committee" and "director" in p.posts}
        n += bool(sec & dirs)
    return n


def _units(book: Book, fig: Figures, by_unit: dict[str, list[Person]], status: dict[str, str]) -> None:
    sheet = book.sheet("各单位明细")
    sheet.header(["街道", "单位", "类型", "代码", "完成情况", "书记", "主任", "一肩挑", "党组织班子人数",
                  "党组织平均年龄", "村（居）委会人数", "村（居）委会平均年龄", "女性", "连任", "新当选"])  # fmt: skip
    for code, unit in sorted(fig.units.items()):
        group = by_unit.get(code, [])
        party = [p for p in group if p.body == "party"]
        comm = [p for p in group if p.body == "committee"]
        sec = [p.name for p in holders(party, "secretary")]
        dirs = [p.name for p in holders(comm, "director")]
        s = structure(group)
        sheet.append([
            next((st.name for st in fig.streets if st.pk == unit.parent_id), ""), unit.name,
            "村" if unit.kind == "village" else "社区", code, status.get(code, ""), "、".join(sec),
            "、".join(dirs), "是" if set(sec) & set(dirs) else "否", len(party),
            rounded(structure(party).average_age, 1) if party else "", len(comm),
            rounded(structure(comm).average_age, 1) if comm else "", s.women, s.reelected, s.new,
        ])  # fmt: skip


def _members(book: Book, people: list[Person]) -> None:
    sheet: Sheet = book.sheet("当选人员")
    sheet.header(
        [
            "街道",
            "单位",
            "组织",
            "姓名",
            "职务",
            "性别",
            "年龄",
            "学历",
            "党员",
            "民族",
            "连任",
            "另行选举当选",
        ]
    )
    for p in sorted(people, key=lambda p: (p.street, p.unit, p.body, p.name)):
        sheet.append([
            p.street_name, p.unit_name, "党组织" if p.body == "party" else "村（居）委会", p.name,
            "、".join(POST_ZH[Post(x)] for x in p.posts), SEX_ZH.get(p.sex, ""), p.age,
            EDU_ZH.get(p.education, ""), {True: "是", False: "否"}.get(p.party_member, ""),  # type: ignore[arg-type]
            p.ethnicity, {True: "是", False: "否"}.get(p.reelected, ""), "是" if p.after_runoff else "",  # type: ignore[arg-type]
        ])  # fmt: skip
