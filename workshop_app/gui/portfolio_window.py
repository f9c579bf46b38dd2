"""File → Portfolio…: every workshop in a folder tree, read-only, with how their plans are doing.

The window shows what ``core.portfolio`` reads: the workshops with their date and people by role,
action completion by attention area and by owner, the overdue actions, each self-assessment's trend
along its series (by role only where enough people of a role answered), and the files it skipped with
the reason. Nothing here can change a workshop; "Export PDF…" writes the same report as
``workshop-app portfolio``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.portfolio import (
    Portfolio,
    Tally,
    assessment_series,
    read_portfolio,
    relative,
    series_titles,
)
from workshop_app.core.stats import ROLE_MIN
from workshop_app.export.common import fmt_date
from workshop_app.gui.plain import plain_label, warn

OVERDUE = "#b42318"


def _table(headers: list[str], rows: list[list[str]], numeric: int = 0, stretch: int | None = None,
           right: tuple[int, ...] = ()) -> QTableWidget:
    """A read-only table; the last ``numeric`` columns (and those in ``right``) are right-aligned, and
    column ``stretch`` (the first when there are numbers, else the last) takes the spare width."""
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            cell = QTableWidgetItem(text)
            if c >= len(headers) - numeric or c in right:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, cell)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch is None:
        stretch = 0 if numeric else len(headers) - 1
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    # Wrapped cells get their height once the widths are settled, and again whenever they change.
    header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
    table.resizeRowsToContents()
    return table


def _tally_rows(tallies: list[Tally]) -> list[list[str]]:
    rows = []
    for t in tallies:
        share = t.completion
        rows.append([t.name, str(t.total), str(t.done), str(t.moving), str(t.open), str(t.dropped), str(t.overdue),
                     "–" if share is None else f"{round(share * 100)}%"])
    return rows


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _trend_rows(p: Portfolio) -> list[list[str]]:
    """One row per self-assessment series, group (everyone, then each role with results), construct and run.

    The series, the group and the construct are written on the first of their rows only, as in a printed
    table, so the runs of one construct read as one block.
    """
    rows = []
    for series in assessment_series(p):
        name = f"{series.title} · from {series.first}"
        groups = [("Everyone", dict(series.overall()))] + [(role, series.by_role(role)) for role in series.roles()]
        for who, table in groups:
            for construct, results in table.items():
                for run, point in zip(series.runs, results, strict=True):
                    when = [run.title, fmt_date(run.date, "no date")]
                    if point is None:
                        row = [*when, f"< {ROLE_MIN}", "", "", f"not shown: fewer than {ROLE_MIN} answered"]
                    else:
                        e, change = point.result.score, point.change
                        moved = "" if change is None else (
                            f"{change.change:+.1f}, " + ("beyond noise" if change.beyond_noise else "within noise"))
                        ci = "–" if e.low is None or e.high is None else f"{e.low:.1f}–{e.high:.1f}"
                        row = [*when, str(e.n), _figure(e.mean), ci, moved]
                    rows.append([name, who, construct, *row])
                    name = who = construct = ""
    return rows


class PortfolioWindow(QWidget):
    """A read-only window over the workshops of one folder tree."""

    def __init__(self, folder: Path | None = None, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle("Workshop portfolio")
        self.resize(1100, 700)
        self.today = today
        self.portfolio: Portfolio | None = None
        self.folder = plain_label("Choose the folder that holds the workshop files.")
        self.folder.setWordWrap(True)
        self.choose = QPushButton("Choose folder…")
        self.choose.clicked.connect(self._choose_folder)
        self.again = QPushButton("Read again")
        self.again.clicked.connect(self.reload)
        self.export = QPushButton("Export PDF…")
        self.export.clicked.connect(self._export_dialog)
        top = QHBoxLayout()
        top.addWidget(self.folder, 1)
        for button in (self.choose, self.again, self.export):
            top.addWidget(button)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.tabs = QTabWidget()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self._enable()
        if folder is not None:
            self.load(folder)

    def _enable(self) -> None:
        self.again.setEnabled(self.portfolio is not None)
        self.export.setEnabled(self.portfolio is not None)

    def _choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "The folder of workshop files")
        if name:
            self.load(Path(name))

    def reload(self) -> None:
        if self.portfolio is not None:
            self.load(self.portfolio.root)

    def load(self, folder: Path) -> bool:
        """Read every workshop under ``folder`` (never changing one) and show the figures."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.portfolio = read_portfolio(folder, self.today)
        except OSError as exc:
            warn(self, "Cannot read that folder", f"{folder.name} cannot be read: {exc.strerror or exc}.")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._show(self.portfolio)
        self._enable()
        return True

    def _show(self, p: Portfolio) -> None:
        self.folder.setText(str(p.root))
        actions = p.actions()
        done = sum(1 for a in actions if a.action.status == "done")
        overdue = p.overdue()
        skipped = f"; {len(p.skipped)} files skipped (see Skipped)" if p.skipped else ""
        self.summary.setText(f"{len(p.workshops)} workshops, {len(actions)} actions, {done} done, "
                             f"{len(overdue)} overdue on {fmt_date(p.today)}{skipped}. Files are only read.")
        self.tabs.clear()
        titles = series_titles(p)
        workshops = []
        for w in p.workshops:
            own = [a for a in w.actions if a.action.status != "dropped"]
            roles = ", ".join(f"{role} {n}" for role, n in sorted(w.roles.items(), key=lambda kv: (-kv[1], kv[0])))
            follows = titles.get(w.follows, w.follows_title) if w.follows else ""
            workshops.append([fmt_date(w.date, "no date"), w.title, follows,
                              f"{sum(1 for a in own if a.action.status == 'done')} of {len(own)}", w.organisation,
                              relative(p, w.path), f"{w.people}: {roles}" if w.people else ""])
        self.tabs.addTab(_table(["Date", "Workshop", "Follows", "Actions done", "Organisation", "File",
                                 "People by role"], workshops, right=(3,)), f"Workshops ({len(p.workshops)})")
        heads = ["Actions", "Done", "Moving", "Open", "Dropped", "Overdue", "Completion"]
        self.tabs.addTab(_table(["Attention area", *heads], _tally_rows(p.by_area()), numeric=7), "By area")
        self.tabs.addTab(_table(["Owner", *heads], _tally_rows(p.by_owner()), numeric=7), "By owner")
        late = _table(["Action", "Owner", "Due", "Days late", "Workshop"],
                      [[a.action.what, a.owner, fmt_date(a.action.due),
                        str((p.today - a.action.due).days) if a.action.due else "", a.workshop] for a in overdue])
        for r in range(late.rowCount()):
            cell = late.item(r, 2)
            if cell is not None:
                cell.setForeground(QColor(OVERDUE))
        late.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        late.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.tabs.addTab(late, f"Overdue ({len(overdue)})")
        trend = _table(["Self-assessment", "Who", "Construct", "Workshop", "Date", "People", "Mean", "95% CI",
                        "Change since the one before"], _trend_rows(p), numeric=4, stretch=3)
        trend.setToolTip(f"Results by role appear only where at least {ROLE_MIN} people of that role answered")
        self.tabs.addTab(trend, "Assessment trend")
        self.tabs.addTab(_table(["File", "Why it was skipped"], [[relative(p, s.path), s.reason] for s in p.skipped]),
                         f"Skipped ({len(p.skipped)})")

    def _export_dialog(self) -> None:
        if self.portfolio is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Export the portfolio", str(self.portfolio.root / "portfolio.pdf"),
                                              "PDF (*.pdf)")
        if name:
            self.export_pdf(Path(name if name.lower().endswith(".pdf") else name + ".pdf"))

    def export_pdf(self, out: Path) -> bool:
        """Write the portfolio report; a failed write is said in a sentence."""
        from workshop_app.export.pdf_portfolio import write_portfolio_pdf

        assert self.portfolio is not None
        try:
            write_portfolio_pdf(self.portfolio, out)
        except OSError as exc:
            warn(self, "Cannot write the report", f"{out.name} could not be written: "
                                f"{exc.strerror or exc}.")
            return False
        return True
