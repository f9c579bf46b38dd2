"""The facilitator's rating: statements under their dimensions, rated on the scale, with mean and spread.

Each rating is an ``answer`` item (``column`` = the statement's number across all dimensions, ``value``
= the score). A participant's second rating of a statement replaces the first. Anonymous ratings have
no author at all; they are entered one respondent at a time, and only this view remembers (until
"Next respondent") which of them the person at the keyboard gave, so they can correct a score.
The figures come from ``core.results.rating_results``; a run of the same exercise in an earlier
workshop file can be shown beside them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.results import RatingResult, rating_results, rating_statements
from workshop_app.core.workshop import Change, Workshop
from workshop_app.gui.accessible import named
from workshop_app.gui.actions import KeySpec, install_digits
from workshop_app.gui.plain import plain_label, plain_tip
from workshop_app.gui.qt_helpers import single_shot, table_cell
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.model.answers import Answer
from workshop_app.model.document import new_id

RESPONDENT = None  # the ``who`` entry for anonymous ratings
BLOCKS = "▁▂▃▄▅▆▇█"
COLUMNS = ["Statement", "Score", "Mean", "Spread", "Scores", "n", "Earlier"]
MEAN, SPREAD, SPARK, COUNT, EARLIER = 2, 3, 4, 5, 6
# The score given must be plain to see at a glance.
SCORES = """
QToolButton { background: white; color: #101828; border: 1px solid #98a2b3; border-radius: 4px; padding: 2px 6px; }
QToolButton:hover { border-color: #1d4ed8; }
QToolButton:checked { background: #1d4ed8; color: white; border-color: #1d4ed8; font-weight: 600; }
QToolButton:disabled { color: #98a2b3; border-color: #e4e7ec; }
QToolButton:checked:disabled { background: #98a2b3; color: white; }
"""





SCORE_KEYS = KeySpec("rating.score", "Rate the selected statement", tuple(str(n) for n in range(10)), "Rating",
                     "The score on the exercise's scale; then the next statement is selected")
KEYS = (SCORE_KEYS,)


def sparkline(counts: list[int]) -> str:
    """The distribution as a row of block characters, one per score."""
    top = max(counts, default=0)
    if not top:
        return BLOCKS[0] * len(counts)
    return "".join(BLOCKS[0] if not c else BLOCKS[1 + round((c / top) * (len(BLOCKS) - 2))] for c in counts)


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


class ScoreButtons(QWidget):
    """One checkable button per score of the scale."""

    def __init__(self, low: int, high: int, low_label: str, high_label: str) -> None:
        super().__init__()
        self.low = low
        self.buttons: list[QToolButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(2)
        for score in range(low, high + 1):
            button = QToolButton()
            button.setText(str(score))
            named(button, f"Score {score}")
            button.setCheckable(True)
            button.setMinimumWidth(26)
            hint = low_label if score == low else high_label if score == high else ""
            button.setToolTip(plain_tip(f"{score} · {hint}" if hint else str(score)))
            layout.addWidget(button)
            self.buttons.append(button)

    def show_score(self, score: float | None) -> None:
        for n, button in enumerate(self.buttons):
            button.setChecked(score is not None and round(score) == self.low + n)


class RatingView(QWidget):
    """The rating exercise for the facilitator: rate, see mean, spread and distribution, compare."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workshop_app.gui import charts  # pyqtgraph loads with the first chart, not at start-up

        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.rating
        self.exercise_id = step.exercise.id
        self.exercise_title = step.exercise.title
        self.rating = step.exercise.rating
        self.low, self.high = self.rating.scale_min, self.rating.scale_max
        self.statements = rating_statements(step)
        self.dimensions = [d.name for d in self.rating.dimensions]
        self._respondent: dict[int, str] = {}  # this anonymous respondent's ratings: statement -> item id
        self.respondents = 1
        self.earlier: dict[str, float | None] | None = None
        self.earlier_name = ""

        self.who = named(QComboBox(), "Whose ratings")
        self.who.setToolTip("Whose ratings the score buttons record")
        self.who.setMinimumContentsLength(18)
        self.who.currentIndexChanged.connect(self._on_who_changed)
        self.next_button = QPushButton("Next respondent ▸")
        self.next_button.clicked.connect(self.next_respondent)
        self.progress = plain_label()
        self.progress.setMinimumWidth(60)  # elided by its room rather than widening the window
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Short labels: the row must fit a 1366×768 laptop at 125 % scaling beside the agenda.
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setToolTip("Compare with the same exercise in an earlier workshop file")
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.action_button = QPushButton("Make action item")
        self.action_button.setToolTip("Turn the selected statement or dimension into an action item")
        self.action_button.clicked.connect(self.action_from_selected)
        top = QHBoxLayout()
        ratings_from = plain_label("Ratings from")
        ratings_from.setBuddy(self.who)
        top.addWidget(ratings_from)
        top.addWidget(self.who)
        top.addWidget(self.next_button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.compare_button)
        top.addWidget(self.action_button)
        self.compare_note = plain_label()
        self.compare_note.setWordWrap(True)
        self.clear_compare = QPushButton("Clear comparison")
        self.clear_compare.clicked.connect(self.clear_comparison)
        # These change what is on screen, not the workshop: they still work when it is read-only.
        mark_safe(self.who, self.next_button, self.compare_button, self.clear_compare)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_note, 1)
        compare_row.addWidget(self.clear_compare)

        self.table = self._build_table()
        self.mean_chart = charts.MeanChart("Mean per dimension")
        self.distribution_chart = charts.DistributionChart()
        self._elide = charts.elide
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.mean_chart)
        side.addWidget(self.distribution_chart)
        side.setSizes([340, 220])
        side.setChildrenCollapsible(False)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([620, 380])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(compare_row)
        layout.addWidget(splitter, 1)

        # Keys for the scores (single digits) rate the selected statement and move to the next one.
        self.keys = install_digits(SCORE_KEYS, self._on_key, range(self.low, self.high + 1), [self.table])

        self._fill_people()
        self._show_comparison_row()
        session.changed.connect(self._on_changed)
        self.refresh()

    def _build_table(self) -> QTableWidget:
        table = named(QTableWidget(len(self.dimensions) + len(self.statements), len(COLUMNS)),
                      "Statements, scores and results")
        table.setHorizontalHeaderLabels([f"Score ({self.low}–{self.high})" if c == 1 else name
                                         for c, name in enumerate(COLUMNS)])
        for col, tip in (
            (1, plain_tip(f"{self.low} = {self.rating.low_label} … {self.high} = {self.rating.high_label}")),
            (SPREAD, "Standard deviation: how far the ratings disagree"),
            (SPARK, f"How many gave each score, {self.low} to {self.high}"),
        ):
            table.model().setHeaderData(col, Qt.Orientation.Horizontal, tip, Qt.ItemDataRole.ToolTipRole)
        table.verticalHeader().hide()
        table.setStyleSheet(SCORES)
        table.setWordWrap(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._on_context_menu)
        table.itemSelectionChanged.connect(self._show_distribution)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Wrapped rows are measured once the columns have their final widths, not on every step.
        self._fit_rows = single_shot(self, 0, table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        self.rows: list[tuple[str, int]] = []  # ("dimension", d) or ("statement", s), per table row
        self.score_buttons: list[ScoreButtons] = []
        self.dimension_rows: list[int] = []
        self.statement_rows: list[int] = []
        statement = 0
        for d, dimension in enumerate(self.rating.dimensions):
            row = len(self.rows)
            self.rows.append(("dimension", d))
            self.dimension_rows.append(row)
            name = QTableWidgetItem(dimension.name)
            font = name.font()
            font.setBold(True)
            name.setFont(font)
            table.setItem(row, 0, name)
            table.setSpan(row, 0, 1, 2)
            for rated in dimension.statements:
                text = rated.text
                row = len(self.rows)
                self.rows.append(("statement", statement))
                self.statement_rows.append(row)
                item = QTableWidgetItem(f"{statement + 1}. {text}")
                item.setToolTip(plain_tip(text))
                table.setItem(row, 0, item)
                buttons = ScoreButtons(self.low, self.high, self.rating.low_label, self.rating.high_label)
                for n, button in enumerate(buttons.buttons):
                    button.clicked.connect(lambda _c=False, s=statement, v=self.low + n: self.rate(s, v))
                table.setCellWidget(row, 1, buttons)
                self.score_buttons.append(buttons)
                statement += 1
        shade = QBrush(QColor("#eef2f6"))
        for row, (kind, _) in enumerate(self.rows):
            for col in range(len(COLUMNS)):
                cell = table_cell(table, row, col)
                if col >= MEAN:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if col == SPARK:
                    cell.setFont(mono)
                if kind == "dimension":
                    cell.setBackground(shade)
        return table

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_rows.start()

    # -- state ----------------------------------------------------------------------------------
    @property
    def anonymous(self) -> bool:
        return self.session.workshop.step(self.step_id).anonymous or self.rating.anonymous

    @property
    def participant(self) -> str | None:
        """The participant whose ratings the buttons record, or None for an anonymous respondent."""
        return self.who.currentData()

    def _fill_people(self) -> None:
        ws = self.session.workshop
        current = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem("Anonymous respondent", RESPONDENT)
        if not self.anonymous:
            for p in ws.participants:
                self.who.addItem(f"{p.name} · {p.role}" if p.role else p.name, p.id)
        self.who.setCurrentIndex(max(self.who.findData(current), 0))
        self.who.setEnabled(self.who.count() > 1)
        self.who.setToolTip("Whose ratings the score buttons record" if self.who.count() > 1 else
                            "This exercise is anonymous: ratings are stored without any name")
        self.who.blockSignals(False)
        self._on_who_changed()

    def _on_who_changed(self, _index: int = 0) -> None:
        self.next_button.setText("Next respondent ▸" if self.participant is RESPONDENT else "Next participant ▸")
        self.refresh()

    def _on_changed(self, change: Change) -> None:
        if change.answers_in(self.step_id):
            self.refresh()
        if change.participants or self.step_id in change.steps:
            self._fill_people()

    def _answers(self) -> list[Answer]:
        return self.session.workshop.items(self.step_id, Answer)

    def _current_scores(self, answers: list[Answer]) -> dict[int, Answer]:
        """The ratings of whoever is at the keyboard, by statement."""
        who = self.participant
        if who is RESPONDENT:
            ws = self.session.workshop
            return {s: ws.item(i, Answer) for s, i in self._respondent.items() if ws.has_item(i)}
        return {a.statement: a for a in reversed(answers) if a.author == who}

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Update the scores, every figure and the charts in place."""
        ws = self.session.workshop
        answers = self._answers()
        mine = self._current_scores(answers)
        per_statement, per_dimension = rating_results(ws.doc.items, ws.step(self.step_id))
        for s, buttons in enumerate(self.score_buttons):
            buttons.show_score(mine[s].value if s in mine else None)
            self._fill_figures(self.statement_rows[s], per_statement[s])
        by_name = {r.label: r for r in per_dimension}
        for d, row in enumerate(self.dimension_rows):
            result = by_name.get(self.dimensions[d]) or RatingResult(self.dimensions[d], self.dimensions[d], ())
            self._fill_figures(row, result)
            earlier = (self.earlier or {}).get(self.dimensions[d])
            change = "" if earlier is None or result.mean is None else f" ({result.mean - earlier:+.1f})"
            table_cell(self.table, row, EARLIER).setText(figure(earlier) + change if self.earlier is not None else "")
        if self.participant is RESPONDENT:
            self.progress.setText(f"Respondent {self.respondents}: rated {len(mine)} of {len(self.statements)}")
        else:
            name = ws.author_name(self.participant)
            self.progress.setText(f"{name}: rated {len(mine)} of {len(self.statements)}")
        dims = [by_name.get(name) for name in self.dimensions]
        self.mean_chart.set_data(
            [self._elide(name, 24) for name in self.dimensions],
            [r.mean if r else None for r in dims], [r.spread if r else None for r in dims],
            self.low, self.high,
            earlier=[self.earlier.get(n) for n in self.dimensions] if self.earlier is not None else None,
            earlier_name=self.earlier_name)
        self._results = (per_statement, per_dimension)
        self._show_distribution()

    def _fill_figures(self, row: int, result: RatingResult) -> None:
        table_cell(self.table, row, MEAN).setText(figure(result.mean))
        table_cell(self.table, row, SPREAD).setText(figure(result.spread))
        table_cell(self.table, row, SPARK).setText(sparkline(result.distribution(self.low, self.high)))
        table_cell(self.table, row, COUNT).setText(str(result.count))

    def selected(self) -> tuple[str, int] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _selected_result(self) -> RatingResult:
        per_statement, per_dimension = self._results
        chosen = self.selected()
        if chosen is None:
            every = tuple(v for r in per_statement for v in r.values)
            return RatingResult("All statements", "", every)
        kind, index = chosen
        if kind == "statement":
            return per_statement[index]
        name = self.dimensions[index]
        return next((r for r in per_dimension if r.label == name), RatingResult(name, name, ()))

    def _show_distribution(self) -> None:
        result = self._selected_result()
        chosen = self.selected()
        label = result.label if chosen is None or chosen[0] == "dimension" else f"{chosen[1] + 1}. {result.label}"
        self.distribution_chart.set_title(
            f"{self._elide(label, 60)} · mean {figure(result.mean)}, spread {figure(result.spread)}")
        self.distribution_chart.set_data(result.distribution(self.low, self.high), self.low, self.high,
                                         self.rating.low_label, self.rating.high_label)

    def _show_comparison_row(self) -> None:
        comparing = self.earlier is not None
        self.table.setColumnHidden(EARLIER, not comparing)
        self.clear_compare.setVisible(comparing)
        self.compare_note.setVisible(bool(self.compare_note.text()))

    # -- changing -------------------------------------------------------------------------------
    def rate(self, statement: int, score: int) -> None:
        """Record a score for whoever is at the keyboard; the same score again clears it."""
        ws = self.session.workshop
        who = self.participant
        current = self._current_scores(self._answers()).get(statement)
        if current is not None and current.value is not None and round(current.value) == score:
            done = self.session.do(lambda: ws.delete_items([current.id], "Clear rating"))
            if done:
                self._respondent.pop(statement, None)
        elif current is not None:
            done = self.session.do(lambda: ws.update_item(current.id, "Change rating", value=float(score)))
        else:
            item_id = new_id()
            if who is RESPONDENT:
                # Known before the change is announced, so the refresh it causes shows it as this person's.
                self._respondent[statement] = item_id
            done = self.session.do(lambda: ws.add_item(
                self.step_id, "answer", "Rate", id=item_id, statement=statement, value=float(score), author=who))
            if not done:
                self._respondent.pop(statement, None)
        if not done:
            self.refresh()

    def next_respondent(self) -> None:
        """Start the next person: a fresh anonymous respondent, or the next participant in the list."""
        if self.participant is RESPONDENT:
            self._respondent.clear()
            self.respondents += 1
            self.table.clearSelection()
            self.table.scrollToTop()
            self.refresh()
            return
        index = self.who.currentIndex() + 1
        self.who.setCurrentIndex(index if index < self.who.count() else 1)

    def _on_key(self, score: int) -> None:
        chosen = self.selected()
        row = self.table.selectionModel().selectedRows()[0].row() if chosen else 0
        statement = next((self.rows[r][1] for r in range(row, len(self.rows)) if self.rows[r][0] == "statement"), None)
        if statement is None:
            return
        self.rate(statement, score)
        following = self.statement_rows[min(statement + 1, len(self.statement_rows) - 1)]
        self.table.selectRow(following)
        self.table.scrollToItem(table_cell(self.table, following, 0))

    def action_from_selected(self) -> None:
        chosen = self.selected()
        if chosen is None:
            self.session.error_raised.emit("Select a statement or a dimension to make it an action item.")
            return
        self.action_from_row(*chosen)

    def action_from_row(self, kind: str, index: int) -> None:
        """An action item for a statement or dimension, with its figures as the reason.

        Statements and dimensions are not items of their own (only the ratings are), so this adds
        the action directly rather than through ``action_from_item``.
        """
        ws = self.session.workshop
        step = ws.step(self.step_id)
        per_statement, per_dimension = rating_results(ws.doc.items, step)
        if kind == "statement":
            what, result = self.statements[index][1], per_statement[index]
        else:
            what = self.dimensions[index]
            result = next((r for r in per_dimension if r.label == what), RatingResult(what, what, ()))
        why = (f"From “{step.title}”: {what} — mean {figure(result.mean)} of {self.high}, "
               f"spread {figure(result.spread)}, {result.count} ratings")
        self.session.do(lambda: ws.add_action(what[:300], why=why, step=self.step_id))

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        kind, number = self.rows[index.row()]
        menu = QMenu(self)
        menu.addAction("Make action item", lambda: self.action_from_row(kind, number))
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- comparing ------------------------------------------------------------------------------
    def _on_compare_clicked(self) -> None:
        folder = str(self.session.workshop.path.parent)
        path, _ = QFileDialog.getOpenFileName(
            self, "Compare with an earlier workshop", folder, "Workshops (*.workshop);;All files (*)")
        if path:
            self.compare_with(Path(path))

    def compare_with(self, path: Path) -> bool:
        """Show the dimension means of the same exercise in another workshop file beside these."""
        try:
            other = Workshop.open(path, readonly=True)
        except Exception as exc:  # noqa: BLE001 - any file can be chosen: explain, never crash
            detail = str(exc) if str(exc) else "it could not be read"
            return self._compare_failed(f"{path.name} cannot be compared: {detail}")
        try:
            runs = [s for s in other.steps if s.exercise and s.exercise.id == self.exercise_id and s.exercise.rating]
            answered = [s for s in runs if other.items(s.id, Answer)]
            if not runs:
                return self._compare_failed(
                    f"{path.name} has no “{self.exercise_title}” exercise "
                    "to compare with.")
            step = (answered or runs)[-1]
            _, per_dimension = rating_results(other.doc.items, step)
            title, date = other.info.title, other.info.date
        except Exception as exc:  # noqa: BLE001 - a file from another version may hold anything
            return self._compare_failed(f"{path.name} cannot be compared: {exc}")
        finally:
            other.close()
        self.earlier = {r.label: r.mean for r in per_dimension}
        when = f", {date:%d %b %Y}" if date else ""
        self.earlier_name = f"{title}{when}"
        matched = sum(1 for name in self.dimensions if self.earlier.get(name) is not None)
        self.compare_note.setText(
            f"Compared with “{title}”{when} ({path.name}): {matched} of {len(self.dimensions)} dimensions "
            "have earlier ratings. The Earlier column shows its mean and the change since.")
        self._show_comparison_row()
        self.refresh()
        return True

    def _compare_failed(self, message: str) -> bool:
        self.compare_note.setText(message)
        self._show_comparison_row()
        return False

    def clear_comparison(self) -> None:
        self.earlier = None
        self.earlier_name = ""
        self.compare_note.setText("")
        self._show_comparison_row()
        self.refresh()
