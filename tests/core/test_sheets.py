"""core.sheets and voters.printing: long papers drawn with fpdf2 keep the fonts, the A4 and the glyph check."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from huanjie.core import papercache
from huanjie.core.pdf import MissingGlyphs
from huanjie.voters.printing import Card, Entry, cards_pdf, list_pdf

ABSENT = "\U00013000"  # Egyptian hieroglyph A001: in no CJK font (tests/core/test_pdf.py checks that)


def _text(data: bytes, tmp_path: Path) -> str:
    target = tmp_path / "out.pdf"
    target.write_bytes(data)
    return subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout


def _info(data: bytes, tmp_path: Path, tool: str = "pdfinfo") -> str:
    target = tmp_path / "info.pdf"
    target.write_bytes(data)
    return subprocess.run([tool, str(target)], capture_output=True, text=True, check=True).stdout


def _cards(n: int, name: str = "王小明") -> list[Card]:
    return [
        Card(f"201-{i:04d}", name if i == 1 else f"李{i}", "男", "1981", "第1村民小组")
        for i in range(1, n + 1)
    ]


CARD_FIELDS = {
    "subtitle": "石沟村村民委员会选举",
    "election_day": "2027年4月10日",
    "issuer": "石沟村村民选举委员会",
}


def test_it_draws_eight_cards_to_an_a4_page_in_the_cjk_fonts(tmp_path: Path) -> None:
    data = cards_pdf(cards=_cards(17, "龘小明"), **CARD_FIELDS)
    info = _info(data, tmp_path)
    assert "Pages:           3" in info and "(A4)" in info
    fonts = _info(data, tmp_path, "pdffonts")
    assert "NotoSerifCJK" in fonts.replace("-", "") and "emb" in fonts.splitlines()[0]
    text = _text(data, tmp_path)
    assert (
        "龘小明" in text
        and "201-0017" in text
        and "1981年" in text
        and "出生年份" in text
        and "石沟村村民选举委员会（印章）" in text
    )


def test_it_refuses_a_card_whose_name_has_no_glyph() -> None:
    with pytest.raises(MissingGlyphs) as refused:
        cards_pdf(cards=_cards(3, f"王{ABSENT}"), **CARD_FIELDS)
    assert refused.value.characters == [ABSENT]


def _list(entries: list[Entry]) -> bytes:
    return list_pdf(
        title="石沟村登记参加选举的村民名单",
        lead=f"现将本届村民委员会选举登记参加选举的村民名单予以公布,共{len(entries)}人。",
        entries=entries,
        issuer="石沟村村民选举委员会",
        posted_on="2027年3月17日",
    )


def test_it_lists_voters_group_by_group_over_numbered_pages(tmp_path: Path) -> None:
    entries = [Entry(f"张{i}", "女", "第1村民小组") for i in range(1, 121)]
    entries += [Entry("赵一", "男", ""), Entry("钱二", "女", "")]
    data = _list(entries)
    text = _text(data, tmp_path)
    pages = int(
        next(line for line in _info(data, tmp_path).splitlines() if line.startswith("Pages:")).split()[1]
    )
    assert pages >= 2
    assert "第1村民小组（120人）" in text and "第1村民小组（续）" in text and "未分组（2人）" in text
    assert f"第{pages}页共{pages}页" in text.replace(" ", "") and "张120" in text and "钱二" in text
    assert "石沟村村民选举委员会" in text and "2027年3月17日" in text


def test_it_refuses_a_list_with_a_character_no_font_has() -> None:
    with pytest.raises(MissingGlyphs):
        _list([Entry(f"王{ABSENT}", "男", "第1组")])


def test_it_is_the_same_pdf_for_the_same_content() -> None:
    assert cards_pdf(cards=_cards(9), **CARD_FIELDS) == cards_pdf(cards=_cards(9), **CARD_FIELDS)


def test_it_makes_a_paper_once_per_content(settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    made: list[int] = []

    def make() -> bytes:
        made.append(1)
        return b"%PDF-1.4 made"

    code = [Path(papercache.__file__)]
    first = papercache.content_key([{"a": 1}, [Entry("王", "男", "")]], code=code)
    assert papercache.cached("t", first, make) == b"%PDF-1.4 made"
    assert papercache.cached("t", first, make) == b"%PDF-1.4 made"
    assert len(made) == 1
    changed = papercache.content_key([{"a": 1}, [Entry("王", "女", "")]], code=code)
    assert changed != first
    papercache.cached("t", changed, make)
    assert len(made) == 2
