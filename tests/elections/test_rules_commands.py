"""`huanjie count` and `huanjie deadlines`: the rules engine's command-line contract through Django."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from huanjie.manage import main

CASE = {
    "profile": "national",
    "body": "villagers_committee",
    "round": "first",
    "registered": 900,
    "voted": 500,
    "ballots_collected": 500,
    "contests": [{"post": "director", "seats": 1, "tally": {"A": 260, "B": 240}}],
}


def _run(argv: list[str], capsys: Any, stdin: str = "", monkeypatch: Any = None) -> tuple[int, str, str]:
    if monkeypatch is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    with pytest.raises(SystemExit) as info:
        main(argv)
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def test_it_counts_a_case_file(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps(CASE), encoding="utf-8")
    code, out, _err = _run(["count", str(path)], capsys)
    result = json.loads(out)
    assert code == 0 and result["valid"] is True
    assert result["contests"][0]["elected"] == ["A"]  # worked example D2: 520 > 500
    assert any(step["rule"] == "B18" for step in result["contests"][0]["trace"] + result["trace"])


def test_it_reads_standard_input(capsys: Any, monkeypatch: Any) -> None:
    code, out, _err = _run(["count", "-"], capsys, json.dumps(CASE), monkeypatch)
    assert code == 0 and json.loads(out)["contests"][0]["elected"] == ["A"]


def test_it_names_the_bad_field_and_exits_2(capsys: Any, monkeypatch: Any) -> None:
    bad = {**CASE, "contests": [{"post": "director", "seats": 1, "tally": {"A": -3}}]}
    code, _out, err = _run(["count", "-"], capsys, json.dumps(bad), monkeypatch)
    assert code == 2
    assert "contests[0].tally" in err


def test_it_prints_deadlines(capsys: Any) -> None:
    code, out, _err = _run(["deadlines", "--profile", "national", "--election-day", "2025-06-30"], capsys)
    stages = {s["stage"]: s for s in json.loads(out)["stages"]}
    assert code == 0
    assert stages["voter_list"]["due"] == "2025-06-10"  # worked example D13
    # the Organic Law sets no date; the profile's stated ⚠ fallback is the provinces' 5 days (B11)
    assert stages["candidate_list"]["due"] == "2025-06-25"


def test_it_prints_both_days_where_a_deadline_falls_on_a_holiday(capsys: Any) -> None:
    """国务院办公厅 2026 notice: 15–23 Feb is the Spring Festival; D − 5 = 02-15 stands, next working day 02-24."""
    code, out, _err = _run(["deadlines", "--profile", "gansu", "--election-day", "2026-02-20"], capsys)
    stages = {s["stage"]: s for s in json.loads(out)["stages"]}
    assert code == 0
    listed = stages["candidate_list"]
    assert (listed["due"], listed["statutory_due"], listed["next_working_day"]) == (
        "2026-02-15",
        "2026-02-15",
        "2026-02-24",
    )
    assert listed["rest_day"] == {"zh": "春节", "en": "Spring Festival"}
    assert stages["handover"]["rest_day"] is None


def test_it_refuses_a_bad_date(capsys: Any) -> None:
    code, _out, err = _run(["deadlines", "--profile", "national", "--election-day", "2025-13-01"], capsys)
    assert code == 2 and "election" in err.lower()


def test_it_decides_a_doubtful_ballot(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    # B15 (ZJ Art.27): the same person chosen for two posts voids the ballot in Zhejiang.
    path = tmp_path / "ballot.json"
    ballot = {
        "profile": "zhejiang",
        "seats": {"director": 1, "member": 2},
        "ballot": {"director": ["A"], "member": ["A"]},
    }
    path.write_text(json.dumps(ballot), encoding="utf-8")
    code, out, _err = _run(["ballot", str(path)], capsys)
    assert code == 0 and json.loads(out)["void_posts"] == ["director", "member"]
    code, _out, err = _run(["ballot", "-"], capsys, "{}", monkeypatch)
    assert code == 2 and "huanjie ballot:" in err
