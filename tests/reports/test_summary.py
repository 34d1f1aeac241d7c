"""The work summary from the records: figures, term comparison, missing data said in place, DOCX and PDF
that open with the expected sections, and the Chinese and English versions agreeing in numbers."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from huanjie.demo.people import make_id_number
from huanjie.elections.models import Round
from huanjie.polling.elected import do_update_elected
from huanjie.polling.models import ElectedMember
from huanjie.reports.actions import do_import_previous_term
from huanjie.reports.document import Table, zh_punctuate
from huanjie.reports.models import Match, PreviousMember
from huanjie.reports.render import to_docx, to_pdf
from huanjie.reports.resolve import do_resolve_person
from huanjie.reports.summary import build_summary

TODAY = dt.date(2027, 4, 5)
# 王建国's ID number is the one the household register has (tests/reports/conftest.py residents()).
WANG_ID = make_id_number("620102", dt.date(1981, 5, 1), 300, "male")
PREVIOUS = (
    "村(社区)代码,组织,职务,姓名,性别,出生日期,学历,是否党员,民族,当选日期,身份证号\n"
    "620102023201,党组织,书记,马老书记,男,1960-01-01,初中,是,汉族,2021-12-20,\n"
    f"620102023201,党组织,委员,王建国,男,1981-05-01,高中,是,汉族,2021-12-20,{WANG_ID}\n"
    "620102023201,党组织,委员,何七,男,1966-07-07,小学,是,汉族,2021-12-20,\n"
)


def import_previous(rnd: Round) -> None:
    """The file, then the clerk's confirmation of the two rows without an ID number: not residents here."""
    do_import_previous_term(rnd, "previous.csv", PREVIOUS.encode(), actor=SYSTEM)
    for row in PreviousMember.objects.filter(match=Match.FLAGGED):
        do_resolve_person(row, person=None, actor=SYSTEM)


def test_it_states_the_teams_from_the_records(elected: Round) -> None:
    text = build_summary(elected, lang="zh", today=TODAY, with_charts=False).text()
    # Party branch: 王建国 45, 张福 56, 刘芳 30 → 131/3 = 43.7 → 44; the secretary 45.
    assert zh_punctuate("1个村选举产生班子成员3名,其中书记1名;班子成员平均年龄44岁") in text
    assert "书记平均年龄45岁" in text
    assert zh_punctuate("大专及以上学历2名、高中(中专)及以上学历3名") in text
    # The committee: 王建国 45, 李秀英 35, 赵强 40 → 40; one-shoulder at Shigou; 王建国 is in both teams.
    assert "班子成员平均年龄40岁" in text
    assert "“一肩挑”1个" in text and "交叉任职1名" in text
    # Nothing finished: every unit is named as not finished.
    assert zh_punctuate("石沟村(尚未完成)") in text and zh_punctuate("长洼村(尚未完成)") in text


def test_it_compares_with_the_previous_term(elected: Round) -> None:
    do_import_previous_term(elected, "previous.csv", PREVIOUS.encode(), actor=SYSTEM)
    text = build_summary(elected, lang="zh", today=TODAY, with_charts=False).text()
    # Two rows await the clerk's confirmation: re-elected is not counted until then (never by the name).
    assert zh_punctuate("连任1名") not in text
    for row in PreviousMember.objects.filter(match=Match.FLAGGED):
        do_resolve_person(row, person=None, actor=SYSTEM)
    text = build_summary(elected, lang="zh", today=TODAY, with_charts=False).text()
    # Previous: 马 61, 王 40, 何 55 → 52; the secretary 61 → this term's 45 is 16 years younger.
    assert zh_punctuate("比上届下降8岁(上届52岁)") in text
    assert zh_punctuate("书记平均年龄45岁,比上届下降16岁(上届61岁)") in text
    assert zh_punctuate("连任1名,新当选2名") in text  # 王建国 was on the previous party team


