"""The trend of a self-assessment across a series of workshops, as PDF: a chart and a table per construct.

Each chart puts the runs side by side in date order: the mean as a dot, its 95% confidence interval as
a bar through it, the number of people under it. A step from one run to the next that is larger than
the noise (the 95% interval of the change leaves out zero) is drawn bold in green (up) or orange (down)
and labelled with the change.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from workshop_app.core.series import Trend
from workshop_app.core.stats import ROLE_MIN
from workshop_app.core.trend import Point, Run, points
from workshop_app.export.common import fmt_date
from workshop_app.export.pdf_base import (
    ACCENT,
    FONT,
    FONT_BOLD,
    FRAME_W,
    GOOD,
    INK,
    MUTED,
    RULE,
    WARN,
    Mark,
    PdfInfo,
    build_pdf,
    data_table,
    ellipsize,
    register_fonts,
    styles,
)
from workshop_app.export.pdf_rating import figure, interval, signed
from workshop_app.export.pdf_text import heading, markup, para, trusted


def trend_chart(series: Sequence[Point], low: int, high: int, width: float, height: float = 150) -> Drawing:
    """One construct over the runs: dots for the means, bars for their intervals, bold steps beyond the noise."""
    register_fonts()
    d = Drawing(width, height)
    left, right, bottom, top = 26.0, 12.0, 34.0, 10.0
    plot_w, plot_h = width - left - right, height - bottom - top

    def y_of(value: float) -> float:
        return bottom + plot_h * (min(max(value, low), high) - low) / (high - low)

    for score in range(low, high + 1):
        y = y_of(score)
        d.add(Line(left, y, width - right, y, strokeColor=RULE, strokeWidth=0.4))
        d.add(String(left - 6, y - 2.5, str(score), fontName=FONT, fontSize=7, fillColor=MUTED, textAnchor="end"))
    slot = plot_w / max(len(series), 1)
    xs = [left + slot * (k + 0.5) for k in range(len(series))]
    for k in range(1, len(series)):
        before, now = series[k - 1].result.score.mean, series[k].result.score.mean
        if before is None or now is None:
            continue
        change = series[k].change
        beyond = change is not None and change.beyond_noise
        colour = (GOOD if now > before else WARN) if beyond else ACCENT
        d.add(Line(xs[k - 1], y_of(before), xs[k], y_of(now), strokeColor=colour, strokeWidth=2.6 if beyond else 1.0,
                   strokeDashArray=None if beyond else [3, 2]))
        if beyond and change is not None:
            mid_y = (y_of(before) + y_of(now)) / 2
            d.add(String((xs[k - 1] + xs[k]) / 2, mid_y + 5, signed(change.change), fontName=FONT_BOLD,
                         fontSize=8, fillColor=colour, textAnchor="middle"))
    for x, point in zip(xs, series, strict=True):
        e = point.result.score
        if e.low is not None and e.high is not None:
            d.add(Line(x, y_of(e.low), x, y_of(e.high), strokeColor=INK, strokeWidth=1.2))
            for end in (e.low, e.high):
                d.add(Line(x - 4, y_of(end), x + 4, y_of(end), strokeColor=INK, strokeWidth=1.2))
        if e.mean is not None:
            d.add(Circle(x, y_of(e.mean), 3.6, fillColor=ACCENT, strokeColor=INK, strokeWidth=0.6))
            figure_text = f"{e.mean:.1f}"
            # On paper, so the step drawn through it cannot turn "3.0" into "-3.0".
            d.add(Rect(x + 6.5, y_of(e.mean) - 4, pdfmetrics.stringWidth(figure_text, FONT_BOLD, 7.5) + 3, 9,
                       fillColor=colors.white, strokeColor=None))
            d.add(String(x + 8, y_of(e.mean) - 2.5, figure_text, fontName=FONT_BOLD, fontSize=7.5, fillColor=INK))
        run = point.run
        lines = _date_lines(run, slot - 4)
        for k, line in enumerate(lines):
            d.add(String(x, bottom - 12 - 8 * k, line, fontName=FONT, fontSize=7, fillColor=INK, textAnchor="middle"))
        d.add(String(x, bottom - 12 - 8 * len(lines), f"n {e.n}", fontName=FONT, fontSize=6.5, fillColor=MUTED,
                     textAnchor="middle"))
    return d


def _date_lines(run: Run, room: float) -> list[str]:
    """A run's label under its dot: its date on one line where it fits, else day and month over the year."""
    if not run.date:
        return [ellipsize(run.title, room, FONT, 7)]
    label = fmt_date(run.date)
    if pdfmetrics.stringWidth(label, FONT, 7) <= room:
        return [label]
    day, month, year = label.split(" ")
    return [f"{day} {month}", year]


