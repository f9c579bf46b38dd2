"""The start screen: new workshop, open one, reopen a recent one, or try the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from workshop_app import APP_NAME
from workshop_app.gui.accessible import named

PATH_ROLE = Qt.ItemDataRole.UserRole


class StartScreen(QWidget):
    """What the app shows before a workshop is open."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_requested = Signal(Path)
    first_painted = Signal()  # the screen is up: the app may load what opening a workshop needs

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(APP_NAME)
        title.setObjectName("startTitle")
        subtitle = QLabel("Run a customer-focus workshop with the room: no internet, no accounts, nothing lost.")
        subtitle.setObjectName("startSubtitle")
        subtitle.setWordWrap(True)
        buttons = QVBoxLayout()
        for text, signal, tip in (
            ("New workshop…", self.new_requested, "Pick an agenda, add the participants, and start"),
            ("Open…", self.open_requested, "Open a .workshop file"),
            ("Open the demo", self.demo_requested, "A half-day kick-off with answers in every exercise"),
        ):
            b = QPushButton(text)
            b.setObjectName("bigButton")
            b.setToolTip(tip)
            b.clicked.connect(signal.emit)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.recent = named(QListWidget(), "Recent workshops")
        self.recent.itemActivated.connect(self._on_recent)
        recent_box = QVBoxLayout()
        recent_label = QLabel("Recent workshops")
        recent_label.setObjectName("startSubtitle")
        recent_box.addWidget(recent_label)
        recent_box.addWidget(self.recent, 1)
        row = QHBoxLayout()
        row.addLayout(buttons, 2)
        row.addSpacing(24)
        row.addLayout(recent_box, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(24)
        layout.addLayout(row, 1)
        self._listed = False

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.Paint and not self._listed:
            # The recent list follows the first paint: reading the settings loads pydantic, which the
            # start screen is not kept waiting for.
            self._listed = True
            QTimer.singleShot(0, self, self.refresh)
            QTimer.singleShot(0, self, self.first_painted.emit)
        return handled

    def refresh(self) -> None:
        """List the recent workshops, a missing one greyed out."""
        from workshop_app.storage.settings import SettingsFile

        self._listed = True
        self.recent.clear()
        for path in SettingsFile().load().recent:
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(PATH_ROLE, str(path))
            if not path.exists():
                item.setText(f"{path.stem} (missing)\n{path.parent}")
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.recent.addItem(item)
        if not self.recent.count():
            empty = QListWidgetItem("Workshops you open appear here.")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(empty)

    def _on_recent(self, item: QListWidgetItem) -> None:
        path = item.data(PATH_ROLE)
        if path:
            self.recent_requested.emit(Path(path))
