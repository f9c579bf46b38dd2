"""Each export kind as one function of (document, output path, progress): what the app's Export menu
runs, in its background thread, and what the tests run. The exporter is imported only when first used
(reportlab is slow to load)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workshop_app.model.document import WorkshopDoc

Writer = Callable[[WorkshopDoc, Path, Callable[[int, int], None]], None]


def export_writer(kind: str, source: Path | None = None) -> Writer:
    """The export function for a kind, imported only when first used (reportlab is slow to load).

    ``source`` is the workshop's file: a follow-up's report finds the earlier workshops from there.
    """
    if kind == "pdf":
        from workshop_app.core.series import find_series
        from workshop_app.export.pdf_report import write_pdf

        # The earlier files are read in the export's own thread, with the rest of the work.
        return lambda doc, out, progress: write_pdf(doc, out, progress,
                                                    series=find_series(doc, source) if source else None)
    if kind == "handouts":
        from workshop_app.export.handout import write_handouts

        return lambda doc, out, _progress: write_handouts(doc, out)
    if kind == "ballots":
        from workshop_app.export.ballots import write_ballots

        def ballots(doc: WorkshopDoc, out: Path, progress: Callable[[int, int], None]) -> None:
            write_ballots(doc, out, progress=progress)

        return ballots
    if kind == "csv":
        from workshop_app.export.csv_export import actions_csv_path, write_actions_csv, write_answers_csv

        def both(doc: WorkshopDoc, out: Path, _progress: Callable[[int, int], None]) -> None:
            write_answers_csv(doc, out)
            write_actions_csv(doc, actions_csv_path(out))

        return both
    if kind == "xlsx":
        from workshop_app.export.xlsx_export import write_xlsx

        return lambda doc, out, progress: write_xlsx(doc, out, progress)
    if kind == "guide":
        from workshop_app.core.setup import agenda_of, start_time
        from workshop_app.export.guide import write_guide

        def guide(doc: WorkshopDoc, out: Path, _progress: Callable[[int, int], None]) -> None:
            library, agenda = agenda_of(doc)
            write_guide(library, agenda, out, start=start_time(doc.info))

        return guide
    if kind == "ics":
        from workshop_app.export.ics_export import write_ics

        return lambda doc, out, _progress: write_ics(doc, out)
    if kind == "markdown":
        from workshop_app.export.markdown import write_markdown

        return lambda doc, out, _progress: write_markdown(doc, out)
    from workshop_app.export.json_io import write_json

    return lambda doc, out, _progress: write_json(doc, out)
