"""The work summary as Word (what the office edits and files), PDF and HTML.

Chinese official-document conventions (GB/T 9704): the title centred in a large song-style face, first-level
headings (一、) in hei, second-level ((一)) in kai, body text in fangsong at 16 pt with a two-character
first-line indent, the issuer and the date at the end, right-aligned. Word substitutes the faces a machine
lacks; the PDF uses the Noto CJK faces the server has (huanjie.core.pdf).
"""

from __future__ import annotations

import base64
import io

from huanjie.core.pdf import render_pdf
from huanjie.reports.document import Chart, Document, Heading, Para, Table

FACES = {"title": "方正小标宋简体", 1: "黑体", 2: "楷体", 3: "仿宋", "body": "仿宋"}


def _face(run: object, face: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    run.font.name = face  # type: ignore[attr-defined]
    props = run._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = props.makeelement(qn("w:rFonts"), {})
        props.append(fonts)
    fonts.set(qn("w:eastAsia"), face)


def to_docx(doc: Document) -> bytes:
    from docx import Document as Word
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    zh = doc.lang == "zh"
    word = Word()
    section = word.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    word.core_properties.title = doc.title
    word.core_properties.author = doc.issuer
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _face(
        title.add_run(doc.title), FACES["title"] if zh else "Times New Roman", 22 if zh else 18, bold=not zh
    )
    for block in doc.blocks:
        if isinstance(block, Heading):
            p = word.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32) if zh and block.level > 1 else None
            face = FACES[block.level] if zh else "Times New Roman"
            _face(p.add_run(block.text), face, 16 if zh else 13, bold=not zh or block.level == 3)
        elif isinstance(block, Para):
            p = word.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(32) if zh else None
            p.paragraph_format.line_spacing = Pt(28) if zh else None
            run = p.add_run(block.text)
            _face(run, FACES["body"] if zh else "Times New Roman", 16 if zh else 11.5)
            if block.missing:
                run.font.italic = True
        elif isinstance(block, Table):
            cap = word.add_paragraph()
            cap.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _face(cap.add_run(block.caption), FACES[1] if zh else "Times New Roman", 12, bold=not zh)
            table = word.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            # Row by row: `table.cell(r, c)` walks every cell of the table on each call (python-docx),
            # which made a province summary's tables of a hundred rows take minutes.
            for r, (row, cells) in enumerate(zip((block.header, *block.rows), table.rows, strict=True)):
                for value, cell in zip(row, cells.cells, strict=True):
                    _face(
                        cell.paragraphs[0].add_run(value),
                        FACES["body"] if zh else "Times New Roman",
                        11,
                        bold=r == 0,
                    )
        elif isinstance(block, Chart):
            word.add_picture(io.BytesIO(block.png), width=Cm(15))
            word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in (doc.issuer, doc.dated_text):
        p = word.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _face(p.add_run(text), FACES["body"] if zh else "Times New Roman", 16 if zh else 11.5)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def context(doc: Document) -> dict[str, object]:
    blocks: list[dict[str, object]] = []
    for b in doc.blocks:
        if isinstance(b, Chart):
            blocks.append(
                {"kind": "chart", "caption": b.caption, "png": base64.b64encode(b.png).decode(), "svg": b.svg}
            )
        elif isinstance(b, Heading):
            blocks.append({"kind": "heading", "level": b.level, "text": b.text})
        elif isinstance(b, Para):
            blocks.append({"kind": "para", "text": b.text, "missing": b.missing})
        else:
            blocks.append({"kind": "table", "caption": b.caption, "header": b.header, "rows": b.rows})
    return {"doc": doc, "blocks": blocks}


def to_pdf(doc: Document) -> bytes:
    return render_pdf("reports/summary_pdf.html", context(doc))
