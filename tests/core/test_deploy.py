"""The protections of a government system: production refuses weak or shared keys and a missing bulletin
address; `huanjie check --deploy` with the production settings of docs/security.md reports nothing; office
pages carry a Content Security Policy without inline script and are never cached."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from huanjie.accounts.models import User

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "HUANJIE_ENV": "production",
    "SECRET_KEY": "k7Vq2mR9xL4pT8wZ1cN6bH3jF5gD0sA-yU_eI9oP2aS4dF6gH8jK0lZ1xC3vB5nM7q",
    "ID_NUMBER_KEY": "Qm3Zr8Tx1Lp6Vw9Nc4Bh7Jf2Gd5Sa0Ky",
    "AUDIT_KEY": "Wn5Xe2Rt8Yu4Io7Pa1Sd9Fg3Hj6Kl0Zc",
    "BULLETIN_URL": "https://huanjie.example.gov.cn",
    "ALLOWED_HOSTS": "huanjie.example.gov.cn",
}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "huanjie.manage", *args],
        env={**base, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_it_passes_the_deploy_check_with_the_documented_settings() -> None:
    documented = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for name in ("SECRET_KEY", "ID_NUMBER_KEY", "AUDIT_KEY", "BULLETIN_URL", "ALLOWED_HOSTS"):
        assert f"`{name}`" in documented
    result = _run(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short-key"}, "SECRET_KEY is weak"),
        ({"ID_NUMBER_KEY": ""}, "ID_NUMBER_KEY must be set"),
        (
            {"ID_NUMBER_KEY": "huanjie-demo-id-number-key-not-for-production-use-0123456789"},
            "ID_NUMBER_KEY is weak",
        ),
        ({"AUDIT_KEY": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"}, "AUDIT_KEY is weak"),
        ({"AUDIT_KEY": PRODUCTION["ID_NUMBER_KEY"]}, "three different secrets"),
        ({"BULLETIN_URL": ""}, "BULLETIN_URL must be"),
        ({"BULLETIN_URL": "http://huanjie.example.gov.cn"}, "BULLETIN_URL must be"),
    ],
)
def test_production_refuses_weak_or_missing_keys(change: dict[str, str], message: str) -> None:
    result = _run({**PRODUCTION, **change}, "check")
    assert result.returncode != 0
    assert message in result.stderr


@pytest.fixture
def office(client: Client, admin: User) -> Client:
    client.force_login(admin)
    return client


def test_office_pages_have_a_csp_without_inline_script_and_are_not_stored(office: Client) -> None:
    response = office.get("/office/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    assert response["Cache-Control"] == "no-store, private"
    assert office.get("/office/accounts/")["Cache-Control"] == "no-store, private"


def test_no_template_has_inline_script() -> None:
    templates = ROOT / "huanjie" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "javascript:" not in text, path


def test_public_pages_stay_cacheable(client: Client, tree: Any) -> None:
    response = client.get("/")
    assert "no-store" not in response.get("Cache-Control", "")
