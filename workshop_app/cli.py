"""The command line: the GUI's entry point and the same core operations without a screen."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from workshop_app import __version__

if TYPE_CHECKING:  # the commands import what they need when they run, to start quickly
    from workshop_app.model.document import WorkshopDoc

COMMANDS = ("demo", "export", "exercises", "schema", "import", "guide", "join", "backups", "restore", "follow-up",
            "portfolio", "trend")


class UserError(Exception):
    """A mistake by the user (a missing file, a bad argument): one line on stderr, exit 1."""


def _gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="workshop-app",
        description="Run customer-focus workshops offline. Commands: " + ", ".join(COMMANDS)
        + " (see 'workshop-app COMMAND --help').",
    )
    p.add_argument("--version", action="version", version=f"workshop-app {__version__}")
    p.add_argument("path", nargs="?", type=Path, help="a .workshop file to open")
    return p


def _command_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workshop-app")
    sub = p.add_subparsers(dest="command", required=True)
    d = sub.add_parser("demo", help="write a realistic demo workshop")
    d.add_argument("path", type=Path)
    d.add_argument("--force", action="store_true", help="replace the file if it exists")
    e = sub.add_parser("export", help="export a workshop")
    e.add_argument("path", type=Path)
    e.add_argument("--pdf", type=Path, help="the PDF report")
    e.add_argument("--csv", type=Path, help="every answer as CSV (the action items go beside it, *-actions.csv)")
    e.add_argument("--markdown", type=Path, help="the whole workshop as Markdown")
    e.add_argument("--json", type=Path, help="the whole workshop as JSON (lossless)")
    e.add_argument("--xlsx", type=Path, help="actions, answers and participants as an Excel workbook")
    e.add_argument("--handouts", type=Path, help="one page per participant, as one PDF")
    e.add_argument("--ics", type=Path, help="due dates and the follow-up as calendar reminders (.ics)")
    e.add_argument("--ballots", type=Path, help="paper ballots for the self-assessment, polls and commitments, "
                   "each with a code of its own, as one PDF")
    e.add_argument("--copies", type=int, metavar="N", help="ballots of each exercise (default: one per "
                   "participant and two spare, or 20 when no participants are listed)")
    e.add_argument("--compare", type=Path, nargs="+", metavar="EARLIER",
                   help="earlier workshops whose run of the same self-assessment the PDF report compares with")
    x = sub.add_parser("exercises", help="list or check exercise files")
    xs = x.add_subparsers(dest="action", required=True)
    xs.add_parser("list", help="list the exercises and agendas")
    c = xs.add_parser("check", help="check exercise files; exit 1 if any is invalid")
    c.add_argument("paths", nargs="*", type=Path)
    s = sub.add_parser("schema", help="write the JSON schema of workshop exports")
    s.add_argument("out", nargs="?", type=Path)
    i = sub.add_parser("import", help="create a workshop file from a JSON export")
    i.add_argument("json_path", type=Path)
    i.add_argument("path", type=Path)
    g = sub.add_parser("guide", help="write the facilitator's guide of an agenda as PDF")
    g.add_argument("agenda", help="an agenda id (see 'exercises list')")
    g.add_argument("--pdf", type=Path, required=True)
    g.add_argument("--start", default="09:00", metavar="HH:MM", help="when the day starts (default 09:00)")
    j = sub.add_parser("join", help="let phones join the workshop over this network (until Ctrl+C)")
    j.add_argument("path", type=Path)
    j.add_argument("--bind", default="127.0.0.1",
                   help="the address phones reach this computer at (default 127.0.0.1: this computer only)")
    j.add_argument("--port", type=int, default=0, help="the port (default 0: any free port)")
    j.add_argument("--qr", action="store_true", help="also draw the join address as a QR code")
    j.add_argument("--interfaces", action="store_true", help="list this computer's addresses and exit")
    b = sub.add_parser("backups", help="list the backups of a workshop")
    b.add_argument("path", type=Path)
    r = sub.add_parser("restore", help="restore a backup of a workshop into a new file beside it")
    r.add_argument("path", type=Path, help="the workshop (it is left as it is)")
    r.add_argument("--backup", type=Path, help="the backup to restore (default: the newest good one)")
    f = sub.add_parser("follow-up", help="create a follow-up workshop that carries an earlier one's open actions")
    f.add_argument("earlier", type=Path, help="the earlier .workshop file (only read)")
    f.add_argument("path", type=Path, help="the new .workshop file")
    f.add_argument("--agenda", help="an agenda id (default: momentum-check-in; see 'exercises list')")
    f.add_argument("--date", type=_date, help="the follow-up's date, YYYY-MM-DD (default: today)")
    o = sub.add_parser("portfolio", help="read every workshop in a folder tree (never changing one) and report")
    o.add_argument("folder", type=Path)
    o.add_argument("--pdf", type=Path, required=True, help="the portfolio report")
    o.add_argument("--date", type=_date, help="count overdue actions as of this day, YYYY-MM-DD (default: today)")
    t = sub.add_parser("trend", help="the same self-assessment across a series of workshops, as PDF")
    t.add_argument("files", nargs="+", type=Path, metavar="FILE", help="the workshops of the series, in any order")
    t.add_argument("--pdf", type=Path, required=True)
    t.add_argument("--exercise", default="where-are-we", help="the rating exercise to follow (default: where-are-we)")
    return p


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; write it as YYYY-MM-DD") from None


def _open_doc(path: Path) -> WorkshopDoc:
    from workshop_app.core.workshop import Workshop
    from workshop_app.storage.errors import DamagedFile
    from workshop_app.storage.workshop_file import WorkshopFileError

    try:
        ws = Workshop.open(path, readonly=True)
    except DamagedFile as exc:
        raise UserError(_damaged_message(path, str(exc))) from None
    except WorkshopFileError as exc:
        raise UserError(str(exc)) from None
    try:
        return ws.doc
    finally:
        ws.close()


def _damaged_message(path: Path, problem: str) -> str:
    from workshop_app.core.recovery import offer_restore

    offer = offer_restore(path, problem)
    if offer.can_restore:
        return f"{problem} {offer.advice} Restore it with: workshop-app restore {path}"
    return f"{problem} {offer.advice}"


def _write(out: Path, writer: Callable[[Path], None], what: str) -> None:
    try:
        writer(out)
    except OSError as exc:
        raise UserError(f"Cannot write {what} to {out}: {exc.strerror or exc}.") from None
    print(f"Wrote {what}: {out}")


def cmd_demo(args: argparse.Namespace) -> int:
    from workshop_app.core.demo import build_demo
    from workshop_app.core.workshop import Workshop
    from workshop_app.storage.workshop_file import WorkshopFileError

    if args.path.exists() and args.force:
        from workshop_app.storage.backup import backup_file

        backup_file(args.path)  # a workshop being replaced keeps a backup; anything else has none to keep
        args.path.unlink()
    try:
        Workshop.create(args.path, build_demo()).close()
    except WorkshopFileError as exc:
        raise UserError(str(exc)) from None
    print(f"Wrote the demo workshop: {args.path}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    if args.compare and not args.pdf:
        raise UserError("--compare adds earlier runs to the PDF report: give --pdf too.")
    if args.copies is not None and not args.ballots:
        raise UserError("--copies says how many ballots to print: give --ballots too.")
    if not any((args.pdf, args.csv, args.xlsx, args.markdown, args.json, args.handouts, args.ics, args.ballots)):
        raise UserError("Say what to export: --pdf, --csv, --xlsx, --markdown, --json, --handouts, --ics or "
                        "--ballots, each with a file name.")
    doc = _open_doc(args.path)
    if args.json:
        from workshop_app.export.json_io import write_json

        _write(args.json, lambda p: write_json(doc, p), "JSON")
    if args.markdown:
        from workshop_app.export.markdown import write_markdown

        _write(args.markdown, lambda p: write_markdown(doc, p), "Markdown")
    if args.csv:
        from workshop_app.export.csv_export import actions_csv_path, write_actions_csv, write_answers_csv

        _write(args.csv, lambda p: write_answers_csv(doc, p), "answers CSV")
        _write(actions_csv_path(args.csv), lambda p: write_actions_csv(doc, p), "action items CSV")
    if args.xlsx:
        from workshop_app.export.xlsx_export import write_xlsx

        _write(args.xlsx, lambda p: write_xlsx(doc, p), "Excel workbook")
    if args.pdf:
        from workshop_app.core.series import find_series
        from workshop_app.export.pdf_report import write_pdf

        earlier = _earlier_runs(doc, args.compare or [])
        found = find_series(doc, args.path)  # a follow-up's earlier workshops, found by their ids
        for note in found.notes:
            print(note, file=sys.stderr)
        _write(args.pdf, lambda p: write_pdf(doc, p, earlier=earlier, series=found), "PDF report")
    if args.handouts:
        from workshop_app.export.handout import write_handouts

        _write(args.handouts, lambda p: write_handouts(doc, p), "participant handouts")
    if args.ics:
        from workshop_app.export.ics_export import write_ics

        _write(args.ics, lambda p: write_ics(doc, p), "calendar reminders")
    if args.ballots:
        from workshop_app.export.ballots import ballot_problem, write_ballots

        problem = ballot_problem(doc, args.copies)
        if problem:
            raise UserError(problem)
        sheets: list[int] = []
        _write(args.ballots, lambda p: sheets.append(write_ballots(doc, p, args.copies)), "paper ballots")
        print(f"{sheets[0]} sheets, each with a code of its own.")
    return 0


def _earlier_runs(doc: WorkshopDoc, paths: list[Path]) -> list:
    """The runs in earlier workshop files of each self-assessment this workshop holds, checked to match."""
    from workshop_app.core.stats import instrument_difference
    from workshop_app.core.trend import TrendError, load_run, run_of, series

    runs = []
    ratings = [s for s in doc.steps if s.exercise and s.exercise.rating]
    if paths and not ratings:
        raise UserError("This workshop has no self-assessment to compare with earlier ones.")
    for step in ratings:
        assert step.exercise and step.exercise.rating
        here = run_of(doc, "this workshop", step.exercise.id)
        found = []
        for path in paths:
            try:
                run = load_run(path, step.exercise.id, step.exercise.title)
            except TrendError:
                continue  # that workshop did not run this exercise; another may
            reason = instrument_difference(run.rating, here.rating)
            if reason:
                raise UserError(f"{path.name} cannot be compared: {reason}. Only runs of the same statements "
                                "are compared; leave it out.")
            found.append(run)
        try:
            runs.extend(series(found) if found else [])
        except TrendError as exc:
            raise UserError(str(exc)) from None
    if paths and not runs:
        raise UserError("None of the earlier workshops ran the same self-assessment as this one.")
    return runs


def cmd_trend(args: argparse.Namespace) -> int:
    from workshop_app.core.trend import TrendError, load_run, series
    from workshop_app.export.pdf_trend import write_trend

    try:
        runs = series([load_run(path, args.exercise) for path in args.files])
    except TrendError as exc:
        raise UserError(str(exc)) from None
    _write(args.pdf, lambda p: write_trend(runs, p), f"trend of {len(runs)} runs")
    return 0


def cmd_exercises(args: argparse.Namespace) -> int:
    from workshop_app.core.library import check_file, load_library

    if args.action == "list":
        lib = load_library()
        for ex in lib.exercises.values():
            print(f"{ex.id:28} {ex.type:12} {ex.minutes:4} min  {ex.title}")
        for agenda in lib.agendas.values():
            print(f"{agenda.id:28} {'agenda':12} {agenda.minutes:4} min  {agenda.title}")
        for err in lib.errors:
            print(f"error: {err}", file=sys.stderr)
        return 1 if lib.errors else 0
    if not args.paths:
        lib = load_library()
        for err in lib.errors:
            print(f"error: {err.path}: {err.message}", file=sys.stderr)
        for warning in lib.warnings:
            print(f"warning: {warning.path}: {warning.message}", file=sys.stderr)
        print(f"{len(lib.exercises)} exercises and {len(lib.agendas)} agendas are valid; {len(lib.errors)} files are not.")
        return 1 if lib.errors else 0
    bad = 0
    for path in args.paths:
        try:
            check_file(path)
            print(f"ok: {path}")
        except ValueError as exc:
            bad += 1
            print(f"error: {path}: {exc}", file=sys.stderr)
    return 1 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from workshop_app.export.json_io import json_schema, write_schema

    if args.out:
        _write(args.out, write_schema, "JSON schema")
    else:
        sys.stdout.write(json_schema())
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from workshop_app.core.workshop import Workshop
    from workshop_app.export.json_io import JsonImportError, load_json
    from workshop_app.storage.workshop_file import WorkshopFileError

    try:
        doc = load_json(args.json_path)
        Workshop.create(args.path, doc).close()
    except (JsonImportError, WorkshopFileError) as exc:
        raise UserError(str(exc)) from None
    print(f"Imported {args.json_path} into {args.path}")
    return 0


def cmd_guide(args: argparse.Namespace) -> int:
    from workshop_app.core.library import load_library
    from workshop_app.export.guide import write_guide

    lib = load_library()
    agenda = lib.agendas.get(args.agenda)
    if agenda is None:
        raise UserError(f"No agenda '{args.agenda}'; choose one of: {', '.join(lib.agendas) or 'none'}.")
    try:
        start = dt.datetime.strptime(args.start, "%H:%M").time()
    except ValueError:
        raise UserError(f"--start {args.start} is not a time of day; write it as HH:MM, for example 13:30.") from None
    _write(args.pdf, lambda p: write_guide(lib, agenda, p, start=start), "facilitator's guide")
    return 0


def cmd_join(args: argparse.Namespace) -> int:
    from workshop_app.join.host import JoinHostError, list_addresses, serve

    if args.interfaces:
        print(list_addresses())
        return 0
    try:
        return serve(args.path, args.bind, args.port, qr=args.qr)
    except JoinHostError as exc:
        raise UserError(str(exc)) from None


def cmd_backups(args: argparse.Namespace) -> int:
    from workshop_app.core.recovery import backups_to_offer, when_text

    choice = backups_to_offer(args.path)
    print(choice.intro.replace(" The chosen one is written", " 'workshop-app restore' writes one"))
    for info in choice.backups:
        print(f"{when_text(info.time):24} {info.summary():64} {info.path}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from workshop_app.core.recovery import offer_restore, restore_beside, when_text
    from workshop_app.storage.backup import describe_backup
    from workshop_app.storage.errors import WorkshopFileError

    try:
        if args.backup is not None:
            if not args.backup.is_file():
                raise UserError(f"{args.backup} does not exist; 'workshop-app backups {args.path}' lists the backups.")
            info = describe_backup(args.backup)
            restored = restore_beside(args.backup, args.path)
        else:
            offer = offer_restore(args.path)
            if offer.backup is None:
                raise UserError(f"There is no good backup of {args.path.name} on this computer.")
            info = offer.backup
            restored = offer.restore()
    except WorkshopFileError as exc:
        raise UserError(str(exc)) from None
    held = f" ({info.summary()})" if info.ok else ""
    print(f"Restored the backup taken {when_text(info.time)}{held} into {restored}")
    return 0


def cmd_follow_up(args: argparse.Namespace) -> int:
    from workshop_app.core.followup import link_hint, make_follow_up
    from workshop_app.core.library import load_library
    from workshop_app.core.workshop import WorkshopError
    from workshop_app.storage.workshop_file import WorkshopFileError

    earlier = _open_doc(args.earlier)
    try:
        ws = make_follow_up(earlier, args.path, load_library(), args.agenda, args.date,
                           link_hint(args.earlier, args.path))
    except (WorkshopError, WorkshopFileError) as exc:
        raise UserError(str(exc)) from None
    carried = len(ws.doc.actions)
    ws.close()
    print(f"Wrote the follow-up of “{earlier.info.title}”: {args.path} ({carried} actions carried)")
    return 0


def cmd_portfolio(args: argparse.Namespace) -> int:
    from workshop_app.core.portfolio import read_portfolio, relative
    from workshop_app.export.pdf_portfolio import write_portfolio_pdf

    try:
        portfolio = read_portfolio(args.folder, args.date)
    except OSError as exc:
        raise UserError(str(exc)) from None
    for skipped in portfolio.skipped:
        print(f"skipped {relative(portfolio, skipped.path)}: {skipped.reason}", file=sys.stderr)
    _write(args.pdf, lambda p: write_portfolio_pdf(portfolio, p), "portfolio report")
    print(f"{len(portfolio.workshops)} workshops read, {len(portfolio.skipped)} skipped.")
    return 0


def run_gui(path: Path | None) -> int:
    from workshop_app.gui.app import run

    return run(path)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv and argv[0] in COMMANDS:
            args = _command_parser().parse_args(argv)
            handler = {
                "demo": cmd_demo,
                "export": cmd_export,
                "exercises": cmd_exercises,
                "schema": cmd_schema,
                "import": cmd_import,
                "guide": cmd_guide,
                "join": cmd_join,
                "backups": cmd_backups,
                "restore": cmd_restore,
                "follow-up": cmd_follow_up,
                "portfolio": cmd_portfolio,
                "trend": cmd_trend,
            }[args.command]
            return handler(args)
        args = _gui_parser().parse_args(argv)
        if args.path is not None and not args.path.exists():
            raise UserError(f"{args.path} does not exist.")
        return run_gui(args.path)
    except UserError as exc:
        print(f"workshop-app: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
