"""A community clerk with a roll of realistic size (2,000 voters, imported through the action) opens the
roll and the list in Chromium and downloads the voter cards and the voter list from their links."""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from tests.browser.test_voters_browser import FETCH
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(data: bytes, tmp_path: Path, name: str) -> tuple[int, str]:
    target = tmp_path / name
    target.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1]), text


def test_it_downloads_the_cards_and_the_list_of_two_thousand_voters(
    browser: Any, live_server: Any, clerk: Any, tmp_path: Path, settings: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from huanjie.elections.actions import do_open_round, do_set_election_day
    from huanjie.elections.models import Election
    from huanjie.voters.actions import do_import_voters
    from tests.voters.conftest import SHIGOU, csv_file, good_rows

    settings.VAR_DIR = tmp_path  # the papers' cache
    today = timezone.localdate()
    assert clerk.scope is not None
    rnd = do_open_round(
        district=clerk.scope.parent.parent,
        name="换届",
        profile="gansu",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90),
        bodies=["villagers_committee"],
        actor=SYSTEM,
    )
    election = Election.objects.get(round=rnd, unit__code=SHIGOU)
    do_set_election_day(election, today + dt.timedelta(days=40), actor=SYSTEM)
    do_import_voters(rnd, "石沟村选民.csv", csv_file(good_rows(SHIGOU, 2000)), actor=SYSTEM)

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("clerk")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)
    browser.set_script_timeout(180)

    browser.get(f"{live_server.url}/office/voters/elections/{election.pk}/")
    cards_link = browser.find_element(By.CSS_SELECTOR, "a[href$='/cards.pdf']").get_attribute("href")
    status, _disposition, data = browser.execute_async_script(FETCH, cards_link)
    assert status == 200
    pages, text = _pages(base64.b64decode(data), tmp_path, "cards.pdf")
    assert pages == 250  # eight cards to a page
    assert "村民0" in text and "村民1999" in text and "选民证" in text.replace(" ", "")

    browser.get(f"{live_server.url}/office/voters/elections/{election.pk}/list/")
    list_link = browser.find_element(By.CSS_SELECTOR, "a[href$='/list.pdf']").get_attribute("href")
    status, _disposition, data = browser.execute_async_script(FETCH, list_link)
    assert status == 200
    pages, text = _pages(base64.b64decode(data), tmp_path, "list.pdf")
    assert pages >= 30 and "共2000人" in text.replace(" ", "") and "村民1999" in text
    assert f"第{pages}页共{pages}页" in text.replace(" ", "")
