"""One village's whole election in Chromium, from the nomination meeting to the handover's sign-off.

The clerk records the nomination meeting, publishes the formal list, opens the ballot the list fills in,
enters the central box's tally (a second clerk enters it again), counts, announces the result and signs
the handover off. What happens on other desks — the departments' joint review, the stages between the
list and polling day — is done through the same actions, and the clock is moved to polling day and past
it as the procedure moves on.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from tests.conftest import PASSWORD
from tests.elections.conftest import rnd, today

__all__ = ["rnd", "today"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOMINEES = {
    "director": "张伟 6\n王强 4\n李军 2",
    "deputy_director": "刘洋 7\n陈刚 4",
    "women_member": "孙丽 7\n马芳 4\n朱燕 1",
    "member": "杨林 9\n赵鹏 7\n黄海 5\n周斌 2",
}
VOTES = {  # each ballot line's votes, in list order (the form has a field per line, labelled with it)
    "director": [("张伟", 8), ("王强", 4)],
    "deputy_director": [("刘洋", 9), ("陈刚", 3)],
    "women_member": [("孙丽", 7), ("马芳", 5)],
    "member": [("杨林", 10), ("赵鹏", 9), ("黄海", 3)],
}


def _login(browser: Any, url: str, username: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(f"{url}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)


def _fill(browser: Any, form: Any, values: dict[str, str]) -> None:
    """Set fields by name; date inputs through their value, as Chromium's date widget reads its locale."""
    from selenium.webdriver.common.by import By

    # A form folded in <details> is opened as the clerk would, by its summary.
    browser.execute_script("const d = arguments[0].closest('details'); if (d) { d.open = true; }", form)
    for name, value in values.items():
        field = form.find_element(By.NAME, name)
        if field.get_attribute("type") == "date" or field.tag_name == "select":
            browser.execute_script("arguments[0].value = arguments[1]", field, value)
        else:
            field.clear()
            field.send_keys(value)


def _submit(browser: Any, wait: Any, button: Any) -> None:
    """Click a form's button and wait for the next page, loaded: until the old page is gone, its elements
    (and any messages on it) would still answer the waits that follow. The old page is known by a mark on
    its window; a new page's window has none. (Selenium's staleness check meets chromedriver's
    "node does not belong to the document" while the page changes, an error it does not expect.)"""
    from selenium.common.exceptions import WebDriverException

    browser.execute_script("window.huanjieLeaving = true")
    button.click()

    def arrived(b: Any) -> bool:
        try:
            return bool(
                b.execute_script("return !window.huanjieLeaving && document.readyState === 'complete'")
            )
        except WebDriverException:  # the page is changing under the script
            return False

    wait.until(arrived)


