"""Each role's home and the tally entry on a phone (390 px wide) in Chromium: the menu folds behind one
button and works by keyboard, nothing spills sideways, targets are large; and axe-core finds no serious or
critical accessibility violation on the main pages of each role, in Chinese and in English."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from huanjie.core.actions import SYSTEM
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).with_name("axe") / "axe.min.js"
PHONE = 390
SHIGOU = "620102023201"


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    browser.set_window_size(PHONE, 860)
    yield browser
    browser.set_window_size(1280, 900)


@pytest.fixture
def scene(tree: Any, admin: Any, officer: Any, clerk: Any, inspector: Any, liaison: Any) -> dict[str, Any]:
    """A round in its middle: Shigou's committee past its voter list, a voting round with a box, a team's
    visits and a finding, a liaison officer stationed with Donggang."""
    from huanjie.elections.actions import do_open_round
    from huanjie.polling.actions import do_add_box, do_open_voting_round
    from huanjie.supervision.actions import (
        do_form_team,
        do_record_inspection_finding,
        do_record_visit,
        do_station_liaison_officer,
    )
    from tests.elections.conftest import committee, walk
    from tests.polling.people import ballot

    today = timezone.localdate()
    rnd = do_open_round(district=tree["Chengguan"], name="2026年换届", profile="gansu",
                        starts_on=today - dt.timedelta(days=60), ends_on=today + dt.timedelta(days=60),
                        bodies=["party_branch", "villagers_committee", "residents_committee"], actor=SYSTEM)  # fmt: skip
    election = committee(rnd, SHIGOU)
    walk(election, "voter_list", today)
    vr = do_open_voting_round(election, held_on=today, registered=800, actor=SYSTEM,
                              contests=ballot(election, [{"post": "director", "seats": 1, "candidates": ["甲", "乙"]}]))  # fmt: skip
    box = do_add_box(vr, name="中心会场", kind="central", actor=SYSTEM)
    team = do_form_team(rnd=rnd, kind="inspection", name="第一督导组", leader="王明",
                        starts_on=today - dt.timedelta(days=3), ends_on=today + dt.timedelta(days=4), actor=SYSTEM)  # fmt: skip
    visit = do_record_visit(team, division=tree["Qingbaishi Street"], visited_on=today - dt.timedelta(days=1),
                            actor=SYSTEM)  # fmt: skip
    do_record_visit(
        team, division=tree["Donggang Street"], visited_on=today + dt.timedelta(days=2), actor=SYSTEM
    )
    do_record_inspection_finding(visit, unit=tree["Shigou Village"], text="村内未见换届宣传标语。",
                                 rectification_due=today + dt.timedelta(days=5), actor=SYSTEM)  # fmt: skip
    do_station_liaison_officer(rnd=rnd, street=tree["Donggang Street"], name="李红", department="区民政局",
                               since=today - dt.timedelta(days=20), account=liaison, actor=SYSTEM)  # fmt: skip
    return {"round": rnd, "election": election, "box": box}


def _login(browser: Any, base: str, username: str, language: str = "zh-hans") -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.delete_all_cookies()
    browser.get(f"{base}/office/login/")
    browser.add_cookie({"name": "huanjie_language", "value": language})
    browser.get(f"{base}/office/login/")
    browser.find_element(By.ID, "id_username").send_keys(username)
    browser.find_element(By.ID, "id_password").send_keys(PASSWORD)
    browser.find_element(By.ID, "login-button").click()
    WebDriverWait(browser, 10).until(lambda b: "/login/" not in b.current_url)


def _fits(browser: Any) -> None:
    """Nothing on the page is wider than the phone: wide tables scroll inside their own box."""
    width, inner = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page is {width} px wide on a {inner} px screen: {browser.current_url}"


def _serious(browser: Any) -> list[str]:
    """axe-core's serious and critical violations on the page, as 'rule: first element' lines."""
    browser.set_script_timeout(60)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    violations = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target'] if v['nodes'] else ''}"
        for v in violations
        if v["impact"] in ("serious", "critical")
    ]


