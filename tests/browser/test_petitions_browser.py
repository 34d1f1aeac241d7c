"""A street officer records a collective petition in Chromium, accepts it, concludes it with a reply, and
sees each step on the petition's page and in the list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from tests.browser.drive import fill, log_in, messages, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_records_accepts_and_concludes_a_collective_petition(
    browser: Any, live_server: Any, officer: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from huanjie.elections.actions import do_open_round
    from huanjie.supervision.models import Petition

    today = dt.date.today()
    assert officer.scope is not None and officer.scope.parent is not None
    do_open_round(
        district=officer.scope.parent, name="换届", profile="gansu", starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90), bodies=["villagers_committee"], actor=SYSTEM,
    )  # fmt: skip

    log_in(browser, live_server, "officer")
    browser.get(f"{live_server.url}/office/supervision/petitions/")
    place = Select(browser.find_element(By.NAME, "division"))
    place.select_by_visible_text(next(o.text for o in place.options if "上坪村" in o.text))
    Select(browser.find_element(By.NAME, "channel")).select_by_value("visit")
    fill(browser, "received_on", today.isoformat())
    fill(browser, "subject", "村委会候选人资格有疑问")
    fill(browser, "content", "反映候选人户籍不在本村,要求核查。")
    fill(browser, "petitioners", "张三\n李四\n王五\n赵六\n钱七")
    fill(browser, "petitioner_count", "5")
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    wait(browser, lambda b: "/petitions/" in b.current_url and b.find_elements(By.ID, "petition-card"))
    assert messages(browser)
    card = browser.find_element(By.ID, "petition-card").text
    assert "上坪村" in card and "张三、李四、王五、赵六、钱七" in card
    petition = Petition.objects.get()
    assert petition.collective and petition.decision == ""

    # accept it: the decision form gives way to the conclusion form
    decide = browser.find_element(By.XPATH, "//form[input[@name='form'][@value='decide']]")
    Select(decide.find_element(By.NAME, "accepted")).select_by_value("1")
    fill(browser, "decided_on", today.isoformat(), within=decide)
    decide.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, lambda b: b.find_elements(By.XPATH, "//form[input[@name='form'][@value='conclude']]"))
    assert not browser.find_elements(By.XPATH, "//form[input[@name='form'][@value='decide']]")

    conclude = browser.find_element(By.XPATH, "//form[input[@name='form'][@value='conclude']]")
    fill(browser, "concluded_on", today.isoformat(), within=conclude)
    fill(browser, "reply", "经核查,该候选人户籍在本村,资格符合规定,已当面答复。", within=conclude)
    Select(conclude.find_element(By.NAME, "satisfaction")).select_by_value("basically")
    conclude.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, lambda b: "已当面答复" in b.find_element(By.ID, "petition-card").text)
    petition.refresh_from_db()
    assert petition.decision == "accepted" and petition.concluded_on == today
    assert petition.satisfaction == "basically"

    # the list shows it collective and concluded
    browser.get(f"{live_server.url}/office/supervision/petitions/")
    row = browser.find_element(
        By.XPATH, "//table[@id='petitions-table']//tr[td/a[contains(., '资格有疑问')]]"
    )
    assert row.find_elements(By.CSS_SELECTOR, ".badge.bad") and row.find_elements(
        By.CSS_SELECTOR, ".badge.ok"
    )
