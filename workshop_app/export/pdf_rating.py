"""A rating exercise's results in the PDF report: the constructs with their statistics, by role, against
earlier runs of the same instrument, then every statement.

The figures are those of ``core.stats`` (per-person construct scores, 95% intervals, Cronbach's alpha)
and ``core.results`` (per statement), so the report says what the facilitator saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable

from workshop_app.core.results import RatingResult, rating_results
from workshop_app.core.stats import ROLE_MIN, ConstructResult, Estimate, assess, difference, instrument_difference
from workshop_app.core.trend import Run
from workshop_app.export.pdf_base import GOOD, GROUP_ROW, HEADER_LIGHT, WARN, data_table, hex_colour, styles
from workshop_app.export.pdf_charts import mean_chart, mini_histogram
from workshop_app.export.pdf_text import heading, markup, para, trusted
from workshop_app.model.document import Step, WorkshopDoc

REVERSED = "↺"


def figure(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def signed(value: float) -> str:
    """A change with its sign, never "-0.0"."""
    text = f"{value:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def interval(e: Estimate) -> str:
    return "–" if e.low is None or e.high is None else f"{e.low:.1f}–{e.high:.1f}"


def _th(*labels: str, right: int = 0) -> list[Flowable]:
    s = styles()
    split = len(labels) - right
    return ([para(label, s.th_light) for label in labels[:split]]
            + [para(label, s.th_light_right) for label in labels[split:]])


def _table(rows: list[list[Any]], widths: list[float], extra: Sequence[tuple[Any, ...]] = ()) -> Flowable:
    return data_table(rows, widths, light_header=True, zebra=False, extra=extra)


def _construct_rows(constructs: Sequence[ConstructResult]) -> list[list[Any]]:
    s = styles()
    rows: list[list[Any]] = [_th("Construct", "People", "Mean", "SD", "95% CI", "Alpha", right=5)]
    for c in constructs:
        e = c.score
        rows.append([para(c.name, s.cell_bold), trusted(str(e.n), s.cell_right),
                     trusted(f"<b>{figure(e.mean)}</b>", s.cell_right), trusted(figure(e.sd), s.cell_right),
                     trusted(interval(e), s.cell_right), trusted(figure(c.alpha, 2), s.cell_right)])
    return rows


def _comparison(constructs: Sequence[ConstructResult], runs: Sequence[Run], width: float) -> list[Flowable]:
    s = styles()
    out: list[Flowable] = list(heading("Against earlier runs", s.h3, room=120))
    out.append(trusted(markup(
        "The same statements rated in earlier workshops, oldest first: each run's mean, with its number of "
        "people. The last column is the change since the run before this one, with its 95% interval; it is "
        "marked “beyond noise” when that interval leaves out zero, that is when the change is larger than "
        "the differences chance alone would give with these numbers of people (Welch's t)."), s.small))
    rows: list[list[Any]] = [_th("Construct", *[r.label for r in runs], "This workshop", "Change", right=len(runs) + 2)]
    for k, now in enumerate(constructs):
        cells: list[Any] = [para(now.name, s.cell_bold)]
        for run in runs:
            e = run.assessment.constructs[k].score
            cells.append(trusted(f"{figure(e.mean)} <font size='6.5'>(n {e.n})</font>", s.cell_right))
        cells.append(trusted(f"<b>{figure(now.score.mean)}</b> <font size='6.5'>(n {now.score.n})</font>",
                             s.cell_right))
        change = difference(runs[-1].assessment.constructs[k].score, now.score)
        if change is None:
            cells.append(trusted("–", s.cell_right))
        else:
            colour = hex_colour(GOOD if change.change > 0 else WARN)
            verdict = (f'<font color="{colour}"><b>beyond noise</b></font>' if change.beyond_noise
                       else "within noise")
            cells.append(trusted(f"{signed(change.change)} ({signed(change.low)} to {signed(change.high)})<br/>{verdict}",
                                 s.cell_right))
        rows.append(cells)
    name_w = width * 0.28
    change_w = 92.0
    run_w = (width - name_w - change_w) / (len(runs) + 1)
    out.append(_table(rows, [name_w] + [run_w] * (len(runs) + 1) + [change_w]))
    return out


def rating_section(doc: WorkshopDoc, step: Step, width: float, earlier: Sequence[Run] = ()) -> list[Flowable]:
    """The results of one rating step; ``earlier``: runs from other workshops to compare with (same instrument)."""
    assert step.exercise and step.exercise.rating
    s = styles()
    rating = step.exercise.rating
    lo, hi = rating.scale_min, rating.scale_max
    per_statement, per_dimension = rating_results(doc.items, step)
    if not any(r.count for r in per_statement):
        return []
    result = assess(doc.items, step, doc.participants)
    version = f" Instrument version {rating.version}." if rating.version else ""
    out: list[Flowable] = [trusted(markup(
        f"Scale {lo} ({rating.low_label}) to {hi} ({rating.high_label}).{version} {result.people} "
        f"{'person' if result.people == 1 else 'people'} rated. Each person's score on a construct is the mean "
        f"of their ratings of its statements, counted when they rated at least half of them; a reverse-worded "
        f"statement ({REVERSED}) counts turned round. The 95% CI is the range the mean likely lies in (t "
        "distribution); SD is the spread between people; alpha (Cronbach's) says how consistently a construct's "
        "statements agree, 0.7 or more usually being taken as reliable."), s.muted)]
    if result.loose:
        out.append(trusted(markup(
            f"{result.loose} ratings carry no respondent key (recorded before keys were kept, or without one), "
            "so they count in the statement figures but not in the construct scores."), s.small))
    scored = [c for c in result.constructs if c.score.mean is not None]
    if scored:
        out.extend(heading("Per construct", s.h3, room=len(scored) * 17 + 120))
        out.append(mean_chart([c.name for c in scored], [c.score.mean or 0.0 for c in scored], lo, hi, width))
        weakest = min(scored, key=lambda c: c.score.mean or 0.0)
        out.append(trusted(f'<font color="{hex_colour(WARN)}">■</font>&nbsp;weakest: {markup(weakest.name)}', s.small))
        out.append(_table(_construct_rows(result.constructs), [width - 5 * 54, 54, 54, 54, 54, 54]))
    out.extend(_by_role(result.roles, result.roles_withheld, width))
    comparable = [r for r in earlier if instrument_difference(r.rating, rating) is None]
    if comparable and scored:
        out.extend(_comparison(result.constructs, comparable, width))
    out.extend(heading("Per statement", s.h3))
    rows: list[list[Any]] = [_th("Construct and statement", "Mean", "Spread", "n", right=3)
                             + [para(f"Distribution ({lo}–{hi})", s.th_light)]]
    extra: list[tuple[Any, ...]] = []
    statements = [st for d in rating.dimensions for st in d.statements]
    for d, dim in enumerate(per_dimension):
        row = len(rows)
        extra.append(("BACKGROUND", (0, row), (-1, row), GROUP_ROW))
        construct = result.constructs[d]
        rows.append(_statement_row(dim.label, dim, construct.score.mean, construct.score.sd, construct.score.n,
                                   lo, hi, bold=True))
        for n, r in enumerate(per_statement):
            if r.dimension == dim.label:
                mark = f" {REVERSED}" if statements[n].reverse else ""
                rows.append(_statement_row(f"{n + 1}. {r.label}{mark}", r, r.mean, r.spread, r.count, lo, hi))
    hist_w = 96.0
    out.append(_table(rows, [width - 3 * 46 - hist_w, 46, 46, 46, hist_w], extra=extra))
    return out


def _by_role(roles: Sequence[Any], withheld: int, width: float) -> list[Flowable]:
    s = styles()
    if not roles and not withheld:
        return []
    out: list[Flowable] = list(heading("By role", s.h3, room=100))
    if roles:
        names = [c.name for c in roles[0].constructs]
        rows: list[list[Any]] = [_th("Role", *names, right=len(names))]
        for role in roles:
            cells: list[Any] = [para(f"{role.role} ({role.people} people)", s.cell_bold)]
            for c in role.constructs:
                cells.append(trusted(f"<b>{figure(c.score.mean)}</b><br/>"
                                     f"<font size='6.5'>{interval(c.score)}</font>", s.cell_right))
            rows.append(cells)
        first = width * 0.25
        out.append(_table(rows, [first] + [(width - first) / len(names)] * len(names),
                          extra=[("BACKGROUND", (0, 0), (-1, 0), HEADER_LIGHT)]))
    if withheld:
        out.append(trusted(markup(
            f"{withheld} {'role was' if withheld == 1 else 'roles were'} given by fewer than {ROLE_MIN} people "
            "and not shown, so that nobody's ratings can be picked out."), s.small))
    return out


def _statement_row(label: str, r: RatingResult, mean: float | None, spread: float | None, n: int, lo: int, hi: int,
                   bold: bool = False) -> list[Any]:
    s = styles()
    return [
        para(label, s.cell_bold if bold else s.cell),
        trusted(f"<b>{figure(mean)}</b>" if bold else figure(mean), s.cell_right),
        trusted(figure(spread), s.cell_right),
        trusted(str(n), s.cell_right),
        mini_histogram(r.distribution(lo, hi), lo, width=88, height=20, strong=bold),
    ]
