"""The registry of exercise types: each type declared once, every layer's part of it present, nothing silent.

A type is declared in ``model/registry.py``; the console view, the shared-screen scene and each export's
section are registered against its name. These tests fail when a registered type lacks any part, show
that a type added without its parts is refused, that an exporter meeting a type it has no
section for stops rather than printing nothing, and that the core refuses an answer its step does not take.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from pydantic import ValidationError, create_model
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from workshop_app.core.demo import build_demo
from workshop_app.core.library import Library
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.export import guide, markdown, pdf_results, tables
from workshop_app.export.common import Directory
from workshop_app.export.csv_export import write_answers_csv
from workshop_app.export.json_io import json_schema
from workshop_app.export.markdown import markdown_text
from workshop_app.export.pdf_report import write_pdf
from workshop_app.export.pdf_results import ResultsWriter
from workshop_app.gui import shared_render
from workshop_app.gui.console import WorkshopConsole
from workshop_app.gui.session import Session
from workshop_app.gui.shared_paint import DARK
from workshop_app.gui.views import VIEWS, view_class
from workshop_app.model import registry
from workshop_app.model.answers import ITEM_CLASSES
from workshop_app.model.contents import BoardContent, Content, PollContent
from workshop_app.model.document import Step, WorkshopDoc
from workshop_app.model.exercises import ExerciseDef
from workshop_app.model.registry import (
    ANSWER,
    ANSWER_KINDS,
    TYPE_NAMES,
    TYPES,
    ExerciseType,
    Parts,
    RegistryError,
    UnknownType,
    accepts,
    answer_label,
    check_tables,
    type_label,
)


def part_tables() -> list[Parts[typing.Any]]:
    """Every layer's part table: what a type needs besides its declaration."""
    return [VIEWS, shared_render.SCENES, pdf_results.SECTIONS, markdown.SECTIONS, tables.ANSWER_CELLS, guide.GUIDE]


@pytest.fixture(scope="module")
def demo() -> WorkshopDoc:
    return build_demo()


def demo_steps(doc: WorkshopDoc) -> Iterator[Step]:
    """The demo's first step of every type (the demo has answers in every exercise)."""
    seen: set[str] = set()
    for step in doc.steps:
        if step.exercise is not None and step.type not in seen:
            seen.add(step.type)
            yield step
    assert seen == set(TYPE_NAMES), "the demo should run every exercise type"


# -- the declaration -------------------------------------------------------------------------------------
def test_every_type_is_declared_with_a_label_content_model_and_answer_kinds() -> None:
    assert len(TYPES) == len(set(TYPE_NAMES)) == 8
    for t in TYPES:
        assert t.label.strip() and t.label == type_label(t.name)
        assert issubclass(t.content, Content)
        assert t.answers, f"{t.name} takes no answers"
        for kind in t.answers:
            assert kind.label.strip() and answer_label(kind.name) == kind.label
            assert accepts(t.name, kind.name)
        # The exercise file's table of that name holds that content model.
        assert typing.get_args(ExerciseDef.model_fields[t.name].annotation) == (t.content, type(None))
    check_tables(ExerciseDef)


def test_the_file_models_take_their_type_lists_from_the_registry() -> None:
    with pytest.raises(ValidationError) as refused:
        ExerciseDef.model_validate({"id": "x", "title": "X", "purpose": "p", "type": "survey", "minutes": 5,
                                    "source": "s"})
    for name in TYPE_NAMES:
        assert f"'{name}'" in str(refused.value)
    schema = json.loads(json_schema())
    assert schema["$defs"]["ExerciseDef"]["properties"]["type"]["enum"] == list(TYPE_NAMES)
    # Every answer model is taken by some type, and each type's answer kinds name their models.
    assert set(ANSWER_KINDS) == set(ITEM_CLASSES)
    for t in TYPES:
        for kind in t.answers:
            assert ITEM_CLASSES[kind.name] is kind.model


def test_accepts_only_the_answers_of_the_steps_type() -> None:
    assert accepts("board", "note") and accepts("board", "cluster")
    assert accepts("poll", "answer") and accepts("rating", "answer")
    assert accepts("map", "node") and accepts("map", "link") and accepts("map", "marker")
    assert not accepts("board", "node")
    assert not accepts("poll", "note")
    assert not accepts("break", "note")
    assert not accepts("survey", "answer")
    assert not accepts("board", "sticker")


