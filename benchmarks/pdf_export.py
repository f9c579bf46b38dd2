"""PDF export of the large workshop, against reportlab building a plain document of the same text.

The report is ``workshop_app.export.pdf_report.write_pdf(doc, out)`` (skipped while that module does not
exist). It runs several times, in turns with the baseline: the first run includes loading reportlab and the
fonts, the figure is the fastest of the others.
Baseline, in the same process after it: reportlab's SimpleDocTemplate with one Paragraph per text of the
workshop (every note, cluster, entry, KPI, marker and commitment, every action item's what and why), in
the same DejaVu Sans the app ships. The target: the report within 4× that baseline, with its layout kept.

Also measured: how long starting an export from the window holds the GUI thread before the work moves
to its own thread (``ExportRunner.start``), judged against the 50 ms a change may take to show.
"""

from __future__ import annotations

import argparse
import importlib.util
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Result, median, prepare_environment, print_results, remove_dir, scratch_dir
from benchmarks.workload import LARGE, Size, large_doc

REPORT_MODULE = "workshop_app.export.pdf_report"
GUI_PAUSE_MS = 50.0
PDF_RATIO = 4.0


def texts_of(doc: Any) -> list[str]:
    """Every text the workshop holds: what the report prints, give or take its layout."""
    texts = [i.text for i in doc.items if i.text] + [i.change for i in doc.items if getattr(i, "change", "")]
    for a in doc.actions:
        texts += [t for t in (a.what, a.why, a.measure) if t]
    return texts


def plain_document(texts: list[str], out: Path) -> None:
    """The baseline: a plain reportlab document, one Paragraph per text."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from workshop_app.storage import paths

    font = "Helvetica"
    ttf = paths.resources_dir() / "fonts" / "DejaVuSans.ttf"
    if ttf.exists():
        font = "BenchDejaVuSans"
        if font not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(font, str(ttf)))
    style = ParagraphStyle("plain", fontName=font, fontSize=10, leading=13, spaceAfter=4)
    story = [Paragraph(escape(t).replace("\n", "<br/>"), style) for t in texts]
    SimpleDocTemplate(str(out), pagesize=A4).build(story)


def export_start_pause(doc: Any, out: Path, runs: int = 5) -> list[float]:
    """Seconds ``ExportRunner.start`` keeps the GUI thread, with a writer that does nothing."""
    from PySide6.QtWidgets import QWidget

    from benchmarks.qt import app
    from workshop_app.gui.export_runner import ExportRunner

    qapp = app()
    parent = QWidget()
    runner = ExportRunner(parent)
    finished: list[object] = []
    runner.done.connect(lambda *_args: finished.append(True))
    pauses = []
    for k in range(runs):
        t0 = time.perf_counter()
        runner.start(lambda _doc, _out, _progress: None, doc, out, "benchmark")
        pauses.append(time.perf_counter() - t0)
        # The job ends in the GUI thread (its thread is stopped from there): let events run until then.
        deadline = time.perf_counter() + 30
        while len(finished) <= k and time.perf_counter() < deadline:
            qapp.processEvents()
            time.sleep(0.001)
    parent.deleteLater()
    qapp.processEvents()
    return pauses


def run(size: Size = LARGE, runs: int = 4) -> list[Result]:
    doc = large_doc(size)
    texts = texts_of(doc)
    folder = scratch_dir("pdf")
    results: list[Result] = []
    try:
        pauses = [p * 1000 for p in export_start_pause(doc, folder / "nothing.pdf")]
        results.append(Result(
            "export start: GUI thread held (median)", median(pauses), "ms", target=f"< {GUI_PAUSE_MS:.0f} ms",
            passed=median(pauses) < GUI_PAUSE_MS,
            note=f"ExportRunner.start with a writer doing nothing: snapshot of the {size.notes:,}-note workshop "
                 f"and the thread's start; max {max(pauses):.1f} ms"))
        if importlib.util.find_spec(REPORT_MODULE) is None:
            results.insert(0, Result("PDF report of the large workshop", None, "s",
                                     note="skipped: workshop_app/export/pdf_report.py does not exist yet"))
            return results
        from workshop_app.export.pdf_report import write_pdf

        # Taken in turns, so that a machine busy with something else slows both alike; the first run of
        # each loads reportlab and the fonts and is left out. The ratio is judged on processor time: on a
        # shared machine the clock on the wall also counts the time other programs had the processor.
        wall: dict[str, list[float]] = {"report": [], "plain": []}
        cpu: dict[str, list[float]] = {"report": [], "plain": []}
        for k in range(runs):
            for name in ("report", "plain"):
                w0, c0 = time.perf_counter(), time.process_time()
                if name == "report":
                    write_pdf(doc, folder / f"report{k}.pdf")
                else:
                    plain_document(texts, folder / f"plain{k}.pdf")
                wall[name].append(time.perf_counter() - w0)
                cpu[name].append(time.process_time() - c0)

        def best(values: list[float]) -> float:
            return min(values[1:] or values)

        pages = _pages(folder / "report0.pdf")
        figure, baseline = best(cpu["report"]), best(cpu["plain"])
        results.insert(0, Result(
            "PDF report of the large workshop (CPU)", figure, "s", baseline,
            f"reportlab SimpleDocTemplate, one Paragraph per text ({len(texts):,} texts), DejaVu Sans",
            target=f"≤ {PDF_RATIO:g}× baseline", passed=figure <= PDF_RATIO * baseline,
            note=f"{pages} pages; by the clock {best(wall['report']):.2f} s against {best(wall['plain']):.2f} s; "
                 f"first run, loading reportlab and fonts: {wall['report'][0]:.2f} s"))
    finally:
        remove_dir(folder)
    return results


def _pages(pdf: Path) -> str:
    try:
        from pypdf import PdfReader
    except ImportError:
        return "?"
    return str(len(PdfReader(pdf).pages))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    prepare_environment()
    print_results("PDF export", run(runs=args.runs))


if __name__ == "__main__":
    main()
