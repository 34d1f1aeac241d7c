"""The voter list and the voter cards as PDFs, drawn with core.sheets (bench/papers.py: why not WeasyPrint).

Both follow the look of the templates they replaced: the list is the board notice of OL Art.14 (title,
lead, the voters group by group in two columns of 序号 · 姓名 · 性别, issuer and date at the end, page
numbers); the cards are 选民证 eight to an A4 page (88 × 58 mm, red rule and title). Names only, never an
ID number. Text is placed with `Sheet.put` and the parts every card shares are drawn page by page in
one pass per font, which is what makes 375 pages of cards take about a second.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fpdf.enums import WrapMode

from huanjie.core.sheets import PT, SERIF, Sheet

RED = (187, 0, 0)

# --- the list --------------------------------------------------------------------------------------

LEFT, TOP, BOTTOM = 18.0, 22.0, 297.0 - 20.0
WIDTH = 210.0 - 2 * LEFT
GAP = 8.0
COLUMN = (WIDTH - GAP) / 2
ROW = 10.5 * PT * 1.5 + 2.0  # a line of 10.5 pt at 1.5 plus 1 mm padding above and below
PAD = 2.0
NO_W, SEX_W = 14.0, 14.0
NAME_W = COLUMN - NO_W - SEX_W
HEADING = 12 * PT * 1.5 + 1.0
TEXT_TOP = (ROW - 10.5 * PT) / 2  # a row's text sits in its middle


@dataclass(frozen=True)
class Entry:
    name: str
    sex: str  # 男 / 女
    group: str


def _groups(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """Consecutive entries of the same group, as the list is ordered (group, household)."""
    out: list[tuple[str, list[Entry]]] = []
    for e in entries:
        if out and out[-1][0] == e.group:
            out[-1][1].append(e)
        else:
            out.append((e.group, [e]))
    return out


class _ListSheet(Sheet):
    def __init__(self, title: str) -> None:
        super().__init__(title=title, page_numbers=True)
        self.column = 0
        self.at = self.top = TOP  # where the columns start on this page (under the lead on the first)

    @property
    def x0(self) -> float:
        return LEFT + self.column * (COLUMN + GAP)

    def next_column(self) -> None:
        if self.column == 0:
            self.column = 1
        else:
            self.add_page()
            self.column = 0
            self.top = TOP
        self.at = self.top

    def heading(self, text: str) -> None:
        self.set_font(SERIF, "", 12)
        with self.bold():
            self.put(self.x0, self.at, text, width=COLUMN)
        self.at += HEADING

    def header_row(self) -> None:
        self.set_font(SERIF, "", 10.5)
        self._rules()
        with self.bold():
            self.put(self.x0, self.at + TEXT_TOP, "序号", width=NO_W - PAD, align="R")
            self.put(self.x0 + NO_W + PAD, self.at + TEXT_TOP, "姓名")
            self.put(self.x0 + NO_W + NAME_W + PAD, self.at + TEXT_TOP, "性别")
        self.at += ROW

    def _rules(self) -> None:
        x, y = self.x0, self.at
        self.rect(x, y, COLUMN, ROW)
        self.line(x + NO_W, y, x + NO_W, y + ROW)
        self.line(x + NO_W + NAME_W, y, x + NO_W + NAME_W, y + ROW)

    def row(self, no: int, entry: Entry) -> None:
        self._rules()
        top = self.at + TEXT_TOP
        self.put(self.x0, top, str(no), width=NO_W - PAD, align="R")
        self.put(self.x0 + NO_W + PAD, top, entry.name, width=NAME_W - 2 * PAD)
        self.put(self.x0 + NO_W + NAME_W + PAD, top, entry.sex)
        self.at += ROW


def list_pdf(*, title: str, lead: str, entries: Sequence[Entry], issuer: str, posted_on: str) -> bytes:
    pdf = _ListSheet(title)
    pdf.set_line_width(0.5 * PT)
    pdf.add_page()
    pdf.set_font(SERIF, "", 20)
    pdf.set_xy(LEFT, TOP)
    with pdf.bold(0.6):
        pdf.multi_cell(WIDTH, 20 * PT * 1.3, title, align="C", wrapmode=WrapMode.CHAR, padding=0)
    pdf.set_font(SERIF, "", 11)
    pdf.set_xy(LEFT, pdf.get_y() + 4)
    # text-indent 2em: two ideographic spaces, which the fonts draw as em-wide blanks.
    pdf.multi_cell(WIDTH, 11 * PT * 1.5, "\u3000\u3000" + lead, wrapmode=WrapMode.CHAR, padding=0)
    pdf.at = pdf.top = pdf.get_y() + 4
    for group, members in _groups(entries):
        label = group or "未分组"
        if pdf.at + HEADING + 2 * ROW > BOTTOM:
            pdf.next_column()
        pdf.heading(f"{label}（{len(members)}人）")
        pdf.header_row()
        for no, entry in enumerate(members, start=1):
            if pdf.at + ROW > BOTTOM:
                pdf.next_column()
                pdf.heading(f"{label}（续）")
                pdf.header_row()
            pdf.row(no, entry)
        pdf.at += 3.0
    # The issuer and the date close the list at the right: under the last rows when they end in the
    # right-hand column, beside them (in the empty right-hand column) when they end in the left one.
    line = 11 * PT * 1.5
    y = pdf.at + 8.0
    if y + 2 * line > BOTTOM:
        pdf.add_page()
        y = TOP
    pdf.set_font(SERIF, "", 11)
    pdf.put(LEFT, y, issuer, width=WIDTH, align="R")
    pdf.put(LEFT, y + line, posted_on, width=WIDTH, align="R")
    return pdf.finish()


# --- the cards -------------------------------------------------------------------------------------

CARD_W, CARD_H, CARD_GAP, MARGIN = 88.0, 58.0, 6.0, 12.0
PER_ROW, PER_PAGE = 2, 8
INNER = CARD_W - 10.0  # 5 mm padding left and right
KEY_W = 20.0
VALUE_W = (INNER - 2 * KEY_W) / 2
TITLE_TOP, SUB_TOP, TABLE_TOP = 4.0, 11.5, 17.0
LINE = 10.5 * PT * 1.3 + 1.2
SIGN_TOP = CARD_H - 4.0 - 9 * PT * 1.2


@dataclass(frozen=True)
class Card:
    no: str
    name: str
    sex: str
    born: str  # the year of birth (never the date: with the masked number it would narrow the ID number)
    group: str


def _origins(count: int) -> list[tuple[float, float]]:
    return [
        (MARGIN + (i % PER_ROW) * (CARD_W + CARD_GAP), MARGIN + (i // PER_ROW) * (CARD_H + CARD_GAP))
        for i in range(count)
    ]


def cards_pdf(*, cards: Sequence[Card], subtitle: str, election_day: str, issuer: str) -> bytes:
    pdf = Sheet(title="选民证")
    sign = f"{issuer}（印章）"
    for start in range(0, max(len(cards), 1), PER_PAGE):
        page = cards[start : start + PER_PAGE]
        pdf.add_page()
        origins = _origins(len(page))
        pdf.stamp(
            f"frames-{len(page)}", functools.partial(_frames, pdf, origins, subtitle, sign, election_day)
        )
        pdf.set_font(SERIF, "", 10.5)
        for (x, y), card in zip(origins, page, strict=True):
            left, right = x + 5.0 + KEY_W, x + 5.0 + 2 * KEY_W + VALUE_W
            born = f"{card.born}年" if card.born != "" else ""
            for r, cells in enumerate(
                (((left, card.no), (right, card.name)), ((left, card.sex), (right, born)))
            ):
                for cx, value in cells:
                    pdf.put(cx, y + TABLE_TOP + r * LINE, value, width=VALUE_W)
            pdf.put(left, y + TABLE_TOP + 2 * LINE, card.group, width=INNER - KEY_W)
    return pdf.finish()


def _frames(pdf: Sheet, origins: list[tuple[float, float]], subtitle: str, sign: str, day: str) -> None:
    """What every card of a page shares: the red rule, the title (spaced, stroked as bold), the
    subtitle, the labels, the election day and the issuer's line; drawn once, stamped on every page."""
    pdf.set_draw_color(*RED)
    pdf.set_line_width(1 * PT)
    for x, y in origins:
        pdf.rect(x, y, CARD_W, CARD_H)
    pdf.set_text_color(*RED)
    pdf.set_font(SERIF, "", 16)
    step = 16 * PT * 1.5  # letter-spacing .5em
    with pdf.bold():
        for x, y in origins:
            first = x + (CARD_W - 2 * step - 16 * PT) / 2
            for i, ch in enumerate("选民证"):
                pdf.put(first + i * step, y + TITLE_TOP, ch)
    pdf.set_text_color(0)
    pdf.set_draw_color(0)
    pdf.set_font(SERIF, "", 9)
    for x, y in origins:
        pdf.put(x + 5.0, y + SUB_TOP, subtitle, width=INNER, align="C")
        pdf.put(x + 5.0, y + SIGN_TOP, sign, width=INNER, align="R")
    pdf.set_font(SERIF, "", 10.5)
    for x, y in origins:
        for r, keys in enumerate((("编号", "姓名"), ("性别", "出生年份"), ("小组",), ("选举日",))):
            for k, key in enumerate(keys):
                with pdf.bold(0.2):
                    pdf.put(x + 5.0 + k * (KEY_W + VALUE_W), y + TABLE_TOP + r * LINE, key)
        pdf.put(x + 5.0 + KEY_W, y + TABLE_TOP + 3 * LINE, day, width=INNER - KEY_W)
    pdf.set_line_width(1 * PT)
