"""What every PDF of the app shares: the house style, tables, page templates and the footer.

Fonts and the safe setting of user text are in :mod:`workshop_app.export.pdf_text`. Only the export
modules import reportlab, and only when an export runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from workshop_app.export.common import isolate
from workshop_app.export.pdf_text import FONT, FONT_BOLD, Para, ellipsize, markup, register_fonts

# The house colours: one restrained accent, dark ink, and greys for what is secondary.
ACCENT = colors.HexColor("#1E5A7A")
ACCENT_DARK = colors.HexColor("#153F56")
ACCENT_LIGHT = colors.HexColor("#E7EFF4")
ACCENT_MID = colors.HexColor("#8FB1C4")
INK = colors.HexColor("#1F2429")
MUTED = colors.HexColor("#5E6A74")
RULE = colors.HexColor("#D3DAE0")
ZEBRA = colors.HexColor("#F6F8FA")
HEADER_LIGHT = colors.HexColor("#E3ECF2")
GROUP_ROW = colors.HexColor("#F1F5F8")
WARN = colors.HexColor("#B5562B")
GOOD = colors.HexColor("#2F7D5B")

PORTRAIT = A4


def hex_colour(colour: colors.Color) -> str:
    """A colour as Paragraph markup wants it: #rrggbb."""
    return "#" + colour.hexval()[2:]

LANDSCAPE = landscape(A4)
MARGIN_X = 18 * mm
MARGIN_TOP = 18 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_W = PORTRAIT[0] - 2 * MARGIN_X  # the text frame of a portrait page
FRAME_H = PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM
WIDE_FRAME_W = LANDSCAPE[0] - 2 * MARGIN_X  # ... and of a landscape one
# The cover's frame sits inside the margins, below the accent band.
COVER_SIZE = (FRAME_W - 16 * mm, FRAME_H - 30 * mm)

# -- the house style ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Styles:
    """Every paragraph style the PDFs use, built on the bundled font."""

    body: ParagraphStyle
    lead: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    label: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    th: ParagraphStyle
    th_right: ParagraphStyle
    th_center: ParagraphStyle
    th_light: ParagraphStyle
    th_light_right: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    figure: ParagraphStyle
    figure_label: ParagraphStyle
    bullet: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    """The paragraph styles (fonts registered on first use)."""
    register_fonts()

    def style(name: str, **kw: Any) -> ParagraphStyle:
        base: dict[str, Any] = {
            "fontName": FONT, "fontSize": 9, "leading": 13, "textColor": INK,
            "splitLongWords": 1, "allowWidows": 0, "allowOrphans": 0,
            # Bullets and list numbers in the embedded font too (reportlab's default is Helvetica).
            "bulletFontName": FONT,
        }
        base.update(kw)
        return ParagraphStyle(name, **base)

    cell = style("cell", fontSize=8.2, leading=10.8)
    return Styles(
        body=style("body", spaceAfter=5),
        lead=style("lead", fontSize=10, leading=14.5, textColor=MUTED, spaceAfter=8),
        small=style("small", fontSize=8, leading=11),
        muted=style("muted", fontSize=8.2, leading=11.5, textColor=MUTED, spaceAfter=4),
        label=style("label", fontName=FONT_BOLD, fontSize=7.5, leading=10, textColor=ACCENT),
        h1=style("h1", fontName=FONT_BOLD, fontSize=17, leading=21, textColor=ACCENT_DARK, spaceAfter=6),
        h2=style("h2", fontName=FONT_BOLD, fontSize=12.5, leading=16, textColor=INK, spaceBefore=14, spaceAfter=4),
        h3=style("h3", fontName=FONT_BOLD, fontSize=9.5, leading=13, textColor=ACCENT_DARK, spaceBefore=8,
                 spaceAfter=3),
        cell=cell,
        cell_bold=style("cell_bold", parent=cell, fontName=FONT_BOLD, fontSize=8.2, leading=10.8),
        cell_muted=style("cell_muted", fontSize=7.6, leading=10, textColor=MUTED),
        cell_right=style("cell_right", fontSize=8.2, leading=10.8, alignment=TA_RIGHT),
        cell_center=style("cell_center", fontSize=8.2, leading=10.8, alignment=TA_CENTER),
        th=style("th", fontName=FONT_BOLD, fontSize=7.6, leading=10, textColor=colors.white),
        th_right=style("th_right", fontName=FONT_BOLD, fontSize=7.6, leading=10, textColor=colors.white,
                       alignment=TA_RIGHT),
        th_center=style("th_center", fontName=FONT_BOLD, fontSize=7.6, leading=10, textColor=colors.white,
                        alignment=TA_CENTER),
        th_light=style("th_light", fontName=FONT_BOLD, fontSize=7.6, leading=10, textColor=ACCENT_DARK),
        th_light_right=style("th_light_right", fontName=FONT_BOLD, fontSize=7.6, leading=10, textColor=ACCENT_DARK,
                             alignment=TA_RIGHT),
        title=style("title", fontName=FONT_BOLD, fontSize=28, leading=34, textColor=INK, spaceAfter=8),
        subtitle=style("subtitle", fontSize=14, leading=19, textColor=MUTED, spaceAfter=4),
        figure=style("figure", fontName=FONT_BOLD, fontSize=20, leading=24, textColor=ACCENT_DARK),
        figure_label=style("figure_label", fontSize=7.6, leading=10, textColor=MUTED),
        bullet=style("bullet", leftIndent=11, bulletIndent=0, spaceAfter=3),
    )


