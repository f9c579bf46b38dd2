"""A follow-up's series found from its links: the earlier files by their ids, the trend on the report's first page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.test_portfolio import snapshot
from workshop_app.cli import main
from workshop_app.core.followup import link_hint, make_follow_up
from workshop_app.core.series import find_series, series_trends
from workshop_app.core.setup import make_step, plan_from_agenda
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Participant, WorkshopDoc, WorkshopInfo

# Each person gives one score to a whole construct (a reverse-worded statement rated the other way
# round, so it scores the same); "Leadership support" is rated one point lower. By hand:
#   kick-off   2 3 3 4       n 4, mean 3.00 (leadership 1 2 2 3: 2.00)
#   follow-up  3 3 4 4 4     n 5, mean 3.60 (leadership 2.60)
#   second     4 4 4 5 5 5   n 6, mean 4.50 (leadership 3.50)
# From the follow-up to the second: change 0.90, se = √(0.3/5 + 0.3/6) = 0.332, Welch df 8.6,
# t 2.28, so 0.90 ± 0.76 leaves out zero: beyond the noise. From the kick-off to the follow-up:
# 0.60, se = √(0.667/4 + 0.3/5) = 0.476, df 5.2, t 2.53, 0.60 ± 1.20: within the noise.
SCORES = {"kick-off": [2, 3, 3, 4], "follow-up": [3, 3, 4, 4, 4], "second": [4, 4, 4, 5, 5, 5]}


def rate(ws: Workshop, scores: list[int], tag: str, roles: list[str] | None = None) -> None:
    """Every person rates every statement of the self-assessment, each under a respondent key of their own
    and with the role in ``roles`` at their place, if any."""
    step = next(s for s in ws.steps if s.exercise and s.exercise.id == "where-are-we")
    assert step.exercise and step.exercise.rating
    rating = step.exercise.rating
    with ws.unit("Ratings"):
        for person, score in enumerate(scores):
            n = 0
            for dimension in rating.dimensions:
                value = score - 1 if dimension.name == "Leadership support" else score
                for statement in dimension.statements:
                    raw = rating.scale_min + rating.scale_max - value if statement.reverse else value
                    ws.add_item(step.id, "answer", "Rate", statement=n, value=float(raw),
                                respondent=f"{tag}-{person}", role=roles[person] if roles else "")
                    n += 1


@pytest.fixture
def three(tmp_path: Path, library) -> list[Path]:
    """A kick-off in one folder, its follow-up and the follow-up's follow-up in another."""
    march, may = tmp_path / "March", tmp_path / "Later"
    march.mkdir()
    may.mkdir()
    kickoff = march / "kick-off.workshop"
    plan = plan_from_agenda(library, library.agendas["half-day-kickoff"])
    people = [Participant(name=f"Person {n}", role="Sales" if n % 2 else "Operations") for n in range(8)]
    doc = WorkshopDoc(info=WorkshopInfo(title="Kick-off", organisation="Northwind Logistics", date=dt.date(2026, 3, 12)),
                      participants=people, steps=[make_step(p) for p in plan])
    ws = Workshop.create(kickoff, doc)
    rate(ws, SCORES["kick-off"], "k")
    ws.close()
    paths = [kickoff]
    for name, day in (("follow-up", dt.date(2026, 5, 20)), ("second", dt.date(2026, 9, 10))):
        earlier = Workshop.open(paths[-1], readonly=True)
        path = may / f"{name}.workshop"
        ws = make_follow_up(earlier.doc, path, library, date=day, earlier_file=link_hint(paths[-1], path))
        earlier.close()
        rate(ws, SCORES[name], name)
        ws.close()
        paths.append(path)
    return paths


def text_of(pdf: Path, page: int | None = None) -> str:
    pages = PdfReader(pdf).pages
    chosen = [pages[page]] if page is not None else pages
    return " ".join(" ".join(p.extract_text() for p in chosen).split())


def test_the_chain_is_followed_back_by_the_links(three: list[Path]) -> None:
    kickoff, first, second = three
    doc = Workshop.open(second, readonly=True)
    try:
        assert doc.doc.info.follows is not None and doc.doc.info.follows.file == "follow-up.workshop"
        found = find_series(doc.doc, second)
        trends, notes = series_trends(doc.doc, found, second)
    finally:
        doc.close()
    assert [e.path for e in found.earlier] == [first.resolve(), kickoff.resolve()]
    assert found.notes == [] and notes == []
    first_doc = found.earlier[0].doc
    assert first_doc.info.follows is not None and first_doc.info.follows.file == "../March/kick-off.workshop"
    (trend,) = trends
    assert [r.title for r in trend.runs] == ["Kick-off", "Kick-off — follow-up", "Kick-off — follow-up 2"]
    assert [r.source for r in trend.runs] == ["kick-off.workshop", "follow-up.workshop", "this workshop"]
    assert [r.assessment.constructs[0].score.n for r in trend.runs] == [4, 5, 6]
    assert [round(r.assessment.constructs[0].score.mean or 0, 2) for r in trend.runs] == [3.0, 3.6, 4.5]
    assert [round(r.assessment.constructs[3].score.mean or 0, 2) for r in trend.runs] == [2.0, 2.6, 3.5]


