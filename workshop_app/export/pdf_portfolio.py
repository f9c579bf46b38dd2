"""The portfolio report: every workshop of a folder tree, how their plans are doing, what is overdue,
and each self-assessment's trend along its series of follow-ups.

Written from a ``core.portfolio.Portfolio``, which has only read the files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from workshop_app.core.portfolio import AssessmentSeries, Portfolio, Tally, assessment_series, relative, series_titles
from workshop_app.core.stats import ROLE_MIN
from workshop_app.core.trend import Point
from workshop_app.export.common import clip, fmt_date, plural
from workshop_app.export.pdf_base import (
    ACCENT_LIGHT,
    FRAME_W,
    GOOD,
    HEADER_LIGHT,
    INK,
    MUTED,
    WARN,
    ZEBRA,
    Mark,
    PdfInfo,
    build_pdf,
    data_table,
    hex_colour,
    styles,
)
from workshop_app.export.pdf_charts import canvas_of
from workshop_app.export.pdf_rating import figure, interval, signed
from workshop_app.export.pdf_text import (
    FONT_BOLD,
    heading,
    markup,
    para,
    register_fonts,
    trusted,
)

_WARN_HEX = hex_colour(WARN)
_GOOD_HEX = hex_colour(GOOD)
_MUTED_HEX = hex_colour(MUTED)
MAX_RUNS = 5  # the runs side by side in one table: the latest ones when a series has more


def completion_bar(tally: Tally, width: float = 70, height: float = 8) -> Drawing:
    """The share of the standing actions that is done, as a bar with the percentage beside it."""
    register_fonts()
    d = canvas_of(width, height + 1)
    bar = width - 26
    d.add(Rect(0, 0.5, bar, height, fillColor=ZEBRA, strokeColor=None))
    share = tally.completion
    if share:
        d.add(Rect(0, 0.5, max(bar * share, 1.0), height, fillColor=GOOD, strokeColor=None))
    label = "–" if share is None else f"{round(share * 100)}%"
    d.add(String(width, 1.5, label, fontName=FONT_BOLD, fontSize=7, fillColor=INK, textAnchor="end"))
    return d


def _tally_table(tallies: list[Tally], first: str) -> Flowable:
    s = styles()
    head = [para(first, s.th_light)] + [para(x, s.th_light_right) for x in
                                         ("Actions", "Done", "Moving", "Open", "Dropped", "Overdue")]
    rows: list[list[Any]] = [[*head, para("Completion", s.th_light)]]
    for t in tallies:
        late = (f'<font color="{_WARN_HEX}"><b>{t.overdue}</b></font>' if t.overdue else "0")
        rows.append([para(t.name, s.cell), *(trusted(str(v), s.cell_right) for v in
                                             (t.total, t.done, t.moving, t.open, t.dropped)),
                     trusted(late, s.cell_right), completion_bar(t)])
    widths = [FRAME_W - 6 * 46 - 76, *([46] * 6), 76]
    return data_table(rows, widths, zebra=False, light_header=True)


def _roles(roles: dict[str, int]) -> str:
    return ", ".join(f"{role} {n}" for role, n in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0].casefold())))


def _result_cell(point: Point | None) -> Flowable:
    """Trusted markup: the mean, n and interval of one run, and the change since the run before."""
    s = styles()
    if point is None:
        return trusted(f'<font color="{_MUTED_HEX}">fewer than {ROLE_MIN} answered</font>', s.cell_right)
    e = point.result.score
    text = f"<b>{figure(e.mean)}</b> <font size='6.5'>n {e.n}</font><br/><font size='6.5'>{interval(e)}</font>"
    change = point.change
    if change is not None:
        if change.beyond_noise:
            colour, arrow = (_GOOD_HEX, "▲") if change.change > 0 else (_WARN_HEX, "▼")
            text += f'<br/><font color="{colour}" size="6.5"><b>{arrow} {signed(change.change)}</b></font>'
        else:
            text += f'<br/><font color="{_MUTED_HEX}" size="6.5">{signed(change.change)}, within noise</font>'
    return trusted(text, s.cell_right)


def assessment_story(series: AssessmentSeries) -> list[Flowable]:
    """One self-assessment along one series: per construct and run, everyone, then each role with results."""
    s = styles()
    runs = series.runs[-MAX_RUNS:]
    cut = len(series.runs) - len(runs)
    out: list[Flowable] = list(heading(f"{series.title} · from {series.first}", s.h3, room=160))
    said = (f"{plural(len(series.runs), 'runs')} of the same statements" + (f", the latest {len(runs)} shown"
                                                                           if cut else "") + ".")
    roles = series.roles()
    if not roles:
        said += f" No role was given by {ROLE_MIN} or more people in any run, so there are no results by role."
    out.append(trusted(markup(said), s.muted))
    run_w = min(78.0, (FRAME_W - 140) / len(runs))
    rows: list[list[Any]] = [[para("Construct", s.th_light)]
                             + [trusted(f"{markup(clip(r.title, 60))}<br/>{fmt_date(r.date, 'no date')}", s.th_light_right)
                                for r in runs]]
    extra: list[tuple[Any, ...]] = []
    groups: list[tuple[str, dict[str, list[Point | None]]]] = [
        ("Everyone", {k: list(v) for k, v in series.overall().items()})]
    for role in roles:
        table = series.by_role(role)
        shown = sum(p is not None for p in next(iter(table.values()))[-len(runs):])
        groups.append((f"{role} · shown in {shown} of {len(runs)} runs" if shown < len(runs) else role, table))
    for name, table in groups:
        extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), HEADER_LIGHT))
        extra.append(("SPAN", (0, len(rows)), (-1, len(rows))))
        rows.append([para(name, s.cell_bold)] + [Spacer(1, 1)] * len(runs))
        for construct, results in table.items():
            rows.append([para(construct, s.cell), *(_result_cell(p) for p in results[-len(runs):])])
    out.append(data_table(rows, [FRAME_W - run_w * len(runs)] + [run_w] * len(runs), zebra=False, light_header=True,
                          extra=extra))
    return out


def _assessments(portfolio: Portfolio) -> list[Flowable]:
    s = styles()
    found = assessment_series(portfolio)
    if not found:
        return []
    out: list[Flowable] = [Mark(outline="Self-assessment trend")]
    out.extend(heading("Self-assessment trend", s.h2, room=200))
    out.append(trusted(markup(
        "Each self-assessment run again along a series of follow-ups, per construct: the mean, the number of "
        "people (n) and the 95% confidence interval at each run, and the change since the run before, marked ▲ "
        "or ▼ where it is larger than the noise (its own 95% interval leaves out zero). Results by role are "
        f"shown only where at least {ROLE_MIN} people of that role answered."), s.muted))
    for series in found:
        out.extend(assessment_story(series))
    return out


def portfolio_story(portfolio: Portfolio) -> list[Flowable]:
    """The report's flowables, section by section."""
    s = styles()
    actions = portfolio.actions()
    overdue = portfolio.overdue()
    done = sum(1 for p in actions if p.action.status == "done")
    standing = sum(1 for p in actions if p.action.status != "dropped")
    st: list[Flowable] = [trusted("WORKSHOP PORTFOLIO", s.label), Spacer(1, 2),
                          para(portfolio.root.name or str(portfolio.root), s.title)]
    lead = (f"{plural(len(portfolio.workshops), 'workshops')} read from this folder and the folders in it on "
            f"{fmt_date(portfolio.today)}" + (f"; {plural(len(portfolio.skipped), 'files')} skipped (listed at "
                                              "the end)" if portfolio.skipped else "")
            + ". Files are only read. An action carried into a follow-up counts once, as it stands in the "
            "latest workshop that holds it.")
    st.append(trusted(markup(lead), s.lead))
    figures = [(f"{len(portfolio.workshops):,}", "workshops"), (f"{sum(portfolio.roles().values()):,}", "seats taken"),
               (f"{len(actions):,}", "actions"), (f"{round(100 * done / standing)}%" if standing else "–", "done"),
               (f"{len(overdue):,}", "overdue")]
    w = FRAME_W / len(figures)
    st.append(data_table([[[trusted(v, s.figure), trusted(k, s.figure_label)]
                           for v, k in figures]], [w] * len(figures), header=False, zebra=False, extra=[
        ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT), ("LINEBEFORE", (1, 0), (-1, -1), 2, colors.white),
        ("LINEBELOW", (0, 0), (-1, -1), 0, colors.white), ("TOPPADDING", (0, 0), (-1, -1), 8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))

    st.append(Mark(outline="Workshops"))
    st.extend(heading("Workshops", s.h2))
    titles = series_titles(portfolio)
    rows: list[list[Any]] = [[para(x, s.th_light) for x in ("Date", "Workshop", "People by role")]
                             + [para("Actions done", s.th_light_right)]]
    for entry in portfolio.workshops:
        what: list[Flowable] = [para(entry.title, s.cell_bold)]
        bits = [b for b in (entry.organisation, relative(portfolio, entry.path)) if b]
        if entry.follows:
            bits.append("follows " + titles.get(entry.follows, entry.follows_title or "an earlier workshop"))
        what.append(para(" · ".join(bits), s.cell_muted))
        own = [p for p in entry.actions if p.action.status != "dropped"]
        finished = sum(1 for p in own if p.action.status == "done")
        rows.append([para(fmt_date(entry.date, "no date"), s.cell), what,
                     para(f"{entry.people}: {_roles(entry.roles)}" if entry.people else "nobody listed", s.cell_muted),
                     trusted(f"{finished} of {len(own)}", s.cell_right)])
    if portfolio.workshops:
        st.append(data_table(rows, [52, FRAME_W * 0.42, FRAME_W - 52 - FRAME_W * 0.42 - 56, 56], zebra=False,
                             light_header=True))
    else:
        st.append(trusted("No workshop could be read in this folder.", s.muted))

    if actions:
        st.append(Mark(outline="By attention area"))
        st.extend(heading("Action completion by attention area", s.h2))
        st.append(_tally_table(portfolio.by_area(), "Attention area"))
        st.append(Mark(outline="By owner"))
        st.extend(heading("Action completion by owner", s.h2))
        st.append(_tally_table(portfolio.by_owner(), "Owner"))

    st.append(Mark(outline="Overdue actions"))
    st.extend(heading(f"Overdue actions ({len(overdue)})", s.h2))
    if overdue:
        rows = [[para(x, s.th_light) for x in ("Action", "Owner", "Due", "Workshop")]]
        for p in overdue:
            late = (portfolio.today - p.action.due).days if p.action.due else 0
            rows.append([para(p.action.what, s.cell),
                         para(p.owner, s.cell),
                         trusted(f'<font color="{_WARN_HEX}">{fmt_date(p.action.due)}</font><br/>'
                                 f'{plural(late, "days")} late', s.cell),
                         para(clip(p.workshop, 80), s.cell_muted)])
        st.append(data_table(rows, [FRAME_W * 0.45, FRAME_W * 0.18, 64, FRAME_W * 0.37 - 64], zebra=False,
                             light_header=True))
    else:
        st.append(trusted("Nothing is overdue.", s.muted))

    st.extend(_assessments(portfolio))

    if portfolio.skipped:
        st.append(Mark(outline="Files skipped"))
        st.extend(heading(f"Files skipped ({len(portfolio.skipped)})", s.h2))
        rows = [[para(x, s.th_light) for x in ("File", "Why")]]
        rows += [[para(relative(portfolio, x.path), s.cell), para(x.reason, s.cell_muted)] for x in portfolio.skipped]
        st.append(data_table(rows, [FRAME_W * 0.35, FRAME_W * 0.65], zebra=False, light_header=True))
    return st


def write_portfolio_pdf(portfolio: Portfolio, out: Path) -> None:
    """Write the portfolio report; a failed write leaves any earlier file at ``out`` as it was."""
    name = portfolio.root.name or str(portfolio.root)
    info = PdfInfo(title=f"Workshop portfolio: {name}", author="Workshop Room",
                   subject=f"{len(portfolio.workshops)} workshops, {fmt_date(portfolio.today)}",
                   keywords="workshop, portfolio, action plan")
    build_pdf(Path(out), portfolio_story(portfolio), info, f"Workshop portfolio · {name}")