# -- tables ---------------------------------------------------------------------------------------------
# A row taller than this may break across pages inside itself (when the table allows it); shorter rows
# move whole. A broken row starts only where at least MIN_ROW_PART of it fits.
LONG_ROW = 180.0
MIN_ROW_PART = 40.0
# Header and first rows this high always fit on a fresh page (the landscape frame is about 487 points).
FRESH_PAGE = 400.0


class HouseTable(Table):
    """A table that breaks across pages the way a reader expects.

    reportlab first breaks between rows and then lays the rest out in what is left of the page: with a
    repeated header, a long row that may break inside itself then gets a second header in the middle
    of the page. This table breaks the long row itself first, never leaves a single row (or a group's
    label row) at the foot of a page, and never sends a single row on to the next page alone.
    """

    _calc_for: tuple[float, float] | None = None

    def _calc(self, availWidth: float, availHeight: float) -> None:  # noqa: N803
        # A table is measured when it is placed and again when it is split at the same place: the
        # second time would measure every cell of the page again for the same answer.
        if self._calc_for == (availWidth, availHeight):
            return
        super()._calc(availWidth, availHeight)
        self._calc_for = (availWidth, availHeight)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        self._calc(availWidth, availHeight)
        heights = list(self._rowHeights)
        head = self.repeatRows if isinstance(self.repeatRows, int) else max(self.repeatRows) + 1
        fit, used = 0, 0.0
        for height in heights:
            if used + height > availHeight:
                break
            used += height
            fit += 1
        if fit >= len(heights):
            return [self]
        before, after = fit - head, len(heights) - fit
        if self.splitInRow and heights[fit] > LONG_ROW:
            if availHeight - used < MIN_ROW_PART:
                # Too little of the long row would show here; start it on the next page.
                return [] if before < 2 else self._split_before(fit)
            parts = self._splitRows(availHeight, doInRowSplit=True)
            if parts:
                return list(parts)
        if before < 2 <= len(heights) - head and sum(heights[:head + 2]) <= FRESH_PAGE:
            # One row (or none) would stay here: the table starts on the next page instead.
            return []
        cut = fit
        while cut - head > 2 and self._is_group_row(cut - 1):
            cut -= 1
        if after == 1 and cut == fit and before >= 3:
            cut -= 1
        if cut != fit:
            return self._split_before(cut)
        return list(super().split(availWidth, availHeight))

    def _split_before(self, row: int) -> list[Flowable]:
        """Split between rows so that ``row`` is the first row of the second part."""
        return list(self._splitRows(sum(self._rowHeights[:row]) + 0.01, doInRowSplit=False))

    def _is_group_row(self, row: int) -> bool:
        """Whether a row is a group's label: one cell spanning the whole width."""
        span = self._spanRanges.get((0, row)) if self._spanCmds and self._ncols > 1 else None
        return span is not None and span[2] == self._ncols - 1 and span[1] == span[3] == row


