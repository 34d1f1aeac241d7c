from __future__ import annotations

import json
import runpy
import subprocess
import sys

import pytest

from huanjie.rules.__main__ import main


def test_it_dispatches_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadlines", "--profile", "national", "--election-day", "2025-06-30"]) == 0
    assert json.loads(capsys.readouterr().out)["profile"] == "national"


def test_it_dispatches_count(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO("[]"))
    assert main(["count", "-"]) == 2
    assert "case: must be a JSON object" in capsys.readouterr().err


def test_it_shows_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2 and "usage" in capsys.readouterr().err


def test_it_exits_with_the_status_when_run_as_main(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "argv", ["huanjie.rules"])
    monkeypatch.delitem(sys.modules, "huanjie.rules.__main__", raising=False)
    with pytest.raises(SystemExit) as done:
        runpy.run_module("huanjie.rules", run_name="__main__")
    assert done.value.code == 2


def test_it_runs_as_a_module() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "huanjie.rules",
            "deadlines",
            "--profile",
            "henan",
            "--election-day",
            "2025-06-30",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["profile"] == "henan"


def test_it_dispatches_ballot(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    ballot = {"profile": "national", "seats": {"member": 3}, "ballot": {"member": ["A", "B", "C", "D"]}}
    monkeypatch.setattr(sys, "stdin", __import__("io").StringIO(json.dumps(ballot)))
    assert main(["ballot", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["void_posts"] == ["member"]
