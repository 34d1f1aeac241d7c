"""`huanjie report summary|tables`: the same documents as the office's buttons, from the command line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document as Word

from huanjie.elections.models import Round


def test_it_writes_the_summary_and_the_tables(elected: Round, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "summary.docx"
    call_command("report", "summary", "--round", str(elected.pk), "-o", str(target), stdout=out, stderr=err)
    assert "bytes in" in out.getvalue()
    assert "missing: " in err.getvalue()  # no previous term imported: said, not invented
    assert any(p.text == "一、基本情况" for p in Word(str(target)).paragraphs)
    html = tmp_path / "summary.html"
    call_command("report", "summary", "--round", str(elected.pk), "--lang", "en", "--format", "html", "-o", str(html),
                 stdout=out, stderr=err)  # fmt: skip
    assert "1. Basic information" in html.read_text()
    tables = tmp_path / "tables.xlsx"
    call_command("report", "tables", "--round", str(elected.pk), "--division", "620102023000", "-o", str(tables),
                 stdout=out)  # fmt: skip
    assert tables.read_bytes()[:2] == b"PK"


def test_it_refuses_an_unknown_round_or_division(elected: Round) -> None:
    with pytest.raises(CommandError, match="no round"):
        call_command("report", "summary", "--round", "999")
    with pytest.raises(CommandError, match="not a division of this round"):
        call_command("report", "tables", "--round", str(elected.pk), "--division", "110101000000")