def data_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    header: bool = True,
    zebra: bool = True,
    long_text: bool = False,
    extra: Sequence[tuple[Any, ...]] = (),
    light_header: bool = False,
) -> Table:
    """A table in the house style: accent header repeated on each page, hairlines between rows.

    Cells must already be flowables (Paragraphs or drawings), never raw strings. ``long_text`` lets a
    row taller than a page break inside itself instead of failing the layout. A light header (use the
    ``th_light`` styles in it) suits the many small tables of the results.
    """
    table = HouseTable(
        [list(r) for r in rows], colWidths=list(widths), repeatRows=1 if header else 0,
        splitInRow=1 if long_text else 0, hAlign="LEFT",
    )
    commands: list[tuple[Any, ...]] = [
        # Cells hold flowables, but a table still sets its font on each cell: make it the embedded one.
        ("FONT", (0, 0), (-1, -1), FONT, 8.2, 10.8),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_LIGHT if light_header else ACCENT),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8 if light_header else 0, ACCENT_MID if light_header else ACCENT),
            ("TOPPADDING", (0, 0), (-1, 0), 4),
            ("BOTTOMPADDING", (0, 0), (-1, 0), 4.5),
        ]
    if zebra:
        start = 1 if header else 0
        commands.append(("ROWBACKGROUNDS", (0, start), (-1, -1), [colors.white, ZEBRA]))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


def has_long_text(*texts: str, limit: int = 450) -> bool:
    return any(len(t) > limit for t in texts)


# -- progress, outline and page templates ---------------------------------------------------------------
class Mark(Flowable):
    """An invisible point in the story: reports progress and, optionally, starts an outline entry.

    With ``toc`` the entry is also listed in the table of contents, if the document has one.
    """

    def __init__(self, done: int | None = None, outline: str = "", level: int = 0, toc: bool = False) -> None:
        super().__init__()
        self.done = done
        self.outline = outline
        self.level = level
        self.toc = toc
        self.key = f"o{id(self)}"
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        if self.outline:
            # The reader lands with the heading at the top of the window, not on the page as a whole.
            _x, top = self.canv.absolutePosition(0, 0)
            self.canv.bookmarkPage(self.key, fit="XYZ", left=0, top=top + 4)
            self.canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.level > 0)


class PageGroup(Flowable):
    """An invisible point that starts a group of pages numbered on their own ("page 1 of 2" per person).

    Put it first on the group's first page; ``name`` is added to the footer of each of its pages.
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        start = getattr(self.canv, "start_group", None)
        if start is not None:
            start(self.name)


class NumberedCanvas(Canvas):
    """Holds the pages back until the end so every footer can say "page N of M".

    A bookmark names the page the document is on when it is made; while pages are held back that is
    always the first one, so bookmarks are kept with their page and made when it is written out.
    Pages can be grouped (see :class:`PageGroup`): each group is then numbered on its own, and its
    name is added to the footer.
    """

    footer_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Each page starts in the embedded font: reportlab's default would name Helvetica on every page.
        register_fonts()
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT
        super().__init__(*args, **kwargs)
        self._saved_pages: list[dict[str, Any]] = []
        self._page_bookmarks: list[tuple[str, dict[str, Any]]] = []
        self._has_outline = False
        self._groups: list[str] = []
        self._page_groups: list[int] = []
        self._later: list[tuple[int, Callable[[Canvas], None]]] = []

    def later(self, draw: Callable[[Canvas], None]) -> None:
        """Draw on the current page when the pages are written out, once the whole document is known."""
        self._later.append((len(self._saved_pages), draw))

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:  # noqa: N802
        self._page_bookmarks.append((key, kwargs))

    def addOutlineEntry(self, *args: Any, **kwargs: Any) -> None:  # noqa: N802
        self._has_outline = True
        super().addOutlineEntry(*args, **kwargs)

    def start_group(self, name: str) -> None:
        """The page being drawn starts a new group of pages, numbered apart from the others."""
        self._groups.append(name)

    def showPage(self) -> None:  # noqa: N802
        self._page_groups.append(len(self._groups) - 1)
        self._saved_pages.append(dict(self.__dict__))
        self._page_bookmarks = []
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        has_outline = self._has_outline
        groups, page_groups = list(self._groups), list(self._page_groups)
        sizes = {g: page_groups.count(g) for g in set(page_groups)}
        seen: dict[int, int] = {}
        later = list(self._later)
        for number, (state, group) in enumerate(zip(self._saved_pages, page_groups, strict=True), start=1):
            self.__dict__.update(state)
            for key, kwargs in self._page_bookmarks:
                super().bookmarkPage(key, **kwargs)
            for page, draw in later:
                if page == number - 1:
                    draw(self)
            if group < 0:
                self._draw_footer(number, total)
            else:
                seen[group] = seen.get(group, 0) + 1
                self._draw_footer(seen[group], sizes[group], groups[group])
            super().showPage()
        if has_outline:
            # The reader opens with the bookmarks shown beside the first page.
            self.showOutline()
        super().save()

    def _draw_footer(self, number: int, total: int, group: str = "") -> None:
        width, _height = self._pagesize
        y = 11 * mm
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN_X, y + 9, width - MARGIN_X, y + 9)
        size = 7.5
        right = f"page {number} of {total}"
        self.setFont(FONT, size)
        self.setFillColor(MUTED)
        self.drawRightString(width - MARGIN_X, y, right)
        room = width - 2 * MARGIN_X - pdfmetrics.stringWidth(right, FONT, size) - 12 * mm
        title = ellipsize(" · ".join(isolate(t) for t in (self.footer_text, group) if t), room, FONT, size)
        footer = Paragraph(markup(title), ParagraphStyle("footer", fontName=FONT, fontSize=size, leading=size + 2,
                                                         textColor=MUTED))
        footer.wrapOn(self, room, 20)
        footer.drawOn(self, MARGIN_X, y - 2)
        self.restoreState()


def canvas_maker(footer_text: str) -> Callable[..., Canvas]:
    """A canvas class whose pages all carry ``footer_text`` and the page count."""
    return type("FooterCanvas", (NumberedCanvas,), {"footer_text": footer_text})


@dataclass(frozen=True)
class PdfInfo:
    """The document's metadata: shown by PDF readers and used by screen readers (the language)."""

    title: str
    author: str
    subject: str
    language: str = "en"
    keywords: str = ""


