"""The portfolio: a folder tree of workshops read without changing a byte, the unreadable ones skipped with a note."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import REPO
from workshop_app.cli import main
from workshop_app.core.followup import make_follow_up
from workshop_app.core.portfolio import read_portfolio
from workshop_app.core.review import review_action
from workshop_app.core.workshop import Workshop
from workshop_app.storage.workshop_file import SCHEMA_VERSION

TODAY = dt.date(2026, 5, 20)


def snapshot(folder: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file under ``folder``: its size, its time of change and its bytes."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns, p.read_bytes())
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def folder(tmp_path: Path, demo_path: Path, library):
    """A kick-off and its follow-up in two sites, beside a damaged, a locked, a newer and an arriving file."""
    root = tmp_path / "Northwind"
    (root / "Berlin").mkdir(parents=True)
    (root / "Oslo").mkdir()
    kickoff = root / "Berlin" / "kick-off.workshop"
    kickoff.write_bytes(demo_path.read_bytes())
    earlier = Workshop.open(kickoff, readonly=True)
    ws = make_follow_up(earlier.doc, root / "Berlin" / "check-in.workshop", library, date=dt.date(2026, 5, 4))
    earlier.close()
    review = next(s for s in ws.steps if s.type == "review")
    room = [a for a in ws.doc.actions if not a.personal]
    review_action(ws, review.id, room[0].id, status="done", note="All accounts named", quick_win=True)
    review_action(ws, review.id, room[1].id, status="in progress")
    review_action(ws, review.id, room[2].id, status="dropped")
    ws.close()

    with unreadable_beside(root / "Oslo", demo_path.read_bytes()):
        yield root


@contextlib.contextmanager
def unreadable_beside(folder: Path, workshop: bytes) -> Iterator[None]:
    """A damaged file, one from a newer version, one still arriving and one open in another copy of the app
    (which keeps it open until the block ends), made from the bytes of a ``workshop`` file."""
    folder.mkdir(parents=True, exist_ok=True)
    damaged = folder / "damaged.workshop"
    data = bytearray(workshop)
    data[4096:] = b"\xa5" * (len(data) - 4096)
    damaged.write_bytes(bytes(data))
    newer = folder / "newer.workshop"
    newer.write_bytes(workshop)
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    (folder / "arriving.workshop").write_bytes(workshop[:20_000])
    locked = folder / "locked.workshop"
    locked.write_bytes(workshop)
    code = textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(REPO)!r})
        from workshop_app.core.workshop import Workshop
        ws = Workshop.open({str(locked)!r})
        print("open", flush=True)
        sys.stdin.readline()
        ws.close()
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        yield
    finally:
        child.kill()
        child.wait()


def test_the_portfolio_reads_the_series_and_skips_what_it_cannot_read(folder: Path) -> None:
    before = snapshot(folder)
    portfolio = read_portfolio(folder, TODAY)
    assert snapshot(folder) == before  # nothing written, nothing created beside the files

    assert [w.title for w in portfolio.workshops] == ["Customer-focus kick-off", "Customer-focus kick-off — follow-up"]
    kickoff, check_in = portfolio.workshops
    assert check_in.follows == kickoff.id and kickoff.date == dt.date(2026, 3, 12)
    assert kickoff.roles["Customer service"] == 2 and kickoff.people == 12
    reasons = {p.path.name: p.reason for p in portfolio.skipped}
    assert set(reasons) == {"damaged.workshop", "newer.workshop", "arriving.workshop", "locked.workshop"}
    assert reasons["damaged.workshop"].startswith("Damaged")
    assert reasons["newer.workshop"].startswith("From a newer version")
    assert reasons["arriving.workshop"].startswith("Still arriving: only 20,000 of its")
    assert reasons["locked.workshop"].startswith("Locked: it is open in Workshop Room")

    # Each action once: the 41 of the kick-off, the carried ones as they stand in the follow-up.
    actions = portfolio.actions()
    assert len(actions) == 41
    statuses = sorted(p.action.status for p in actions if not p.personal)
    assert statuses == ["done", "dropped", "in progress", "open", "open"]
    # The tallies add up the actions as they stand, each counted once.
    for tallies, key in ((portfolio.by_area(), lambda p: p.action.area or "No area"),
                         (portfolio.by_owner(), lambda p: p.owner)):
        assert sum(t.total for t in tallies) == 41
        for tally in tallies:
            mine = [p.action for p in actions if key(p) == tally.name]
            assert (tally.total, tally.done, tally.moving, tally.open, tally.dropped) == (
                len(mine), *(sum(a.status == s for a in mine) for s in ("done", "in progress", "open", "dropped")))
            standing = tally.total - tally.dropped
            assert tally.completion == (tally.done / standing if standing else None)
    done = next(p for p in actions if p.action.status == "done" and not p.personal)
    assert done.workshop == "Customer-focus kick-off — follow-up"  # as it stands in the latest workshop
    areas = {t.name: t for t in portfolio.by_area()}
    assert done.action.area is not None and areas[done.action.area].done >= 1
    # On 20 May: what was due before and is neither done nor dropped.
    late = portfolio.overdue()
    assert late and all(p.action.due and p.action.due < TODAY and p.action.status in ("open", "in progress")
                        for p in late)
    assert [p.action.due for p in late] == sorted(p.action.due for p in late)  # type: ignore[type-var]


def test_the_portfolio_report_from_the_command_line(folder: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(folder)
    out = tmp_path / "portfolio.pdf"
    assert main(["portfolio", str(folder), "--pdf", str(out), "--date", "2026-05-20"]) == 0
    said = capsys.readouterr()
    assert "2 workshops read, 4 skipped." in said.out
    assert "skipped Oslo/damaged.workshop: Damaged" in said.err
    assert snapshot(folder) == before
    text = " ".join(page.extract_text() or "" for page in PdfReader(out).pages)
    for expected in ("WORKSHOP PORTFOLIO", "Customer-focus kick-off — follow-up", "follows Customer-focus kick-off",
                     "Action completion by attention area", "Action completion by owner", "Overdue actions",
                     "Files skipped (4)", "Oslo/locked.workshop"):
        assert expected in text, expected
    assert main(["portfolio", str(tmp_path / "nowhere"), "--pdf", str(out)]) == 1
    assert "is not a folder" in capsys.readouterr().err


def test_a_workshop_open_in_this_app_is_read_as_it_stands(tmp_path: Path, demo_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    path = folder / "open.workshop"
    path.write_bytes(demo_path.read_bytes())
    ws = Workshop.open(path)
    ws.update_action(ws.actions[1].id, status="done")
    try:
        portfolio = read_portfolio(folder, TODAY)
        assert not portfolio.skipped
        assert sum(1 for p in portfolio.actions() if p.action.status == "done") == 1
    finally:
        ws.close()


def test_the_portfolio_window(qtbot, folder: Path, tmp_path: Path) -> None:
    from workshop_app.gui.portfolio_window import PortfolioWindow

    window = PortfolioWindow(folder, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    tabs = [window.tabs.tabText(n) for n in range(window.tabs.count())]
    assert tabs[0] == "Workshops (2)" and tabs[-1] == "Skipped (4)" and tabs[3].startswith("Overdue (")
    workshops = window.tabs.widget(0)
    assert workshops.item(1, 1).text() == "Customer-focus kick-off — follow-up"  # type: ignore[attr-defined]
    assert workshops.item(1, 2).text() == "Customer-focus kick-off"  # type: ignore[attr-defined]
    assert workshops.item(1, 3).text() == "1 of 40"  # type: ignore[attr-defined]
    assert "2 workshops, 41 actions, 1 done" in window.summary.text()
    out = tmp_path / "from-window.pdf"
    assert window.export_pdf(out) and out.stat().st_size > 0
    window.grab().save(str(tmp_path / "portfolio.png"))
