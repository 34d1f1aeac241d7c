"""A district administrator opens a round in Chromium, fixes a street's election days on the schedule, and
sees the days on the schedule and on an election's page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.browser.drive import fill, log_in, messages, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_opens_a_round_and_schedules_a_streets_election_days(
    browser: Any, live_server: Any, admin: Any
) -> None:
    from selenium.webdriver.common.by import By

    from huanjie.elections.models import Election, Round

    today = dt.date.today()
    log_in(browser, live_server, "admin")
    browser.get(f"{live_server.url}/office/rounds/new/")
    fill(browser, "name", "2026—2027年度换届")
    fill(browser, "starts_on", (today - dt.timedelta(days=10)).isoformat())
    fill(browser, "ends_on", (today + dt.timedelta(days=120)).isoformat())
    # only the villagers' committees elect in this round
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=bodies]"):
        if box.is_selected() != (box.get_attribute("value") == "villagers_committee"):
            box.click()
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(browser, lambda b: "/rounds/new/" not in b.current_url)
    assert "2026—2027年度换届" in messages(browser)
    rnd = Round.objects.get()
    assert rnd.bodies == ["villagers_committee"]
    assert "青白石街道" in browser.find_element(By.TAG_NAME, "main").text

    # the schedule: Qingbaishi has two villages, neither with a day yet
    browser.find_element(By.CSS_SELECTOR, f"a[href$='/rounds/{rnd.pk}/schedule/']").click()
    wait(browser, lambda b: b.find_elements(By.ID, "schedule"))
    row = browser.find_element(By.XPATH, "//table[@id='schedule']//tr[td/a[contains(., '青白石街道')]]")
    assert "0/2" in row.text
    day = today + dt.timedelta(days=45)
    fill(browser, "election_day", day.isoformat(), within=row)
    row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(
        browser,
        lambda b: (
            "2/2"
            in b.find_element(By.XPATH, "//table[@id='schedule']//tr[td/a[contains(., '青白石街道')]]").text
        ),
    )
    assert (
        day.strftime("%m-%d")
        in browser.find_element(By.XPATH, "//table[@id='schedule']//tr[td/a[contains(., '青白石街道')]]").text
    )

    # the election's own page shows its day
    shigou = Election.objects.get(round=rnd, unit__code="620102023201")
    browser.get(f"{live_server.url}/office/elections/{shigou.pk}/")
    assert browser.find_element(By.ID, "election-day").text == day.isoformat()