class HouseTemplate(BaseDocTemplate):
    """A4 pages in portrait and landscape, a cover, progress reports and an outline as it lays out."""

    def __init__(
        self,
        filename: str,
        info: PdfInfo,
        progress: Callable[[int], None] | None = None,
        cover: Callable[[Canvas, Any], None] | None = None,
        contents: Contents | None = None,
    ) -> None:
        super().__init__(
            filename, pagesize=PORTRAIT, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM, title=info.title, author=info.author, subject=info.subject,
            creator="Workshop Room", keywords=info.keywords, lang=info.language or "en",
        )
        self._progress = progress
        self._contents = contents
        pw, ph = PORTRAIT
        lw, lh = LANDSCAPE
        portrait = Frame(MARGIN_X, MARGIN_BOTTOM, pw - 2 * MARGIN_X, ph - MARGIN_TOP - MARGIN_BOTTOM, id="p",
                         leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        wide = Frame(MARGIN_X, MARGIN_BOTTOM, lw - 2 * MARGIN_X, lh - MARGIN_TOP - MARGIN_BOTTOM, id="l",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover_frame = Frame(MARGIN_X + 8 * mm, MARGIN_BOTTOM, COVER_SIZE[0], COVER_SIZE[1], id="c",
                            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = [
            PageTemplate("portrait", [portrait], pagesize=PORTRAIT),
            PageTemplate("landscape", [wide], pagesize=LANDSCAPE),
        ]
        if cover:
            templates.insert(0, PageTemplate("cover", [cover_frame], onPage=cover, pagesize=PORTRAIT))
        self.addPageTemplates(templates)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802
        if not isinstance(flowable, Mark):
            return
        if flowable.done is not None and self._progress:
            self._progress(flowable.done)
        if flowable.toc and flowable.outline and self._contents is not None:
            # The contents take markup: the (user-typed) title goes in escaped.
            self._contents.add((flowable.level, markup(flowable.outline), self.page, flowable.key))


def build_pdf(
    out: Path,
    story: list[Flowable],
    info: PdfInfo,
    footer_text: str,
    progress: Callable[[int], None] | None = None,
    cover: Callable[[Canvas, Any], None] | None = None,
    contents: Contents | None = None,
) -> None:
    """Lay out ``story`` into ``out`` in one pass; ``progress(done)`` is called as each marked point is
    laid out. ``contents``, somewhere in the story, lists the marks made with ``toc=True``."""
    from workshop_app.storage.files import atomic_path

    if contents is not None:
        contents.expect(story)
    with atomic_path(Path(out)) as tmp:
        template = HouseTemplate(str(tmp), info, progress, cover, contents)
        template.build(story, canvasmaker=canvas_maker(footer_text))


def contents_table(levels: int = 2) -> Any:
    """reportlab's table of contents in the house style (see :class:`Contents`)."""
    from reportlab.platypus.tableofcontents import TableOfContents

    s = styles()
    toc = TableOfContents()
    toc.dotsMinLevel = 0
    toc.levelStyles = [
        ParagraphStyle("toc0", parent=s.body, fontSize=9.2, leading=12, spaceBefore=4, rightIndent=24),
        ParagraphStyle("toc1", parent=s.body, fontSize=8.4, leading=11, leftIndent=12, textColor=MUTED,
                       rightIndent=24),
    ][:levels]
    toc.tableStyle = TableStyle([("FONT", (0, 0), (-1, -1), FONT, 9), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 0),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 0)])
    return toc


Entry = tuple[int, str, int, str]  # level, title as markup, page, bookmark key


class Contents(Flowable):
    """The table of contents, laid out with the document once and filled in when its pages are written.

    The page numbers are known only when everything is laid out; reportlab's own way lays the whole
    document out again until they settle, which doubled the time a report takes. The entries are
    known before the layout (the marks made with ``toc=True``) and the page numbers do not change
    their size, so the space is taken now and the entries are drawn into it at the end.
    """

    # Page numbers stand in at this width while the real ones are not known.
    PLACEHOLDER = 999

    def __init__(self, levels: int = 2) -> None:
        super().__init__()
        self.toc = contents_table(levels)
        self.expected: list[Entry] = []
        self.found: list[Entry] = []

    def expect(self, story: Sequence[Flowable]) -> None:
        """Take the entries to be listed from the marks in the story, before it is laid out."""
        self.expected = [(m.level, markup(m.outline), self.PLACEHOLDER, m.key) for m in marks_in(story)
                         if m.toc and m.outline]

    def add(self, entry: Entry) -> None:
        self.found.append(entry)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.toc._lastEntries = self.expected or self.found
        self.width, self.height = self.toc.wrapOn(self.canv, availWidth, availHeight)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        # Where it was laid out, scale included (the cover shrinks to one page), to draw there later.
        matrix = tuple(canvas._currentMatrix)
        width = self.width

        def fill(target: Canvas) -> None:
            target.saveState()
            target.transform(*matrix)
            self.toc._lastEntries = self.found
            self.toc.wrapOn(target, width, 10_000)
            self.toc.drawOn(target, 0, 0)
            target.restoreState()

        later = getattr(canvas, "later", None)
        if later is not None:
            later(fill)


def marks_in(flowables: Sequence[Flowable]) -> list[Mark]:
    """The marks in a story, also those inside flowables that hold others (kept together or in a frame)."""
    found: list[Mark] = []
    for f in flowables:
        if isinstance(f, Mark):
            found.append(f)
        inner = getattr(f, "_content", None)
        if isinstance(inner, list):
            found.extend(marks_in(inner))
    return found


class NoteLines(Flowable):
    """Ruled lines for handwritten notes, filling what is left of the page (nothing if too little is left).

    The gap above them is part of them: a separate spacer that did not fit would carry the lines over
    to a page of their own.
    """

    def __init__(self, title: str, min_height: float = 70, max_lines: int = 8, gap: float = 7 * mm,
                 top: float = 0.0) -> None:
        super().__init__()
        self.title = title
        self.min_height = min_height
        self.max_lines = max_lines
        self.gap = gap
        self.top = top
        self.lines = 0
        self.width = self.height = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        room = availHeight - self.top
        if room < self.min_height:
            self.lines, self.height = 0, 0.0
        else:
            self.lines = min(self.max_lines, int((room - 24) // self.gap))
            self.height = self.top + 24 + self.lines * self.gap
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return []

    def draw(self) -> None:
        if not self.lines:
            return
        c = self.canv
        top = self.height - self.top
        c.setFont(FONT_BOLD, 12.5)
        c.setFillColor(INK)
        c.drawString(0, top - 14, self.title)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.4)
        for n in range(1, self.lines + 1):
            y = top - 24 - n * self.gap + 2
            c.line(0, y, self.width, y)


def bullet_list(texts: Sequence[str], style: ParagraphStyle | None = None, numbered: bool = False) -> list[Flowable]:
    """User texts as a bulleted (or numbered) list."""
    st = style or styles().bullet
    out: list[Flowable] = []
    for n, text in enumerate(texts, start=1):
        mark = f"{n}." if numbered else "•"
        out.append(Para(markup(text), st, bulletText=mark))
    return out
