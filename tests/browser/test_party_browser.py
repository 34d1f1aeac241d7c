"""A village clerk builds the party branch's member roll in Chromium: imports it from a file, adds a
probationary member by hand, and sees the counts and the branch's structure (P2) follow."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from huanjie.core.actions import SYSTEM
from tests.browser.drive import fill, log_in, wait

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HEADER = ["身份证号", "姓名", "性别", "出生日期", "文化程度", "党员类别", "有选举权", "上届职务"]


def _counts(browser: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [td.text for td in browser.find_elements(By.CSS_SELECTOR, "#roll-counts tbody td")]


def test_it_imports_the_roll_adds_a_member_and_shows_the_structure(
    browser: Any, live_server: Any, clerk: Any, admin: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    from huanjie.elections.actions import do_open_round
    from huanjie.party.models import PartyMember
    from tests.elections.conftest import party
    from tests.voters.conftest import SHIGOU, csv_file

    today = dt.date.today()
    rnd = do_open_round(
        district=admin.scope, name="换届", profile="gansu", starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=90), bodies=["party_branch"], actor=SYSTEM,
    )  # fmt: skip
    branch = party(rnd, SHIGOU)
    roll = tmp_path / "党员名册.csv"
    rows = [
        ["", f"党员{i}", "男" if i % 2 else "女", f"19{60 + i}-03-01", "高中", "正式", "是", ""]
        for i in range(7)
    ]
    roll.write_bytes(csv_file(rows, HEADER))

    log_in(browser, live_server, "clerk")
    browser.get(f"{live_server.url}/office/elections/{branch.pk}/party/")
    assert _counts(browser)[0] == "0"
    no_branch = browser.find_element(By.ID, "structure").text  # fewer than three: no branch can be elected
    assert "P2" in no_branch

    # the roll from a file: seven full members, so the assembly elects a committee
    upload = browser.find_element(By.CSS_SELECTOR, "form[action$='/party/import/']")
    browser.execute_script("arguments[0].closest('details').open = true", upload)
    upload.find_element(By.NAME, "file").send_keys(str(roll))
    upload.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    wait(browser, lambda b: _counts(b)[:2] == ["7", "7"])
    structure_with_seven = browser.find_element(By.ID, "structure").text
    assert "P2" in structure_with_seven and structure_with_seven != no_branch

    # one more by hand: a probationary member, who has no vote (P1)
    add = browser.find_element(By.CSS_SELECTOR, "form[action$='/party/members/']")
    browser.execute_script("arguments[0].closest('details').open = true", add)
    fill(browser, "name", "新党员", within=add)
    Select(add.find_element(By.NAME, "sex")).select_by_value("female")
    fill(browser, "birth_date", "1998-06-01", within=add)
    Select(add.find_element(By.NAME, "standing")).select_by_value("probationary")
    voting = add.find_element(By.NAME, "voting_rights")
    if voting.is_selected():
        voting.click()
    # the form's own button (the resident picker's "Search" button sits in it but belongs to its GET form)
    add.find_element(By.CSS_SELECTOR, "button[type=submit]:not([form])").click()
    wait(browser, lambda b: _counts(b)[0] == "8")
    counts = _counts(browser)
    assert counts[1:4] == ["7", "1", "7"], counts  # full, probationary, with voting rights
    assert browser.find_element(By.ID, "structure").text == structure_with_seven
    browser.find_element(By.CSS_SELECTOR, "details summary").click()
    assert "新党员" in browser.find_element(By.ID, "members").text
    newcomer = PartyMember.objects.get(name="新党员")
    assert newcomer.standing == "probationary" and not newcomer.can_vote
