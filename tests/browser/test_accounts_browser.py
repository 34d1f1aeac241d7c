"""A district administrator creates a clerk's account in Chromium, the clerk logs in with it, then the
administrator deactivates it and the clerk can no longer log in."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.drive import fill, log_in, messages, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NEW_PASSWORD = "shangping-clerk-password-2026"


def test_it_creates_an_account_and_deactivates_it(browser: Any, live_server: Any, admin: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from huanjie.accounts.models import User

    log_in(browser, live_server, "admin")
    browser.get(f"{live_server.url}/office/accounts/")
    browser.find_element(By.CSS_SELECTOR, "a[href$='/office/accounts/new/']").click()
    wait(browser, lambda b: b.find_elements(By.NAME, "username"))
    fill(browser, "username", "shangping")
    fill(browser, "full_name", "李秀兰")
    Select(browser.find_element(By.NAME, "role")).select_by_value("clerk")
    Select(browser.find_element(By.NAME, "scope")).select_by_value("620102023202")  # 上坪村
    fill(browser, "password", NEW_PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(browser, lambda b: b.current_url.endswith("/office/accounts/"))
    assert "shangping" in messages(browser)
    row = browser.find_element(By.XPATH, "//tr[td/a[text()='shangping']]")
    assert "李秀兰" in row.text and "上坪村" in row.text
    created = User.objects.get(username="shangping")
    assert created.role == "clerk" and created.scope is not None and created.scope.code == "620102023202"

    # the clerk logs in with the new account and sees their village
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("shangping")
    browser.find_element(By.ID, "id_password").send_keys(NEW_PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    wait(browser, lambda b: "/login/" not in b.current_url)
    assert "上坪村" in browser.find_element(By.TAG_NAME, "body").text

    # the administrator deactivates it from its page
    log_in(browser, live_server, "admin")
    browser.get(f"{live_server.url}/office/accounts/")
    browser.find_element(By.LINK_TEXT, "shangping").click()
    wait(browser, lambda b: b.find_elements(By.NAME, "is_active"))
    active = browser.find_element(By.NAME, "is_active")
    assert active.is_selected()
    active.click()
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(browser, lambda b: messages(b))
    created.refresh_from_db()
    assert not created.is_active
    browser.get(f"{live_server.url}/office/accounts/")
    assert browser.find_element(By.XPATH, "//tr[td/a[text()='shangping']]").find_elements(
        By.CSS_SELECTOR, ".badge.bad"
    )

    # and its login is refused
    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("shangping")
    browser.find_element(By.ID, "id_password").send_keys(NEW_PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".errorlist, .error, .messages li"))
    assert "/login/" in browser.current_url
