"""render_pdf: a real A4 PDF in the CJK fonts, and a refusal rather than a PDF with an empty box."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from huanjie.core.pdf import MissingGlyphs, covered_characters, missing_characters, render_pdf

TEMPLATE = """<html><head><style>body { font-family: "Noto Serif CJK SC"; }</style></head>
<body><h1>{{ title }}</h1><p>{{ text }}</p><img src="/static/office/favicon.svg" alt=""></body></html>"""

# Egyptian hieroglyph A001: no CJK font has it (the test checks that first).
ABSENT = "\U00013000"


@pytest.fixture
def template(tmp_path: Path, settings: Any) -> str:
    (tmp_path / "pdf_test.html").write_text(TEMPLATE, encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    return "pdf_test.html"


def test_it_renders_chinese_text_to_an_a4_pdf(template: str, tmp_path: Path) -> None:
    data = render_pdf(template, {"title": "石沟村选民名单公告", "text": "王小明 龘 Zhang 2027年3月17日"})
    assert data.startswith(b"%PDF-")
    target = tmp_path / "out.pdf"
    target.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info
    fonts = subprocess.run(["pdffonts", str(target)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Serif-CJK-SC" in fonts


def test_it_is_the_same_pdf_for_the_same_content(template: str) -> None:
    context: dict[str, object] = {"title": "公告", "text": "内容"}
    assert render_pdf(template, context) == render_pdf(template, context)


def test_it_refuses_a_character_the_font_lacks(template: str) -> None:
    assert ord(ABSENT) not in covered_characters()
    with pytest.raises(MissingGlyphs) as refused:
        render_pdf(template, {"title": "公告", "text": f"村民{ABSENT}某"})
    assert refused.value.characters == [ABSENT]
    assert "U+13000" in str(refused.value)


def test_it_checks_generated_text_too(tmp_path: Path, settings: Any) -> None:
    (tmp_path / "generated.html").write_text(
        '<html><head><style>p::after { content: "\\1F5F3"; }</style></head><body><p>票箱</p></body></html>'
    )
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    assert chr(0x1F5F3) in missing_characters(chr(0x1F5F3))
    with pytest.raises(MissingGlyphs):
        render_pdf("generated.html", {})


def test_it_ignores_spaces_and_line_breaks() -> None:
    assert missing_characters("甲 乙\n丙\t丁\u3000戊") == set()


def test_warm_loads_the_fonts_and_the_renderer_once(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A worker process warms at its start (jobs/worker.py); warm draws both families in both weights,
    and a failure there is logged, never raised: the job that needs a PDF reports its own error."""
    from huanjie.core import pdf
    from huanjie.jobs import worker

    covered_characters.cache_clear()
    pdf.warm()
    assert covered_characters.cache_info().currsize == 1
    assert all(family in pdf._WARM_HTML for family in pdf.FONT_FAMILIES)

    def broken() -> None:
        raise pdf.PdfError("the font 'Noto Serif CJK SC' is not installed")

    monkeypatch.setattr(pdf, "warm", broken)
    with caplog.at_level("WARNING", logger=worker.__name__):
        worker.warm()
    assert [r.getMessage() for r in caplog.records] == ["warming the worker process failed"]
