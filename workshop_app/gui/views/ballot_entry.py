"""Typing in a stack of paper ballots: the code printed on the sheet, then one key per statement.

Used by the rating and the poll. The facilitator keeps their eyes on the sheet: the code's five
characters, then for each statement the number in the box that is crossed (Space, “.” or “-” for a
statement left blank), each key moving on to the next statement; Backspace goes back one. After the
last statement (or Enter, leaving the rest blank) the ballot is entered as one change and one undo
step, under a respondent key made from its code (``core.ballots``), so the figures count people. A
code entered before is caught as soon as it is typed: Enter then replaces that ballot, Escape sets
the sheet aside.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workshop_app.core.ballots import CODE_LENGTH, add_ballot, ballot_codes, code_problem, entered
from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.actions import KeySpec
from workshop_app.gui.plain import plain_label
from workshop_app.gui.session import Session

BLANK_KEYS = (" ", ".", "-")


def ballot_keys(context: str) -> tuple[KeySpec, ...]:
    """The keys of paper ballot entry, for the help of the view (``context``) that holds it."""
    prefix = f"{context.lower()}.ballot"
    return (
        KeySpec(f"{prefix}.mark", "Paper ballots: the number crossed", tuple(str(n) for n in range(10)), context,
                "After the ballot's code (its letters and digits), one key per statement; then the next one"),
        KeySpec(f"{prefix}.blank", "Paper ballots: a statement left blank", ("Space", "."), context),
        KeySpec(f"{prefix}.back", "Paper ballots: back one statement", ("Backspace",), context),
        KeySpec(f"{prefix}.finish", "Paper ballots: enter the ballot, the rest blank", ("Return",), context,
                "Also: replace a ballot whose code was entered before"),
        KeySpec(f"{prefix}.aside", "Paper ballots: set the sheet aside", ("Escape",), context),
    )
PER_ROW = 10  # statement cells per row of the grid
CELL = "QLabel {{ border: 1px solid {border}; border-radius: 3px; background: {bg}; color: #101828; " \
       "font-weight: 600; min-width: 22px; padding: 2px; }}"
EMPTY = CELL.format(border="#d0d5dd", bg="white")
CURRENT = CELL.format(border="#1d4ed8", bg="#dbe7ff")
FILLED = CELL.format(border="#98a2b3", bg="#f2f4f7")
FRAME = "#ballotEntry { border: 1px solid #98a2b3; border-radius: 6px; background: #fcfcfd; }"


class BallotEntry(QFrame):
    """Keyboard entry of paper ballots for one rating or poll step.

    ``keys`` maps each key to the value it enters (a score, or a poll option's number from 0);
    ``statements`` are the texts, shown one at a time as they are typed so the typist can check.
    """

    def __init__(self, session: Session, step_id: str, statements: Sequence[str], keys: dict[str, float],
                 legend: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        self.statements = list(statements)
        self.keys = dict(keys)
        self.code = ""
        self.values: list[float | None] = []
        self.replace = False  # the code was entered before and the facilitator chose to replace it
        self.duplicate = False  # the code was entered before: Enter replaces that ballot, Escape sets it aside
        self.setObjectName("ballotEntry")
        self.setStyleSheet(FRAME)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        named(self, "Paper ballot entry", "Type the ballot's code, then the number crossed for each statement")

        self.code_label = named(QLabel(), "Ballot code typed")
        font = self.code_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        font.setLetterSpacing(font.SpacingType.AbsoluteSpacing, 4)
        self.code_label.setFont(font)
        self.cells: list[QLabel] = []
        grid = QGridLayout()
        grid.setSpacing(3)
        for n, text in enumerate(self.statements):
            cell = named(QLabel(), f"Statement {n + 1}")
            cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
            cell.setToolTip(f"{n + 1}. {text}")
            grid.addWidget(cell, n // PER_ROW, n % PER_ROW)
            self.cells.append(cell)
        self.current = plain_label()
        self.current.setWordWrap(True)
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.help = plain_label(f"Type the code, then for each statement the number crossed ({legend}); "
                                "Space for a blank, Backspace to go back, Enter to finish early, Escape to "
                                "start the sheet again.")
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #475467;")
        top = QHBoxLayout()
        top.addWidget(plain_label("Ballot code"))
        top.addWidget(self.code_label)
        top.addLayout(grid)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.current)
        layout.addWidget(self.status)
        layout.addWidget(self.help)
        session.changed.connect(self._on_changed)
        self._show()

    # -- state ------------------------------------------------------------------------------------
    @property
    def position(self) -> int:
        """The statement being typed, or -1 while the code is."""
        if len(self.code) < CODE_LENGTH or self._code_problem() or (self.duplicate and not self.replace):
            return -1
        return len(self.values)

    def _code_problem(self) -> str | None:
        return code_problem(self.code) if len(self.code) == CODE_LENGTH else None

    def entered_count(self) -> int:
        """How many ballots (people) have been entered from paper in this step."""
        return len(ballot_codes(self.session.workshop, self.step_id))

    # -- keys -------------------------------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        # The room's single-letter shortcuts must not fire while a code is being typed.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._ours(event):
            event.accept()
            return True
        return super().event(event)

    def _ours(self, event: QKeyEvent) -> bool:
        if event.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier):
            return False
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return True
        if event.key() == Qt.Key.Key_Escape:
            return bool(self.code)
        text = event.text()
        return bool(text) and text.isprintable()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not self._ours(event):
            super().keyPressEvent(event)
            return
        key = event.key()
        if key == Qt.Key.Key_Backspace:
            self.back()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter()
        elif key == Qt.Key.Key_Escape:
            self.clear("Sheet set aside: type the next ballot's code.")
        else:
            self.type_text(event.text())

    def type_text(self, text: str) -> None:
        """What a key typed: a character of the code, or a statement's number (or a blank)."""
        for char in text:
            if self.position < 0:
                self._type_code(char)
            else:
                self._type_answer(char)

    def _type_code(self, char: str) -> None:
        if len(self.code) >= CODE_LENGTH:  # a mistyped code: Backspace corrects it first
            self.status.setText(f"{self._code_problem()} Backspace corrects it, Escape starts again.")
            return
        if char.isspace() or char == "-":
            return
        self.code += char.upper()
        if len(self.code) == CODE_LENGTH:
            problem = self._code_problem()
            before = entered(self.session.workshop, self.step_id, self.code) if not problem else []
            if problem:
                self.status.setText(f"{problem} Backspace corrects it, Escape starts again.")
            elif before:
                self.duplicate = True
                self.status.setText(f"Ballot {self.code} is entered already ({len(before)} answers): entering "
                                    "it again would count one person twice. Press Enter to replace it with this "
                                    "sheet, or Escape to set the sheet aside.")
        self._show()

    def _type_answer(self, char: str) -> None:
        if len(self.values) >= len(self.statements):
            self.status.setText("Every statement is typed: Enter enters the ballot, Backspace goes back.")
            return
        if char in BLANK_KEYS:
            self.values.append(None)
        elif char in self.keys:
            self.values.append(self.keys[char])
        else:
            self.status.setText(f"“{char}” is not a box on this ballot ({self.help_keys()}).")
            return
        if len(self.values) == len(self.statements):
            self.enter()
            return
        self._show()

    def help_keys(self) -> str:
        return ", ".join(self.keys) + ", or Space for a blank"

    def back(self) -> None:
        """One step back: the last statement typed, or the code's last character."""
        if self.values:
            self.values.pop()
        elif self.code:
            self.code = self.code[:-1]
            self.replace = self.duplicate = False
        self.status.setText("")
        self._show()

    def enter(self) -> None:
        """Enter the ballot as typed, the statements not reached left blank."""
        if self.duplicate and not self.replace and not self._code_problem():
            self.replace = True
            self.status.setText(f"Type the answers of ballot {self.code}: they replace the ones entered before.")
            self._show()
            return
        if self.position < 0:
            self.status.setText(self._code_problem() or "Type the ballot's code first.")
            return
        values = self.values + [None] * (len(self.statements) - len(self.values))
        code, replacing = self.code, self.replace
        ws = self.session.workshop
        if self.session.do(lambda: add_ballot(ws, self.step_id, code, values, replace=replacing)):
            marked = sum(v is not None for v in values)
            verb = "replaced" if replacing else "entered"
            self.clear(f"Ballot {code} {verb}: {marked} of {len(values)} statements marked. "
                       f"{self.entered_count()} ballots from paper so far. Type the next code.")
        else:
            self.status.setText(f"Ballot {code} was not entered; correct it with Backspace or press Escape.")

    def clear(self, message: str = "") -> None:
        """Start the next sheet."""
        self.code, self.values, self.replace, self.duplicate = "", [], False, False
        self.status.setText(message)
        self._show()

    # -- showing ----------------------------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        if change.answers_in(self.step_id):
            self._show()

    def _show(self) -> None:
        self.code_label.setText(self.code + "·" * (CODE_LENGTH - len(self.code)))
        position = self.position
        names = {v: k for k, v in self.keys.items()}
        for n, cell in enumerate(self.cells):
            if n < len(self.values):
                value = self.values[n]
                cell.setText("–" if value is None else names.get(value, "?"))
                cell.setStyleSheet(FILLED)
            else:
                cell.setText("")
                cell.setStyleSheet(CURRENT if n == position else EMPTY)
        if position < 0:
            self.current.setText("Type the code printed in the ballot's corner.")
        elif position >= len(self.statements):
            self.current.setText("Every statement is typed.")
        else:
            self.current.setText(f"Statement {position + 1} of {len(self.statements)}: "
                                 f"{self.statements[position]}")


def show_entry(entry: BallotEntry | None, shown: bool, button: QAbstractButton) -> None:
    """Show or hide a view's entry of paper ballots, with the keyboard in it; the view's "Paper ballots"
    button follows without toggling it back."""
    if entry is not None:
        entry.setVisible(shown)
        if shown:
            entry.setFocus()
    button.blockSignals(True)
    button.setChecked(shown and entry is not None)
    button.blockSignals(False)


def rating_keys(low: int, high: int) -> dict[str, float] | None:
    """The key for each score of a rating scale; 0 stands for 10 on a scale from 1 to 10. None for a
    scale a single key per score cannot cover (0 to 10)."""
    if low == 0 and high >= 10:
        return None
    return {str(v % 10): float(v) for v in range(low, high + 1)}


def poll_keys(options: int) -> dict[str, float]:
    """The key for each option of a poll, 1 the first, as numbered on the ballot."""
    return {str(n + 1): float(n) for n in range(min(options, 9))}
