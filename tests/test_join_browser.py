"""The phone page in a real headless browser (Debian's chromium and chromedriver, driven by selenium):
join, pick a name, post a note, vote, rate, commit, while the facilitator moves the room along.

Screenshots at 390×844 of the board, the rating and the commitments go to ``WORKSHOP_SCREENSHOTS`` when
it is set (else into the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.join_helpers import OwnedServer
from workshop_app.model.answers import Answer, Commitment, Note

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path / 'profile'}", "--window-size=390,844"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    # A phone's screen: 390×844 CSS pixels, touch, mobile layout.
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        yield driver
    finally:
        driver.quit()


def shots_dir(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WORKSHOP_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_phone_joins_picks_a_name_posts_votes_rates_and_commits(
        browser: Any, demo_path: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    owned = OwnedServer(demo_path)
    wait = WebDriverWait(browser, 60)
    shots = shots_dir(tmp_path)

    def heading(text: str) -> None:
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".step-head h1"), text))

    def button(text: str) -> Any:
        return wait.until(ec.element_to_be_clickable(
            (By.XPATH, f"//button[normalize-space(.)='{text}' or starts-with(normalize-space(.), '{text}')]")))

    def tap(text: str) -> None:
        """Tap a button; if the page redrew it just then (a change from the facilitator), tap the new one."""
        from selenium.common.exceptions import StaleElementReferenceException

        for _ in range(5):
            try:
                button(text).click()
                return
            except StaleElementReferenceException:
                continue
        raise AssertionError(f"the button {text!r} kept being redrawn")

    try:
        board_id = owned.go_to("board", 2)
        browser.get(owned.url)
        heading("Provocative questions")
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 390  # no sideways scroll

        # Pick a name.
        tap("Pick your name")
        tap("Anna Kowalska")
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".who-name"), "You: Anna Kowalska"))
        anna = owned.do(lambda ws: next(p.id for p in ws.participants if p.name == "Anna Kowalska"))

        # Post a note; the text goes in as typed, markup and all, and is shown as text.
        text = "<b>What</b> would a customer stop paying for?"
        box = wait.until(ec.element_to_be_clickable((By.ID, "note-text")))
        box.send_keys(text)
        browser.find_element(By.ID, "add-note").click()
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".mine"), text))
        assert not browser.find_elements(By.CSS_SELECTOR, ".mine b")
        stored = owned.do(lambda ws: [(n.text, n.author) for n in ws.items(board_id, Note) if n.text == text])
        assert stored == [(text, anna)]

        # Vote: the demo has spent her dots, so the facilitator takes them back first; the page follows.
        def take_back(ws: Any) -> None:
            for note in ws.items(board_id, Note):
                for _ in range(note.votes.get(anna, 0)):
                    ws.vote(note.id, anna, -1)

        owned.do(take_back)
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#voting .dots"), "3 of 3 dots left"))
        plus = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "#voting .round.plus")))
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", plus)
        plus.click()
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, "#voting .dots"), "2 of 3 dots left"))
        assert owned.do(lambda ws: ws.votes_used(board_id, anna)) == 1
        browser.execute_script("document.getElementById('voting').scrollIntoView()")
        browser.save_screenshot(str(shots / "join-voting.png"))
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(shots / "join-board.png"))

        # The facilitator moves on to the anonymous rating: the page follows by itself.
        rating_id = owned.go_to("rating")
        before = set(owned.do(lambda ws: [i.id for i in ws.items(rating_id)]))
        heading("Where are we?")
        assert len(browser.find_elements(By.CSS_SELECTOR, ".question")) == 20
        for number in range(3):  # each choice redraws the list, so the buttons are looked up afresh
            question = browser.find_elements(By.CSS_SELECTOR, ".question")[number]
            choice = question.find_elements(By.CSS_SELECTOR, ".choice")[number + 2]
            browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", choice)
            choice.click()
        tap("Send 3 answers")
        wait.until(ec.text_to_be_present_in_element((By.ID, "send-answers"), "Sent ✓ (3 of 20)"))
        new = owned.do(lambda ws: sorted((i.statement, i.value, i.author) for i in ws.items(rating_id, Answer) if i.id not in before))
        assert new == [(0, 3.0, None), (1, 4.0, None), (2, 5.0, None)]  # no name on an anonymous step
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(shots / "join-rating.png"))
        # The narrowest phones in use: 360 CSS pixels, and still nothing to scroll sideways.
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 360, "height": 740, "deviceScaleFactor": 1, "mobile": True})
        assert browser.execute_script("return document.documentElement.scrollWidth") <= 360
        browser.save_screenshot(str(shots / "join-rating-360.png"))
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})

        # Commitments: her own, each with its action in the plan.
        def clear_hers(ws: Any) -> str:
            step = next(s for s in ws.steps if s.type == "commitments")
            for item in [i for i in ws.items(step.id, Commitment) if i.author == anna]:
                ws.remove_commitment(item.id)
            return step.id

        owned.do(clear_hers)
        commitments_id = owned.go_to("commitments")
        heading("Three resolutions")
        slot = wait.until(ec.element_to_be_clickable((By.CSS_SELECTOR, "textarea[aria-label='Commitment 1']")))
        slot.send_keys("Call three customers who left us")
        tap("Commit")
        wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".card.done h2"), "Commitment 1 ✓"))
        made = owned.do(lambda ws: [(i.text, i.author, [a.what for a in ws.doc.actions if a.source == i.id])
                                    for i in ws.items(commitments_id, Commitment) if i.author == anna])
        assert made == [("Call three customers who left us", anna, ["Call three customers who left us"])]
        browser.execute_script("window.scrollTo(0, 0)")
        browser.save_screenshot(str(shots / "join-commitments.png"))

        # Nothing the page did broke its own rules (a script or style the CSP refused would show here).
        problems = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert problems == []
    except BaseException:
        browser.save_screenshot(str(shots / "join-failure.png"))  # what the page showed when it went wrong
        print(browser.find_element(By.TAG_NAME, "body").text)
        raise
    finally:
        owned.close()
    if os.environ.get("WORKSHOP_SCREENSHOTS"):
        return
    shutil.rmtree(shots, ignore_errors=True)
