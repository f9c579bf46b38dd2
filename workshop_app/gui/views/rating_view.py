"""The facilitator's rating: statements under their constructs, rated on the scale, with the statistics.

Each rating is an ``answer`` item (``statement`` = its number across all constructs, ``value`` = the
score). A participant's second rating of a statement replaces the first. An anonymous person's ratings
carry no name: each person at the keyboard gets a random respondent key ("Next respondent" makes a new
one), which ties their ratings together for the per-person construct scores and never names them.
The figures come from ``core.results`` (per statement) and ``core.stats`` (per construct: people, mean,
95% interval, alpha). Runs of the same instrument in earlier workshop files can be shown beside them,
with the change since the last one and whether it is larger than the noise.
"""

from __future__ import annotations

from collections import Counter
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
from workshop_app.core.series import series_runs
from workshop_app.core.stats import (
    ROLE_MIN,
    Assessment,
    ConstructResult,
    Estimate,
    assess,
    difference,
    estimate,
    instrument_difference,
)
from workshop_app.core.trend import Run, TrendError, load_run, series
from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.actions import KeySpec, install_digits
from workshop_app.gui.plain import plain_label, plain_tip
from workshop_app.gui.qt_helpers import single_shot, table_cell
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.gui.views.ballot_entry import BallotEntry, ballot_keys, rating_keys, show_entry
from workshop_app.model.answers import Answer
from workshop_app.model.document import new_id

RESPONDENT = None  # the ``who`` entry for anonymous ratings
BLOCKS = "▁▂▃▄▅▆▇█"
COLUMNS = ["Statement", "Score", "Mean", "95% CI", "Spread", "Scores", "n", "α", "Earlier"]
MEAN, CI, SPREAD, SPARK, COUNT, ALPHA, EARLIER = 2, 3, 4, 5, 6, 7, 8
NO_ROLE = ""
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
KEYS = (SCORE_KEYS, *ballot_keys("Rating"))


def sparkline(counts: list[int]) -> str:
    """The distribution as a row of block characters, one per score."""
    top = max(counts, default=0)
    if not top:
        return BLOCKS[0] * len(counts)
    return "".join(BLOCKS[0] if not c else BLOCKS[1 + round((c / top) * (len(BLOCKS) - 2))] for c in counts)


def figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def interval(e: Estimate) -> str:
    return "–" if e.low is None or e.high is None else f"{e.low:.1f}–{e.high:.1f}"


