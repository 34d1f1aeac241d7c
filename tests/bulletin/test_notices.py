"""Notices on the public site: no login, immutable, versions shown, time and SHA-256 on every notice."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from huanjie.elections.actions import do_correct_notice
from huanjie.elections.models import Notice


def test_it_shows_the_headlines_without_a_login(client: Client, results: dict[str, Notice]) -> None:
    page = client.get("/").content.decode()
    assert results["shigou"].title_zh in page
    assert "石沟村" in page and "青白石街道" in page
    english = client.get("/en/").content.decode()
    assert escape(results["shigou"].title_en) in english and "Qingbaishi Street" in english


def test_it_shows_a_notice_with_its_time_hash_neighbours_and_related(
    client: Client, results: dict[str, Notice]
) -> None:
    n = results["shigou"]
    page = client.get(f"/notices/{n.pk}/").content.decode()
    assert n.title_zh in page and n.issuer_zh in page
    assert n.sha256 in page
    assert n.published_at.astimezone().strftime("%Y-%m-%d") in page
    assert 'rel="prev"' in page
    other = Notice.objects.filter(unit=n.unit).exclude(pk=n.pk).first()
    assert other is not None and f"/notices/{other.pk}/" in page
    assert f"/notices/{n.pk}.pdf" in page


def test_it_links_the_same_stage_in_other_units(client: Client, results: dict[str, Notice]) -> None:
    shigou_plan = Notice.objects.get(unit__code="620102023201", stage="election_plan")
    shangping_plan = Notice.objects.get(unit__code="620102023202", stage="election_plan")
    page = client.get(f"/notices/{shigou_plan.pk}/").content.decode()
    assert f"/notices/{shangping_plan.pk}/" in page


def test_it_never_edits_a_published_notice(results: dict[str, Notice]) -> None:
    n = results["shigou"]
    n.body_zh = "篡改"
    with pytest.raises(PermissionError):
        n.save()


def test_it_shows_a_correction_and_what_it_replaces(
    client: Client, results: dict[str, Notice], admin: Any
) -> None:
    old = results["shigou"]
    new = do_correct_notice(old, body_zh="更正后的结果。", body_en="The corrected result.", actor=admin)
    old_page = client.get(f"/notices/{old.pk}/").content.decode()
    assert 'id="replaced"' in old_page and f"/notices/{new.pk}/" in old_page
    new_page = client.get(f"/notices/{new.pk}/").content.decode()
    assert 'id="correction"' in new_page and f"/notices/{old.pk}/" in new_page
    assert old.sha256[:4] in new_page and new.sha256 in new_page  # both versions listed
    assert "更正后的结果" in new_page
    unit_page = client.get("/units/620102023201/").content.decode()
    assert f'href="/notices/{new.pk}/" id="result-' in unit_page  # the unit links the current result


def test_it_shows_a_unit_timeline_and_its_notices(client: Client, results: dict[str, Notice]) -> None:
    page = client.get("/units/620102023201/").content.decode()
    assert "选举结果公告" in page and "选民登记" in page
    assert page.count('<li class="done">') >= 10
    assert client.get("/units/000000000000/").status_code == 404
    assert client.get("/streets/620102023201/").status_code == 404  # a unit is not a street


def test_it_lists_a_street_and_a_rounds_results(client: Client, results: dict[str, Notice]) -> None:
    street = client.get("/streets/620102023000/").content.decode()
    assert "石沟村" in street and "金城社区" in street
    rnd = results["shigou"].round
    page = client.get(f"/rounds/{rnd.pk}/results/").content.decode()
    assert f"/notices/{results['shigou'].pk}/" in page and f"/notices/{results['shangping'].pk}/" in page


def test_it_searches_notices_and_units(client: Client, results: dict[str, Notice]) -> None:
    page = client.get("/search/", {"q": "上坪"}).content.decode()
    assert "/units/620102023202/" in page and f"/notices/{results['shangping'].pk}/" in page
    page = client.get("/en/search/", {"q": "Shigou"}).content.decode()
    assert f"/en/notices/{results['shigou'].pk}/" in page
    assert (
        "/notices/"
        not in client.get("/search/", {"q": "没有这个词"})
        .content.decode()
        .split("<main")[1]
        .split("<footer")[0]
    )


def _listed_links(page: str, heading: str) -> list[int]:
    """The notices linked in the list under `heading` (up to the next heading)."""
    part = page.split(heading, 1)[1].split("<h2", 1)[0]
    return [int(pk) for pk in re.findall(r'href="/notices/(\d+)/"', part)]


def test_a_notice_page_reads_the_same_few_queries_however_many_notices_it_lists(
    client: Client, results: dict[str, Notice], admin: Any
) -> None:
    """Its lists come from one query of list rows (bulletin.public.listed), cut in Python: the unit's
    other notices newest first (10), the stage in the street's other units by unit then newest version
    first (12), a corrected one marked. More notices change what is listed, never the number of queries."""
    n = Notice.objects.get(unit__code="620102023201", stage="election_plan")
    same_stage = Notice.objects.get(unit__code="620102023202", stage="election_plan")  # the same street

    def read() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/notices/{n.pk}/").content.decode()
        # The edition's reads are the page cache's (once a second in production, every time in tests).
        return page, sum("elections_notice" in q["sql"] for q in queries.captured_queries)

    page, before = read()
    assert before <= 3  # the notice, the district's order (once an edition), the lists
    assert same_stage.pk in _listed_links(page, "其他村（社区）的同类公告")
    others = list(Notice.objects.filter(unit=n.unit).exclude(pk=n.pk).order_by("-published_at", "-pk"))
    for old in others[:12]:  # twelve corrections in the unit: twelve more notices, twelve marked corrected
        do_correct_notice(old, body_zh=old.body_zh + "（更正）", body_en=old.body_en, actor=admin)
    corrected = do_correct_notice(same_stage, body_zh="更正后的结果。", body_en="Corrected.", actor=admin)
    page, after = read()
    assert after == before
    newest = list(Notice.objects.filter(unit=n.unit).exclude(pk=n.pk).order_by("-published_at", "-pk")[:10])
    assert _listed_links(page, "石沟村的其他公告") == [m.pk for m in newest]
    stage_links = _listed_links(page, "其他村（社区）的同类公告")
    assert stage_links.index(corrected.pk) < stage_links.index(same_stage.pk)  # newest version first
    assert page.count("已更正") >= 1


def test_the_same_stage_list_orders_ties_newest_first_whatever_order_the_rows_come_in(
    client: Client, results: dict[str, Notice], admin: Any
) -> None:
    """Two notices of one unit, stage and version: the list puts the newer first, and two published at
    the same minute by their order of publication (the later first), so that a page rendered twice from
    the same records is the same bytes (an incremental publish would otherwise write it again)."""
    import datetime as dt

    from huanjie.core import clock
    from huanjie.elections.actions.completion import publish_notice
    from huanjie.elections.notices import NoticeText

    n = Notice.objects.get(unit__code="620102023201", stage="election_plan")
    first = Notice.objects.get(unit__code="620102023202", stage="election_plan")
    election = first.election
    assert election is not None
    day = dt.date.today() + dt.timedelta(days=1)

    def again(title: str) -> Notice:
        text = NoticeText(title, "Again", "补充说明。", "Supplement.", first.issuer_zh, first.issuer_en)
        with clock.replaying(day):  # 9:00 of the same day: the same published_at for both
            return publish_notice(election, stage="election_plan", text=text, actor=admin)

    second, third = again("选举工作方案（补充一）"), again("选举工作方案（补充二）")
    assert second.published_at == third.published_at and second.version == third.version == first.version
    page = client.get(f"/notices/{n.pk}/").content.decode()
    links = _listed_links(page, "其他村（社区）的同类公告")
    assert [pk for pk in links if pk in {first.pk, second.pk, third.pk}] == [third.pk, second.pk, first.pk]
    assert client.get(f"/notices/{n.pk}/").content.decode() == page
