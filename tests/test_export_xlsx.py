"""The Excel workbook: three sheets with typed, rounded, labelled cells, read back by openpyxl and LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from tests.test_export import TRICKY, tricky_doc
from workshop_app.cli import main
from workshop_app.core.demo import build_demo
from workshop_app.export.common import fmt_date
from workshop_app.export.csv_export import write_actions_csv, write_answers_csv
from workshop_app.export.tables import actions_table, answers_table
from workshop_app.export.xlsx_export import MAX_WIDTH, write_xlsx
from workshop_app.model.document import WorkshopDoc


def sheet_rows(sheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def test_workbook_has_typed_labelled_sheets(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    out = tmp_path / "w.xlsx"
    write_xlsx(doc, out)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Actions", "Answers", "Participants"]
    for sheet in book:
        # The header stays in view and every column has a filter.
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(sheet.max_column)}{sheet.max_row}"
        assert all(cell.font.b for cell in sheet[1])
        widths = [sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                  for c in range(1, sheet.max_column + 1)]
        assert all(4 <= w <= MAX_WIDTH for w in widths), widths

    actions = sheet_rows(book["Actions"])
    assert len(actions) == len(doc.actions)
    plan = [r for r in actions if r["Made from"] != "Personal commitment"]
    assert [r["#"] for r in plan] == list(range(1, len(plan) + 1))
    assert all(r["#"] is None for r in actions[len(plan):])
    by_id = {a.id: a for a in doc.actions}
    for row in actions:
        action = by_id[str(row["ID"])]
        assert row["What"] == action.what
        # A date is a date (openpyxl reads dates back as midnight), shown as every export writes dates.
        assert row["Due"] == (dt.datetime.combine(action.due, dt.time()) if action.due else None)
        assert row["Status"] in ("Open", "In progress", "Done", "Dropped")
        assert row["Priority"] == action.priority.capitalize()
        assert isinstance(row["Created (UTC)"], dt.datetime)
    due_cell = next(c for c in book["Actions"]["G"][1:] if c.value is not None)
    assert due_cell.number_format == "d mmm yyyy"

    answers = sheet_rows(book["Answers"])
    assert len(answers) == len(answers_table(doc).rows)
    notes = [r for r in answers if r["Kind"] == "Note"]
    assert notes and all(isinstance(r["Votes"], int) for r in notes)
    ratings = [r for r in answers if r["Type"] == "Rating"]
    assert ratings and all(isinstance(r["Value"], int) for r in ratings)
    spectrum = [r for r in answers if r["Type"] == "Spectrum"]
    assert spectrum and all(isinstance(r["Value"], float | int) and round(r["Value"], 2) == r["Value"]
                            for r in spectrum)
    assert {r["Answer"] for r in answers if r["Type"] == "Poll"} <= {"Yes", "Partly", "No"}

    people = sheet_rows(book["Participants"])
    assert [p["Name"] for p in people] == [p.name for p in doc.participants]
    assert sum(int(p["Actions owned"]) for p in people) == sum(1 for a in doc.actions if a.owner_id)  # type: ignore[arg-type]
    assert all(p["Commitments"] == 3 for p in people)


def test_workbook_keeps_tricky_text_as_text(tmp_path: Path, tricky: WorkshopDoc) -> None:
    out = tmp_path / "w.xlsx"
    write_xlsx(tricky, out)
    book = openpyxl.load_workbook(out)
    texts = [c for c in book["Answers"]["H"][1:]]
    values = [c.value for c in texts]
    for t in TRICKY:
        assert t in values, t
    # Text starting with "=" is text, never a formula: no leading quote needed, nothing evaluated.
    formula = next(c for c in texts if c.value == "=SUM(A1:A9)")
    assert formula.data_type == "s"
    whats = [c.value for c in book["Actions"]["B"][1:]]
    assert all(t in whats for t in TRICKY)


def test_csv_and_workbook_hold_the_same_rows(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    write_xlsx(doc, tmp_path / "w.xlsx")
    write_answers_csv(doc, tmp_path / "a.csv")
    write_actions_csv(doc, tmp_path / "b.csv")
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    for name, path, table in (("Answers", "a.csv", answers_table(doc)), ("Actions", "b.csv", actions_table(doc))):
        text = (tmp_path / path).read_text(encoding="utf-8-sig")
        csv_rows = list(csv.reader(io.StringIO(text, newline="")))
        sheet = list(book[name].iter_rows(values_only=True))
        assert csv_rows[0] == list(sheet[0]) == table.header
        assert len(csv_rows) == len(sheet)
        for csv_row, sheet_row in zip(csv_rows[1:], sheet[1:], strict=True):
            for text_value, value in zip(csv_row, sheet_row, strict=True):
                if isinstance(value, dt.datetime):
                    assert text_value in (value.strftime("%Y-%m-%d %H:%M:%S"), value.date().isoformat())
                elif value is None:
                    assert text_value == ""
                else:
                    assert text_value.removeprefix("'") == str(value)


def test_cli_writes_the_workbook(tmp_path: Path, demo_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.xlsx"
    assert main(["export", str(demo_path), "--xlsx", str(out)]) == 0
    assert f"Wrote Excel workbook: {out}" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == ["Actions", "Answers", "Participants"]
    # Only the workbook is left: the temporary file it was written to is gone.
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.workshop")) == ["plan.xlsx"]


def test_export_menu_writes_the_workbook(qtbot, tmp_path: Path, demo_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(demo_path)
    chosen = tmp_path / "from the menu"  # the dialog's name without a suffix gets ".xlsx"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(chosen), ""))
    action = window.actions_by_id["export-xlsx"]
    assert action.isEnabled() and "Excel" in action.text()
    out = tmp_path / "from the menu.xlsx"
    with qtbot.waitSignal(window.exports.done, timeout=60_000) as blocker:
        action.trigger()
    assert blocker.args == [out, ""]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Actions", "Answers", "Participants"]
    assert book["Actions"].max_row == len(window.session.workshop.doc.actions) + 1
    window.close_workshop()
    window.close()


def test_failed_workbook_keeps_the_previous_file(tmp_path: Path, library, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = build_demo(library)
    out = tmp_path / "w.xlsx"
    out.write_bytes(b"the earlier export")

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("openpyxl.Workbook.save", broken)
    with pytest.raises(OSError):
        write_xlsx(doc, out)
    assert out.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["w.xlsx"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_workbook(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    out = tmp_path / "w.xlsx"
    write_xlsx(doc, out)
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path / "pdf"), str(out)], check=True, capture_output=True, timeout=240)
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(tmp_path / "pdf" / "w.pdf").pages).split())
    # Names with accents, dates as the app writes them, whole numbers and labels come through.
    for person in doc.participants:
        assert person.name in text
    first = sorted(doc.actions, key=lambda a: (a.order, a.created))[0]
    assert first.due and fmt_date(first.due) in text
    assert "In progress" in text and "Personal commitment" in text


@pytest.fixture
def tricky(tmp_path: Path, library) -> WorkshopDoc:
    return tricky_doc(tmp_path / "tricky.workshop", library)
