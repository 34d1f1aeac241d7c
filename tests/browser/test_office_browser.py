"""Logs in through the page in Chromium, switches language and finds the unit list."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_logs_in_switches_language_and_finds_units(browser: Any, live_server: Any, officer: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/")
    assert "/office/login/" in browser.current_url
    assert "登录" in browser.find_element(By.TAG_NAME, "h1").text  # Chinese by default
    browser.find_element(By.ID, "id_username").send_keys("officer")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)
    assert "青白石街道" in browser.find_element(By.TAG_NAME, "h1").text

    Select(browser.find_element(By.ID, "language-select")).select_by_value("en")
    WebDriverWait(browser, 10).until(lambda b: "Units" in b.find_element(By.TAG_NAME, "nav").text)
    browser.find_element(By.LINK_TEXT, "Units").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "unit-table"))
    assert "Villages and communities" in browser.find_element(By.TAG_NAME, "h1").text
    table = browser.find_element(By.ID, "unit-table").text
    assert "Shigou Village" in table and "Shangping Village" in table and "Changwa" not in table

    # The filter answers in place (htmx), without a page load.
    search = browser.find_element(By.NAME, "q")
    search.send_keys("上坪")
    WebDriverWait(browser, 10).until(lambda b: "Shigou" not in b.find_element(By.ID, "unit-table").text)
    assert "Shangping Village" in browser.find_element(By.ID, "unit-table").text
