"""A village clerk records an objection to the posted voter list in Chromium, decides it, and sees the
decision published and the person on the roll."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from tests.browser.drive import fill, log_in, messages, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_an_objection_decides_it_and_publishes_the_decision(
    browser: Any, live_server: Any, clerk: Any, admin: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from huanjie.elections.actions import do_open_round, do_set_election_day
    from huanjie.voters.actions import do_import_voters
    from huanjie.voters.models import Objection, Resident, Voter
    from tests.elections.conftest import committee
    from tests.voters.conftest import SHIGOU, csv_file, good_rows, publish

    today = dt.date.today()
    assert clerk.scope is not None
    rnd = do_open_round(
        district=admin.scope, name="换届", profile="gansu", starts_on=today - dt.timedelta(days=60),
        ends_on=today + dt.timedelta(days=60), bodies=["villagers_committee"], actor=SYSTEM,
    )  # fmt: skip
    election = committee(rnd, SHIGOU)
    do_set_election_day(election, today + dt.timedelta(days=30), actor=SYSTEM)
    rows = good_rows(SHIGOU, 4)
    rows[3][6] = "否"  # lives away without a statement: a resident, left off the roll
    do_import_voters(rnd, "s.csv", csv_file(rows), actor=admin)
    publish(election, today - dt.timedelta(days=1))  # the list was posted yesterday
    absent = Resident.objects.get(unit=election.unit, name="村民3")
    assert not Voter.objects.filter(election=election, resident=absent).exists()

    log_in(browser, live_server, "clerk")
    browser.get(f"{live_server.url}/office/voters/elections/{election.pk}/objections/")
    assert "村民3" not in browser.find_element(By.ID, "objections").text
    # The resident picker: type part of the name, then choose the person among those it lists.
    browser.find_element(By.CSS_SELECTOR, ".picker-search input[type=search]").send_keys("村民3")
    choice = f"input[type=radio][name=resident][value='{absent.pk}']"
    wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, choice))
    browser.find_element(By.CSS_SELECTOR, choice).click()
    Select(browser.find_element(By.NAME, "kind")).select_by_value("omitted")
    fill(browser, "lodged_by", "王大妈")
    fill(browser, "lodged_on", today.isoformat())
    fill(browser, "grounds", "本人常年在外打工,已书面表示参加选举。")
    # the form's own button (the picker's "Search" button belongs to its search form)
    browser.find_element(By.CSS_SELECTOR, "form.card button[type=submit]:not([form])").click()
    wait(browser, lambda b: "王大妈" in b.find_element(By.ID, "objections").text)
    assert messages(browser)
    row = browser.find_element(By.XPATH, "//table[@id='objections']//tr[td[contains(., '王大妈')]]")
    assert "村民3" in row.text

    # decide it from its row: accepted, the roll changes and the decision is published as a notice
    row.find_element(By.TAG_NAME, "summary").click()
    Select(row.find_element(By.NAME, "accept")).select_by_value("1")
    fill(browser, "decided_on", today.isoformat(), within=row)
    fill(browser, "reasons", "本人已书面表示参加选举,列入选民名单。", within=row)
    row.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(
        browser,
        lambda b: (
            b.find_elements(By.PARTIAL_LINK_TEXT, "公告")
            or b.find_elements(By.CSS_SELECTOR, "#objections a[href*='/notices/']")
        ),
    )
    row = browser.find_element(By.XPATH, "//table[@id='objections']//tr[td[contains(., '王大妈')]]")
    assert "列入选民名单" in row.text
    objection = Objection.objects.get(election=election)
    assert objection.decision == "accepted" and objection.notice is not None
    assert Voter.objects.filter(election=election, resident=absent).exists()
    row.find_element(By.CSS_SELECTOR, "a[href*='/notices/']").click()
    wait(browser, lambda b: "/notices/" in b.current_url)
    assert "村民3" in browser.find_element(By.TAG_NAME, "main").text
