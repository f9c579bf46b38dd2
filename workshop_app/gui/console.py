"""The facilitator console: the agenda down the side, the current exercise in the middle, the script beside it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.privacy import is_anonymous
from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.action_plan_view import ActionPlanView
from workshop_app.gui.keys import welcome_room_keys
from workshop_app.gui.plain import plain_tip
from workshop_app.gui.qt_helpers import single_shot
from workshop_app.gui.read_only import ReadOnlyLock, mark_safe
from workshop_app.gui.screen_preview import PreviewPanel
from workshop_app.gui.session import Session
from workshop_app.gui.timer import format_seconds
from workshop_app.gui.views import view_class
from workshop_app.model.dates import clock_times, format_time
from workshop_app.model.document import Step
from workshop_app.model.exercises import FacilitatorNotes, readable_source
from workshop_app.model.registry import type_label

NOTES_READABLE = 130  # px: narrower than this, the facilitator's notes fold away
NOTES_WIDTH = 270  # px: their width when there is room


def notes_text(step: Step) -> str:
    """The facilitator's script for a step, as plain text."""
    if step.exercise is None:
        return f"Break: {step.minutes} minutes.\n\nTell the room when to be back; the shared screen shows the timer."
    ex = step.exercise
    notes: FacilitatorNotes = ex.notes
    parts = [ex.purpose]
    parts += [f"{heading.upper()}\n{body}" for heading, body in notes.script()]
    if notes.facts:
        parts.append("FACTS TO QUOTE\n" + "\n".join(f"• {f.text} ({readable_source(f.source)})" for f in notes.facts))
    parts.append(f"Built on: {readable_source(ex.source)}")
    return "\n\n".join(parts)


