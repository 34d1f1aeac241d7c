"""A district administrator reads the round's reports in Chromium: the completion table, a street's figures
by following its row, the street's work summary as a web page, and its Word version prepared by a job and downloaded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from tests.browser.drive import log_in, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: "same-origin"}).then(r => r.arrayBuffer().then(b =>
  done([r.status, r.headers.get("Content-Type"), new Uint8Array(b.slice(0, 2)).join(",")])));
"""


def test_it_reads_the_reports_and_the_work_summary(
    browser: Any, live_server: Any, admin: Any, settings: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    settings.JOBS_MODE = "thread"  # the server's own pool, as in the demo
    settings.MEDIA_ROOT = tmp_path

    from huanjie.elections.actions import do_open_round

    today = dt.date.today()
    do_open_round(
        district=admin.scope, name="2026—2027年度换届", profile="gansu", starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90), bodies=["villagers_committee", "residents_committee"], actor=SYSTEM,
    )  # fmt: skip

    log_in(browser, live_server, "admin")
    browser.get(f"{live_server.url}/office/reports/")
    assert browser.find_element(By.ID, "completion").is_displayed()
    children = browser.find_element(By.ID, "children").text
    assert "青白石街道" in children and "东岗街道" in children

    # down to a street: its own units only
    browser.find_element(By.XPATH, "//table[@id='children']//a[contains(., '青白石街道')]").click()
    wait(browser, lambda b: "division=620102023000" in b.current_url)
    children = browser.find_element(By.ID, "children").text
    assert "石沟村" in children and "长洼村" not in children

    # the street's work summary as a web page: its title, and the street's three elections (the district
    # has five), none of whose steps is done yet
    browser.find_element(By.CSS_SELECTOR, "#report-links a[href*='summary.html']").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "h1.title"))
    assert "青白石街道" in browser.find_element(By.CSS_SELECTOR, "h1.title").text
    text = browser.find_element(By.TAG_NAME, "body").text
    assert "3个选举共完成法定程序步骤0个" in text

    # the Word version is prepared by a job (issue 20: seconds at a district's real size); its page
    # follows it to the link, which downloads a .docx (a ZIP: "PK")
    browser.back()
    wait(browser, lambda b: b.find_elements(By.ID, "report-jobs"))
    browser.find_element(By.CSS_SELECTOR, "#report-jobs button[value='docx']").click()
    wait(browser, lambda b: b.find_elements(By.ID, "job-result"), seconds=60)
    href = browser.find_element(By.ID, "job-result").get_attribute("href")
    status, kind, magic = browser.execute_async_script(FETCH, href)
    assert status == 200 and "wordprocessingml" in kind and magic == "80,75"
