"""Room → "Let phones join…": which network the phones are on, then start listening on it alone.

The computer's addresses are listed with the name of their interface, the ones phones can reach first;
this computer's own (loopback) address comes last, marked as reachable from this computer only. There
is no "every interface" choice: the server listens on the one network the facilitator picks. The port
is any free one unless the facilitator names one (a firewall rule made for it, say).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop_app.gui.accessible import named
from workshop_app.gui.phones import PhoneJoin

ROLE_ADDRESS = Qt.ItemDataRole.UserRole
INTRO = ("Phones open a page from this computer over the room's own network: the venue's Wi-Fi or this "
         "computer's hotspot. No internet and no account are needed. Pick the network the phones are on.")
LOOPBACK_NOTE = "only this computer can reach it"


class JoinDialog(QDialog):
    """The networks to choose from and the port; Start listens, or says in a sentence why it cannot."""

    def __init__(self, phones: PhoneJoin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phones = phones
        self.setWindowTitle("Let phones join")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.networks = named(QListWidget(), "Networks the phones can join on")
        self.networks.setObjectName("joinNetworks")
        self.networks.itemDoubleClicked.connect(lambda _item: self.start())
        self.port = named(QSpinBox(), "Port")
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText("Any free port")
        self.port.setToolTip("Leave it at any free port unless a firewall rule was made for one")
        self.message = QLabel()
        self.message.setObjectName("joinMessage")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #b42318;")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton("Start", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setObjectName("joinStart")
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Port", self.port)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Network"))
        layout.addWidget(self.networks, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(520, 360)
        self.fill()

    def fill(self) -> None:
        """List this computer's addresses; the first one phones can reach is chosen."""
        from workshop_app.join.network import list_interfaces

        self.networks.clear()
        try:
            found = list_interfaces()
        except OSError as exc:
            found = []
            self._say(f"The computer's networks could not be listed: {exc}.")
        # Reachable ones first (the list's own order), this computer's own address last.
        for interface in sorted(found, key=lambda i: i.loopback):
            text = interface.label
            if interface.loopback:
                text += f"  ({LOOPBACK_NOTE})"
            row = QListWidgetItem(text)
            row.setData(ROLE_ADDRESS, interface.address)
            if interface.loopback:
                row.setToolTip("For trying it out on this computer: phones cannot open this address")
            self.networks.addItem(row)
        if self.networks.count():
            self.networks.setCurrentRow(0)
        else:
            self._say("This computer has no network address. Connect to the room's Wi-Fi or turn on "
                      "its hotspot, then open this again.")
        self.start_button.setEnabled(self.networks.count() > 0)

    def address(self) -> str:
        row = self.networks.currentItem()
        return str(row.data(ROLE_ADDRESS)) if row is not None else ""

    def choose(self, address: str) -> bool:
        """Select the row of ``address``; False if it is not listed."""
        for n in range(self.networks.count()):
            if self.networks.item(n).data(ROLE_ADDRESS) == address:
                self.networks.setCurrentRow(n)
                return True
        return False

    def start(self) -> None:
        from workshop_app.join.server import JoinStartError

        address = self.address()
        if not address:
            self._say("Choose the network the phones are on.")
            return
        try:
            self.phones.start(address, self.port.value())
        except JoinStartError as exc:
            self._say(str(exc))
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