def series_trend(trends: Sequence[Trend], notes: Sequence[str], width: float) -> list[Flowable]:
    """The trend on a follow-up's first page: per self-assessment, a small chart per construct, then
    a plain line for each earlier workshop that could not be found or compared."""
    s = styles()
    if not trends and not notes:
        return []
    out: list[Flowable] = list(heading("The self-assessment over the series", s.h2, room=200))
    for trend in trends:
        runs = trend.runs
        rating = runs[-1].rating
        said = (f"“{trend.exercise_title}” in {len(runs)} workshops, from {runs[0].label} to this one: each "
                f"construct's mean (scale {rating.scale_min} to {rating.scale_max}) with its 95% confidence "
                "interval and, under each run, n, the number of people. A bold, labelled step is a change "
                "larger than the noise; a dashed one may be chance.")
        out.append(trusted(markup(said), s.muted))
        series = list(points(runs).items())
        columns = 3 if len(runs) <= 3 else 2 if len(runs) <= 5 else 1
        cell_w = width / columns
        cells = [[para(name, s.cell_bold), trend_chart(points_of, rating.scale_min, rating.scale_max, cell_w - 6,
                                                        height=118)] for name, points_of in series]
        rows = [cells[k:k + columns] for k in range(0, len(cells), columns)]
        rows[-1] += [Spacer(1, 1)] * (columns - len(rows[-1]))
        table = Table(rows, colWidths=[cell_w] * columns, hAlign="LEFT")
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("TOPPADDING", (0, 0), (-1, -1), 2),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        out.append(table)
    for note in notes:
        out.append(para(note, s.body))
    return out


def _table(series: Sequence[Point]) -> Flowable:
    s = styles()
    rows: list[list[Any]] = [[para(h, s.th_light) for h in ("Workshop", "Date")]
                             + [para(h, s.th_light_right) for h in ("People", "Mean", "95% CI", "Alpha",
                                                                    "Change since the one before")]]
    for point in series:
        e, change = point.result.score, point.change
        if change is None:
            moved = "–"
        else:
            verdict = "<b>beyond noise</b>" if change.beyond_noise else "within noise"
            moved = f"{signed(change.change)} ({signed(change.low)} to {signed(change.high)}), {verdict}"
        rows.append([para(point.run.title, s.cell), para(fmt_date(point.run.date, "–"), s.cell),
                     trusted(str(e.n), s.cell_right), trusted(f"<b>{figure(e.mean)}</b>", s.cell_right),
                     trusted(interval(e), s.cell_right), trusted(figure(point.result.alpha, 2), s.cell_right),
                     trusted(moved, s.cell_right)])
    return data_table(rows, [FRAME_W - 66 - 4 * 44 - 150, 66, 44, 44, 44, 44, 150], light_header=True, zebra=False)


def trend_story(runs: Sequence[Run]) -> list[Flowable]:
    """The trend report's flowables: what was compared and how, then each construct."""
    s = styles()
    first = runs[0]
    rating = first.rating
    version = f"instrument version {rating.version}" if rating.version else "the same statements"
    story: list[Flowable] = [
        trusted("SELF-ASSESSMENT TREND", s.label), Spacer(1, 3 * mm),
        para(first.assessment.step_title, s.title),
        para(f"{len(runs)} runs of {version}, from {runs[0].label} to {runs[-1].label}.", s.lead),
        trusted(markup(
            f"Each run is one workshop's ratings, scale {rating.scale_min} ({rating.low_label}) to "
            f"{rating.scale_max} ({rating.high_label}). A construct's mean is the mean of each person's score "
            "on it; the bar through each dot is its 95% confidence interval, and n is the number of people. "
            "A step drawn bold and labelled is a change larger than the noise: the 95% interval of the change "
            "(Welch's t, the runs being different people's answers) leaves out zero. A dashed step may be chance. "
            f"Results by role are left out here; the workshop reports show them where at least {ROLE_MIN} people "
            "of a role answered."), s.body),
        Spacer(1, 2 * mm),
    ]
    rows: list[list[Any]] = [[para(h, s.th_light) for h in ("Workshop", "Date", "File")]
                             + [para("People", s.th_light_right)]]
    for run in runs:
        rows.append([para(run.title, s.cell), para(fmt_date(run.date, "–"), s.cell), para(run.source, s.cell_muted),
                     trusted(str(run.assessment.people), s.cell_right)])
    story.append(data_table(rows, [FRAME_W * 0.4, 70, FRAME_W * 0.6 - 70 - 50, 50], light_header=True, zebra=False))
    for name, series in points(list(runs)).items():
        story.append(Mark(outline=name))
        story.extend(heading(name, s.h2, room=260))
        about = next((d.about for d in rating.dimensions if d.name == name and d.about), None)
        parts: list[Flowable] = [para(about, s.muted)] if about else []
        parts.append(trend_chart(series, rating.scale_min, rating.scale_max, FRAME_W))
        story.append(KeepTogether(parts))
        story.append(_table(series))
    return story


def write_trend(runs: Sequence[Run], out: Path) -> None:
    """Write the trend of ``runs`` (already checked to be runs of the same statements, in order) as PDF."""
    title = f"Trend: {runs[0].assessment.step_title}"
    meta = PdfInfo(title=title, author="", subject="The same self-assessment across a series of workshops",
                   language="en", keywords="self-assessment, trend, confidence interval")
    build_pdf(Path(out), trend_story(runs), meta, title)
