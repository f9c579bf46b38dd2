"""The portfolio's self-assessment trend: per series and construct, everyone and each role of at least five."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QTableWidget

from tests.test_portfolio import snapshot, unreadable_beside
from tests.test_series import rate
from workshop_app.cli import main
from workshop_app.core.followup import link_hint, make_follow_up
from workshop_app.core.portfolio import assessment_series, read_portfolio
from workshop_app.core.setup import make_step, plan_from_agenda
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Participant, WorkshopDoc, WorkshopInfo

# Each person gives one score to every construct ("Leadership support" one point lower). By hand:
#              Sales                     Operations                 everyone
#   kick-off   2 3 3 4 3 3: n 6, 3.00   4 4 5 5: n 4, withheld      n 10, 3.60
#   follow-up  3 4 4 4 5:   n 5, 4.00   2 3 3 3 4: n 5, 3.00        n 10, 3.50
#   second     4 5 5 5:     n 4, withheld 3 4 4 4 4 5: n 6, 4.00    n 10, 4.30
# Intervals, mean ± t · sd / √n: Sales at the kick-off sd √0.4 = 0.632, t(5) 2.571: 3.00 ± 0.66 = 2.3–3.7;
# Sales at the follow-up sd √0.5 = 0.707, t(4) 2.776: 4.00 ± 0.88 = 3.1–4.9; Operations at the follow-up
# 3.00 ± 0.88 = 2.1–3.9 and at the second 4.00 ± 0.66 = 3.3–4.7.
# Sales from 3.00 to 4.00: se √(0.4/6 + 0.5/5) = 0.408, Welch df 8.2, t 2.296, so +1.00 ± 0.94: beyond
# the noise. Operations from 3.00 (follow-up) to 4.00 (second, the kick-off's result being withheld) alike.
RUNS = {
    "kick-off": ([2, 3, 3, 4, 3, 3, 4, 4, 5, 5], ["Sales"] * 6 + ["Operations"] * 4),
    "follow-up": ([3, 4, 4, 4, 5, 2, 3, 3, 3, 4], ["Sales"] * 5 + ["Operations"] * 5),
    "second": ([4, 5, 5, 5, 3, 4, 4, 4, 4, 5], ["Sales"] * 4 + ["Operations"] * 6),
}
TODAY = dt.date(2026, 9, 20)


@pytest.fixture
def folder(tmp_path: Path, library):
    root = tmp_path / "Northwind"
    berlin = root / "Berlin"
    berlin.mkdir(parents=True)
    plan = plan_from_agenda(library, library.agendas["half-day-kickoff"])
    people = [Participant(name=f"Person {n}", role="Sales" if n < 6 else "Operations") for n in range(10)]
    kickoff = berlin / "kick-off.workshop"
    ws = Workshop.create(kickoff, WorkshopDoc(
        info=WorkshopInfo(title="Berlin kick-off", organisation="Northwind", date=dt.date(2026, 3, 12)),
        participants=people, steps=[make_step(p) for p in plan]))
    rate(ws, RUNS["kick-off"][0], "k", RUNS["kick-off"][1])
    ws.close()
    paths = [kickoff]
    for name, day in (("follow-up", dt.date(2026, 5, 20)), ("second", dt.date(2026, 9, 10))):
        earlier = Workshop.open(paths[-1], readonly=True)
        path = berlin / f"{name}.workshop"
        ws = make_follow_up(earlier.doc, path, library, date=day, earlier_file=link_hint(paths[-1], path))
        earlier.close()
        scores, roles = RUNS[name]
        rate(ws, scores, name, roles)
        ws.close()
        paths.append(path)
    # A site of its own, not linked to Berlin: a series of its own.
    (root / "Oslo").mkdir()
    ws = Workshop.create(root / "Oslo" / "oslo.workshop", WorkshopDoc(
        info=WorkshopInfo(title="Oslo kick-off", organisation="Northwind", date=dt.date(2026, 4, 2)),
        participants=people[:3], steps=[make_step(p) for p in plan]))
    rate(ws, [3, 4, 5], "oslo", ["Sales"] * 3)
    ws.close()
    with unreadable_beside(root / "Oslo", kickoff.read_bytes()):
        yield root


def test_the_trend_by_role_where_at_least_five_answered(folder: Path) -> None:
    before = snapshot(folder)
    portfolio = read_portfolio(folder, TODAY)
    assert snapshot(folder) == before
    assert {p.path.name for p in portfolio.skipped} == {"damaged.workshop", "newer.workshop", "arriving.workshop",
                                                      "locked.workshop"}
    berlin, oslo = assessment_series(portfolio)
    assert (berlin.title, berlin.first, oslo.first) == ("Where are we?", "Berlin kick-off", "Oslo kick-off")
    assert [r.date for r in berlin.runs] == [dt.date(2026, 3, 12), dt.date(2026, 5, 20), dt.date(2026, 9, 10)]
    assert len(oslo.runs) == 1 and oslo.roles() == []  # three people of a role: never shown

    overall = berlin.overall()["Understanding customers"]
    assert [(p.result.score.n, round(p.result.score.mean or 0, 2)) for p in overall] == [
        (10, 3.6), (10, 3.5), (10, 4.3)]
    assert [round(p.result.score.mean or 0, 2) for p in berlin.overall()["Leadership support"]] == [2.6, 2.5, 3.3]

    assert berlin.roles() == ["Operations", "Sales"]
    sales = berlin.by_role("Sales")["Understanding customers"]
    assert sales[2] is None  # four people of Sales at the second: withheld
    first, second = sales[0], sales[1]
    assert first is not None and second is not None
    assert (first.result.score.n, first.result.score.mean) == (6, 3.0)
    assert (round(first.result.score.low or 0, 2), round(first.result.score.high or 0, 2)) == (2.34, 3.66)
    assert (second.result.score.n, second.result.score.mean) == (5, 4.0)
    assert (round(second.result.score.low or 0, 2), round(second.result.score.high or 0, 2)) == (3.12, 4.88)
    assert first.change is None and second.change is not None
    assert second.change.beyond_noise and round(second.change.low, 2) == 0.06 and round(second.change.high, 2) == 1.94

    ops = berlin.by_role("Operations")["Understanding customers"]
    assert ops[0] is None  # four people of Operations at the kick-off: withheld
    assert ops[1] is not None and (ops[1].result.score.n, ops[1].result.score.mean) == (5, 3.0)
    assert ops[2] is not None and (ops[2].result.score.n, ops[2].result.score.mean) == (6, 4.0)
    # The change is from the last run where the role's result was shown.
    assert ops[2].change is not None and ops[2].change.beyond_noise and round(ops[2].change.change, 2) == 1.0


def test_the_portfolio_report_shows_the_trend_and_the_files_it_skipped(folder: Path, tmp_path: Path,
                                                                        capsys) -> None:
    out = tmp_path / "portfolio.pdf"
    assert main(["portfolio", str(folder), "--pdf", str(out), "--date", TODAY.isoformat()]) == 0
    assert "4 workshops read, 4 skipped." in capsys.readouterr().out
    text = " ".join(" ".join(page.extract_text() or "" for page in PdfReader(out).pages).split())
    for expected in ("Self-assessment trend", "Where are we? · from Berlin kick-off", "3 runs of the same statements",
                     "Where are we? · from Oslo kick-off", "No role was given by 5 or more people in any run",
                     "Everyone", "Understanding customers", "3.6 n 10", "3.5 n 10", "4.3 n 10",
                     "3.0 n 6 2.3–3.7", "4.0 n 5 3.1–4.9", "▲ +1.0", "fewer than 5 answered", "Sales · shown in 2 of 3 runs",
                     "Operations · shown in 2 of 3 runs", "Files skipped (4)",
                     "Oslo/damaged.workshop", "Oslo/locked.workshop", "Oslo/newer.workshop"):
        assert expected in text, expected
    sales = text.index("Sales", text.index("Where are we? · from Berlin kick-off"))
    operations = text.index("Operations", text.index("Where are we? · from Berlin kick-off"))
    assert operations < sales  # the roles in order of their names, after everyone


def test_the_portfolio_window_shows_the_trend(qtbot, folder: Path) -> None:
    from workshop_app.gui.portfolio_window import PortfolioWindow

    window = PortfolioWindow(folder, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    tab = next(n for n in range(window.tabs.count()) if window.tabs.tabText(n) == "Assessment trend")
    table = window.tabs.widget(tab)
    assert isinstance(table, QTableWidget)
    rows, above = [], ["", "", ""]
    for r in range(table.rowCount()):
        row = [table.item(r, c).text() for c in range(table.columnCount())]
        # The series, the group and the construct are written on the first of their rows only.
        if row[0]:
            above = [row[0], "", ""]
        if row[1]:
            above[1:] = [row[1], ""]
        if row[2]:
            above[2] = row[2]
        rows.append([*above, *row[3:]])
    # Berlin: 5 constructs × 3 runs for everyone, Operations and Sales; Oslo: 5 constructs once.
    assert len(rows) == 5 * 3 * 3 + 5
    firsts = [table.item(r, 0).text() for r in range(table.rowCount()) if table.item(r, 0).text()]
    assert firsts == ["Where are we? · from Berlin kick-off", "Where are we? · from Oslo kick-off"]
    assert ["Where are we? · from Berlin kick-off", "Sales", "Understanding customers", "Berlin kick-off — follow-up",
            "20 May 2026", "5", "4.0", "3.1–4.9", "+1.0, beyond noise"] in rows
    assert ["Where are we? · from Berlin kick-off", "Sales", "Understanding customers",
            "Berlin kick-off — follow-up 2", "10 Sep 2026", "< 5", "", "", "not shown: fewer than 5 answered"] in rows
    assert any(r[:3] == ["Where are we? · from Berlin kick-off", "Everyone", "Understanding customers"]
               and r[5:7] == ["10", "4.3"] for r in rows)
    assert window.tabs.tabText(window.tabs.count() - 1) == "Skipped (4)"
