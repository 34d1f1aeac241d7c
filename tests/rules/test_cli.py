from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from huanjie.rules.cli import count_main, deadlines_main

CASE: dict[str, Any] = {
    "profile": "gansu",
    "body": "villagers_committee",
    "round": "first",
    "registered": 1000,
    "voted": 600,
    "ballots_collected": 600,
    "contests": [{"post": "director", "seats": 1, "tally": {"A": 400, "B": 150}}],
}


def run_count(argv: list[str], stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = count_main(argv, io.StringIO(stdin), out, err)
    return code, out.getvalue(), err.getvalue()


def run_deadlines(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = deadlines_main(argv, out, err)
    return code, out.getvalue(), err.getvalue()


def test_it_counts_from_standard_input() -> None:
    code, out, _ = run_count(["-"], json.dumps(CASE))
    result = json.loads(out)
    assert code == 0 and result["valid"] and result["contests"][0]["elected"] == ["A"]
    assert {"rule", "article", "text_zh", "text_en"} <= set(result["trace"][0])


def test_it_counts_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    assert run_count([str(path)])[0] == 0


def test_it_names_the_bad_field() -> None:
    bad = CASE | {
        "contests": [
            {"post": "director", "seats": 1, "tally": {"A": 1}},
            {"post": "member", "seats": 1, "tally": {"B": -1}},
        ]
    }
    code, out, err = run_count(["-"], json.dumps(bad))
    assert (code, out) == (2, "") and "contests[1].tally.B: votes must be a non-negative integer" in err


def test_it_refuses_floats_bad_json_missing_files_and_unknown_profiles(tmp_path: Path) -> None:
    assert "not an integer" in run_count(["-"], json.dumps(CASE).replace("400", "400.5"))[2]
    assert "not an integer" in run_count(["-"], json.dumps(CASE).replace("400", "NaN"))[2]
    assert "not valid JSON (line 1" in run_count(["-"], "{")[2]
    assert "CASE: cannot read" in run_count([str(tmp_path / "nope.json")])[2]
    code, _, err = run_count(["-"], json.dumps(CASE | {"profile": "mars"}))
    assert code == 2 and "profile: unknown profile 'mars'" in err


def test_it_reports_usage_errors_and_help() -> None:
    code, _, err = run_count([])
    assert code == 2 and "usage: huanjie count" in err
    code, out, _ = run_count(["--help"])
    assert code == 0 and "Count one voting round" in out


def test_it_prints_deadlines() -> None:
    code, out, _ = run_deadlines(["--profile", "zhejiang", "--election-day", "2025-06-30"])
    stages = {s["stage"]: s for s in json.loads(out)["stages"]}
    assert code == 0 and stages["voter_list"]["due"] == "2025-06-10" and stages["archive"]["due"] is None
    code, out, _ = run_deadlines(
        ["--profile", "gansu", "--election-day", "2025-06-30", "--body", "party_branch"]
    )
    assert code == 0 and json.loads(out)["stages"][0]["stage"] == "party_request"


def test_it_refuses_bad_deadline_arguments() -> None:
    code, _, err = run_deadlines(["--profile", "mars", "--election-day", "2025-06-30"])
    assert code == 2 and "--profile: unknown profile" in err
    code, _, err = run_deadlines(["--profile", "national", "--election-day", "30/06/2025"])
    assert code == 2 and "--election-day:" in err
    code, _, err = run_deadlines(["--profile", "national"])
    assert code == 2 and "--election-day" in err


def test_it_refuses_deep_nesting_huge_integers_and_lone_surrogates(tmp_path: Path) -> None:
    """Issue 15 finding 10: each of these was a traceback; now exit 2 with a message."""
    assert run_count(["-"], "[" * 100_000 + "]" * 100_000)[:2] == (2, "")
    assert "nested too deeply" in run_count(["-"], "[" * 100_000 + "]" * 100_000)[2]
    assert "far too large" in run_count(["-"], json.dumps(CASE).replace("400", "9" * 5000))[2]
    big = json.dumps(CASE).replace("400", "9" * 4000)
    code, out, err = run_count(["-"], big)
    assert (code, out) == (2, "") and "contests[0].tally.A: votes must be at most 1000000000" in err
    assert "registered: must be at most" in run_count(["-"], json.dumps(CASE | {"registered": 10**10}))[2]
    surrogate = json.dumps(CASE).replace('"A"', '"\\ud800"')
    assert run_count(["-"], surrogate)[0] == 2 and "lone surrogate" in run_count(["-"], surrogate)[2]
    path = tmp_path / "case.json"
    path.write_bytes(b"\xff\xfe{}")
    assert run_count([str(path)])[:2] == (2, "") and "not UTF-8" in run_count([str(path)])[2]
    deep = '{"a":' * 50_000 + "1" + "}" * 50_000
    assert run_count(["-"], deep)[0] == 2
