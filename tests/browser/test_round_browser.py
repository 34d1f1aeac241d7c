"""Completes a stage with evidence in Chromium and sees the street matrix's cell change."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_completes_a_stage_with_evidence_and_the_cell_changes(
    browser: Any, live_server: Any, officer: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from huanjie.elections.actions import do_open_round, do_set_election_day
    from huanjie.elections.models import Election, ElectionStage

    today = timezone.localdate()
    assert officer.scope is not None
    rnd = do_open_round(
        district=officer.scope.parent,
        name="换届",
        profile="gansu",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
        bodies=["villagers_committee"],
        actor=SYSTEM,
    )
    election = Election.objects.get(round=rnd, unit__code="620102023201")
    do_set_election_day(election, today + dt.timedelta(days=40), actor=SYSTEM)
    photo = tmp_path / "公告.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("officer")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)

    matrix_url = f"{live_server.url}/office/rounds/{rnd.pk}/streets/620102023000/"
    browser.get(matrix_url)
    first_cell = "#matrix tbody tr:first-child td:nth-child(3) .st"
    assert "st-not_started" in browser.find_element(By.CSS_SELECTOR, first_cell).get_attribute("class")

    browser.get(f"{live_server.url}/office/elections/{election.pk}/")
    form = browser.find_element(By.CSS_SELECTOR, "#stage-election_committee form")
    form.find_element(By.NAME, "notes").send_keys("主任委员:孙丽娟")
    form.find_element(By.NAME, "evidence").send_keys(str(photo))
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messages li"))
    assert "公告.png" in browser.find_element(By.ID, "stage-election_committee").text

    browser.get(matrix_url)
    assert "st-on_time" in browser.find_element(By.CSS_SELECTOR, first_cell).get_attribute("class")
    stage = ElectionStage.objects.get(election=election, key="election_committee")
    assert stage.status == "done" and stage.evidence.count() == 1
