"""The silo-breaking map: departments placed along the lanes from strategy to fulfilment.

Departments are ``node`` items (``x``, ``y`` the centre in scene units, ``column`` the lane under it),
hand-offs ``link`` items (``source`` -> ``target``), and ``marker`` items on a node or link: where
customer insight is lost (a red badge) or, with ``detail`` "proposal", a fix such as a cross-functional
team (a green badge). Badges are numbered; the list under the map gives each number its text.
Only the graphics items of changed rows are touched when the workshop changes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
    QPixmap,
    QPolygonF,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.action_plan_view import action_for_item
from workshop_app.gui.actions import KeySpec, install_keys
from workshop_app.gui.plain import plain_tip
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.gui.views.map_markers import (
    BADGE_R,
    ID_ROLE,
    SELECTED,
    BadgeItem,
    add_to_proposal_menu,
    attach_proposal_to_selected,
    badge_icon,
)
from workshop_app.model.answers import ItemBase, Link, Marker, Node

MAP_KINDS = ("node", "link", "marker")

LANE_W = 250.0
HEADER_H = 44.0
BODY_H = 440.0
NODE_W = 150.0
NODE_H = 48.0
INK = QColor("#1d2939")
KEYS = (
    KeySpec("map.link", "Link the two selected departments", ("L",), "Map",
            "A hand-off from the first department picked to the second (Ctrl+click picks the second)"),
    KeySpec("map.edit", "Rename or describe the selection", ("F2",), "Map"),
    KeySpec("map.delete", "Delete the selection", (QKeySequence.StandardKey.Delete, "Backspace"), "Map",
            "A department takes its hand-offs and markers along"),
)


class NodeItem(QGraphicsItem):
    """A department: a rounded box with its name, dragged into place."""

    def __init__(self, view: MapView, item: Node) -> None:
        super().__init__()
        self.view = view
        self.item_id = item.id
        self.setData(ID_ROLE, item.id)
        flags = QGraphicsItem.GraphicsItemFlag
        self.setFlags(flags.ItemIsMovable | flags.ItemIsSelectable | flags.ItemSendsGeometryChanges)
        self.setZValue(2)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.label = QGraphicsSimpleTextItem(self)
        font = QFont()
        font.setPixelSize(16)
        font.setBold(True)
        self.label.setFont(font)
        self.label.setBrush(INK)
        self.set_item(item)

    def set_item(self, item: Node) -> None:
        metrics = QFontMetrics(self.label.font())
        self.label.setText(metrics.elidedText(item.text, Qt.TextElideMode.ElideRight, int(NODE_W - 16)))
        box = self.label.boundingRect()
        self.label.setPos(-box.width() / 2, -box.height() / 2)
        self.setToolTip(plain_tip(item.text))
        self._placing = True  # stored positions are shown as they are; only drags are kept inside the map
        self.setPos(item.x, item.y)
        self._placing = False

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return QRectF(-NODE_W / 2 - 2, -NODE_H / 2 - 2, NODE_W + 4, NODE_H + 4)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(QColor("#ffffff"))
        painter.setPen(QPen(SELECTED if self.isSelected() else QColor("#475467"), 3 if self.isSelected() else 1.5))
        painter.drawRoundedRect(QRectF(-NODE_W / 2, -NODE_H / 2, NODE_W, NODE_H), 8, 8)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionChange and isinstance(value, QPointF) \
                and not self._placing:
            return self.view.clamp(value)
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            self.view.node_moved(self.item_id)
        return super().itemChange(change, value)


class LinkItem(QGraphicsPathItem):
    """A hand-off: an arrow from one department's box to another's."""

    def __init__(self, item: Link) -> None:
        super().__init__()
        self.item_id = item.id
        self.source = item.source or ""
        self.target = item.target or ""
        self.setData(ID_ROLE, item.id)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(1)
        self.mid = QPointF()
        self.set_item(item)

    def set_item(self, item: Link) -> None:
        self.source, self.target = item.source or "", item.target or ""
        self.setToolTip(plain_tip(item.text or "Hand-off"))

    def route(self, start: QPointF, end: QPointF) -> None:
        """Draw the arrow between two box centres, from border to border, a little to one side."""
        dx, dy = end.x() - start.x(), end.y() - start.y()
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        side = QPointF(-uy * 6, ux * 6)  # links both ways between two boxes stay apart

        def border(centre: QPointF, sign: float) -> QPointF:
            tx = (NODE_W / 2 + 4) / abs(ux) if ux else math.inf
            ty = (NODE_H / 2 + 4) / abs(uy) if uy else math.inf
            t = min(tx, ty)
            return QPointF(centre.x() + sign * ux * t, centre.y() + sign * uy * t) + side

        a, b = border(start, 1), border(end, -1)
        path = QPainterPath(a)
        path.lineTo(b)
        tip = QPolygonF([b, b - QPointF(ux * 14 - uy * 6, uy * 14 + ux * 6), b - QPointF(ux * 14 + uy * 6, uy * 14 - ux * 6)])
        path.addPolygon(tip)
        path.closeSubpath()
        self.setPath(path)
        self.mid = (a + b) / 2
        self.update_pen()

    def update_pen(self) -> None:
        colour = SELECTED if self.isSelected() else QColor("#475467")
        self.setPen(QPen(colour, 3 if self.isSelected() else 2))
        self.setBrush(colour)

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(14)
        return stroker.createStroke(self.path())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            self.update_pen()
        return super().itemChange(change, value)


class MapCanvas(QGraphicsView):
    """The scene's view: fits the map, zooms with Ctrl+wheel, shift-drags a link between two boxes."""

    def __init__(self, view: MapView) -> None:
        super().__init__(view.scene)
        self.view = view
        self.fit = True
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self._link_from: str | None = None
        self._rubber: QGraphicsLineItem | None = None

    def fit_map(self) -> None:
        self.fit = True
        self.view.fit_scene()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self.fit:
            self.view.fit_scene()
        starter = self.view.starter
        starter.adjustSize()
        starter.move((self.width() - starter.width()) // 2, (self.height() - starter.height()) // 2)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.fit = False
            factor = 1.15 if event.angleDelta().y() > 0 else 1 / 1.15
            self.scale(factor, factor)
        else:
            super().wheelEvent(event)

    def node_at(self, pos: QPointF) -> NodeItem | None:
        item = self.map_item_at(pos.toPoint())
        return item if isinstance(item, NodeItem) else None

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        node = self.node_at(event.position())
        shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        if node is not None and shift and event.button() == Qt.MouseButton.LeftButton:
            self._link_from = node.item_id
            self._rubber = self.scene().addLine(0, 0, 0, 0, QPen(SELECTED, 2, Qt.PenStyle.DashLine))
            self._rubber.setLine(node.pos().x(), node.pos().y(), node.pos().x(), node.pos().y())
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._rubber is not None:
            line = self._rubber.line()
            end = self.mapToScene(event.position().toPoint())
            self._rubber.setLine(line.x1(), line.y1(), end.x(), end.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._rubber is not None:
            self.scene().removeItem(self._rubber)
            self._rubber = None
            node = self.node_at(event.position())
            source, self._link_from = self._link_from, None
            if node is not None and source and node.item_id != source:
                self.view.add_link(source, node.item_id)
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.view.commit_moves()

    def map_item_at(self, pos: QPoint) -> QGraphicsItem | None:
        """The department, hand-off or badge under a point (a box's name counts as the box)."""
        item = self.itemAt(pos)
        while item is not None and item.data(ID_ROLE) is None:
            item = item.parentItem()
        return item

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        item = self.map_item_at(event.position().toPoint())
        if item is None:
            super().mouseDoubleClickEvent(event)
        else:
            self.view.edit_text(item.data(ID_ROLE))

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        item = self.map_item_at(event.pos())
        if item is not None and not item.isSelected():
            self.scene().clearSelection()
            item.setSelected(True)
        self.view.show_menu(event.globalPos(), self.mapToScene(event.pos()), item.data(ID_ROLE) if item else None)


class MapView(QWidget):
    """The map exercise for the facilitator: lanes, departments, hand-offs, markers and proposals."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.map
        self.content = step.exercise.map
        self.lanes = list(self.content.lanes)
        self.nodes: dict[str, NodeItem] = {}
        self.links: dict[str, LinkItem] = {}
        self.badges: dict[str, BadgeItem] = {}  # each marker's badge on its first place
        self.copies: dict[str, list[BadgeItem]] = {}  # a proposal's badges on its further hand-offs
        self._order: list[str] = []  # selected nodes, in the order they were picked
        self._bands: list[QGraphicsRectItem] = []
        self._body_h = BODY_H

        self.scene = QGraphicsScene(self)
        self.scene.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self._draw_lanes()
        self.canvas = named(MapCanvas(self), "Map of departments and hand-offs")
        self.scene.selectionChanged.connect(self._on_selection_changed)

        self.name_entry = named(QLineEdit(), "New department")
        self.name_entry.setPlaceholderText("New department")
        self.name_entry.setMinimumWidth(150)
        self.name_entry.setMaximumWidth(190)
        self.name_entry.returnPressed.connect(self._on_add_node)
        self.starter = self._button("Add the exercise's departments", ", ".join(self.content.departments),
                                    self.add_starting_departments)
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        # On an empty map the way to start sits in the middle of it.
        self.starter.setParent(self.canvas)
        self.starter.setStyleSheet("padding: 10px 18px; font-size: 15px;")
        for widget in (self.name_entry, self._button("Add", "Add a department with this name", self._on_add_node)):
            bar.addWidget(widget)
        for text, tip, handler in (
            ("Link (L)", "A hand-off from the first selected department to the second (Ctrl+click picks the "
                         "second).\nOr shift-drag from one department to another.", self.link_selected),
            ("Insight lost here…", f"{self.content.marker_label}: on the selected hand-off or department",
             lambda: self.add_marker(proposal=False)),
            ("Proposal…", f"{self.content.proposal_label}: on the selected hand-offs or departments "
                          "(Ctrl+click picks more; one proposal may fix several hand-offs)",
             lambda: self.add_marker(proposal=True)),
            ("", "", None),
            ("Make action item", "Make the selected item an action item", self.action_from_selected),
            ("Delete", "Delete the selection (Del); a department takes its hand-offs and markers along",
             self.delete_selected),
            ("Fit", "Show the whole map (Ctrl+wheel zooms)", self.canvas.fit_map),
        ):
            if handler is None:
                bar.addStretch(1)
            else:
                button = self._button(text, tip, handler)
                if handler == self.canvas.fit_map:
                    mark_safe(button)  # a zoom changes nothing in the workshop
                bar.addWidget(button)

        self.marker_list = named(QListWidget(), "Markers on the map")
        self.marker_list.setWordWrap(True)
        self.marker_list.setIconSize(QPixmap(22, 22).size())
        self.marker_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.marker_list.itemClicked.connect(self._on_marker_clicked)
        self.marker_list.itemDoubleClicked.connect(lambda row: self.edit_text(row.data(Qt.ItemDataRole.UserRole)))
        self.marker_list.customContextMenuRequested.connect(self._on_marker_menu)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.marker_list)
        self.keys = install_keys(KEYS, {
            "map.link": self.link_selected,
            "map.delete": self.delete_selected,
            "map.edit": lambda: self.edit_text(self.selected_ids()[0]) if self.selected_ids() else None,
        }, [self.canvas])
        self.session.changed.connect(self._on_changed)
        self.refresh()

    def _button(self, text: str, tip: str, handler: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        button.clicked.connect(handler)
        return button

    # -- the scene --------------------------------------------------------------------------------
    def _draw_lanes(self) -> None:
        font = QFont()
        font.setPixelSize(15)
        font.setBold(True)
        metrics = QFontMetrics(font)
        for index, name in enumerate(self.lanes):
            x = index * LANE_W
            for rect, fill, line, z in ((QRectF(x, 0, LANE_W, HEADER_H + BODY_H), ("#fafafa", "#f2f4f7"), "#e4e7ec", -10),
                                        (QRectF(x, 0, LANE_W, HEADER_H), ("#eaecf0", "#e4e7ec"), None, -9)):
                band = self.scene.addRect(rect, QPen(QColor(line)) if line else QPen(Qt.PenStyle.NoPen),
                                          QColor(fill[index % 2]))
                band.setZValue(z)
                if line:
                    self._bands.append(band)
            label = QGraphicsSimpleTextItem(metrics.elidedText(name, Qt.TextElideMode.ElideRight, int(LANE_W - 16)))
            label.setFont(font)
            label.setBrush(QColor("#344054"))
            label.setToolTip(plain_tip(name))
            box = label.boundingRect()
            label.setPos(x + (LANE_W - box.width()) / 2, (HEADER_H - box.height()) / 2)
            label.setZValue(-8)
            self.scene.addItem(label)

    @property
    def lanes_rect(self) -> QRectF:
        return QRectF(0, 0, max(len(self.lanes), 4) * LANE_W, HEADER_H + self._body_h)

    def clamp(self, pos: QPointF) -> QPointF:
        """Keep a department inside the map while it is dragged."""
        rect = self.lanes_rect.united(self.scene.sceneRect())
        x = min(max(pos.x(), rect.left() + NODE_W / 2), rect.right() - NODE_W / 2)
        y = min(max(pos.y(), HEADER_H + NODE_H / 2 + 4), rect.bottom() - NODE_H / 2)
        return QPointF(x, y)

    def lane_at(self, x: float) -> int:
        return min(max(int(x // LANE_W), 0), max(len(self.lanes) - 1, 0))

    def fit_scene(self) -> None:
        """Size the scene to the lanes and boxes; lanes grow downwards to use the height of the view."""
        rect = QRectF(0, 0, max(len(self.lanes), 4) * LANE_W, HEADER_H + BODY_H)
        for node in self.nodes.values():
            rect = rect.united(node.sceneBoundingRect().adjusted(-20, -20, 20, 20))
        port = self.canvas.viewport().size()
        if self.canvas.fit and port.width() > 0:
            rect.setBottom(max(rect.bottom(), rect.width() * port.height() / port.width() - 4))
        self._body_h = rect.bottom() - HEADER_H
        for band in self._bands:
            band.setRect(band.rect().adjusted(0, 0, 0, HEADER_H + self._body_h - band.rect().bottom()))
        if rect != self.scene.sceneRect():
            self.scene.setSceneRect(rect)
        if self.canvas.fit:
            self.canvas.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)

    def refresh(self) -> None:
        """Rebuild every graphics item from the workshop (on opening; later changes are applied one by one)."""
        for table in (self.badges, self.links, self.nodes):
            for graphic in table.values():
                self.scene.removeItem(graphic)
            table.clear()
        self._drop_copies(set(self.copies))
        self._apply(self.session.workshop.items(self.step_id))

    def _apply(self, items: list[ItemBase], gone: frozenset[str] | set[str] = frozenset()) -> None:
        """Create or update the graphics of ``items`` and drop those of ``gone``, then re-route what they touch."""
        moved: set[str] = set()
        tables: tuple[dict[str, Any], ...] = (self.badges, self.links, self.nodes)
        for item_id in gone:
            for table in tables:
                if item_id in table:
                    self.scene.removeItem(table.pop(item_id))
        self._drop_copies(gone)
        # Departments first, then the hand-offs between them, then the markers on both.
        for item in sorted(items, key=lambda i: MAP_KINDS.index(i.kind) if i.kind in MAP_KINDS else 3):
            if isinstance(item, Node):
                node = self.nodes.get(item.id)
                if node is None:
                    node = self.nodes[item.id] = NodeItem(self, item)
                    self.scene.addItem(node)
                else:
                    node.set_item(item)
            elif isinstance(item, Link):
                link = self.links.get(item.id)
                if link is None:
                    link = self.links[item.id] = LinkItem(item)
                    self.scene.addItem(link)
                else:
                    link.set_item(item)
            elif isinstance(item, Marker):
                badge = self.badges.get(item.id)
                if badge is None:
                    badge = self.badges[item.id] = BadgeItem(item)
                    self.scene.addItem(badge)
                else:
                    badge.set_item(item)
                self._drop_copies({item.id})
                self.copies[item.id] = [BadgeItem(item, place) for place in item.also]
                for copy in self.copies[item.id]:
                    self.scene.addItem(copy)
            else:
                continue  # not part of a map
            moved.add(item.id)
        for link in self.links.values():
            if {link.source, link.target, link.item_id} & (moved | gone):
                self._route(link)
        self._number_badges()
        self._place_badges()
        if any(i.kind == "node" for i in items) or gone:
            self.fit_scene()
        self.starter.setVisible(not self.nodes and bool(self.content.departments))

    def _drop_copies(self, marker_ids: set[str] | frozenset[str]) -> None:
        for marker_id in marker_ids & self.copies.keys():
            for copy in self.copies.pop(marker_id):
                self.scene.removeItem(copy)

    def _route(self, link: LinkItem) -> None:
        source, target = self.nodes.get(link.source), self.nodes.get(link.target)
        link.setVisible(source is not None and target is not None)
        if source is not None and target is not None:
            link.route(source.pos(), target.pos())

    def _place_badges(self, targets: set[str] | None = None) -> None:
        """Set badges on the middle of their hand-off or the corner of their box (only on ``targets``, if given)."""
        count: dict[str, int] = {}
        every = [*self.badges.values(), *(c for copies in self.copies.values() for c in copies)]
        for badge in every:
            nth = count[badge.target] = count.get(badge.target, -1) + 1
            if targets is not None and badge.target not in targets:
                continue
            link, node = self.links.get(badge.target), self.nodes.get(badge.target)
            if link is not None:
                badge.setPos(link.mid + QPointF(nth * (2 * BADGE_R + 4), 0))
            elif node is not None:
                badge.setPos(node.pos() + QPointF(NODE_W / 2 - 4 - nth * (2 * BADGE_R + 4), -NODE_H / 2 - 2))
            badge.setVisible(link.isVisible() if link is not None else node is not None)

    def _number_badges(self) -> None:
        """Number the badges in the markers' order, and list each number with its text under the map."""
        ws = self.session.workshop
        self.marker_list.clear()
        markers = [m for m in ws.items(self.step_id, Marker) if m.id in self.badges]
        self.badges = {m.id: self.badges[m.id] for m in markers}  # in order, so stacked badges keep their places
        for number, marker in enumerate(markers, 1):
            for badge in (self.badges[marker.id], *self.copies.get(marker.id, ())):
                if badge.number != number:
                    badge.number = number
                    badge.update()
            proposal = marker.proposal
            kind = self.content.proposal_label if proposal else self.content.marker_label
            places = "; ".join(self.where(t) for t in marker.targets)
            row = QListWidgetItem(badge_icon(number, proposal), f"{marker.text or kind}   ({places})")
            row.setToolTip(plain_tip(f"{kind}: {marker.text}"))
            row.setData(Qt.ItemDataRole.UserRole, marker.id)
            self.marker_list.addItem(row)
        if not markers:
            hint = QListWidgetItem("Select a hand-off or a department, then mark where customer insight is lost "
                                   "or add a proposal. Drag departments into their lane; shift-drag from one to "
                                   "another to draw a hand-off; double-click to rename.")
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.marker_list.addItem(hint)
        rows = sum(self.marker_list.sizeHintForRow(r) for r in range(min(self.marker_list.count(), 4)))
        self.marker_list.setFixedHeight(max(rows, 28) + 2 * self.marker_list.frameWidth() + 2)

    def where(self, target: str | None) -> str:
        """Where a marker sits, in words: a department, or 'Sales → Operations' for a hand-off."""
        ws = self.session.workshop
        if not target or not ws.has_item(target):
            return "nowhere"
        item = ws.item(target)
        if isinstance(item, Link):
            names = [ws.item(i).text if i and ws.has_item(i) else "?" for i in (item.source, item.target)]
            return " → ".join(names)
        return item.text

    def node_moved(self, node_id: str) -> None:
        """A box is being dragged: re-route its arrows and move the badges that hang on it."""
        touched = {node_id}
        for link in self.links.values():
            if node_id in (link.source, link.target):
                self._route(link)
                touched.add(link.item_id)
        self._place_badges(touched)

    def _on_changed(self, change: Change) -> None:
        if not change.answers_in(self.step_id):
            return
        ws = self.session.workshop
        mine = [ws.item(i) for i in change.items if ws.has_item(i) and ws.item(i).step == self.step_id]
        gone = {i for i in change.items if not ws.has_item(i)} & (self.nodes.keys() | self.links.keys()
                                                                   | self.badges.keys())
        if mine or gone:
            self._apply(mine, gone)

    def _on_selection_changed(self) -> None:
        chosen = {n.item_id for n in self.nodes.values() if n.isSelected()}
        self._order = [i for i in self._order if i in chosen] + [i for i in chosen if i not in self._order]

    def selected_ids(self) -> list[str]:
        ids = list(self._order)
        for table in (self.links, self.badges):
            ids += [i for i, graphic in table.items() if graphic.isSelected()]
        return ids

    # -- changing ----------------------------------------------------------------------------------
    def ask_text(self, title: str, label: str, text: str = "") -> str | None:
        """Ask for one line of text; None if cancelled. (Tests replace this.)"""
        value, ok = QInputDialog.getText(self, title, label, QLineEdit.EchoMode.Normal, text)
        return value if ok else None

    def free_spot(self, lane: int = 0) -> QPointF:
        """The first place in a lane (or the next lanes) where a new box overlaps no other."""
        lanes = max(len(self.lanes), 1)
        for step in range(lanes):
            x = ((lane + step) % lanes) * LANE_W + LANE_W / 2
            y = HEADER_H + 20 + NODE_H / 2
            while y + NODE_H / 2 <= HEADER_H + self._body_h:
                spot = QRectF(x - NODE_W / 2, y - NODE_H / 2, NODE_W, NODE_H).adjusted(-6, -6, 6, 6)
                if not any(spot.intersects(n.sceneBoundingRect()) for n in self.nodes.values()):
                    return QPointF(x, y)
                y += NODE_H + 22
        return QPointF(LANE_W / 2, HEADER_H + 20 + NODE_H / 2)

    def add_node(self, name: str, at: QPointF | None = None) -> bool:
        at = at or self.free_spot()
        column = self.lane_at(at.x())
        return self.session.do(lambda: self.session.workshop.add_item(
            self.step_id, "node", "Add department", text=name, x=at.x(), y=at.y(), lane=column))

    def _on_add_node(self) -> None:
        name = self.name_entry.text().strip()
        if name and self.add_node(name):
            self.name_entry.clear()

    def add_starting_departments(self) -> None:
        """Put the exercise's departments on an empty map, spread along the lanes, as one undo step."""
        names = list(self.content.departments)
        if self.nodes or not names:
            return
        ws = self.session.workshop
        lanes = max(len(self.lanes), 1)
        rows: dict[int, int] = {}

        spots = []
        for index, name in enumerate(names):
            lane = index * lanes // len(names)
            row = rows[lane] = rows.get(lane, -1) + 1
            spots.append((name, lane * LANE_W + LANE_W / 2, HEADER_H + 60 + row * (NODE_H + 60), lane))
        self.session.do(lambda: ws.add_nodes(self.step_id, spots, "Add the exercise's departments"))

    def add_link(self, source: str, target: str) -> bool:
        ws = self.session.workshop
        if any(link.source == source and link.target == target for link in self.links.values()):
            self.session.error_raised.emit("These two departments already have that hand-off.")
            return False
        return self.session.do(lambda: ws.add_item(self.step_id, "link", "Add hand-off", source=source, target=target))

    def link_selected(self) -> None:
        if len(self._order) != 2:
            self.session.error_raised.emit("Select two departments (click one, then Ctrl+click the other) to link them.")
            return
        self.add_link(*self._order)

    def add_marker(self, proposal: bool) -> None:
        if proposal:
            attach_proposal_to_selected(self)
            return
        ids = [i for i in self.selected_ids() if i in self.nodes or i in self.links]
        if len(ids) != 1:
            self.session.error_raised.emit("Select one hand-off or department first.")
            return
        label = self.content.proposal_label if proposal else self.content.marker_label
        text = self.ask_text(label, f"{label} ({self.where(ids[0])}):")
        if text is None:
            return
        text = text.strip() or label
        self.session.do(lambda: self.session.workshop.add_item(
            self.step_id, "marker", "Add proposal" if proposal else "Mark lost insight", text=text, target=ids[0],
            proposal=proposal))

    def edit_text(self, item_id: str | None) -> None:
        """Rename a department, describe a hand-off, or reword a marker."""
        ws = self.session.workshop
        if not item_id or not ws.has_item(item_id):
            return
        item = ws.item(item_id)
        title = {"node": "Rename department", "link": "Describe the hand-off"}.get(item.kind, "Edit marker")
        text = self.ask_text(title, f"{title}:", item.text)
        if text is None or text.strip() == item.text or (item.kind == "node" and not text.strip()):
            return
        self.session.do(lambda: ws.update_item(item_id, title, text=text.strip()))

    def commit_moves(self) -> None:
        """A drag ended: store where the dragged boxes now stand, all of them as one undo step."""
        ws = self.session.workshop
        updates = []
        for node_id, node in self.nodes.items():
            item = ws.item(node_id, Node)
            pos = node.pos()
            if abs(pos.x() - item.x) > 0.5 or abs(pos.y() - item.y) > 0.5:
                updates.append((node_id, {"x": round(pos.x(), 1), "y": round(pos.y(), 1), "lane": self.lane_at(pos.x())}))
        if updates:
            label = "Move department" if len(updates) == 1 else "Move departments"
            if not self.session.do(lambda: ws.update_items(updates, label)):
                self._apply([ws.item(i) for i, _ in updates])  # refused: put the boxes back

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.session.do(lambda: self.session.workshop.delete_items(ids, "Delete from map"))

    def action_from_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.session.error_raised.emit("Select one department, hand-off or marker to make it an action item.")
            return
        action_for_item(self.session, ids[0], self)

    def show_menu(self, global_pos: QPoint, scene_pos: QPointF, item_id: str | None) -> None:
        menu = QMenu(self)
        if item_id is None:
            def add_here() -> None:
                name = self.ask_text("Add department", "Name of the department:")
                if name and name.strip():
                    self.add_node(name.strip(), self.clamp(scene_pos))
            menu.addAction("Add a department here…", add_here)
        else:
            kind = self.session.workshop.item(item_id).kind
            menu.addAction({"node": "Rename…", "link": "Describe the hand-off…"}.get(kind, "Edit text…"),
                           lambda: self.edit_text(item_id))
            if kind != "marker":
                several = len([i for i in self.selected_ids() if i in self.links or i in self.nodes]) > 1
                if not several:
                    menu.addAction(f"{self.content.marker_label}…", lambda: self.add_marker(False))
                menu.addAction("Attach proposal to the selected hand-offs…" if several
                               else f"{self.content.proposal_label}…", lambda: self.add_marker(True))
                add_to_proposal_menu(self, menu, item_id)
            if len(self._order) == 2:
                menu.addAction("Link the two selected departments", self.link_selected)
            menu.addSeparator()
            menu.addAction("Make action item", lambda: action_for_item(self.session, item_id, self))
            menu.addAction("Delete", self.delete_selected)
        menu.exec(global_pos)
        menu.deleteLater()

    def _on_marker_clicked(self, row: QListWidgetItem) -> None:
        badge = self.badges.get(row.data(Qt.ItemDataRole.UserRole))
        if badge is not None:
            self.scene.clearSelection()
            badge.setSelected(True)
            self.canvas.ensureVisible(badge)

    def _on_marker_menu(self, pos: QPoint) -> None:
        row = self.marker_list.itemAt(pos)
        if row is None or not row.data(Qt.ItemDataRole.UserRole):
            return
        self._on_marker_clicked(row)
        self.show_menu(self.marker_list.viewport().mapToGlobal(pos), QPointF(), row.data(Qt.ItemDataRole.UserRole))
