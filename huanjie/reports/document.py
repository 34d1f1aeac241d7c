"""A report as a list of blocks, rendered to DOCX, HTML and PDF by huanjie.reports.render.

Keeping the content apart from the format is what lets the Word file the office edits, the PDF it files
and the HTML page it reads say exactly the same thing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

# Chinese documents use full-width punctuation (GB/T 15834). The sentences are written with full-width
# marks (scripts/punctuation.py checks the source); this converts the ASCII marks that come in with the
# figures — names, labels, a street's list — commas and colons except between digits, the rest always.
_ZH_MARKS = [(re.compile(r"(?<!\d),|,(?!\d)"), "，"), (re.compile(r"(?<!\d):|:(?!\d)"), "："),
             (re.compile(";"), "；"), (re.compile(r"\("), "（"), (re.compile(r"\)"), "）")]  # fmt: skip


def zh_punctuate(text: str) -> str:
    for pattern, mark in _ZH_MARKS:
        text = pattern.sub(mark, text)
    return text


@dataclass(frozen=True)
class Heading:
    level: int  # 1: 一、  2: (一)  3: 1.
    text: str


@dataclass(frozen=True)
class Para:
    text: str
    missing: bool = False  # a statement that a figure cannot be computed, and why


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Chart:
    caption: str
    png: bytes
    svg: str


Block = Heading | Para | Table | Chart


@dataclass
class Document:
    lang: str
    title: str
    issuer: str
    dated: dt.date
    dated_text: str
    blocks: list[Block] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # everything the report could not compute

    def _mark(self, text: str) -> str:
        return zh_punctuate(text) if self.lang == "zh" else text

    def heading(self, level: int, text: str) -> None:
        self.blocks.append(Heading(level, self._mark(text)))

    def para(self, text: str) -> None:
        self.blocks.append(Para(self._mark(text)))

    def gap(self, text: str) -> None:
        """Say in place that a figure cannot be computed; the list at the end gathers them all."""
        self.blocks.append(Para(self._mark(text), missing=True))
        self.missing.append(self._mark(text))

    def text(self) -> str:
        """All the words of the document, for tests and search."""
        parts = [self.title]
        for b in self.blocks:
            if isinstance(b, Heading | Para):
                parts.append(b.text)
            elif isinstance(b, Table):
                parts.append(b.caption)
                parts.extend(" ".join(r) for r in (b.header, *b.rows))
            else:
                parts.append(b.caption)
        return "\n".join(parts)