class BreakView(QWidget):
    """What the console shows during a break: the break and its length."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        step = session.workshop.step(step_id)
        label = QLabel(f"{step.title}\n{step.minutes} minutes")
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setObjectName("stepTitle")
        QVBoxLayout(self).addWidget(label)


class AgendaList(QListWidget):
    """The agenda. Moving in it moves the room, so a typed letter does not jump to a step (type-ahead)."""

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt override
        pass


class WorkshopConsole(QWidget):
    """The facilitator's view of an open workshop. It owns widgets only; the state is the Session's."""

    export_requested = Signal(str)  # from the action plan's export buttons: "pdf", "csv", "handouts"...

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._views: dict[str, QWidget] = {}

        self.agenda = named(AgendaList(), "Agenda", "Choosing a step moves the room to it")
        self.agenda.setObjectName("agenda")
        self.agenda.setWordWrap(True)
        # Readable on a laptop at 125 %: the script beside the exercise gives way first, not the agenda.
        self.agenda.setMinimumWidth(150)
        self.agenda.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        welcome_room_keys(self.agenda)  # it takes no typed keys: T, B, H... work while it has the focus
        self.agenda.currentRowChanged.connect(self._on_agenda_row)

        self.title = QLabel()
        self.title.setObjectName("stepTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.timer_label = QLabel("0:00")
        self.timer_label.setObjectName("timer")
        self.timer_button = QPushButton("Start timer")
        self.timer_button.clicked.connect(session.timer.toggle)
        extend = QPushButton("+1 min")
        extend.clicked.connect(lambda: session.timer.extend(60))
        reset = QPushButton("Reset")
        reset.clicked.connect(self._reset_timer)
        self.hidden_box = QCheckBox("Hide answers")  # short: the header must fit a laptop at 125 %
        self.hidden_box.setToolTip("The shared screen shows how many answers are in, not what they say, until revealed")
        self.hidden_box.toggled.connect(self._on_hidden_toggled)
        # On an anonymous step the room sees results only from this many people (and once revealed).
        self.min_people = named(QSpinBox(), "Results shown from how many people")
        self.min_people.setObjectName("minPeople")
        self.min_people.setRange(1, 100)
        self.min_people.setPrefix("Results from ")
        self.min_people.setSuffix(" people")
        self.min_people.setKeyboardTracking(False)
        self.min_people.setToolTip("Anonymous step: the shared screen keeps the results back until at least this "
                                   "many people have answered, so nobody's answers can be picked out")
        self.min_people.valueChanged.connect(self._on_min_people)
        mark_safe(self.timer_button, extend, reset)  # the timer is not part of the workshop file
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.hidden_box)
        header.addWidget(self.min_people)
        header.addWidget(self.timer_label)
        header.addWidget(self.timer_button)
        header.addWidget(extend)
        header.addWidget(reset)

        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        self._banner_timer = single_shot(self, 8000, self.banner.hide)
        self.read_only_note = QLabel()
        self.read_only_note.setObjectName("banner")
        self.read_only_note.setTextFormat(Qt.TextFormat.PlainText)
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()

        self.stack = QStackedWidget()
        exercise_page = QWidget()
        exercise_layout = QVBoxLayout(exercise_page)
        exercise_layout.setContentsMargins(0, 4, 0, 0)
        exercise_layout.addLayout(header)
        exercise_layout.addWidget(self.stack, 1)
        # The action plan's view is made when first shown: opening a workshop builds what is on screen.
        self._plan_page = QWidget()
        plan_layout = QVBoxLayout(self._plan_page)
        plan_layout.setContentsMargins(0, 0, 0, 0)
        self._action_plan: ActionPlanView | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(exercise_page, "Exercise")
        self.tabs.addTab(self._plan_page, "")
        self.tabs.currentChanged.connect(lambda index: self.action_plan if index == 1 else None)
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(8, 4, 8, 4)
        center_layout.addWidget(self.read_only_note)
        center_layout.addWidget(self.banner)
        center_layout.addWidget(self.tabs, 1)

        self.notes = named(QTextBrowser(), "Facilitator's notes")
        self.notes.setObjectName("notesPanel")
        self.notes.setOpenLinks(False)
        # The script beside the plan only takes room the table needs.
        self.show_notes = True
        self.tabs.currentChanged.connect(lambda index: self.notes.setVisible(index == 0 and self.show_notes))

        # The agenda, and under it what the room sees now with the button that puts it on the projector.
        self.previewer = PreviewPanel()
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 4)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.agenda, 1)
        left_layout.addWidget(self.previewer)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(center)
        self._center = center
        splitter.addWidget(self.notes)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([210, 860, NOTES_WIDTH])
        splitter.setChildrenCollapsible(True)
        self._fold_timer = single_shot(self, 0, self._fit_notes)
        self._notes_folded = False  # folded by the app for want of room (not by the facilitator)
        self.notes.installEventFilter(self)  # its width, whenever the splitter gives it another
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        session.changed.connect(self._on_changed)
        session.current_step_changed.connect(lambda _i: self.show_current())
        session.error_raised.connect(self.show_message)
        session.timer.ticked.connect(self._on_tick)
        session.timer.state_changed.connect(self._on_timer_state)
        session.timer.time_up.connect(self._on_time_up)
        self._fill_agenda()
        self._update_plan_tab()
        self.show_current()
        self._on_tick(session.timer.seconds_left())

    # -- agenda ---------------------------------------------------------------------------------
    def _fill_agenda(self) -> None:
        self.agenda.blockSignals(True)
        self.agenda.clear()
        ws = self.session.workshop
        start = ws.info.start_time
        times = clock_times(start, [s.minutes for s in ws.steps]) if start else []
        for n, step in enumerate(ws.steps, start=1):
            when = f"{format_time(times[n - 1][0])}–{format_time(times[n - 1][1])} · " if times else ""
            item = QListWidgetItem(f"{n}. {step.title}\n{when}{type_label(step.type)} · {step.minutes} min")
            item.setToolTip(plain_tip(step.exercise.purpose if step.exercise else step.title))
            self.agenda.addItem(item)
        self.agenda.setCurrentRow(self.session.workshop.current_index)
        self.agenda.blockSignals(False)

    def _on_agenda_row(self, row: int) -> None:
        if row >= 0 and row != self.session.workshop.current_index:
            self.session.go_to(row)

    def show_current(self) -> None:
        """Show the current step: its view (made once and kept, so going back loses nothing) and script."""
        ws = self.session.workshop
        step = ws.current_step
        if step is None:
            self.title.setText("This workshop has no steps yet.")
            return
        self.agenda.blockSignals(True)
        self.agenda.setCurrentRow(ws.current_index)
        self.agenda.blockSignals(False)
        self.title.setText(step.title)
        self.notes.setPlainText(notes_text(step))
        self.hidden_box.blockSignals(True)
        self.hidden_box.setChecked(step.answers_hidden)
        self.hidden_box.setVisible(step.exercise is not None)
        self.hidden_box.blockSignals(False)
        self._show_min_people(step)
        view = self._views.get(step.id)
        if view is None:
            cls = view_class(step.type) or BreakView
            view = cls(self.session, step.id)
            self._views[step.id] = view
            self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.show_exercise()

    def current_view(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _update_plan_tab(self) -> None:
        self.tabs.setTabText(1, f"Action plan ({len(self.session.workshop.doc.actions)})")

    @property
    def action_plan(self) -> ActionPlanView:
        """The action plan's view (made on first use)."""
        if self._action_plan is None:
            self._action_plan = ActionPlanView(self.session)
            self._action_plan.export_requested.connect(self.export_requested)
            layout = self._plan_page.layout()
            assert layout is not None
            layout.addWidget(self._action_plan)
        return self._action_plan

    def show_action_plan(self) -> None:
        self.action_plan  # noqa: B018 - made before it is shown
        self.tabs.setCurrentWidget(self._plan_page)

    def show_exercise(self) -> None:
        self.tabs.setCurrentIndex(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.notes and event.type() == QEvent.Type.Resize:
            self._fold_timer.start()  # once the splitter has finished sharing out the width
        return False

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fold_timer.start()

    def _fit_notes(self) -> None:
        """Notes squeezed narrower than a few words (the Phones panel opened on a laptop) fold away to
        the splitter's edge rather than show a column of broken words, and come back by themselves once
        the console has the room again (the panel closed, the window widened)."""
        splitter = self.splitter
        sizes = splitter.sizes()
        if len(sizes) != 3 or not self.show_notes or self.tabs.currentIndex() != 0:
            return
        if 0 < sizes[2] < NOTES_READABLE:
            self._notes_folded = True
            splitter.setSizes([sizes[0], sizes[1] + sizes[2], 0])
        elif sizes[2] == 0 and self._notes_folded:
            spare = sizes[1] - self._center.minimumSizeHint().width()
            if spare >= NOTES_READABLE:
                self._notes_folded = False
                give = min(spare, NOTES_WIDTH)
                splitter.setSizes([sizes[0], sizes[1] - give, give])

    def _on_changed(self, change: Change) -> None:
        if change.actions:
            self._update_plan_tab()
        if change.steps or change.info:  # a step's length, or the start time: the clock times move
            self._fill_agenda()
            step = self.session.workshop.current_step
            if step is not None and step.id in change.steps:
                self.hidden_box.blockSignals(True)
                self.hidden_box.setChecked(step.answers_hidden)
                self.hidden_box.blockSignals(False)
                self._show_min_people(step)

    def _on_hidden_toggled(self, hidden: bool) -> None:
        step = self.session.workshop.current_step
        if step is not None:
            label = "Hide answers" if hidden else "Reveal answers"
            self.session.do(lambda: self.session.workshop.update_step(step.id, label, answers_hidden=hidden))

    def _show_min_people(self, step: Step) -> None:
        self.min_people.blockSignals(True)
        self.min_people.setValue(step.min_respondents)
        self.min_people.setVisible(is_anonymous(step) and step.exercise is not None and step.type != "map")
        self.min_people.blockSignals(False)

    def _on_min_people(self, value: int) -> None:
        step = self.session.workshop.current_step
        if step is not None and value != step.min_respondents:
            self.session.do(lambda: self.session.workshop.update_step(
                step.id, "Set the people needed for results", min_respondents=value))

    # -- timer and messages ---------------------------------------------------------------------
    def _reset_timer(self) -> None:
        step = self.session.workshop.current_step
        self.session.timer.reset(step.minutes * 60 if step else 0)

    def _on_tick(self, seconds: int) -> None:
        self.timer_label.setText(format_seconds(seconds))
        over = seconds <= 0 and self.session.timer.total > 0
        if self.timer_label.property("over") != over:
            self.timer_label.setProperty("over", over)
            self.timer_label.style().polish(self.timer_label)

    def _on_timer_state(self) -> None:
        self.timer_button.setText("Pause timer" if self.session.timer.running else "Start timer")

    def _on_time_up(self) -> None:
        if self.session.sound_on_time_up:
            QApplication.beep()
        self.show_message("Time is up for this step. Extend the timer or move on.")

    def set_read_only(self, reason: str) -> None:
        """Lock every control that would change the workshop, and say why above the exercise."""
        self.read_only_note.setText(f"Read-only: {reason} You can look through it, move between the "
                                    "steps and export it; nothing can be changed.")
        self.read_only_note.show()
        ReadOnlyLock(reason, self).lock(self)

    def show_message(self, text: str) -> None:
        """A message in the console itself: visible, never blocking the room."""
        self.banner.setText(text)
        self.banner.show()
        self._banner_timer.start()