def test_it_runs_a_village_election_from_nomination_to_handover(
    browser: Any, live_server: Any, rnd: Any, clerk: Any, officer: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    from huanjie.accounts.actions import do_create_user
    from huanjie.candidates.actions import do_set_seats
    from huanjie.elections.actions import do_mark_not_applicable
    from huanjie.elections.models import ElectionStage, Notice
    from huanjie.handover.models import Handover
    from huanjie.polling.models import BallotBox, ElectedMember
    from tests.candidates.conftest import SEATS, SHIGOU, clear, open_nomination
    from tests.elections.conftest import stage, walk

    today = timezone.localdate()
    shigou = open_nomination(rnd, SHIGOU, today)  # the roll built and the voter list published
    assert shigou.election_day is not None
    day = shigou.election_day
    do_set_seats(shigou, seats=SEATS, sizes={}, actor=SYSTEM)
    do_create_user(username="clerk2", password=PASSWORD, role="clerk", scope=clerk.scope, actor=SYSTEM)
    url = live_server.url
    wait = WebDriverWait(browser, 10)

    # 1. The nomination meeting's results, post by post.
    _login(browser, url, "clerk")
    browser.get(f"{url}/office/elections/{shigou.pk}/candidates/")
    meeting = browser.find_element(
        By.CSS_SELECTOR, f"form[action$='/elections/{shigou.pk}/candidates/meeting/']"
    )
    _fill(browser, meeting, {"held_on": today.isoformat(), "present": "12"})
    _fill(browser, meeting, {f"nominees_{post}": text for post, text in NOMINEES.items()})
    _submit(browser, wait, meeting.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#post-director"))
    assert "张伟" in browser.find_element(By.ID, "post-director").text

    # 2. The departments clear every nominee (the street's desk), then the list is published.
    nominees = [line.split()[0] for text in NOMINEES.values() for line in text.splitlines()]
    clear(shigou, today, nominees, actor=officer)
    walk(shigou, "qualification_review", today)
    browser.get(f"{url}/office/elections/{shigou.pk}/candidates/")
    assert "张伟、王强" in browser.find_element(By.ID, "formal").text
    publish = browser.find_element(
        By.CSS_SELECTOR, f"form[action$='/elections/{shigou.pk}/candidates/publish/']"
    )
    _fill(browser, publish, {"published_on": today.isoformat()})
    _submit(browser, wait, browser.find_element(By.ID, "publish"))
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messages li"))
    notice = Notice.objects.get(election=shigou, stage="candidate_list")
    assert "张伟" in notice.body_zh and "李军" not in notice.body_zh.split("递补")[0]

    with override_settings(HUANJIE_TODAY=day.isoformat()):
        walk(shigou, "proxies", day)
        # 3. Polling day: the ballot as the formal list has it, one box entered by two clerks, the count.
        browser.get(f"{url}/office/elections/{shigou.pk}/polling/")
        # The formal list's persons, ticked, each shown with the year of birth: no typed names.
        ticks = browser.find_elements(By.CSS_SELECTOR, "input[name=candidates_member]")
        shown = [t.find_element(By.XPATH, "./ancestor::label").text for t in ticks]
        assert [s.split("（")[0] for s in shown] == ["杨林", "赵鹏", "黄海"] and all(
            t.is_selected() for t in ticks
        )
        form = ticks[0].find_element(By.XPATH, "./ancestor::form")
        _submit(browser, wait, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        wait.until(lambda b: "/voting-rounds/" in b.current_url)
        round_url = browser.current_url
        boxes = browser.find_element(By.CSS_SELECTOR, "form.filters input[name=name]").find_element(
            By.XPATH, "./ancestor::form"
        )
        _fill(browser, boxes, {"name": "中心会场", "kind": "central"})
        _submit(browser, wait, boxes.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        wait.until(lambda b: BallotBox.objects.filter(voting_round__election=shigou).exists())
        box = BallotBox.objects.get(voting_round__election=shigou)
        for user in ("clerk", "clerk2"):
            if user == "clerk2":
                _login(browser, url, "clerk2")
            browser.get(f"{url}/office/boxes/{box.pk}/tally/")
            form = browser.find_element(By.ID, "tally-form")
            counts = {"voters_signed": "12", "ballots_issued": "12", "ballots_collected": "12"}
            _fill(browser, form, {**counts, "invalid": "0", "blank": "0"})
            for post, lines in VOTES.items():
                for rank, (name, votes) in enumerate(lines, start=1):
                    field = form.find_element(By.NAME, f"votes_{post}_{rank}")
                    label = form.find_element(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")
                    assert name in label.text
                    _fill(browser, form, {f"votes_{post}_{rank}": str(votes)})
            _submit(browser, wait, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            wait.until(lambda b: "/tally/" not in b.current_url)
        box.refresh_from_db()
        assert box.status == "accepted"
        browser.get(round_url)
        _submit(browser, wait, browser.find_element(By.ID, "count"))
        wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messages li"))
        elected = set(ElectedMember.objects.filter(election=shigou).values_list("name", flat=True))
        assert elected == {"张伟", "刘洋", "孙丽", "杨林", "赵鹏"}

        # 4. The polling and result stages completed on the election page; the result notice is posted.
        do_mark_not_applicable(stage(shigou, "runoff"), reason="当选人数达到应选名额。", actor=SYSTEM)
        for key in ("polling", "result"):
            if stage(shigou, key).status == "done":
                continue
            browser.get(f"{url}/office/elections/{shigou.pk}/")
            form = browser.find_element(By.CSS_SELECTOR, f"#stage-{key} form")
            _submit(browser, wait, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, ".messages li"))
            assert ElectionStage.objects.get(election=shigou, key=key).status == "done"

    # 5. Three days later: the handover, item by item, signed off by both heads and the street's witness.
    signed = day + dt.timedelta(days=3)
    with override_settings(HUANJIE_TODAY=signed.isoformat()):
        browser.get(f"{url}/office/elections/{shigou.pk}/handover/")
        _submit(browser, wait, browser.find_element(By.ID, "open-handover"))
        wait.until(lambda b: b.find_elements(By.ID, "items"))
        handover = Handover.objects.get(election=shigou)
        for item in handover.items.order_by("seq"):
            form = browser.find_element(By.CSS_SELECTOR, f"#item-{item.seq} form")
            _fill(browser, form, {"status": "done", "notes": "已移交"})
            _submit(browser, wait, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
            wait.until(lambda b: b.find_elements(By.ID, "items"))
        form = browser.find_element(By.ID, "sign-off")
        _fill(browser, form, {"outgoing_head": "马老主任", "incoming_head": "张伟", "witness": "王建华",
                              "signed_on": signed.isoformat()})  # fmt: skip
        _submit(browser, wait, form.find_element(By.CSS_SELECTOR, "button[type=submit]"))
        wait.until(lambda b: b.find_elements(By.ID, "signed"))
    assert ElectionStage.objects.get(election=shigou, key="handover").status == "done"
    assert Notice.objects.filter(election=shigou, stage="result").exists()
