"""Atom feeds per district and per unit, valid Atom (RFC 4287) in Chinese and English."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from django.test import Client

from huanjie.core.actions import SYSTEM
from huanjie.elections.models import Notice

A = "{http://www.w3.org/2005/Atom}"


def check_atom(data: bytes) -> ET.Element:
    feed = ET.fromstring(data)
    assert feed.tag == f"{A}feed"
    for required in ("id", "title", "updated"):
        assert feed.find(f"{A}{required}") is not None, required
    assert feed.find(f"{A}link[@rel='self']") is not None
    for entry in feed.findall(f"{A}entry"):
        for required in ("id", "title", "updated", "link"):
            assert entry.find(f"{A}{required}") is not None, required
        assert (entry.findtext(f"{A}id") or "").startswith("urn:sha256:")
        assert entry.find(f"{A}author/{A}name") is not None or feed.find(f"{A}author/{A}name") is not None
    return feed


def test_it_publishes_a_valid_atom_feed_per_district(client: Client, results: dict[str, Notice]) -> None:
    response = client.get("/districts/620102000000/feed.atom")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = check_atom(response.content)
    entries = feed.findall(f"{A}entry")
    assert len(entries) == Notice.objects.filter(round__district__code="620102000000").count()
    links = {e.find(f"{A}link").get("href") for e in entries}  # type: ignore[union-attr]
    assert f"https://gonggao.example.cn/notices/{results['shigou'].pk}/" in links


def test_it_publishes_a_valid_atom_feed_per_unit_in_english(
    client: Client, results: dict[str, Notice]
) -> None:
    feed = check_atom(client.get("/en/units/620102023202/feed.atom").content)
    titles = [e.findtext(f"{A}title") for e in feed.findall(f"{A}entry")]
    assert results["shangping"].title_en in titles
    assert all(Notice.objects.get(title_en=t).unit.code == "620102023202" for t in titles)
    assert client.get("/units/999999999999/feed.atom").status_code == 404


def test_it_keeps_a_feed_valid_with_control_characters_and_markup(
    client: Client, results: dict[str, Notice], admin: Any
) -> None:
    """Issue 15 findings 7 and 10: a control character or NUL in a notice or a unit's name made the feed
    a 500; the summary was declared HTML, so markup typed in a notice was interpreted by readers."""
    from huanjie.elections.actions import do_correct_notice
    from huanjie.units.actions import do_import_divisions

    old = results["shigou"]
    do_correct_notice(old, body_zh="更正\x07说明 <b>加粗</b> \x0b。", body_en="Corrected\x1b.", actor=admin)
    do_import_divisions(
        "tree.csv",
        "区划代码,名称,层级,上级代码,类型\n620102023201,石沟\x01村,村,620102023000,村\n".encode(),
        actor=SYSTEM,
    )
    for address in ("/districts/620102000000/feed.atom", "/units/620102023201/feed.atom"):
        response = client.get(address)
        assert response.status_code == 200, address
        feed = check_atom(response.content)
        summaries = feed.findall(f"{A}entry/{A}summary")
        assert summaries and all(s.get("type") == "text" for s in summaries)
        assert any("<b>加粗</b>" in (s.text or "") and "\ufffd" in (s.text or "") for s in summaries)
