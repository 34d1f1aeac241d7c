"""An inspector records a visit with a finding in Chromium, and closes its rectification."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_a_visit_with_a_finding_and_closes_it(
    browser: Any, live_server: Any, inspector: Any
) -> None:
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from huanjie.elections.actions import do_open_round
    from huanjie.elections.models import Finding
    from huanjie.supervision.actions import do_form_team
    from huanjie.units.models import Division

    rnd = do_open_round(
        district=Division.objects.get(code="620102000000"), name="2026—2027年度换届", profile="gansu",
        starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2027, 3, 31), bodies=["villagers_committee"], actor=SYSTEM,
    )  # fmt: skip
    team = do_form_team(rnd, kind="inspection", name="区换届督导检查组", leader="张华",
                        starts_on=dt.date(2026, 11, 29), ends_on=dt.date(2026, 12, 4), actor=SYSTEM)  # fmt: skip

    def wait(condition: Any) -> None:
        # After a submit the old page may still answer, then go stale under our feet while the new one loads.
        WebDriverWait(
            browser, 10, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
        ).until(condition)

    def fill(name: str, value: str) -> None:
        field = browser.find_element(By.NAME, name)
        if field.get_attribute("type") == "date":
            browser.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("inspector")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    wait(lambda b: "/login/" not in b.current_url)

    browser.get(f"{live_server.url}/office/supervision/teams/")
    browser.find_element(By.LINK_TEXT, "区换届督导检查组").click()
    wait(lambda b: b.find_elements(By.ID, "visit-form"))
    Select(browser.find_element(By.NAME, "division")).select_by_value("620102023000")
    fill("visited_on", "2026-12-01")
    fill("summary", "听取青白石街道汇报,走访上坪村。")
    browser.find_element(By.ID, "visit-save").click()
    wait(lambda b: "/visits/" in b.current_url)

    Select(browser.find_element(By.NAME, "f-unit")).select_by_value("620102023202")
    fill("f-text", "村内未见换届选举宣传标语,宣传发动不到位。")
    fill("f-rectification_due", "2026-12-10")
    browser.find_element(By.ID, "finding-save").click()
    wait(lambda b: "宣传发动不到位" in b.find_element(By.ID, "visit-findings").text)
    finding = Finding.objects.get(source="inspection")
    assert finding.reference.startswith("visit:") and finding.unit.name == "上坪村"

    browser.find_element(By.PARTIAL_LINK_TEXT, "宣传发动不到位").click()
    wait(lambda b: b.find_elements(By.ID, "close-form"))
    fill("closed_on", "2026-12-08")
    fill("resolution", "已张贴标语30条,出黑板报2期。")
    browser.find_element(By.ID, "close-save").click()
    wait(lambda b: "2026年12月8日" in b.find_element(By.ID, "finding-status").text)
    finding.refresh_from_db()
    assert finding.closed_on == dt.date(2026, 12, 8) and finding.closed_by == inspector

    browser.get(f"{live_server.url}/office/supervision/teams/{team.pk}/report/")
    report = browser.find_element(By.ID, "team-report").text
    assert "上坪村" in report and "已张贴标语30条" in report
