"""Two 王建国 on one ballot, in Chromium (issue 17): the clerks enter the box's tally line by line — each line
labelled with the villager group that tells the namesakes apart — count, and read on the result page who
of the two was elected, the other not."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from tests.browser.test_village_browser import _login, _submit
from tests.conftest import PASSWORD
from tests.elections.conftest import rnd, today

__all__ = ["rnd", "today"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_counts_two_namesakes_apart(browser: Any, live_server: Any, rnd: Any, clerk: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from huanjie.accounts.actions import do_create_user
    from huanjie.polling.actions import do_add_box, do_open_voting_round
    from huanjie.polling.models import BallotBox, ElectedMember
    from tests.elections.conftest import committee
    from tests.polling.people import resident

    election = committee(rnd, "620102023201")
    first = resident(election, "王建国", group="第一村民小组", year=1972)
    second = resident(election, "王建国", group="第三村民小组", year=1980)
    other = resident(election, "李明", group="第二村民小组")
    vr = do_open_voting_round(
        election,
        held_on=timezone.localdate(),
        registered=150,
        actor=SYSTEM,
        contests=[{"post": "member", "seats": 2, "candidates": [first, second, other]}],
    )
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    do_create_user(username="clerk2", password=PASSWORD, role="clerk", scope=clerk.scope, actor=SYSTEM)
    url, wait = live_server.url, WebDriverWait(browser, 10)
    votes = {"王建国（第一村民小组）": "30", "王建国（第三村民小组）": "70", "李明": "60"}
    for user in ("clerk", "clerk2"):
        _login(browser, url, user)
        browser.get(f"{url}/office/boxes/{box.pk}/tally/")
        form = browser.find_element(By.ID, "tally-form")
        for name, value in {
            "voters_signed": "100",
            "ballots_issued": "100",
            "ballots_collected": "100",
        }.items():
            form.find_element(By.NAME, name).send_keys(value)
        seen = []
        for rank in (1, 2, 3):
            field = form.find_element(By.NAME, f"votes_member_{rank}")
            label = form.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']").text
            shown = label.split("·")[-1].strip().rstrip(":：").strip()
            seen.append(shown)
            field.send_keys(votes[shown])
        assert seen == list(votes)  # the two 王建国 are two lines, told apart by their group
        _submit(browser, wait, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        wait.until(lambda b: "/tally/" not in b.current_url)
    assert BallotBox.objects.get(pk=box.pk).status == "accepted"
    browser.get(f"{url}/office/voting-rounds/{vr.pk}/")
    _submit(browser, wait, browser.find_element(By.ID, "count"))
    wait.until(lambda b: b.find_elements(By.ID, "result"))
    result = browser.find_element(By.ID, "result").text
    assert "王建国（第三村民小组）" in result and "李明" in result
    elected_line = next(line for line in result.splitlines() if "当选" in line or "Elected" in line)
    assert "王建国（第三村民小组）" in elected_line and "王建国（第一村民小组）" not in elected_line
    assert (
        ElectedMember.objects.get(election=election, resident__isnull=False, name="王建国").resident == second
    )
