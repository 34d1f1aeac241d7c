"""A district administrator voids one person's election for bribery in Chromium, from the election page."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_voids_a_persons_election_from_the_election_page(
    browser: Any, live_server: Any, admin: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from huanjie.elections.actions import do_open_round
    from huanjie.elections.models import Election
    from huanjie.polling.models import ElectedMember, Voiding
    from tests.polling.test_voiding import _counted

    today = timezone.localdate()
    rnd = do_open_round(
        district=admin.scope,
        name="换届",
        profile="gansu",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
        bodies=["villagers_committee"],
        actor=SYSTEM,
    )
    election = Election.objects.get(round=rnd, unit__code="620102023201")
    _counted(election, today)
    decision = tmp_path / "决定.pdf"
    decision.write_bytes(b"%PDF-1.4\n" + bytes(64))

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("admin")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)

    browser.get(f"{live_server.url}/office/elections/{election.pk}/")
    browser.find_element(By.ID, "void-link").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "void-form"))
    form = browser.find_element(By.ID, "void-form")
    ding = ElectedMember.objects.get(election=election, name="丁")
    form.find_element(By.CSS_SELECTOR, f"input[name=members][value='{ding.pk}']").click()
    form.find_element(By.CSS_SELECTOR, "select[name=grounds] option[value=bribery]").click()
    form.find_element(By.NAME, "reason").send_keys("丁在选举前向选民发放购物卡,经调查属实。")
    form.find_element(By.NAME, "document_ref").send_keys("城关区换届办〔2026〕3号")
    form.find_element(By.NAME, "document").send_keys(str(decision))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: "/voting-rounds/" in b.current_url)
    assert Voiding.objects.get(election=election).document_name == "决定.pdf"
    browser.get(f"{live_server.url}/office/elections/{election.pk}/void/")
    table = browser.find_element(By.ID, "voidings").text
    assert "城关区换届办〔2026〕3号" in table and "贿赂" in table and "丁" in table
    shot = os.environ.get("HUANJIE_SCREENSHOT_DIR")
    if shot:
        browser.save_screenshot(str(Path(shot) / "void.png"))
