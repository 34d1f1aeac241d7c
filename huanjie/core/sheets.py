"""Long uniform papers drawn at computed positions with fpdf2, for the documents that grow with the roll.

WeasyPrint lays out every box of an HTML document, and its cost grows faster than the page count: the
voter list of a 3,000-voter community took it 24 s and its 375 pages of voter cards several minutes
(bench/papers.py prints the figures side by side). Those papers are the same few boxes repeated, so
they are drawn here directly: the same A4, the same Noto CJK fonts (found with fontconfig, embedded and
subset), and the same refusal as `core.pdf.render_pdf`: every string drawn passes `normalize_text`,
and `finish()` raises `MissingGlyphs` before any byte leaves if one character has no glyph.
Papers of a page or two (notices, ballots, certificates) stay templates rendered by WeasyPrint.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable, Iterator

from fpdf import FPDF
from fpdf.enums import PDFResourceType, TextMode
from fpdf.fonts import TTFFont

from huanjie.core.pdf import FONT_FAMILIES, MissingGlyphs, _font_file, missing_characters

# fontTools logs every subset it makes at INFO, glyph list and all: megabytes for one PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

SERIF, SANS = "serif", "sans"
PT = 25.4 / 72  # millimetres in a point
# A fixed date and identifier: the same content gives the same bytes, as render_pdf's PDFs do.
_FIXED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_FILE_ID = "<" + b"huanjie".hex() + "><" + b"huanjie".hex() + ">"


class Sheet(FPDF):
    """An A4 portrait document in millimetres with the CJK faces loaded; `finish()` gives its bytes."""

    def __init__(
        self, *, title: str, faces: tuple[tuple[str, str], ...] = ((SERIF, ""),), page_numbers: bool = False
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._drawn: list[str] = []
        self._stamps: dict[str, bytes] = {}
        self._page_numbers = page_numbers
        # Only the faces a paper uses: each costs a parse of 65,000 glyphs' metrics and a subset, the
        # larger part of a long paper's time; headings are stroked (`bold`) rather than set in a bold face.
        families = {SERIF: FONT_FAMILIES[0], SANS: FONT_FAMILIES[1]}
        for name, style in faces:
            file, index = _font_file(families[name], style == "B")
            self.add_font(name, style, str(file), collection_font_number=index)
        self.set_creation_date(_FIXED_DATE)
        self.set_producer("Huanjie")
        self.set_title(title)
        self.set_auto_page_break(False)
        self.set_margins(0, 0, 0)

    def normalize_text(self, text: str) -> str:
        self._drawn.append(text)
        return super().normalize_text(text)

    def file_id(self) -> str:
        return _FILE_ID

    @contextlib.contextmanager
    def bold(self, stroke_pt: float = 0.35) -> Iterator[None]:
        """Text drawn meanwhile is filled and stroked with the text colour: a bold weight without
        embedding a second CJK face."""
        width = self.line_width
        if self.text_color is not None:
            self.set_draw_color(self.text_color)
        self.set_line_width(stroke_pt * PT)
        self.text_mode = TextMode.FILL_STROKE
        try:
            yield
        finally:
            self.text_mode = TextMode.FILL
            # The render mode is graphics state that outlives the text object fpdf2 set it in, and
            # fpdf2 writes none for plain fill: reset it here, or everything after is stroked too.
            self._out("BT 0 Tr ET")
            self.set_line_width(width)
            self.set_draw_color(0)

    def width_of(self, text: str) -> float:
        """The text's width in mm at the current font and size, from the font's advance widths
        (what get_string_width computes, without its per-call copying of the font state)."""
        font = self.current_font
        assert isinstance(font, TTFFont)  # every Sheet font is one of the CJK faces
        widths = font.cw
        return float(sum(widths[ord(c)] for c in text)) * self.font_size_pt * 0.001 / self.k

    def put(self, x: float, top: float, text: str, *, width: float = 0.0, align: str = "L") -> None:
        """One line whose box starts at `top`, without cell() (which costs ten times as much per call).

        With a width: centred ("C") or right-aligned ("R") in it, and shrunk (down to 60 %) rather than
        run past it. The baseline sits at the fonts' ascent (0.88 em for Noto CJK) below the top.
        """
        size = requested = self.font_size_pt
        if width:
            drawn = self.width_of(text)
            if drawn > width:
                family, style, smallest = self.font_family, self.font_style, size * 0.6
                while size > smallest and drawn > width:
                    size -= 0.5
                    self.set_font(family, style, size)
                    drawn = self.width_of(text)
            if align == "C":
                x += (width - drawn) / 2
            elif align == "R":
                x += width - drawn
        self.text(x, top + 0.88 * size * PT, text)
        if size != requested:
            self.set_font(self.font_family, self.font_style, requested)

    def stamp(self, key: str, draw: Callable[[], None]) -> None:
        """Content that is the same on many pages (a card's frame, title and labels): drawn once with
        `draw`, then its page operators are copied onto each later page, which costs nothing per
        character. `draw` must leave the colours and line width as it found them."""
        recorded = self._stamps.get(key)
        self.current_font_is_set_on_page = False  # the recording sets its own font
        if recorded is None:
            contents = self.pages[self.page].contents
            assert isinstance(contents, bytearray)  # fpdf2 keeps an open page's operators in one
            start = len(contents)
            draw()
            self._stamps[key] = bytes(contents[start:]).removesuffix(b"\n")
        else:
            self._out(recorded)
            for font in self.fonts.values():
                self._resource_catalog.add(PDFResourceType.FONT, font.i, self.page)
        self.current_font_is_set_on_page = False  # what follows must set its font again

    def finish(self) -> bytes:
        """The PDF; MissingGlyphs if any drawn character has no glyph in the fonts."""
        if self._page_numbers:
            # Drawn last, page by page, because fpdf2's page-count alias is not replaced inside text
            # set in a CID-keyed font.
            total = self.pages_count
            self.set_font(SERIF, "", 9)
            self.set_text_color(68)
            for number in range(1, total + 1):
                self.page = number
                self.put(0, 297 - 14, f"第 {number} 页 共 {total} 页", width=210, align="C")
            self.set_text_color(0)
        missing = missing_characters("".join(self._drawn))
        if missing:
            raise MissingGlyphs(missing)
        return bytes(self.output())