def earlier_text(before: ConstructResult, now: ConstructResult) -> str:
    """The last run's mean, and the change since with whether it is larger than the noise."""
    if before.score.mean is None:
        return "–"
    change = difference(before.score, now.score)
    if change is None:
        return figure(before.score.mean)
    verdict = "beyond noise" if change.beyond_noise else "within noise"
    moved = f"{change.change:+.1f}"
    return f"{before.score.mean:.1f} ({'0.0' if moved in ('+0.0', '-0.0') else moved}, {verdict})"


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
        self.respondent_key = new_id()  # the anonymous person at the keyboard: random, never tied to a name
        self.respondents = 1
        self.earlier: list[Run] | None = None
        self.earlier_name = ""
        self.assessment: Assessment | None = None

        self.who = named(QComboBox(), "Whose ratings")
        self.who.setToolTip("Whose ratings the score buttons record")
        self.who.setMinimumContentsLength(18)
        self.who.currentIndexChanged.connect(self._on_who_changed)
        self.role = QComboBox()
        self.role.setToolTip(f"The role or department this respondent gives, if any. Only roles that at least "
                             f"{ROLE_MIN} participants share are offered, and results by role appear only where at "
                             f"least {ROLE_MIN} people of a role answered")
        self.role.currentIndexChanged.connect(self._on_role_changed)
        self.next_button = QPushButton("Next respondent ▸")
        self.next_button.clicked.connect(self.next_respondent)
        self.progress = plain_label()
        self.progress.setMinimumWidth(60)  # elided by its room rather than widening the window
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        # Short labels: the row must fit a 1366×768 laptop at 125 % scaling beside the agenda.
        self.compare_button = QPushButton("Compare…")
        self.compare_button.setToolTip("Compare with the same exercise in earlier workshop files (the same "
                                       "statements only), to see what changed beyond the noise")
        self.compare_button.clicked.connect(self._on_compare_clicked)
        self.action_button = QPushButton("Make action item")
        self.action_button.setToolTip("Turn the selected statement or dimension into an action item")
        self.action_button.clicked.connect(self.action_from_selected)
        self.paper_button = QPushButton("Paper ballots")
        self.paper_button.setCheckable(True)
        self.paper_keys = rating_keys(self.low, self.high)
        self.paper_button.setEnabled(self.paper_keys is not None)
        self.paper_button.setToolTip(
            "Type in a stack of paper ballots: each one's code, then the score crossed for each statement"
            if self.paper_keys is not None else
            "A scale from 0 to 10 takes two keys for a score, so its ballots are entered with the score buttons")
        self.paper_button.toggled.connect(self.show_ballot_entry)
        self.ballots: BallotEntry | None = None  # made when first asked for
        top = QHBoxLayout()
        ratings_from = plain_label("Ratings from")
        ratings_from.setBuddy(self.who)
        top.addWidget(ratings_from)
        top.addWidget(self.who)
        top.addWidget(self.role)
        top.addWidget(self.next_button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.paper_button)
        top.addWidget(self.compare_button)
        top.addWidget(self.action_button)
        self.compare_note = plain_label()
        self.compare_note.setWordWrap(True)
        self.clear_compare = QPushButton("Clear comparison")
        self.clear_compare.clicked.connect(self.clear_comparison)
        compare_row = QHBoxLayout()
        compare_row.addWidget(self.compare_note, 1)
        compare_row.addWidget(self.clear_compare)
        # These change what is on screen, not the workshop: they still work when it is read-only.
        mark_safe(self.who, self.next_button, self.compare_button, self.clear_compare)

        self.table = self._build_table()
        self.mean_chart = charts.MeanChart("Mean per construct")
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
        self._layout = layout

        # Keys for the scores (single digits) rate the selected statement and move to the next one.
        self.keys = install_digits(SCORE_KEYS, self._on_key, range(self.low, self.high + 1), [self.table])

        self._fill_people()
        self._show_comparison_row()
        self._offer_series()
        session.changed.connect(self._on_changed)
        self.refresh()

    def _build_table(self) -> QTableWidget:
        table = named(QTableWidget(len(self.dimensions) + len(self.statements), len(COLUMNS)),
                      "Statements, scores and results")
        table.setHorizontalHeaderLabels([f"Score ({self.low}–{self.high})" if c == 1 else name
                                         for c, name in enumerate(COLUMNS)])
        for col, tip in (
            (1, plain_tip(f"{self.low} = {self.rating.low_label} … {self.high} = {self.rating.high_label}")),
            (CI, "95% confidence interval of the mean: where it likely lies, given how many rated and how "
                 "far they disagree"),
            (SPREAD, "Standard deviation: how far the ratings disagree"),
            (SPARK, f"How many gave each score, {self.low} to {self.high}"),
            (COUNT, "People: who rated the statement, or who have a score on the construct"),
            (ALPHA, "Cronbach's alpha: how consistently the construct's statements agree (0.7 or more is "
                    "usually taken as reliable)"),
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
                item = QTableWidgetItem(f"{statement + 1}. {text}" + (" ↺" if rated.reverse else ""))
                item.setToolTip(plain_tip(text + ("\n\n↺ Worded the other way round: its rating counts reversed "
                                                  "in the construct's score." if rated.reverse else "")))
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
        role = self.role.currentData()
        self.role.blockSignals(True)
        self.role.clear()
        self.role.addItem("Role not given", NO_ROLE)
        # Only roles that enough people share: a role held by one or two would all but name the respondent.
        counts = Counter(p.role for p in ws.participants if p.role)
        for name in sorted(r for r, n in counts.items() if n >= ROLE_MIN):
            self.role.addItem(name, name)
        self.role.setCurrentIndex(max(self.role.findData(role), 0))
        self.role.blockSignals(False)
        self._on_who_changed()

    def _on_who_changed(self, _index: int = 0) -> None:
        anonymous = self.participant is RESPONDENT
        self.next_button.setText("Next respondent ▸" if anonymous else "Next participant ▸")
        self.role.setVisible(anonymous and self.role.count() > 1)
        self.refresh()

    def _on_role_changed(self, _index: int = 0) -> None:
        """The respondent's role, put on the ratings they already gave too."""
        ws = self.session.workshop
        role = self.role.currentData() or NO_ROLE
        if any(a.respondent == self.respondent_key for a in self._answers()):
            self.session.do(lambda: ws.give_respondent_role(self.step_id, self.respondent_key, role))

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
            return {a.statement: a for a in reversed(answers) if a.respondent == self.respondent_key}
        return {a.statement: a for a in reversed(answers) if a.author == who and a.respondent is None}

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Update the scores, every figure and the charts in place."""
        ws = self.session.workshop
        step = ws.step(self.step_id)
        answers = self._answers()
        mine = self._current_scores(answers)
        per_statement, per_dimension = rating_results(answers, step)
        self.assessment = assessment = assess(answers, step, ws.participants)
        for s, buttons in enumerate(self.score_buttons):
            buttons.show_score(mine[s].value if s in mine else None)
            result = per_statement[s]
            self._fill_figures(self.statement_rows[s], result, estimate(result.values), str(result.count), "")
        last = self.earlier[-1].assessment.constructs if self.earlier else None
        for d, row in enumerate(self.dimension_rows):
            construct = assessment.constructs[d]
            alpha = "–" if construct.alpha is None else f"{construct.alpha:.2f}"
            self._fill_figures(row, per_dimension[d], construct.score, str(construct.score.n), alpha)
            table_cell(self.table, row, EARLIER).setText(earlier_text(last[d], construct) if last else "")
            table_cell(self.table, row, EARLIER).setToolTip(self._trend_tip(d) if self.earlier else "")
        people = f" · {assessment.answered} {'person' if assessment.answered == 1 else 'people'} so far"
        if self.participant is RESPONDENT:
            self.progress.setText(f"Respondent {self.respondents}: rated {len(mine)} of {len(self.statements)}"
                                  + people)
        else:
            name = ws.author_name(self.participant)
            self.progress.setText(f"{name}: rated {len(mine)} of {len(self.statements)}" + people)
        scores = [c.score for c in assessment.constructs]
        self.mean_chart.set_data(
            [self._elide(name, 24) for name in self.dimensions],
            [e.mean for e in scores], [e.margin for e in scores], self.low, self.high,
            earlier=[c.score.mean for c in last] if last is not None else None,
            earlier_name=self.earlier_name, whisker="95% CI")
        self._results = (per_statement, per_dimension)
        self._show_distribution()

    def _trend_tip(self, d: int) -> str:
        lines = []
        for run in self.earlier or []:
            c = run.assessment.constructs[d]
            lines.append(f"{run.label}: {figure(c.score.mean)} (n {c.score.n}, 95% CI {interval(c.score)})")
        now = self.assessment.constructs[d] if self.assessment else None
        if now is not None:
            lines.append(f"This workshop: {figure(now.score.mean)} (n {now.score.n}, 95% CI {interval(now.score)})")
        return plain_tip("\n".join(lines))

    def _fill_figures(self, row: int, result: RatingResult, e: Estimate, count: str, alpha: str) -> None:
        table_cell(self.table, row, MEAN).setText(figure(e.mean))
        table_cell(self.table, row, CI).setText(interval(e))
        table_cell(self.table, row, SPREAD).setText(figure(e.sd if e.n > 1 else (0.0 if e.n else None)))
        table_cell(self.table, row, SPARK).setText(sparkline(result.distribution(self.low, self.high)))
        table_cell(self.table, row, COUNT).setText(count)
        table_cell(self.table, row, ALPHA).setText(alpha)

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
        return per_dimension[index]

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
        if current is not None and round(current.value) == score:
            done = self.session.do(lambda: ws.delete_items([current.id], "Clear rating"))
        elif current is not None:
            done = self.session.do(lambda: ws.update_item(current.id, "Change rating", value=float(score)))
        elif who is RESPONDENT:
            role = self.role.currentData() or NO_ROLE
            done = self.session.do(lambda: ws.add_item(
                self.step_id, "answer", "Rate", statement=statement, value=float(score),
                respondent=self.respondent_key, role=role))
        else:
            done = self.session.do(lambda: ws.add_item(
                self.step_id, "answer", "Rate", statement=statement, value=float(score), author=who))
        if not done:
            self.refresh()

    def show_ballot_entry(self, shown: bool = True) -> BallotEntry | None:
        """Show (or hide) the entry of paper ballots above the statements, with the keyboard in it."""
        if shown and self.ballots is None and self.paper_keys is not None:
            legend = f"{self.low} {self.rating.low_label} … {self.high} {self.rating.high_label}"
            if self.high == 10:
                legend += ", 0 for 10"
            self.ballots = BallotEntry(self.session, self.step_id, [text for _, text in self.statements],
                                       self.paper_keys, legend)
            self._layout.insertWidget(2, self.ballots)
        show_entry(self.ballots, shown, self.paper_button)
        return self.ballots

    def next_respondent(self) -> None:
        """Start the next person: a fresh anonymous respondent (a new key), or the next participant in the list."""
        if self.participant is RESPONDENT:
            self.respondent_key = new_id()
            self.respondents += 1
            self.role.blockSignals(True)
            self.role.setCurrentIndex(0)
            self.role.blockSignals(False)
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
            why = (f"From “{step.title}”: {what} — mean {figure(result.mean)} of {self.high}, "
                   f"spread {figure(result.spread)}, {result.count} ratings")
        else:
            what = self.dimensions[index]
            score = assess(ws.items(self.step_id, Answer), step, ws.participants).constructs[index].score
            why = (f"From “{step.title}”: {what} — mean {figure(score.mean)} of {self.high} "
                   f"(95% CI {interval(score)}), {score.n} people")
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
        paths, _ = QFileDialog.getOpenFileNames(
            self, "Compare with earlier workshops", folder, "Workshops (*.workshop);;All files (*)")
        if paths:
            self.compare_with(*[Path(p) for p in paths])

    def compare_with(self, *paths: Path) -> bool:
        """Show the runs of the same instrument in earlier workshop files beside this one, oldest first."""
        runs = []
        for path in paths:
            try:
                run = load_run(path, self.exercise_id, self.exercise_title)
                runs.append(run)
            except TrendError as exc:
                return self._compare_failed(str(exc))
            reason = instrument_difference(run.rating, self.rating)
            if reason:
                return self._compare_failed(f"{path.name} cannot be compared: {reason}. "
                                            "Only runs of the same statements are compared.")
        try:
            self._show_runs(series(runs))
        except TrendError as exc:
            return self._compare_failed(str(exc))
        return True

    def _offer_series(self) -> None:
        """A follow-up compares with the earlier runs of its series from the start (found by the links)."""
        ws = self.session.workshop
        if ws.info.follows is None:
            return
        runs, notes = series_runs(ws.doc, ws.path, self.exercise_id)
        if runs:
            self._show_runs(runs, notes)
        elif notes:
            self._compare_failed(" ".join(notes))

    def _show_runs(self, runs: list[Run], notes: list[str] | None = None) -> None:
        self.earlier = runs
        self.earlier_name = runs[-1].label
        people = ", ".join(f"{r.label} ({r.assessment.people} people)" for r in runs)
        self.compare_note.setText(
            f"Compared with {people}. The Earlier column shows the last run's mean and the change since; "
            "“beyond noise” means the change is larger than chance at 95%. Hover over it for every run."
            + "".join(f" {note}" for note in notes or ()))
        self._show_comparison_row()
        self.refresh()

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
