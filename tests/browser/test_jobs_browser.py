"""A job's page in Chromium: the progress bar moves while the job runs in the server's thread pool, and the
link to the result appears when it is done — htmx polling, no page load, no inline script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_job_page_follows_the_job_to_its_result(
    browser: Any, live_server: Any, admin: Any, settings: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    import tests.jobs.slowkind  # noqa: F401  (registers the slow job kind in this, the server's, process)
    from huanjie.jobs.actions import do_start_job

    settings.JOBS_MODE = "thread"
    settings.MEDIA_ROOT = tmp_path
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("admin")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)

    job = do_start_job("tests.slow", division=admin.scope, params={"pause": 1.5}, actor=admin)
    browser.get(f"{live_server.url}/office/jobs/{job.pk}/")
    first = int(browser.find_element(By.ID, "job-bar").get_attribute("value"))
    assert first < 100 and not browser.find_elements(By.ID, "job-result")
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.ID, "job-result"))
    assert browser.find_element(By.ID, "job-bar").get_attribute("value") == "100"
    assert "slow.txt" in browser.find_element(By.ID, "job-result").text
    assert "all steps done" in browser.find_element(By.ID, "job-log").text
    assert not browser.get_log("browser") or all(
        "Content Security Policy" not in entry["message"] for entry in browser.get_log("browser")
    )
