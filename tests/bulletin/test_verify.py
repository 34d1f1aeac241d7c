"""The verify page: authentic and current, replaced by a correction, altered, or unknown."""

from __future__ import annotations

from typing import Any

from django.test import Client

from huanjie.bulletin.public import code_of
from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice


def verdict(client: Client, code: str) -> str:
    page = client.get("/verify/", {"code": code}).content.decode()
    return page.split('data-verdict="')[1].split('"')[0] if 'data-verdict="' in page else ""


def test_it_says_a_notice_is_authentic_by_its_code_or_hash(
    client: Client, results: dict[str, Notice]
) -> None:
    n = results["shigou"]
    assert verdict(client, code_of(n)) == "authentic"
    assert verdict(client, n.sha256) == "authentic"
    assert verdict(client, code_of(n).upper().replace("-", " ")) == "authentic"


def test_it_says_a_replaced_notice_is_replaced(
    client: Client, results: dict[str, Notice], admin: Any
) -> None:
    old = results["shigou"]
    new = do_correct_notice(old, body_zh="更正。", body_en="Corrected.", actor=admin)
    assert verdict(client, code_of(old)) == "replaced"
    page = client.get("/verify/", {"code": code_of(old)}).content.decode()
    assert f"/notices/{new.pk}/" in page
    assert verdict(client, code_of(new)) == "authentic"


def test_it_says_an_unknown_code_is_unknown(client: Client, results: dict[str, Notice]) -> None:
    assert verdict(client, "0000-0000-0000-0000") == "unknown"
    assert verdict(client, "12ab") == "unknown"  # too short to name one notice
    assert verdict(client, "") == ""


def test_it_refuses_to_vouch_for_a_record_altered_behind_the_systems_back(
    client: Client, results: dict[str, Notice]
) -> None:
    n = results["shigou"]
    Notice.objects.filter(pk=n.pk).update(body_zh="选举结果:张三当选。")  # a raw write, not an action
    assert verdict(client, n.sha256) == "altered"


def test_every_notice_matches_its_hash(results: dict[str, Notice]) -> None:
    from huanjie.bulletin.public import intact

    assert all(intact(n) for n in Notice.objects.select_related("unit"))
