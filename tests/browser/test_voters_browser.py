"""Uploads a voters file with bad rows in Chromium, sees every error located, downloads the error report."""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from huanjie.core.actions import SYSTEM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: "same-origin"}).then(r => r.arrayBuffer().then(b => {
  let s = ""; new Uint8Array(b).forEach(x => s += String.fromCharCode(x));
  done([r.status, r.headers.get("Content-Disposition"), btoa(s)]);
}));
"""


def test_it_uploads_a_file_with_bad_rows_and_downloads_the_error_report(
    browser: Any, live_server: Any, clerk: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from huanjie.elections.actions import do_open_round, do_set_election_day
    from huanjie.elections.models import Election
    from huanjie.voters.models import Resident
    from tests.voters.conftest import SHIGOU, csv_file, good_rows

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
    rows = good_rows(SHIGOU, 8)
    rows[2][0] = rows[2][0][:17] + ("0" if rows[2][0][17] != "0" else "1")  # check digit wrong
    rows[5][5] = "也许"  # not yes or no
    upload = tmp_path / "石沟村选民.csv"
    upload.write_bytes(csv_file(rows))

    browser.delete_all_cookies()
    browser.get(f"{live_server.url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys("clerk")
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)

    browser.get(f"{live_server.url}/office/elections/{election.pk}/")
    browser.find_element(By.CSS_SELECTOR, f"a[href='/office/voters/elections/{election.pk}/']").click()
    browser.find_element(By.CSS_SELECTOR, f"a[href='/office/voters/elections/{election.pk}/import/']").click()
    browser.find_element(By.NAME, "file").send_keys(str(upload))
    browser.find_element(By.CSS_SELECTOR, "#import-form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "import-errors"))
    table = browser.find_element(By.CSS_SELECTOR, "#import-errors table").text
    assert "GB11643" in table and "boolean" in table and "hukou_here" in table
    assert rows[2][0] not in browser.page_source
    assert not Resident.objects.exists()  # the six good rows are not imported either

    link = browser.find_element(By.ID, "error-report").get_attribute("href")
    status, disposition, data = browser.execute_async_script(FETCH, link)
    assert status == 200 and "attachment" in disposition
    sheet = load_workbook(io.BytesIO(base64.b64decode(data))).worksheets[0]
    located = sorted((r[0], r[1], r[2]) for r in sheet.iter_rows(min_row=2, values_only=True))
    assert located == [(4, "id_number", "GB11643"), (7, "hukou_here", "boolean")]
