"""What every browser flow does: log in through the login page, wait for the next page, fill a field."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def wait(browser: Any, condition: Any, seconds: int = 15) -> None:
    """After a submit the old page may still answer, then go stale under our feet while the new one loads."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(
        browser, seconds, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException)
    ).until(condition)


def log_in(browser: Any, live_server: Any, username: str) -> None:
    from selenium.webdriver.common.by import By

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    wait(browser, lambda b: "/login/" not in b.current_url)


def fill(browser: Any, name: str, value: str, within: Any = None) -> None:
    """Type into a field; a date input takes its ISO value directly (typing depends on the locale)."""
    from selenium.webdriver.common.by import By

    field = (within or browser).find_element(By.NAME, name)
    if field.get_attribute("type") == "date":
        browser.execute_script("arguments[0].value = arguments[1]", field, value)
    else:
        field.clear()
        field.send_keys(value)


def messages(browser: Any) -> str:
    from selenium.webdriver.common.by import By

    return " ".join(m.text for m in browser.find_elements(By.CSS_SELECTOR, ".messages li"))