def test_the_follow_ups_report_opens_with_what_moved_and_the_trend(three: list[Path], tmp_path: Path,
                                                                   capsys) -> None:
    out = tmp_path / "second.pdf"
    assert main(["export", str(three[2]), "--pdf", str(out)]) == 0
    assert capsys.readouterr().err == ""
    page = text_of(out, 1)  # the page after the cover
    assert page.startswith("What moved since Kick-off — follow-up")
    assert "The self-assessment over the series" in page
    assert "“Where are we?” in 3 workshops, from Kick-off, 12 Mar 2026 to this one" in page
    # Under each construct's chart: each run's mean, its date and n, oldest first.
    runs = r"3\.0 12 Mar 2026 n 4 3\.6 20 May 2026 n 5 4\.5 10 Sep 2026 n 6"
    assert len(re.findall(runs, page)) == 4, page
    assert len(re.findall(r"2\.0 12 Mar 2026 n 4 2\.6 20 May 2026 n 5 3\.5 10 Sep 2026 n 6", page)) == 1
    # Only the step from 3.6 to 4.5 is beyond the noise; each chart labels it.
    assert page.count("+0.9") == 5 and "+0.6" not in page
    # The rating section compares with the same series without being told.
    whole = text_of(out)
    assert "Against earlier runs" in whole and "Kick-off, 12 Mar 2026" in whole
    assert "+0.9 (+0.1 to +1.7) beyond noise" in whole  # 0.90 ± 0.76, as worked out above


def test_a_missing_earlier_file_is_one_plain_line(three: list[Path], tmp_path: Path, capsys) -> None:
    kickoff, first, second = three
    kickoff.rename(tmp_path / "elsewhere.workshop")
    out = tmp_path / "second.pdf"
    assert main(["export", str(second), "--pdf", str(out)]) == 0
    line = ("The earlier workshop “Kick-off” of 12 Mar 2026 (last known as ../March/kick-off.workshop) was not "
            "found in this workshop's folder, so it and any workshop before it are left out.")
    assert capsys.readouterr().err.strip() == line
    page = text_of(out, 1)
    assert line in page
    assert "“Where are we?” in 2 workshops, from Kick-off — follow-up, 20 May 2026 to this one" in page
    assert len(re.findall(r"3\.6 20 May 2026 n 5 4\.5 10 Sep 2026 n 6", page)) == 4


def test_a_moved_or_renamed_earlier_file_is_found_by_its_id(three: list[Path], tmp_path: Path) -> None:
    kickoff, first, second = three
    kickoff.rename(first.parent / "renamed.workshop")  # beside the follow-ups, under another name
    (first.parent / "unrelated.workshop").write_bytes(b"not a workshop at all")
    doc = Workshop.open(second, readonly=True)
    before = snapshot(first.parent)
    try:
        found = find_series(doc.doc, second)
    finally:
        doc.close()
    assert [e.path.name for e in found.earlier] == ["follow-up.workshop", "renamed.workshop"]
    assert found.notes == []
    assert snapshot(first.parent) == before  # the files are only read: not a byte changes, nothing is added


def test_a_workshop_that_follows_nothing_has_no_series(tmp_path: Path, demo_path: Path) -> None:
    doc = Workshop.open(demo_path, readonly=True)
    try:
        assert find_series(doc.doc, demo_path).earlier == []
    finally:
        doc.close()


def test_the_export_menu_finds_the_series_too(qtbot, three: list[Path], tmp_path: Path) -> None:
    from workshop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show_workshop(Workshop.open(three[2]))
    out = tmp_path / "menu.pdf"
    with qtbot.waitSignal(window.exports.done, timeout=60_000):
        window.export_to("pdf", out)
    window.close_workshop()
    page = text_of(out, 1)
    assert "“Where are we?” in 3 workshops, from Kick-off, 12 Mar 2026 to this one" in page
    assert len(re.findall(r"3\.0 12 Mar 2026 n 4 3\.6 20 May 2026 n 5 4\.5 10 Sep 2026 n 6", page)) == 4


def test_the_rating_view_of_a_follow_up_compares_with_its_series(qtbot, three: list[Path], tmp_path: Path) -> None:
    from workshop_app.gui.session import Session
    from workshop_app.gui.views.rating_view import EARLIER, RatingView

    session = Session(Workshop.open(three[2]))
    step = next(s for s in session.workshop.steps if s.exercise and s.exercise.id == "where-are-we")
    view = RatingView(session, step.id)
    qtbot.addWidget(view)
    view.show()
    assert view.earlier is not None and [r.title for r in view.earlier] == ["Kick-off", "Kick-off — follow-up"]
    assert not view.table.isColumnHidden(EARLIER) and view.clear_compare.isVisible()
    assert view.compare_note.text().startswith("Compared with Kick-off, 12 Mar 2026 (4 people), Kick-off — "
                                               "follow-up, 20 May 2026 (5 people).")
    assert view.table.item(view.dimension_rows[0], EARLIER).text() == "3.6 (+0.9, beyond noise)"
    assert "n 4" in view.table.item(view.dimension_rows[0], EARLIER).toolTip()
    session.close()

    # Without the kick-off's file the view still compares with what it found, and says what is missing.
    three[0].unlink()
    session = Session(Workshop.open(three[2]))
    view = RatingView(session, step.id)
    qtbot.addWidget(view)
    view.show()
    assert view.earlier is not None and [r.title for r in view.earlier] == ["Kick-off — follow-up"]
    assert view.compare_note.text().endswith("“Kick-off” of 12 Mar 2026 (last known as ../March/kick-off.workshop) "
                                             "was not found in this workshop's folder, so it and any workshop "
                                             "before it are left out.")
    session.close()
