"""The trend across a series of workshops: order, changes beyond the noise, refusals, and the trend command."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest

from workshop_app.cli import main
from workshop_app.core.trend import TrendError, load_run, points, series
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Answer, Step, WorkshopDoc, WorkshopInfo
from workshop_app.model.exercises import ExerciseDef


def make_run(path: Path, exercise: ExerciseDef, date: dt.date | None, people: int, lift: float, seed: int,
             title: str = "") -> Path:
    """A workshop where ``people`` rated every statement, leaning ``lift`` points above the middle."""
    rng = random.Random(seed)
    rating = exercise.rating
    assert rating
    statements = [s for d in rating.dimensions for s in d.statements]
    step = Step(title="Where are we?", exercise=exercise)
    items = []
    for person in range(people):
        lean = rng.gauss(lift, 0.6)
        for n, statement in enumerate(statements):
            raw = round(min(max(rng.gauss(3 + (-lean if statement.reverse else lean), 0.5), 1), 5))
            items.append(Answer(step=step.id, statement=n, value=raw, respondent=f"{seed}-{person}"))
    info = WorkshopInfo(title=title or f"Check-in {date or seed}", organisation="Northwind Logistics", date=date)
    Workshop.create(path, WorkshopDoc(info=info, steps=[step], items=items)).close()
    return path


@pytest.fixture
def three(tmp_path: Path, library) -> list[Path]:
    ex = library.exercises["where-are-we"]
    return [
        make_run(tmp_path / "c.workshop", ex, dt.date(2026, 9, 10), 14, 0.9, 3, "Six-month check-in"),
        make_run(tmp_path / "a.workshop", ex, dt.date(2026, 3, 12), 12, -0.4, 1, "Kick-off"),
        make_run(tmp_path / "b.workshop", ex, dt.date(2026, 5, 20), 11, -0.2, 2, "First follow-up"),
    ]


def test_runs_are_put_in_date_order_and_real_changes_marked(three: list[Path]) -> None:
    runs = series([load_run(p) for p in three])
    assert [r.title for r in runs] == ["Kick-off", "First follow-up", "Six-month check-in"]
    assert [r.assessment.people for r in runs] == [12, 11, 14]
    trend = points(runs)
    assert list(trend) == ["Understanding customers", "Working across silos", "KPIs and incentives",
                           "Leadership support", "The four conditions"]
    for construct in trend.values():
        first, second, third = construct
        assert first.change is None
        assert second.change is not None and third.change is not None
        # A lift of a point and more with a dozen people each time is far beyond the noise.
        assert third.change.beyond_noise and third.change.change > 0.5
        assert third.result.score.n == 14


def test_a_run_of_other_statements_is_refused(tmp_path: Path, library, three: list[Path]) -> None:
    ex = library.exercises["where-are-we"]
    old = ex.model_copy(update={"rating": ex.rating.model_copy(update={"version": "1"})})
    odd = make_run(tmp_path / "odd.workshop", old, dt.date(2026, 1, 5), 10, 0.0, 9)
    with pytest.raises(TrendError, match="odd.workshop cannot be compared with c.workshop: it uses instrument "
                                         "version 1, this one version 2"):
        series([load_run(p) for p in [*three, odd]])


def test_trend_command_writes_a_chart_per_construct(tmp_path: Path, three: list[Path], capsys) -> None:
    from pypdf import PdfReader

    out = tmp_path / "trend.pdf"
    assert main(["trend", *map(str, three), "--pdf", str(out)]) == 0
    assert "Wrote trend of 3 runs" in capsys.readouterr().out
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(out).pages).split())
    for needed in ("SELF-ASSESSMENT TREND", "3 runs of instrument version 2", "Understanding customers",
                   "The four conditions", "beyond noise", "12 Mar 2026", "10 Sep 2026"):
        assert needed in text, needed


def test_trend_command_explains_files_it_cannot_use(tmp_path: Path, library, three: list[Path], capsys) -> None:
    other = tmp_path / "poll.workshop"
    Workshop.create(other, WorkshopDoc(steps=[Step(title="Poll", exercise=library.exercises["warning-signs"])])).close()
    assert main(["trend", str(three[0]), str(other), "--pdf", str(tmp_path / "t.pdf")]) == 1
    err = capsys.readouterr().err.strip()
    assert err == "workshop-app: poll.workshop has no “where-are-we” exercise to compare with."
    assert main(["trend", str(tmp_path / "missing.workshop"), "--pdf", str(tmp_path / "t.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workshop-app: missing.workshop cannot be compared:") and "Traceback" not in err
    assert not (tmp_path / "t.pdf").exists()


def test_the_report_compares_with_earlier_runs(tmp_path: Path, three: list[Path], capsys) -> None:
    from pypdf import PdfReader

    out = tmp_path / "report.pdf"
    assert main(["export", str(three[0]), "--pdf", str(out), "--compare", str(three[1]), str(three[2])]) == 0
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(out).pages).split())
    for needed in ("Per construct", "Cronbach", "Against earlier runs", "Kick-off, 12 Mar 2026", "beyond noise",
                   "95% CI", "Alpha"):
        assert needed in text, needed
    assert main(["export", str(three[0]), "--compare", str(three[1])]) == 1
    assert "give --pdf too" in capsys.readouterr().err