def test_it_says_what_is_missing_and_never_invents(elected: Round) -> None:
    member = ElectedMember.objects.get(election__round=elected, name="张福")
    do_update_elected(member, details={"education": ""}, actor=SYSTEM)
    assert member.resident is not None and member.resident.education == ""  # on the person's record
    doc = build_summary(elected, lang="zh", today=TODAY, with_charts=False)
    text = doc.text()
    assert "缺少石沟村张福的学历" in text
    assert "大专及以上学历" not in text.split("村党组织：")[1].split("书记平均年龄")[0]
    assert "未导入上届班子成员" in text
    assert any("张福" in gap for gap in doc.missing)


def _numbers(doc: Any) -> list[tuple[str, ...]]:
    return [row[1:] for b in doc.blocks if isinstance(b, Table) for row in b.rows]


def test_it_agrees_in_numbers_in_english_and_chinese(elected: Round) -> None:
    import_previous(elected)
    zh = build_summary(elected, lang="zh", today=TODAY, with_charts=False)
    en = build_summary(elected, lang="en", today=TODAY, with_charts=False)
    assert _numbers(zh) == _numbers(en) and _numbers(zh)
    assert "average age 44" in en.text() and "secretarys" not in en.text()

    def figures(text: str) -> list[str]:
        return sorted(re.findall(r"\d+(?:\.\d+)?%?", re.sub(r"\d{4}年\d+月\d+日|\d+ \w+ \d{4}", "", text)))

    basic_zh = zh.text().split("一、基本情况")[1].split("二、主要做法")[0]
    basic_en = en.text().split("1. Basic information")[1].split("2. Main practices")[0]
    assert figures(basic_zh) == figures(basic_en)
    assert "Changwa Village (not finished)" in basic_en


def test_it_writes_a_word_file_with_the_sections(elected: Round) -> None:
    from docx import Document as Word

    data = to_docx(build_summary(elected, lang="zh", today=TODAY))
    word = Word(io.BytesIO(data))
    texts = [p.text for p in word.paragraphs]
    for heading in ("一、基本情况", "二、主要做法", "三、主要经验", "四、存在的问题及解决办法"):
        assert heading in texts
    assert any("书记平均年龄45岁" in t for t in texts)
    assert len(word.inline_shapes) >= 2  # the age and education charts
    assert "2027年4月5日" in texts[-1]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed")
def test_it_writes_a_pdf_with_the_sections(elected: Round, tmp_path: Any) -> None:
    path = tmp_path / "summary.pdf"
    path.write_bytes(to_pdf(build_summary(elected, lang="zh", today=TODAY)))
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    for heading in (
        "一、基本情况",
        "二、主要做法",
        "三、主要经验",
        "四、存在的问题及解决办法",
        "书记平均年龄45岁",
    ):
        assert heading in flat


def test_it_counts_units_under_way_before_the_rounds_end(elected: Round) -> None:
    text = build_summary(elected, lang="zh", today=elected.ends_on, with_charts=False).text()
    assert zh_punctuate("3个村中已完成换届0个,其余3个正在进行中。") in text
    assert "未按时完成" not in text
    en = build_summary(elected, lang="en", today=elected.ends_on, with_charts=False).text()
    assert "0 of the 3 villages have finished; 3 are under way." in en


def test_it_tells_apart_units_of_the_same_name(elected: Round) -> None:
    """Many districts have two villages of one name: the states, tables and charts go by division code."""
    import io as _io

    from openpyxl import load_workbook

    from huanjie.elections.models import Election
    from huanjie.reports.data import load
    from huanjie.reports.tables import tables_xlsx
    from huanjie.units.models import Division

    Division.objects.filter(code="620102023202").update(name="石沟村")  # Shangping renamed, for the case
    Election.objects.filter(round=elected, unit__code="620102023201").update(
        finished_on=elected.ends_on - dt.timedelta(days=1)
    )
    fig = load(elected, elected.district)
    assert fig.state["620102023201"][0] == "on_time" and fig.state["620102023202"][0] == "unfinished"
    sheet = load_workbook(_io.BytesIO(tables_xlsx(fig)))["各单位明细"]
    rows = {row[3]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["620102023201"] == "按时完成" and rows["620102023202"] == "未完成"
