"""The markers of the silo-breaking map: numbered badges, and proposals that fix several hand-offs.

A loss sits on one department or hand-off; a proposal may sit on several (a shared complaint queue
mends Service → Product and Product → Service), with the same numbered badge on each of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QMenu, QStyleOptionGraphicsItem, QWidget

from workshop_app.core.proposals import add_to_proposal, attach_proposal
from workshop_app.gui.plain import plain_tip
from workshop_app.model.answers import Marker

if TYPE_CHECKING:
    from workshop_app.gui.views.map_view import MapView

BADGE_R = 12.0
LOSS = QColor("#d92d20")
PROPOSAL = QColor("#079455")
SELECTED = QColor("#1d4ed8")
ID_ROLE = 0  # QGraphicsItem.data key for the item id


def paint_badge(painter: QPainter, centre: QPointF, number: int, proposal: bool, ring: QColor) -> None:
    """A numbered dot: red where insight is lost, green for a proposal."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(PROPOSAL if proposal else LOSS)
    painter.setPen(QPen(ring, 3 if ring == SELECTED else 2))
    painter.drawEllipse(centre, BADGE_R, BADGE_R)
    font = painter.font()
    font.setPixelSize(13)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("white"))
    box = QRectF(centre.x() - BADGE_R, centre.y() - BADGE_R, 2 * BADGE_R, 2 * BADGE_R)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(number))


def badge_icon(number: int, proposal: bool) -> QIcon:
    """The badge as an icon, for the list under the map."""
    pix = QPixmap(28, 28)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    paint_badge(painter, QPointF(14, 14), number, proposal, QColor("white"))
    painter.end()
    return QIcon(pix)


class BadgeItem(QGraphicsItem):
    """A marker on a node or link: a numbered dot, red where insight is lost, green for a proposal."""

    def __init__(self, item: Marker, place: str | None = None) -> None:
        super().__init__()
        self.item_id = item.id
        self.setData(ID_ROLE, item.id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(3)
        self.number = 0
        self.proposal = False
        self.target = ""
        self.place = place  # a further hand-off of a proposal; None: the marker's first place
        self.set_item(item)

    def set_item(self, item: Marker) -> None:
        self.proposal = item.proposal
        self.target = self.place or item.target
        self.setToolTip(plain_tip(item.text))
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-BADGE_R - 3, -BADGE_R - 3, 2 * BADGE_R + 6, 2 * BADGE_R + 6)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        ring = SELECTED if self.isSelected() else QColor("white")
        paint_badge(painter, QPointF(0, 0), self.number, self.proposal, ring)


def attach_proposal_to_selected(view: MapView) -> None:
    """One proposal on every selected hand-off (and department), asked for its text: one undo step."""
    ids = [i for i in view.selected_ids() if i in view.nodes or i in view.links]
    if not ids:
        view.session.error_raised.emit("Select the hand-offs the proposal fixes first (Ctrl+click picks more).")
        return
    label = view.content.proposal_label
    text = view.ask_text(label, f"{label} ({'; '.join(view.where(i) for i in ids)}):")
    if text is None:
        return
    view.session.do(lambda: attach_proposal(view.session.workshop, view.step_id, text.strip() or label, ids))


def add_to_proposal_menu(view: MapView, menu: QMenu, item_id: str) -> None:
    """On a hand-off's or department's menu: add it to one of the proposals not yet on it."""
    ws = view.session.workshop
    proposals = [m for m in ws.items(view.step_id, Marker) if m.proposal and item_id not in m.targets]
    if not proposals:
        return
    def adder(marker_id: str) -> Callable[[], object]:
        return lambda: view.session.do(lambda: add_to_proposal(ws, marker_id, item_id))

    sub = menu.addMenu("Add to proposal")
    for marker in proposals:
        number = view.badges[marker.id].number if marker.id in view.badges else 0
        sub.addAction(f"{number}. {marker.text}", adder(marker.id))
