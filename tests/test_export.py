"""PDF report, handouts, facilitator's guide and JSON: complete, safe with any text, sane in size."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app.core.demo import build_demo
from workshop_app.core.workshop import Workshop
from workshop_app.export.json_io import dump_json, parse_json, published
from workshop_app.model.document import Answer, Commitment, Entry, Link, Marker, Node, SpectrumItem, WorkshopDoc

TRICKY = [
    '<b>unclosed & "quoted"',
    "Emoji 🎉🚀 and ZWJ 👩‍💻",
    "Zażółć gęślą jaźń",
    "Ελληνικά κείμενα",
    "Кириллица тоже",
    "مرحبا بالعالم",
    "שלום עולם",
    "中文客户至上",
    "Mixed: 客户 first, then English, then مرحبا",
    "Line one\nLine two & <i>three</i>",
    "=SUM(A1:A9)",
    "x" * 2000,
]
# Scripts set left to right whose text a PDF reader gives back as written.
READABLE = [t for t in TRICKY if not re.search("[\u0590-\u08ff]", t) and "🎉" not in t]


def tricky_doc(path: Path, library) -> WorkshopDoc:
    """The demo plus tricky text in every exercise type, the action plan and a name, made through the core."""
    ws = Workshop.create(path, build_demo(library))
    try:
        ws.add_participant("Zażółć 中文 مرحبا", role="Ελληνικά")
        person = ws.participants[-1].id
        for step in ws.steps:
            kind = step.type
            for n, text in enumerate(TRICKY):
                if kind == "board":
                    edit = ws.add_note(step.id, text, prompt=n % 2, author=person if n % 3 else None)
                    if n == 0:
                        ws.update_item(edit.rows[0][1], hidden=True)
                elif kind == "spectrum":
                    ws.add_item(step.id, "spectrum", text=text, change=text, category=n % 3, position=0.5)
                elif kind == "canvas":
                    ws.add_item(step.id, "entry", text=text, field=n % 2, card="中文 Service")
                elif kind == "map":
                    node = ws.items(step.id, "node")[n % 3]
                    ws.add_item(step.id, "marker", text=text, target=node.id,
                                proposal=bool(n % 2))
                elif kind == "commitments":
                    ws.add_item(step.id, "commitment", text=text, author=person, due=dt.date(2026, 6, 1))
            if kind == "board":
                ws.add_item(step.id, "cluster", text="中文 & <cluster>", prompt=0)
            if kind == "map":
                ws.add_item(step.id, "node", text="中文 Lager", lane=1, x=500, y=100)
        for text in TRICKY:
            ws.add_action(text, why=text, measure=text, owner="Zażółć 中文 مرحبا", owner_id=person,
                          due=dt.date(2026, 5, 1), area="Break the silos", priority="high")
        return ws.doc.model_copy(deep=True)
    finally:
        ws.close()


@pytest.fixture
def demo(library) -> WorkshopDoc:
    return build_demo(library)


@pytest.fixture
def tricky(tmp_path: Path, library) -> WorkshopDoc:
    return tricky_doc(tmp_path / "tricky.workshop", library)


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def squash(text: str) -> str:
    """Text without whitespace, so wrapped lines compare equal to the text that was wrapped."""
    return re.sub(r"\s+", "", text)


def test_export_package_never_imports_qt() -> None:
    code = (
        "import sys\n"
        "import workshop_app.export.pdf_report, workshop_app.export.handout, workshop_app.export.guide\n"
        "import workshop_app.export.csv_export, workshop_app.export.markdown, workshop_app.export.json_io\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph')))\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_pdf_holds_every_note_action_and_commitment(tmp_path: Path, demo: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    calls: list[tuple[int, int]] = []
    out = tmp_path / "report.pdf"
    write_pdf(demo, out, lambda done, total: calls.append((done, total)))
    pages = pdf_pages(out)
    text = squash("".join(pages))
    for item in demo.items:
        if item.kind in ("note", "commitment", "spectrum", "entry", "marker", "cluster"):
            assert squash(item.text) in text, item.text
    for action in demo.actions:
        assert squash(action.what) in text
        if action.measure:
            assert squash(action.measure) in text
    for person in demo.participants:
        assert squash(person.name) in text
    for step in demo.steps:
        assert squash(step.title) in text
    # Sane size: the demo is a dozen pages, not one and not a hundred.
    assert 8 <= len(pages) <= 25
    for n, page in enumerate(pages, start=1):
        assert f"page {n} of {len(pages)}" in page
        assert demo.info.title in page
    # Progress: steady, and complete at the end.
    assert calls and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_pdf_metadata_and_language(tmp_path: Path, demo: WorkshopDoc) -> None:
    from pypdf import PdfReader

    from workshop_app.export.pdf_report import write_pdf

    demo.info.language = "de"
    out = tmp_path / "report.pdf"
    write_pdf(demo, out)
    reader = PdfReader(str(out))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == demo.info.title
    assert meta.author == demo.info.facilitator
    assert demo.info.organisation in (meta.subject or "")
    assert reader.trailer["/Root"]["/Lang"] == "de"
    fonts = {str(f["/BaseFont"]) for page in reader.pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSans" in f for f in fonts), fonts


def test_pdf_survives_tricky_text(tmp_path: Path, tricky: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    out = tmp_path / "tricky.pdf"
    write_pdf(tricky, out)
    pages = pdf_pages(out)
    text = squash("".join(pages))
    for t in READABLE:
        if t != "x" * 2000:
            assert squash(t) in text, t
    # The 2,000-character word is split over lines (and pages) but none of it is lost.
    runs = [len(m) for m in re.findall("x{100,}", text)]
    assert sum(runs) >= 2000 * 6
    assert "中文客户至上" in text
    assert len(pages) < 80


def test_pdf_of_an_empty_workshop(tmp_path: Path) -> None:
    from workshop_app.export.pdf_report import write_pdf

    out = tmp_path / "empty.pdf"
    write_pdf(WorkshopDoc(), out)
    pages = pdf_pages(out)
    assert "No actions were agreed" in "".join(pages)
    assert len(pages) <= 5


def test_failed_export_keeps_the_previous_file(tmp_path: Path, demo: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    out = tmp_path / "report.pdf"
    out.write_bytes(b"the earlier export")

    def boom(done: int, total: int) -> None:
        if done > total // 2:
            raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        write_pdf(demo, out, boom)
    assert out.read_bytes() == b"the earlier export"
    assert [p.name for p in tmp_path.iterdir()] == ["report.pdf"]


def test_handouts_one_sheet_per_participant(tmp_path: Path, tricky: WorkshopDoc) -> None:
    from workshop_app.export.handout import write_handouts

    # Someone who promised a great deal gets a sheet that goes on to a second page; everyone else one page.
    busy = tricky.participants[0]
    step = next(s for s in tricky.steps if s.type == "commitments")

    for n in range(30):
        tricky.items.append(Commitment(step=step.id, author=busy.id, text=f"Promise {n} " * 12))
    out = tmp_path / "handouts.pdf"
    write_handouts(tricky, out)
    sheets: list[str] = []
    for page in pdf_pages(out):
        if "page 1 of" in page:
            sheets.append(page)
        else:
            sheets[-1] += page
    assert len(sheets) == len(tricky.participants)
    assert "page 2 of 2" in sheets[0]
    for person, page in zip(tricky.participants, sheets, strict=True):
        if not re.search("[\u0590-\u08ff]", person.name):
            assert squash(person.name) in squash(page)
    first = squash(sheets[1])
    for item in tricky.items:
        if item.kind == "commitment" and item.author == tricky.participants[1].id:
            assert squash(item.text) in first


def test_guide_has_run_sheet_times_and_every_exercise(tmp_path: Path, library) -> None:
    from workshop_app.export.guide import write_guide

    agenda = library.agendas["half-day-kickoff"]
    out = tmp_path / "guide.pdf"
    write_guide(library, agenda, out)
    pages = pdf_pages(out)
    text = "".join(pages)
    flat = squash(text)
    clock = dt.datetime(2000, 1, 1, 9, 0)
    assert "09:00" in text
    for step in agenda.steps:
        clock += dt.timedelta(minutes=step.minutes)
        assert clock.strftime("%H:%M") in text
        if step.exercise:
            ex = library.exercises[step.exercise]
            assert squash(ex.title) in flat
            assert squash(ex.purpose) in flat
            for fact in ex.notes.facts:
                assert squash(fact.text) in flat
            # What to prepare, other ways to run it and the debrief are printed with the script.
            for variant in ex.notes.variants:
                assert squash(variant.name) in flat and squash(variant.text.split(".")[0]) in flat
            for question in ex.notes.debrief:
                assert squash(question) in flat
            if ex.notes.prepare:
                assert squash(ex.notes.prepare.split(".")[0]) in flat
    assert "Other ways to run it" in text and "Debrief questions" in text
    end = dt.datetime(2000, 1, 1, 9, 0) + dt.timedelta(minutes=agenda.minutes)
    assert end.strftime("%H:%M") in text
    assert len(pages) >= sum(1 for s in agenda.steps if s.exercise) + 1


def test_guide_start_time(tmp_path: Path, library) -> None:
    from workshop_app.export.guide import write_guide

    agenda = library.agendas["half-day-kickoff"]
    out = tmp_path / "guide.pdf"
    write_guide(library, agenda, out, start=dt.time(13, 30))
    text = "".join(pdf_pages(out))
    end = dt.datetime(2000, 1, 1, 13, 30) + dt.timedelta(minutes=agenda.minutes)
    assert "13:30" in text and end.strftime("%H:%M") in text


def test_json_round_trip_is_identical(tmp_path: Path, demo: WorkshopDoc, tricky: WorkshopDoc) -> None:
    for doc in (demo, tricky):
        first = dump_json(doc)
        again = parse_json(first)
        assert isinstance(again, WorkshopDoc)
        assert dump_json(again) == first
        assert again == published(doc)


def test_cli_exports_everything(tmp_path: Path, demo_path: Path) -> None:
    from workshop_app.cli import main

    out = tmp_path / "out"
    out.mkdir()
    code = main(["export", str(demo_path), "--pdf", str(out / "r.pdf"), "--csv", str(out / "a.csv"),
                 "--markdown", str(out / "w.md"), "--json", str(out / "w.json"), "--handouts", str(out / "h.pdf")])
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["a-actions.csv", "a.csv", "h.pdf", "r.pdf", "w.json", "w.md"]
    assert main(["guide", "half-day-kickoff", "--pdf", str(out / "g.pdf")]) == 0
    assert (out / "g.pdf").read_bytes().startswith(b"%PDF")


def odd_doc() -> WorkshopDoc:
    """Every exercise type at its limits: empty, crowded, odd scales, dangling references, no lanes."""
    import random

    from workshop_app.model.document import ActionItem, Participant, Step, WorkshopInfo
    from workshop_app.model.exercises import ExerciseDef

    def ex(key: str, kind: str, **content: object) -> ExerciseDef:
        return ExerciseDef(id=key, title=f"Odd {kind} {key}", purpose="Why " * 20, type=kind, minutes=10,
                           source="test", **{kind: content})

    rng = random.Random(3)
    steps = [
        Step(title="Empty board", exercise=ex("b1", "board", prompts=[f"Prompt {i}" for i in range(12)])),
        Step(title="Empty poll", exercise=ex("p1", "poll", statements=["S"], scale=list("ABCDEFG"))),
        Step(title="Poll of seven", exercise=ex("p2", "poll", statements=[f"S{i}" for i in range(30)],
                                                scale=[f"Option {c}" for c in "ABCDEFG"])),
        Step(title="Rating 0 to 10", exercise=ex("r1", "rating", scale_min=0, scale_max=10,
                                                 dimensions=[{"name": f"D{i}", "statements": ["a", "b"]}
                                                             for i in range(12)])),
        Step(title="Empty rating", exercise=ex("r2", "rating", dimensions=[{"name": "D", "statements": ["a"]}])),
        Step(title="Spectrum", exercise=ex("s1", "spectrum", categories=[f"Category {i}" for i in range(7)])),
        Step(title="Canvas per group", exercise=ex("c1", "canvas", fields=[f"F{i}" for i in range(10)], per="group")),
        Step(title="Map without lanes", exercise=ex("m1", "map")),
        Step(title="Crowded map", exercise=ex("m2", "map", lanes=[f"Lane {i}" for i in range(10)])),
        Step(title="Empty map", exercise=ex("m3", "map", lanes=["A"])),
        Step(title="Commitments", exercise=ex("k1", "commitments", count=5)),
        Step(title="A break", minutes=5),
    ]
    people = [Participant(name=f"P{i}") for i in range(5)]
    items = [Answer(step=steps[2].id, statement=i % 30, value=i % 7, author=people[i % 5].id)
             for i in range(40)]
    items += [Answer(step=steps[3].id, statement=i, value=rng.randint(0, 10)) for i in range(24)]
    items.append(Answer(step=steps[3].id, statement=99, value=3))
    items += [SpectrumItem(step=steps[5].id, text=f"KPI {i}", category=i % 9) for i in range(20)]
    items += [Entry(step=steps[6].id, text=f"Entry {i}", field=i % 12, card=f"Group {i % 3}")
              for i in range(25)]
    nodes = [Node(step=steps[7].id, text=f"Dept {i}", x=-50.0, y=i * 10.0) for i in range(6)]
    items += nodes
    items += [Link(step=steps[7].id, source=nodes[0].id, target=nodes[5].id),
              Link(step=steps[7].id, source=nodes[0].id, target="missing"),
              Marker(step=steps[7].id, target=nodes[2].id, text="on a node"),
              Marker(step=steps[7].id, target="gone", text="dangling", proposal=True)]
    crowd = [Node(step=steps[8].id, text=f"Department with a long name {i}", lane=rng.randint(0, 12),
                  x=rng.uniform(0, 300)) for i in range(30)]
    items += crowd
    links = [Link(step=steps[8].id, source=a.id, target=b.id, hidden=True)
             for a, b in zip(crowd, crowd[3:], strict=False)]
    items += links
    items += [Marker(step=steps[8].id, target=links[i].id, text=f"M{i}",
                   proposal=bool(i % 2)) for i in range(6)]
    items.append(Commitment(step=steps[10].id, text="a commitment by nobody known", author="nobody"))
    doc = WorkshopDoc(
        info=WorkshopInfo(title="T" * 200, organisation="O" * 120, facilitator="F"), participants=people,
        steps=steps, items=items,
        actions=[ActionItem(what="No owner, no date"),
                 ActionItem(what="Someone else's", owner="Not a participant", status="done", priority="low")],
    )
    return WorkshopDoc.model_validate(doc.model_dump())


def test_every_export_survives_odd_workshops(tmp_path: Path) -> None:
    from workshop_app.export.csv_export import write_answers_csv
    from workshop_app.export.handout import write_handouts
    from workshop_app.export.markdown import write_markdown
    from workshop_app.export.pdf_report import write_pdf

    doc = odd_doc()
    write_pdf(doc, tmp_path / "odd.pdf")
    write_handouts(doc, tmp_path / "odd-h.pdf")
    write_markdown(doc, tmp_path / "odd.md")
    write_answers_csv(doc, tmp_path / "odd.csv")
    pages = pdf_pages(tmp_path / "odd.pdf")
    text = squash("".join(pages))
    for needle in ("Noanswerswererecorded", "dangling", "acommitmentbynobodyknown",
                   "Noowneryet", "Departmentwithalongname29"):
        assert needle in text, needle
    assert len(pages) < 40
    assert len(pdf_pages(tmp_path / "odd-h.pdf")) == len(doc.participants)


def test_missing_fallback_font_costs_only_its_characters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop_app.export import pdf_text
    from workshop_app.export.pdf_report import write_pdf

    monkeypatch.setitem(pdf_text.FONT_FILES, "WorkshopNoSuchFont", "NoSuchFont.ttf")
    monkeypatch.setattr(pdf_text, "FALLBACKS", ("WorkshopNoSuchFont", *pdf_text.FALLBACKS))
    pdf_text._cmap.cache_clear()
    pdf_text._font_for.cache_clear()
    try:
        doc = WorkshopDoc()
        doc.info.title = "Fallback 中文 🎉"
        write_pdf(doc, tmp_path / "r.pdf")
        assert "中文" in "".join(pdf_pages(tmp_path / "r.pdf"))
    finally:
        pdf_text._cmap.cache_clear()
        pdf_text._font_for.cache_clear()
