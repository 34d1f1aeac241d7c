"""On a phone-sized screen, a villager goes from the bulletin's headlines to a unit's result notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_goes_from_the_headlines_to_a_units_result_on_a_phone(
    browser: Any, live_server: Any, tree: Any
) -> None:
    from django.core.cache import cache
    from selenium.webdriver.common.by import By

    from huanjie.bulletin.cache import forget
    from huanjie.elections.actions import do_open_round, do_set_election_day
    from huanjie.elections.models import Election, Notice
    from tests.elections.conftest import walk

    cache.clear()
    forget()
    today = timezone.localdate()
    rnd = do_open_round(
        district=tree["Chengguan"],
        name="2026年换届",
        profile="gansu",
        starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60),
        bodies=["villagers_committee"],
        actor=SYSTEM,
    )
    election = Election.objects.get(round=rnd, unit__code="620102023202")
    do_set_election_day(election, today, actor=SYSTEM)
    walk(election, "result", today)
    result = Notice.objects.get(election=election, stage="result")

    browser.set_window_size(390, 844)
    browser.delete_all_cookies()
    browser.get(live_server.url + "/")
    assert "上坪村" in browser.find_element(By.TAG_NAME, "main").text
    # No horizontal scrolling on a phone.
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
    browser.find_element(By.LINK_TEXT, "青白石街道").click()
    browser.find_element(By.LINK_TEXT, "上坪村").click()
    assert "/units/620102023202/" in browser.current_url
    browser.find_element(By.ID, f"result-{election.pk}").click()
    assert browser.current_url.endswith(f"/notices/{result.pk}/")
    assert browser.find_element(By.CSS_SELECTOR, "article.doc h1").text == result.title_zh
    assert result.sha256 in browser.find_element(By.TAG_NAME, "main").text
    browser.find_element(By.ID, "language-switch").click()
    assert browser.current_url.endswith(f"/en/notices/{result.pk}/")
    assert browser.find_element(By.CSS_SELECTOR, "article.doc h1").text == result.title_en