# -- every part of every type ------------------------------------------------------------------------------
def test_every_layer_has_its_part_of_every_registered_type() -> None:
    for table in part_tables():
        table.check()
        assert list(table) == list(TYPE_NAMES), table.part
    for name in TYPE_NAMES:
        cls = view_class(name)
        assert isinstance(cls, type) and issubclass(cls, QWidget), name
        assert cls.__name__ == VIEWS[name][1]


def test_a_type_added_without_its_parts_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A ninth type declared and nothing else: the exercise model and every part table refuse it."""
    survey = ExerciseType("survey", "Survey", PollContent, (ANSWER,))
    # What the one line in TYPES would bring about when the registry is imported.
    monkeypatch.setattr(registry, "TYPES", (*TYPES, survey))
    monkeypatch.setattr(registry, "TYPE_NAMES", (*TYPE_NAMES, "survey"))
    monkeypatch.setitem(registry._BY_NAME, "survey", survey)
    assert accepts("survey", "answer")
    with pytest.raises(RegistryError, match=r"ExerciseDef .* `survey: PollContent \| None = None`"):
        check_tables(ExerciseDef)
    for table in part_tables():
        with pytest.raises(RegistryError, match=f"no {table.part} for 'survey'"):
            table.check()


def test_a_part_table_refuses_a_missing_or_unknown_type() -> None:
    entries = {name: name for name in TYPE_NAMES if name != "map"}
    with pytest.raises(RegistryError, match="no Markdown section for 'map'"):
        Parts("Markdown section", entries)
    with pytest.raises(RegistryError, match="'survey', which is not a registered exercise type"):
        Parts("Markdown section", {**entries, "map": "map", "survey": "survey"})


def test_an_exercise_model_without_a_types_table_is_refused() -> None:
    fields: dict[str, typing.Any] = {t.name: (t.content | None, None) for t in TYPES if t.name != "board"}
    without_board = create_model("WithoutBoard", **fields)
    with pytest.raises(RegistryError, match="`board: BoardContent | None = None`"):
        check_tables(without_board)
    extra = create_model("Extra", **fields, board=(BoardContent | None, None), survey=(PollContent | None, None))
    with pytest.raises(RegistryError, match="table `survey`, which is not a registered exercise type"):
        check_tables(extra)


def test_each_export_has_a_real_section_for_every_type(demo: WorkshopDoc) -> None:
    md = markdown_text(demo)
    rows = tables.answers_table(demo).rows
    results = ResultsWriter(demo, Directory(demo), 480)
    for step in demo_steps(demo):
        assert f"{type_label(step.type)}, {step.minutes} min" in md
        own = [r for r in rows if r[1] == step.title]
        assert own and {r[2] for r in own} == {type_label(step.type)}
        assert {r[3] for r in own} <= {tables.label(answer_label(kind)) for kind in step_kinds(step)}
        # The step's section in the report shows its answers, not that nothing was recorded.
        flowables = results.step(step)
        said = " ".join(getattr(f, "text", "") for f in flowables)
        assert len(flowables) > 1 and "No answers were recorded" not in said, step.type
        assert step.exercise is not None
        screen_title, screen_items = guide.GUIDE[step.type].on_screen(step.exercise)
        assert screen_title and screen_items
        assert guide.GUIDE[step.type].prepare(step.exercise, step.minutes, 12)


def step_kinds(step: Step) -> tuple[str, ...]:
    return registry.exercise_type(step.type).answer_kinds


def test_each_shared_screen_scene_shows_the_answers(qtbot: QtBot, demo: WorkshopDoc, tmp_path: Path) -> None:
    full = Workshop.create(tmp_path / "full.workshop", demo.model_copy(deep=True))
    empty = Workshop.create(tmp_path / "empty.workshop", demo.model_copy(update={"items": []}, deep=True))
    rect = QRectF(0, 0, 1600, 900)
    try:
        for step in demo_steps(demo):
            index = full.steps.index(step)
            full.doc.current_step = empty.doc.current_step = index
            with_answers = shared_render.render_step(full, rect, DARK)
            without = shared_render.render_step(empty, rect, DARK)
            assert len(with_answers.shapes) > len(without.shapes), step.type
            assert with_answers.texts != without.texts, step.type
    finally:
        full.close()
        empty.close()


def test_the_console_shows_each_steps_registered_view(qtbot: QtBot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    console = WorkshopConsole(session)
    qtbot.addWidget(console)
    console.resize(1400, 800)
    console.show()
    qtbot.waitExposed(console)
    try:
        for row, step in enumerate(session.workshop.steps):
            item = console.agenda.item(row)
            assert item.text().endswith(f"{type_label(step.type)} · {step.minutes} min")
            rect = console.agenda.visualItemRect(item)
            qtbot.mouseClick(console.agenda.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
            qtbot.waitUntil(partial(is_current, session, row))
            view = console.current_view()
            cls = view_class(step.type)
            if cls is None:
                assert type(view).__name__ == "BreakView"
            else:
                assert type(view) is cls
    finally:
        console.close()
        session.close()


def is_current(session: Session, row: int) -> bool:
    return session.workshop.current_index == row


# -- nothing silent ------------------------------------------------------------------------------------------
def test_an_exporter_without_a_section_for_a_type_stops_instead_of_printing_nothing(
        demo: WorkshopDoc, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = "There is no {} for the exercise type 'map'."
    for table in (markdown.SECTIONS, pdf_results.SECTIONS, tables.ANSWER_CELLS):
        monkeypatch.delitem(table._entries, "map")
    with pytest.raises(UnknownType, match=message.format("Markdown section")):
        markdown_text(demo)
    with pytest.raises(UnknownType, match=message.format("PDF section")):
        write_pdf(demo, tmp_path / "r.pdf")
    assert not (tmp_path / "r.pdf").exists()
    with pytest.raises(UnknownType, match=message.format("spreadsheet rows")):
        write_answers_csv(demo, tmp_path / "a.csv")
    assert not (tmp_path / "a.csv").exists()


def test_a_screen_without_a_part_for_a_type_stops(qtbot: QtBot, demo: WorkshopDoc, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(shared_render.SCENES._entries, "poll")
    monkeypatch.delitem(VIEWS._entries, "poll")
    ws = Workshop.create(tmp_path / "d.workshop", demo.model_copy(deep=True))
    try:
        ws.doc.current_step = next(n for n, s in enumerate(ws.steps) if s.type == "poll")
        with pytest.raises(UnknownType, match="no shared-screen scene for the exercise type 'poll'"):
            shared_render.render_step(ws, QRectF(0, 0, 800, 600), DARK)
        with pytest.raises(UnknownType, match="no console view for the exercise type 'poll'"):
            view_class("poll")
    finally:
        ws.close()


# -- the core refuses answers a step does not take ---------------------------------------------------------------
def test_the_core_refuses_an_answer_its_step_does_not_take(tmp_path: Path, library: Library) -> None:
    path = tmp_path / "a.workshop"
    board = Step(title="Board", exercise=library.exercises["provocative-questions"])
    pause = Step(title="Coffee")
    ws = Workshop.create(path, WorkshopDoc(steps=[board, pause]))
    with pytest.raises(WorkshopError, match="^A department cannot be added to a board step.$"):
        ws.add_item(board.id, "node", "Add department", text="Sales")
    with pytest.raises(WorkshopError, match="^An answer cannot be added to a board step.$"):
        ws.add_item(board.id, "answer", value=1.0)
    with pytest.raises(WorkshopError, match="^A note cannot be added to a break.$"):
        ws.add_note(pause.id, "Coffee is good")
    ws.add_note(board.id, "A real note")
    ws.close()
    again = Workshop.open(path)
    try:
        assert [(i.kind, i.text) for i in again.doc.items] == [("note", "A real note")]
    finally:
        again.close()


def test_the_demo_holds_only_answers_their_steps_take(demo: WorkshopDoc) -> None:
    """The demo is built outside the core's write path; it must still agree with the registry."""
    steps = {s.id: s for s in demo.steps}
    wrong = [(steps[i.step].type, i.kind) for i in demo.items if not accepts(steps[i.step].type, i.kind)]
    assert wrong == []
