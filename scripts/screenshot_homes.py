"""Screenshots of each role's home on a phone (390 px wide), from a running demo, for docs/homes.md.

make demo DEMO_AS_OF=2027-01-10 PORT=8107   # in another shell
uv run python scripts/screenshot_homes.py http://127.0.0.1:8107 docs/img
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

PASSWORD = "huanjie-demo-2026"
ACCOUNTS = ["shigou", "qingbaishi", "inspector", "liaison", "admin"]
WIDTH = 390


def main(base: str, out: Path, accounts: list[str]) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    profile = tempfile.mkdtemp(prefix="huanjie-shots-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 f"--user-data-dir={profile}", f"--window-size={WIDTH},800", "--lang=zh-CN"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "chromedriver"), options=options
    )
    try:
        for name in accounts:
            driver.delete_all_cookies()
            driver.set_window_size(WIDTH, 800)
            driver.get(f"{base}/office/login/")
            driver.find_element(By.ID, "id_username").send_keys(name)
            driver.find_element(By.ID, "id_password").send_keys(PASSWORD)
            driver.find_element(By.ID, "login-button").click()
            WebDriverWait(driver, 20).until(lambda d: "/login/" not in d.current_url)
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.set_window_size(WIDTH, min(int(height) + 120, 6000))
            driver.save_screenshot(str(out / f"home-{name}.png"))
            print(out / f"home-{name}.png", height)
            if name == accounts[0]:  # the menu, opened, on the first account's phone
                driver.set_window_size(WIDTH, 800)
                driver.find_element(By.CSS_SELECTOR, ".menu-toggle").click()
                driver.save_screenshot(str(out / "home-menu.png"))
                print(out / "home-menu.png")
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), sys.argv[3:] or ACCOUNTS)