def test_it_folds_the_menu_on_a_phone_and_opens_it_by_keyboard(
    phone: Any, live_server: Any, scene: Any, clerk: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    _login(phone, live_server.url, "clerk")
    nav = phone.find_element(By.CSS_SELECTOR, "header nav")
    toggle = phone.find_element(By.CSS_SELECTOR, ".menu-toggle")
    assert toggle.is_displayed() and not nav.is_displayed()
    toggle.send_keys(Keys.ENTER)  # keyboard, not a tap
    WebDriverWait(phone, 5).until(lambda b: nav.is_displayed())
    assert toggle.get_attribute("aria-expanded") == "true"
    links = nav.find_elements(By.TAG_NAME, "a")
    assert all(link.size["height"] >= 40 for link in links)  # large targets
    toggle.send_keys(Keys.ESCAPE)
    WebDriverWait(phone, 5).until(lambda b: not nav.is_displayed())
    # A wide screen shows the menu as it always did.
    phone.set_window_size(1280, 900)
    WebDriverWait(phone, 5).until(lambda b: nav.is_displayed() and not toggle.is_displayed())


def test_it_shows_the_clerk_the_next_step_one_tap_away_on_a_phone(
    phone: Any, live_server: Any, scene: Any, clerk: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    _login(phone, live_server.url, "clerk")
    _fits(phone)
    section = phone.find_element(By.ID, f"election-{scene['election'].pk}")
    now = section.find_element(By.CSS_SELECTOR, "li.now")
    assert "处理选民名单申诉" in now.text
    button = now.find_element(By.LINK_TEXT, "打开表单")
    assert button.size["height"] >= 44 and button.size["width"] >= PHONE // 2
    button.click()
    WebDriverWait(phone, 10).until(lambda b: "#stage-objections" in b.current_url)
    # The form that completes the stage is open on the election's page.
    stage = phone.find_element(By.ID, "stage-objections")
    assert stage.find_element(By.TAG_NAME, "form").is_displayed()


@pytest.mark.parametrize(
    ("username", "marker"),
    [("officer", "units"), ("inspector", "planned"), ("liaison", "liaison-report"), ("admin", "week")],
)
def test_it_shows_each_roles_home_on_a_phone(
    phone: Any, live_server: Any, scene: Any, username: str, marker: str
) -> None:
    from selenium.webdriver.common.by import By

    if username == "admin":
        from huanjie.elections.models import ElectionStage

        # A stage due in three days, so that the week's deadlines have a line.
        ElectionStage.objects.filter(election=scene["election"], key="nomination").update(
            district_due=timezone.localdate() + dt.timedelta(days=3)
        )
    _login(phone, live_server.url, username)
    assert phone.find_element(By.ID, marker).is_displayed()
    _fits(phone)


def test_it_takes_the_tally_on_a_phone(phone: Any, live_server: Any, scene: Any, clerk: Any) -> None:
    from selenium.webdriver.common.by import By

    _login(phone, live_server.url, "clerk")
    phone.get(f"{live_server.url}/office/boxes/{scene['box'].pk}/tally/")
    _fits(phone)
    form = phone.find_element(By.ID, "tally-form")
    for field in form.find_elements(By.CSS_SELECTOR, "input[type=number], textarea"):
        assert field.size["height"] >= 40 and field.size["width"] >= PHONE - 80
        label = form.find_elements(By.CSS_SELECTOR, f"label[for='{field.get_attribute('id')}']")
        assert label and label[0].text.strip()
    assert form.find_element(By.CSS_SELECTOR, "button[type=submit]").size["height"] >= 44
    # The boxes of the round are cards on a phone: each value carries its column's name.
    phone.get(f"{live_server.url}/office/voting-rounds/{scene['box'].voting_round_id}/")
    _fits(phone)
    assert phone.find_element(By.CSS_SELECTOR, "#boxes thead").size["height"] <= 1


PAGES: dict[str, list[str]] = {
    "clerk": [
        "/office/",
        "/office/elections/{election}/",
        "/office/boxes/{box}/tally/",
        "/office/voting-rounds/{vr}/",
        "/office/elections/{election}/registers/",
    ],
    "officer": ["/office/", f"/office/divisions/{SHIGOU}/steps/"],
    "inspector": ["/office/", "/office/supervision/findings/"],
    "liaison": ["/office/"],
    "admin": ["/office/", "/office/rounds/{round}/"],
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_it_has_no_serious_accessibility_violation_and_fits_a_phone_on_the_main_pages(
    phone: Any, live_server: Any, scene: Any, language: str
) -> None:
    ids = {
        "election": scene["election"].pk,
        "box": scene["box"].pk,
        "vr": scene["box"].voting_round_id,
        "round": scene["round"].pk,
    }
    found: list[str] = []
    phone.delete_all_cookies()
    phone.get(f"{live_server.url}/office/login/")
    phone.add_cookie({"name": "huanjie_language", "value": language})
    phone.get(f"{live_server.url}/office/login/")
    found += [f"login: {v}" for v in _serious(phone)]
    for username, pages in PAGES.items():
        _login(phone, live_server.url, username, language)
        for page in pages:
            phone.get(live_server.url + page.format(**ids))
            _fits(phone)
            found += [f"{username} {page}: {v}" for v in _serious(phone)]
    assert not found, "\n".join(found)
