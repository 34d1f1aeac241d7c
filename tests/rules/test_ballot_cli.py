"""`huanjie ballot`: one doubtful ballot decided by the engine (B15, D4)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from huanjie.rules.ballot_cli import ballot_main


def _run(obj: Any, *argv: str) -> tuple[int, Any, str]:
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO(obj if isinstance(obj, str) else json.dumps(obj))
    code = ballot_main(list(argv) or ["-"], stdin, out, err)
    return code, json.loads(out.getvalue()) if out.getvalue() else None, err.getvalue()


# D4: 3 member seats — 4 approvals invalid; 2 + 1 write-in valid; 3 + 1 write-in invalid; blank valid.
@pytest.mark.parametrize(
    ("marks", "valid"),
    [(["A", "B", "C", "D"], False), (["A", "B", "W"], True), (["A", "B", "C", "W"], False), ([], True)],
)
def test_it_decides_the_worked_example(marks: list[str], valid: bool) -> None:
    code, out, _ = _run({"profile": "national", "seats": {"member": 3}, "ballot": {"member": marks}})
    assert code == 0 and out["valid"] is valid and out["reasons"][0]["rule"] == "B15"


def test_it_voids_a_marked_ballot_and_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ballot.json"
    path.write_text(
        json.dumps(
            {"profile": "zhejiang", "seats": {"director": 1}, "ballot": {"director": ["A"]}, "marked": True}
        ),
        encoding="utf-8",
    )
    code, out, _ = _run("", str(path))
    assert code == 0 and out == {"valid": False, "void_posts": ["director"], "reasons": out["reasons"]}


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ([], "ballot"),
        ({"profile": "mars"}, "profile"),
        ({"profile": "national", "seats": {}}, "seats"),
        ({"profile": "national", "seats": {"member": 0}}, "seats.member"),
        ({"profile": "national", "seats": {"member": 3}, "ballot": []}, "ballot"),
        ({"profile": "national", "seats": {"member": 3}, "ballot": {"director": []}}, "ballot.director"),
        ({"profile": "national", "seats": {"member": 3}, "ballot": {"member": [1]}}, "ballot.member"),
        ({"profile": "national", "seats": {"member": 3}, "ballot": {}, "marked": 1}, "marked"),
        ('{"profile": 1.5}', "case"),
    ],
)
def test_it_refuses_bad_input_naming_the_field(obj: Any, field: str) -> None:
    code, out, err = _run(obj)
    assert code == 2 and out is None and err.startswith(f"huanjie ballot: {field}:")


def test_it_needs_one_file() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert ballot_main(["a", "b"], io.StringIO(), out, err) == 2 and "BALLOT" in err.getvalue()
