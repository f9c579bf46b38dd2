"""Phones joining the app itself: the server started from Room → "Let phones join…" by clicks, real HTTP
posts on 127.0.0.1 from threads of the test (the GUI thread owns the workshop and must stay free to answer
them), and what the facilitator's console, the shared screen and the reopened file then show.

Screenshots of the shared screen with the join code, the console's Phones panel and the dialog go to
``WORKSHOP_SHOTS_DIR`` when it is set (else into the test's temporary folder).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction

from tests import board_cards as cards
from tests.join_helpers import EventStream, Phone
from workshop_app.core.setup import PlannedStep, new_workshop_doc
from workshop_app.core.workshop import Workshop
from workshop_app.gui.join_dialog import LOOPBACK_NOTE, JoinDialog
from workshop_app.gui.join_panel import JoinPanel
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.shared_charts import CONSTRUCT_HEADING
from workshop_app.gui.shared_join import QUIET, qr_modules
from workshop_app.model.answers import Note
from workshop_app.model.document import WorkshopInfo

WAIT = 60_000  # ms: generous, the machine may be busy


# -- helpers ----------------------------------------------------------------------------------------
def listening_ports() -> set[int]:
    """The TCP ports this process listens on (Linux: its socket inodes matched in /proc/net)."""
    inodes = set()
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        with open(table, encoding="ascii") as f:
            next(f)
            for line in f:
                cells = line.split()
                if cells[3] == "0A" and cells[9] in inodes:  # 0A: LISTEN
                    ports.add(int(cells[1].rsplit(":", 1)[1], 16))
    return ports


def off_thread(qtbot: Any, fn: Callable[[], Any]) -> Any:
    """Run ``fn`` (a phone's requests) in a thread while the GUI thread keeps serving; return its result."""
    future: Future[Any] = Future()

    def run() -> None:
        try:
            future.set_result(fn())
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            future.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(future.done, timeout=WAIT)
    return future.result()


def open_window(qtbot: Any, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.resize(1600, 900)
    window.open_path(path)
    assert window.session is not None
    return window


def key(qtbot: Any, window: MainWindow, key: Qt.Key,
        modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed in the facilitator's window (made the active one first, as the facilitator's click would)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT)
    qtbot.keyClick(window, key, modifier)


def room_action(window: MainWindow, action_id: str) -> QAction:
    """The Room menu's action (or another of the window's) by id; never one of a closed workshop."""
    if action_id in window.actions_by_id:
        return window.actions_by_id[action_id]
    return next(a for a in window.room_menu.actions() if a.objectName() == action_id)


def click_menu(qtbot: Any, window: MainWindow, action_id: str) -> None:
    """Open the Room menu and click one of its entries."""
    menu = window.room_menu
    menu.popup(window.mapToGlobal(QPoint(40, 40)))
    qtbot.waitUntil(menu.isVisible, timeout=WAIT)
    action = room_action(window, action_id)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    qtbot.waitUntil(lambda: not menu.isVisible(), timeout=WAIT)


def let_phones_join(qtbot: Any, window: MainWindow) -> JoinDialog:
    """Room → Let phones join…, click this computer's own address, click Start."""
    click_menu(qtbot, window, "phones.start")
    qtbot.waitUntil(lambda: window.findChild(JoinDialog) is not None, timeout=WAIT)
    dialog = window.findChild(JoinDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT)
    rows = [dialog.networks.item(n) for n in range(dialog.networks.count())]
    loopback = next(r for r in rows if r.data(Qt.ItemDataRole.UserRole) == "127.0.0.1")
    qtbot.mouseClick(dialog.networks.viewport(), Qt.MouseButton.LeftButton,
                     pos=dialog.networks.visualItemRect(loopback).center())
    assert dialog.address() == "127.0.0.1"
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    return dialog


def start_phones(qtbot: Any, window: MainWindow) -> str:
    let_phones_join(qtbot, window)
    assert window.phones is not None
    qtbot.waitUntil(lambda: window.phones is not None and window.phones.running, timeout=WAIT)
    return window.phones.url


def panel(window: MainWindow) -> JoinPanel:
    assert window.phones_dock is not None
    widget = window.phones_dock.widget()
    assert isinstance(widget, JoinPanel)
    return widget


def people_rows(window: MainWindow) -> list[str]:
    rows = panel(window).people
    return [rows.item(n).text() for n in range(rows.count())]


def shots(tmp_path: Path) -> Path:
    out = Path(os.environ.get("WORKSHOP_SHOTS_DIR") or tmp_path / "shots")
    out.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture
def rating_path(tmp_path: Path, library: Any) -> Path:
    """A fresh workshop: a board, then the anonymous self-assessment with no answers yet."""
    plan = [PlannedStep(library.exercises[e], 10) for e in ("provocative-questions", "where-are-we")]
    people = [("Anna Kowalska", "Sales"), ("Ben Okafor", "Service"), ("Chloé Martin", "Finance")]
    path = tmp_path / "kickoff.workshop"
    Workshop.create(path, new_workshop_doc(WorkshopInfo(title="Kick-off"), people, plan)).close()
    return path


@pytest.fixture
def window(qtbot: Any, rating_path: Path) -> Iterator[MainWindow]:
    win = open_window(qtbot, rating_path)
    yield win
    win.close_workshop()


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to see listening sockets")


# -- nothing listens unless asked ---------------------------------------------------------------------
@linux_only
def test_nothing_listens_until_phones_are_let_in_and_nothing_after_stop_close_or_quit(
        qtbot: Any, rating_path: Path) -> None:
    before = listening_ports()
    window = open_window(qtbot, rating_path)
    assert listening_ports() == before  # a workshop open, the feature off: nothing listens

    url = start_phones(qtbot, window)
    port = int(url.split(":")[2].split("/")[0])
    assert listening_ports() == before | {port}
    assert window.phones_dock is not None and window.phones_dock.isVisible()
    assert off_thread(qtbot, lambda: Phone(url).join().status) == 200

    qtbot.mouseClick(panel(window).stop_button, Qt.MouseButton.LeftButton)
    assert listening_ports() == before
    assert not window.phones_dock.isVisible()
    assert not room_action(window, "phones.stop").isEnabled()

    url = start_phones(qtbot, window)  # again, then the workshop closes
    assert len(listening_ports() - before) == 1
    phone = Phone(url)
    reply = off_thread(qtbot, lambda: (phone.join(), phone.post("notes", {"text": "Kept after closing"}))[1])
    assert reply.status == 201
    window.close_workshop()
    assert listening_ports() == before
    assert window.phones is None and window.phones_dock is None

    window.open_path(rating_path)  # and once more, then the app quits (File → Quit)
    start_phones(qtbot, window)
    assert len(listening_ports() - before) == 1
    room_action(window, "quit").trigger()
    assert listening_ports() == before
    reopened = Workshop.open(rating_path)
    try:
        assert [n.text for n in reopened.items(reopened.steps[0].id, Note)] == ["Kept after closing"]
    finally:
        reopened.close()


def test_the_dialog_lists_loopback_last_and_says_why_a_port_is_refused(qtbot: Any, window: MainWindow,
                                                                       tmp_path: Path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        click_menu(qtbot, window, "phones.start")
        qtbot.waitUntil(lambda: window.findChild(JoinDialog) is not None, timeout=WAIT)
        dialog = window.findChild(JoinDialog)
        assert dialog is not None
        texts = [dialog.networks.item(n).text() for n in range(dialog.networks.count())]
        loops = [n for n, t in enumerate(texts) if LOOPBACK_NOTE in t]
        assert loops and loops == list(range(len(texts) - len(loops), len(texts)))  # last, and marked
        assert "0.0.0.0" not in " ".join(texts)  # every interface is never offered
        dialog.choose("127.0.0.1")
        dialog.port.setValue(taken.getsockname()[1])
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and dialog.message.isVisible()
        assert f"Port {taken.getsockname()[1]} is already in use" in dialog.message.text()
        assert window.phones is not None and not window.phones.running
        dialog.grab().save(str(shots(tmp_path) / "join_dialog.png"))
        dialog.port.setValue(0)
        qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT)
        assert window.phones.running
    finally:
        taken.close()


# -- the shared screen and the console --------------------------------------------------------------
def test_a_phone_note_reaches_both_screens_with_the_join_code_beside_the_step(
        qtbot: Any, window: MainWindow, rating_path: Path, tmp_path: Path) -> None:
    key(qtbot, window, Qt.Key.Key_F5)
    shared = window.shared
    assert shared is not None
    shared.resize(1920, 1080)
    url = start_phones(qtbot, window)
    typed = url.removeprefix("http://")
    host, path = typed.split("/", 1)
    texts = shared.visible_texts()
    assert host in texts and "/" + path in texts and "0 phones joined" in texts
    wide = shared._join_layout().rect.width()

    phone = Phone(url)
    reply = off_thread(qtbot, lambda: (phone.join(), phone.post("notes", {"text": "Ask who left us, and why"}))[1])
    assert reply.status == 201
    qtbot.waitUntil(lambda: "Ask who left us, and why" in shared.visible_texts(), timeout=WAIT)
    board = window.console.current_view()
    qtbot.waitUntil(lambda: "Ask who left us, and why" in cards.texts(board, 0), timeout=WAIT)
    qtbot.waitUntil(lambda: "1 phone joined" in shared.visible_texts(), timeout=WAIT)
    assert shared._join_layout().rect.width() < wide  # answers are in: the code gives the board more room
    assert "This step: 1 person answered from phones" in panel(window).answered.text()

    # The code as painted is the join URL's QR code, module for module, on white with its quiet zone.
    image = shared.grab().toImage()
    layout = shared._join_layout()
    modules = qr_modules(url)
    unit = layout.qr_rect.width() / (len(modules) + 2 * QUIET)
    for r in range(-QUIET, len(modules) + QUIET):
        for c in range(-QUIET, len(modules) + QUIET):
            dark = 0 <= r < len(modules) and 0 <= c < len(modules) and modules[r][c]
            x = int(layout.qr_rect.left() + (c + QUIET + 0.5) * unit)
            y = int(layout.qr_rect.top() + (r + QUIET + 0.5) * unit)
            assert image.pixelColor(x, y).lightness() == (0 if dark else 255), (r, c)
    image.save(str(shots(tmp_path) / "shared_join_1920x1080.png"))

    # J hides the code and gives the whole width back to the step; J shows it again.
    key(qtbot, window, Qt.Key.Key_J)
    assert host not in shared.visible_texts() and not shared.join_shown()
    key(qtbot, window, Qt.Key.Key_J)
    assert host in shared.visible_texts()

    # A new code: the old link is refused, the screen shows the new one, the phone is still itself.
    qtbot.mouseClick(panel(window).renew_button, Qt.MouseButton.LeftButton)
    new_url = window.phones.url if window.phones else ""
    assert new_url != url and "/" + new_url.split("/", 3)[3] in shared.visible_texts()
    old = off_thread(qtbot, lambda: phone.request("GET", "/state"))
    assert old.status == 404
    phone.base = "/" + new_url.split("/", 3)[3]
    again = off_thread(qtbot, lambda: phone.post("notes", {"text": "Still me after the new code"}))
    assert again.status == 201
    qtbot.waitUntil(lambda: "Still me after the new code" in shared.visible_texts(), timeout=WAIT)

    window.grab().save(str(shots(tmp_path) / "console_join_panel.png"))
    window.close_workshop()
    reopened = Workshop.open(rating_path)
    try:
        texts = {n.text for n in reopened.items(reopened.steps[0].id, Note)}
        assert texts == {"Ask who left us, and why", "Still me after the new code"}
    finally:
        reopened.close()


def test_the_panel_lists_who_joined_and_a_phone_that_drops_off_loses_nothing(
        qtbot: Any, window: MainWindow) -> None:
    url = start_phones(qtbot, window)
    ws = window.session.workshop
    anna = next(p.id for p in ws.participants if p.name == "Anna Kowalska")
    phones = [Phone(url) for _ in range(3)]

    def join_all() -> Any:
        for p in phones:
            p.join()
        named = phones[0].post("me", {"participant": anna})
        stream = EventStream(phones[0])
        stream.next_event()
        return named, stream

    named, stream = off_thread(qtbot, join_all)
    assert named.status == 200
    qtbot.waitUntil(lambda: people_rows(window) == ["● Anna Kowalska", "2 anonymous phones"], timeout=WAIT)
    assert panel(window).counts.text().startswith("3 phones joined")

    for k, p in enumerate(phones[:2]):
        reply = off_thread(qtbot, lambda p=p, k=k: p.post("notes", {"text": f"From phone {k}"}))
        assert reply.status == 201
    qtbot.waitUntil(lambda: "This step: 2 people answered" in panel(window).answered.text(), timeout=WAIT)

    stream.close()  # Anna's phone drops off the network
    qtbot.waitUntil(lambda: people_rows(window)[0] == "○ Anna Kowalska  (dropped off)", timeout=WAIT)
    assert "nothing they sent is lost" in panel(window).counts.text()
    notes = {(n.text, n.author) for n in ws.items(ws.steps[0].id, Note)}
    assert notes == {("From phone 0", anna), ("From phone 1", None)}

    # Someone picked the wrong name: the facilitator frees it, and another phone may pick it.
    rows = panel(window).people
    rows.setCurrentRow(0)
    qtbot.mouseClick(panel(window).free_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: people_rows(window) == ["3 anonymous phones"], timeout=WAIT)
    taken = off_thread(qtbot, lambda: phones[2].post("me", {"participant": anna}))
    assert taken.status == 200


# -- moderation ---------------------------------------------------------------------------------------
def test_held_phone_notes_are_approved_and_rejected_by_key_and_a_rejected_one_never_shows(
        qtbot: Any, window: MainWindow, rating_path: Path, tmp_path: Path) -> None:
    key(qtbot, window, Qt.Key.Key_F5)
    shared = window.shared
    assert shared is not None
    url = start_phones(qtbot, window)
    join_panel = panel(window)
    join_panel.hold_box.click()
    assert window.phones is not None and window.phones.hold_notes
    assert room_action(window, "phones.hold").isChecked()
    reveals: list[bool] = []
    room_action(window, "room.reveal").triggered.connect(reveals.append)  # R also means "reveal" in the window
    seen: list[str] = []
    window.session.changed.connect(lambda _c: seen.extend(shared.visible_texts()))

    phone = Phone(url)

    def post_two() -> list[Any]:
        phone.join()
        return [phone.post("notes", {"text": t}) for t in ("Keep this one", "Insult the boss")]

    replies = off_thread(qtbot, post_two)
    assert [r.status for r in replies] == [201, 201] and all(r.json()["held"] for r in replies)
    held = join_panel.held
    qtbot.waitUntil(lambda: held.count() == 2, timeout=WAIT)
    assert "2 notes waiting" in join_panel.held_label.text()
    assert not any(t in ("Keep this one", "Insult the boss") for t in shared.visible_texts())
    join_panel.grab().save(str(shots(tmp_path) / "console_join_panel_held.png"))

    held.setFocus()
    held.setCurrentRow(0)
    qtbot.keyClick(held, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: held.count() == 1, timeout=WAIT)
    assert "Keep this one" in shared.visible_texts()
    qtbot.keyClick(held, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: held.count() == 0, timeout=WAIT)
    assert reveals == []  # the list took the key, not the window
    assert "Insult the boss" not in shared.visible_texts()
    assert "Insult the boss" not in seen  # at no moment on the room's screen

    key(qtbot, window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # the rejection undone
    qtbot.waitUntil(lambda: held.count() == 1, timeout=WAIT)
    assert held.item(0).text().startswith("Insult the boss")
    assert "Insult the boss" not in shared.visible_texts()
    qtbot.keyClick(held, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: held.count() == 0, timeout=WAIT)

    window.close_workshop()
    reopened = Workshop.open(rating_path)
    try:
        notes = [(n.text, n.hidden) for n in reopened.items(reopened.steps[0].id, Note)]
        assert notes == [("Keep this one", False)]
    finally:
        reopened.close()


# -- privacy on the projector -----------------------------------------------------------------------
def test_an_anonymous_step_shows_people_not_answers_and_results_only_from_n_people_once_revealed(
        qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    key(qtbot, window, Qt.Key.Key_F5)
    shared = window.shared
    assert shared is not None
    url = start_phones(qtbot, window)
    key(qtbot, window, Qt.Key.Key_PageDown)
    ws = window.session.workshop
    step = ws.current_step
    assert step is not None and step.type == "rating" and step.min_respondents == 5
    assert ws.current_step is not None and ws.current_step.answers_hidden  # a rating starts hidden

    def rate(k: int) -> None:
        phone = Phone(url)
        phone.join()
        state = phone.state()
        ratings = [{"statement": s, "value": 1 + (k + s) % 5} for s in range(3)]
        reply = phone.post("ratings", {"ratings": ratings, "step": state["step"]["id"]})
        assert reply.status == 201, reply

    def figures() -> bool:
        # Twenty statements: one bar per construct, from the phones' per-person scores.
        return CONSTRUCT_HEADING in shared.visible_texts()

    for k in range(4):
        off_thread(qtbot, lambda k=k: rate(k))
        qtbot.waitUntil(lambda k=k: str(k + 1) in shared.visible_texts(), timeout=WAIT)
        texts = shared.visible_texts()
        assert ("person has answered" if k == 0 else "people have answered") in texts
        assert not figures() and str(3 * (k + 1)) not in texts  # people, never answers
    shared.grab().save(str(shots(tmp_path) / "shared_anonymous_kept_back.png"))

    key(qtbot, window, Qt.Key.Key_R)  # revealed, but four people are too few
    assert ws.current_step is not None and not ws.current_step.answers_hidden
    assert not figures()
    assert any("(1 more)" in t for t in shared.visible_texts())
    assert "from 5 people on (4 so far)" in panel(window).answered.text()

    off_thread(qtbot, lambda: rate(4))
    qtbot.waitUntil(figures, timeout=WAIT)

    # The facilitator asks for more people on this step: the results go back until they have answered.
    spin = window.console.min_people
    assert spin.isVisible() and spin.value() == 5
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    assert ws.current_step is not None and ws.current_step.min_respondents == 6
    assert not figures()
    off_thread(qtbot, lambda: rate(5))
    qtbot.waitUntil(figures, timeout=WAIT)
    window.session.undo()  # back to five: still shown
    assert ws.current_step is not None and ws.current_step.min_respondents == 5 and figures()


# -- a burst ---------------------------------------------------------------------------------------
def test_changes_made_together_are_told_and_laid_out_once(qtbot: Any, window: MainWindow,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import workshop_app.gui.shared_screen as shared_module

    key(qtbot, window, Qt.Key.Key_F5)
    shared = window.shared
    assert shared is not None
    shared.scene  # noqa: B018 - laid out once before counting
    renders: list[int] = []
    real = shared_module.render_step

    def counting(*args: Any, **kwargs: Any) -> Any:
        renders.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(shared_module, "render_step", counting)
    told: list[Any] = []
    window.session.changed.connect(told.append)
    ws = window.session.workshop
    step_id = ws.steps[0].id
    with window.session.deferred():  # as the phones' dispatcher runs their requests
        for k in range(10):
            ws.add_note(step_id, f"Burst note {k}", k % 6)
    assert told == []  # told on a later turn of the event loop, not one by one
    qtbot.waitUntil(lambda: len(told) == 1, timeout=WAIT)
    assert len(told[0].items) == 10
    board = window.console.current_view()
    assert board.tabs.tabText(0).endswith("(2)")  # the console's board has them all
    qtbot.waitUntil(lambda: not shared._stale and shared._pixmap is not None, timeout=WAIT)
    assert renders == [1]  # one layout of the shared screen for the ten notes
    assert "Burst note 9" in shared.visible_texts()
    assert len(told) == 1 and renders == [1]

    # The facilitator's own change is told at once, after whatever was still waiting.
    with window.session.deferred():
        ws.add_note(step_id, "From a phone, just before", 0)
    window.session.do(lambda: ws.add_note(step_id, "Typed by the facilitator", 0))
    assert len(told) == 3 and len(told[1].items) == 1 and len(told[2].items) == 1


def test_a_burst_of_phone_requests_reaches_the_windows_in_fewer_updates_than_notes(
        qtbot: Any, window: MainWindow) -> None:
    from workshop_app.gui.phones import QtDispatcher

    told: list[Any] = []
    window.session.changed.connect(told.append)
    step_id = window.session.workshop.steps[0].id
    dispatcher = QtDispatcher(window.session)
    # Twenty phones' notes queued before the GUI thread gets to them, as in a burst.
    futures = [dispatcher.dispatch(lambda ws, k=k: ws.add_note(step_id, f"Burst note {k}", k % 6))
               for k in range(20)]
    assert told == []  # nothing runs until the event loop does
    qtbot.waitUntil(lambda: all(f.done() for f in futures), timeout=WAIT)
    assert all(f.exception() is None for f in futures)
    qtbot.waitUntil(lambda: sum(len(c.items) for c in told) == 20, timeout=WAIT)
    assert len(told) < 20  # coalesced: at most one update of the windows per 0.1 s of the burst
    dispatcher.close()


# -- a real phone page ------------------------------------------------------------------------------
CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")


@pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
def test_the_phone_page_in_a_browser_joins_the_app_and_its_note_reaches_the_room(
        qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    key(qtbot, window, Qt.Key.Key_F5)
    shared = window.shared
    assert shared is not None
    shared.resize(1920, 1080)
    url = start_phones(qtbot, window)
    out = shots(tmp_path)
    text = "Ask the customers who left what would have kept them"

    def phone() -> None:
        # The browser is driven from this thread: the GUI thread must stay free to answer the page.
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                     f"--user-data-dir={tmp_path / 'profile'}", "--window-size=390,844"):
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
        try:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            wait = WebDriverWait(driver, 60)
            driver.get(url)
            wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".step-head h1"), "Provocative questions"))

            def tap(label: str) -> None:
                wait.until(ec.element_to_be_clickable(
                    (By.XPATH, f"//button[starts-with(normalize-space(.), '{label}')]"))).click()

            tap("Pick your name")
            tap("Anna Kowalska")
            wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".who-name"), "You: Anna Kowalska"))
            wait.until(ec.element_to_be_clickable((By.ID, "note-text"))).send_keys(text)
            driver.find_element(By.ID, "add-note").click()
            wait.until(ec.text_to_be_present_in_element((By.CSS_SELECTOR, ".mine"), text))
            driver.save_screenshot(str(out / "phone_page_gui_390x844.png"))
            assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
        finally:
            driver.quit()

    future: Future[None] = Future()

    def run() -> None:
        try:
            phone()
            future.set_result(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            future.set_exception(exc)

    threading.Thread(target=run, daemon=True).start()
    qtbot.waitUntil(future.done, timeout=180_000)
    future.result()
    qtbot.waitUntil(lambda: text in shared.visible_texts() and "Anna Kowalska" in shared.visible_texts(),
                    timeout=WAIT)
    ws = window.session.workshop
    assert [(n.text, ws.author_name(n.author)) for n in ws.items(ws.steps[0].id, Note)] == [(text, "Anna Kowalska")]
    qtbot.waitUntil(lambda: any(r.endswith("Anna Kowalska") for r in people_rows(window)), timeout=WAIT)
    shared.grab().save(str(out / "shared_join_browser_note.png"))


def test_the_notes_fold_away_rather_than_break_into_a_column_of_syllables(qtbot: Any, window: MainWindow) -> None:
    from workshop_app.gui.console import NOTES_READABLE

    window.resize(1241, 768)  # a laptop's window: the Phones panel takes its room from the console
    console = window.console
    assert console is not None
    qtbot.waitUntil(lambda: console.notes.width() >= NOTES_READABLE)
    start_phones(qtbot, window)
    qtbot.waitUntil(lambda: console.splitter.sizes()[2] == 0)  # folded to the splitter's edge
    qtbot.mouseClick(panel(window).stop_button, Qt.MouseButton.LeftButton)  # the panel closes
    qtbot.waitUntil(lambda: console.notes.width() >= NOTES_READABLE)  # and the script is back by itself
