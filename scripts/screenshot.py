"""Screenshots of office pages in headless Chromium, for the README and for looking at what we build.

usage: python scripts/screenshot.py BASE_URL USER PASSWORD OUTDIR PATH [PATH ...]   (PATH may end in @en)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def main(base: str, user: str, password: str, outdir: str, paths: list[str]) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp()
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1280,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or ""), options=options)
    try:
        driver.get(f"{base}/office/login/")
        driver.find_element(By.ID, "id_username").send_keys(user)
        driver.find_element(By.ID, "id_password").send_keys(password)
        driver.find_element(By.ID, "login-button").click()
        Path(outdir).mkdir(parents=True, exist_ok=True)
        for spec in paths:
            path, _, lang = spec.partition("@")
            driver.add_cookie({"name": "huanjie_language", "value": lang or "zh-hans"})
            driver.get(base + path)
            height = driver.execute_script("return document.body.scrollHeight")
            driver.set_window_size(1280, min(max(height + 40, 600), 3000))
            name = path.strip("/").replace("/", "_") or "root"
            target = Path(outdir) / f"{name}{'-' + lang if lang else ''}.png"
            driver.save_screenshot(str(target))
            print(target)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
