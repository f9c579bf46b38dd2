"""The console's live preview of the shared screen, and the Present button beneath it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

from tests.test_main_window_room import open_window
from workshop_app.gui.screen_preview import NOT_SHOWN


def colours(widget) -> list[str]:
    """The colours across the middle of the preview, inside its frame."""
    image = widget.grab().toImage()
    y = image.height() // 2
    return [image.pixelColor(QPoint(x, y)).name() for x in range(4, image.width() - 4, 3)]


def test_present_shows_the_shared_screen_and_the_preview_follows_it(qtbot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    panel = window.console.previewer
    preview = panel.preview
    assert panel.present.isVisible() and panel.present.text() == "Present"
    assert not preview.showing() and preview.accessibleDescription() == NOT_SHOWN
    assert window.shared is None  # nothing made until it is asked for
    qtbot.mouseClick(panel.present, Qt.MouseButton.LeftButton)
    shared = window.shared
    assert shared is not None and shared.isVisible()
    qtbot.waitUntil(preview.showing)
    assert panel.present.text() == "Stop presenting"
    assert preview.accessibleName() == "Preview of the shared screen"
    before = preview.grab().toImage()

    # A note typed in the console reaches the shared screen, and the preview with it.
    board = window.console.current_view()
    with qtbot.waitSignal(shared.pictured, timeout=10_000):
        qtbot.keyClicks(board.entry, "A note the preview shows")
        qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: preview.grab().toImage() != before)
    assert "A note the preview shows" in shared.visible_texts()

    # Blanked for the room: black in the preview too.
    qtbot.keyClick(window, Qt.Key.Key_B)
    qtbot.waitUntil(lambda: set(colours(preview)) == {"#000000"})
    qtbot.keyClick(window, Qt.Key.Key_Period)
    qtbot.waitUntil(lambda: len(set(colours(preview))) > 3)  # the cards are back

    qtbot.mouseClick(panel.present, Qt.MouseButton.LeftButton)  # Stop presenting
    assert not shared.isVisible()
    qtbot.waitUntil(lambda: not preview.showing())
    assert panel.present.text() == "Present" and preview.accessibleDescription() == NOT_SHOWN
    window.activateWindow()  # offscreen, the hidden shared screen hands the keyboard back to nobody
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F5)  # F5 does the same, and the button says so
    qtbot.waitUntil(lambda: shared.isVisible() and panel.present.text() == "Stop presenting")
    window.close_workshop()


def test_the_preview_makes_no_picture_of_its_own(qtbot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    qtbot.mouseClick(window.console.previewer.present, Qt.MouseButton.LeftButton)
    shared = window.shared
    preview = window.console.previewer.preview
    qtbot.waitUntil(preview.showing)
    made = []
    real = shared.thumbnail

    def counted(*args):
        made.append(args)
        return real(*args)

    shared.thumbnail = counted
    for _ in range(3):
        preview.repaint()  # painted again with nothing new: the same picture, not a new one
    thumbs = {id(real(preview.rect().adjusted(1, 1, -1, -1).size(), preview.devicePixelRatioF())) for _ in range(3)}
    assert len(made) == 3 and len(thumbs) == 1
    window.close_workshop()
