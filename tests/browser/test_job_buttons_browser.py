"""A job's Cancel and Retry buttons in Chromium: a queued job is cancelled from its page and the page says
so; a failed job is retried from its page, which then follows it to its result — forms and htmx polling,
no inline script."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(browser: Any, live_server: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("admin")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)


def _click(browser: Any, element_id: str) -> None:
    """Click the button, found again if the page's htmx poll swapped it between finding and clicking (a
    stale element)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def clicked(b: Any) -> bool:
        try:
            b.find_element(By.ID, element_id).click()
        except StaleElementReferenceException:
            return False
        return True

    WebDriverWait(browser, 10).until(clicked)


def test_a_job_is_cancelled_and_another_retried_from_its_page(
    browser: Any, live_server: Any, admin: Any, settings: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    import tests.jobs.slowkind  # noqa: F401  (registers the slow job kind in this, the server's, process)
    from huanjie.jobs.models import Job, State

    settings.JOBS_MODE = "thread"
    settings.MEDIA_ROOT = tmp_path
    _sign_in(browser, live_server)

    # Queued (its message not yet taken by a worker): the Cancel button, no Retry.
    queued = Job.objects.create(
        kind="tests.slow", division=admin.scope, started_by=admin, params={"pause": 0}
    )
    browser.get(f"{live_server.url}/office/jobs/{queued.pk}/")
    assert not browser.find_elements(By.ID, "job-retry")
    _click(browser, "job-cancel")
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "job-cancelled"))
    assert browser.current_url.endswith(f"/office/jobs/{queued.pk}/")
    assert not browser.find_elements(By.ID, "job-cancel") and not browser.find_elements(By.ID, "job-result")
    queued.refresh_from_db()
    assert queued.state == State.CANCELLED

    # Failed: the Retry button, no Cancel; retried, it runs in the server's pool to its result.
    failed = Job.objects.create(
        kind="tests.slow",
        division=admin.scope,
        started_by=admin,
        params={"pause": 0.2},
        state=State.FAILED,
        error="The job failed: OperationalError",
        attempts=1,
        finished_at=timezone.now(),
    )
    browser.get(f"{live_server.url}/office/jobs/{failed.pk}/")
    assert not browser.find_elements(By.ID, "job-cancel")
    _click(browser, "job-retry")
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.ID, "job-result"))
    assert "slow.txt" in browser.find_element(By.ID, "job-result").text
    assert not browser.find_elements(By.ID, "job-retry")
    failed.refresh_from_db()
    assert failed.state == State.DONE and failed.attempts == 2 and failed.error == ""
    assert not browser.get_log("browser") or all(
        "Content Security Policy" not in entry["message"] for entry in browser.get_log("browser")
    )
