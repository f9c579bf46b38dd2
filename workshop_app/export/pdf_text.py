"""Fonts and text for the PDFs: the bundled fonts, safe markup of user text, and right-to-left lines.

User text never reaches a Paragraph unescaped: :func:`markup` escapes it, turns newlines into breaks,
sets right-to-left lines in display order and switches to a fallback font (CJK, emoji and symbols)
for characters the main font lacks.

Each text reads in its own direction. A line of the app's own words (left to right) that quotes a
user's text marks that text with :func:`isolate`: it is then set in its own direction, Arabic or
Hebrew, without turning the line around it. Brackets inside right-to-left text are mirrored.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import CondPageBreak, Flowable, Paragraph

from workshop_app.export.common import FSI, PDI, RTL_CHARS
from workshop_app.storage.paths import resources_dir

FONT = "WorkshopSans"
FONT_BOLD = "WorkshopSans-Bold"
FONT_CJK = "WorkshopCJK"
FONT_SYMBOLS = "WorkshopSymbols"
FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_CJK: "DroidSansFallbackFull.ttf",
    FONT_SYMBOLS: "Symbola.ttf",
}
# Tried in this order for a character the main font lacks.
FALLBACKS = (FONT_CJK, FONT_SYMBOLS)

_lock = threading.Lock()
_registered: set[str] = set()


def fonts_dir() -> Path:
    return resources_dir() / "fonts"


def _register(name: str) -> None:
    with _lock:
        if name in _registered:
            return
        path = fonts_dir() / FONT_FILES[name]
        if not path.is_file():
            raise FileNotFoundError(f"The font {path.name} is missing from {path.parent}; reinstall the app.")
        from reportlab.pdfbase import ttfonts

        # Every TrueType subset the app embeds gets a map copy and search can read (see below).
        ttfonts.makeToUnicodeCMap = _to_unicode_cmap
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered.add(name)


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """A font subset's ToUnicode map, with characters beyond the BMP written as UTF-16 surrogate pairs.

    reportlab writes such a character (an emoji) as five hex digits, which the PDF format does not
    allow: readers then warn about an invalid hex string, and copy and search give a wrong character.
    """

    def utf16(code: int) -> str:
        return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()

    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{n:02X}> <{utf16(code)}>" for n, code in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def register_fonts() -> None:
    """Register the bundled sans font (regular and bold) once; the fallbacks wait until text needs them."""
    if FONT in _registered and FONT_BOLD in _registered:
        return
    _register(FONT)
    _register(FONT_BOLD)
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def fallback_font(name: str) -> str:
    """Register a fallback font on first use and return its name."""
    if name not in _registered:
        _register(name)
        # The fallbacks have no bold; inside <b> each stands in for itself.
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
    return name


@lru_cache(maxsize=4)
def _cmap(name: str) -> frozenset[int]:
    if name in (FONT, FONT_BOLD):
        register_fonts()
    else:
        try:
            fallback_font(name)
        except FileNotFoundError:
            # A fallback left out of a build only costs its characters, never the export.
            return frozenset()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)


@lru_cache(maxsize=4096)
def _font_for(code: int) -> str | None:
    """The font for a character: None for the main font, else the first fallback that has it."""
    if code in _cmap(FONT):
        return None
    for name in FALLBACKS:
        if code in _cmap(name):
            return name
    # Nobody has it: the main font shows its "missing" box rather than nothing at all.
    return None


# -- text ---------------------------------------------------------------------------------------------
_ISOLATE_OPEN = "\u2066\u2067" + FSI
_MARKS = re.compile("[\u2066-\u2069]")
# Stand-ins for isolated parts while the line around them is reordered: Control Pictures are neutral.
_SLOTS = tuple(chr(0x2400 + n) for n in range(0x27))


def has_rtl(text: str) -> bool:
    return bool(RTL_CHARS.search(text))


def plain(text: str) -> str:
    """Text as printed, without the marks that isolate parts of it."""
    return _MARKS.sub("", text)


def _parts(line: str) -> list[tuple[str, bool]]:
    """The line cut into its own text and its isolated parts (an isolate left open runs to the end)."""
    parts: list[tuple[str, bool]] = []
    current: list[str] = []
    depth = 0
    for ch in line:
        if ch in _ISOLATE_OPEN:
            if depth == 0 and current:
                parts.append(("".join(current), False))
                current = []
            elif depth:
                current.append(ch)
            depth += 1
        elif ch == PDI:
            if depth == 0:
                continue
            depth -= 1
            if depth == 0:
                parts.append(("".join(current), True))
                current = []
            else:
                current.append(ch)
        else:
            current.append(ch)
    if current:
        parts.append(("".join(current), depth > 0))
    return parts


def _strong_rtl(text: str) -> bool | None:
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return None


def rtl_base(text: str) -> bool:
    """Whether a line reads right to left: its first strong character outside isolated parts is Hebrew
    or Arabic. A line with no such character reads as its first isolated part with one does."""
    parts = _parts(text)
    found = _strong_rtl("".join(t for t, isolated in parts if not isolated))
    if found is None:
        found = next((d for d in (_strong_rtl(t) for t, isolated in parts if isolated) if d is not None), None)
    return bool(found)


_STAND_IN = 0xF0000  # Supplementary Private Use Area-A: bidi class L


def _reorder(line: str, rtl: bool) -> str:
    # The pure-Python algorithm of python-bidi mirrors brackets ("(v2)" in Arabic); its faster default
    # reorders without mirroring, which prints ")v2(".
    # Characters this Python's Unicode tables do not know yet (new CJK blocks) have no bidi class and
    # stop python-bidi with an assertion, so they stand in as private-use letters while the line is
    # reordered and come back afterwards.
    from bidi.algorithm import get_display

    unknown = sorted({ch for ch in line if not unicodedata.bidirectional(ch)})
    stand_in = {ch: chr(_STAND_IN + i) for i, ch in enumerate(unknown)}
    if any(_STAND_IN <= ord(ch) < _STAND_IN + len(unknown) for ch in line):
        return line
    text = "".join(stand_in.get(ch, ch) for ch in line)
    try:
        shown = str(get_display(text, base_dir="R" if rtl else "L"))
    except (AssertionError, ValueError, IndexError):
        return line
    back = {v: k for k, v in stand_in.items()}
    return "".join(back.get(ch, ch) for ch in shown)


@lru_cache(maxsize=4096)
def visual(line: str) -> str:
    """One line of logical text in display order: Arabic letters joined, brackets mirrored, and each
    isolated part set in its own direction as one piece of the line around it."""
    import arabic_reshaper

    parts = _parts(line)
    rtl = rtl_base(line)
    isolated = [t for t, iso in parts if iso]
    if not isolated:
        return _reorder(arabic_reshaper.reshape(line), rtl)
    if len(isolated) > len(_SLOTS) or any(slot in line for slot in _SLOTS):
        return visual(plain(line))
    outer: list[str] = []
    inner: list[str] = []
    for text, iso in parts:
        if iso:
            outer.append(_SLOTS[len(inner)])
            inner.append(visual(text))
        else:
            outer.append(text)
    shown = _reorder(arabic_reshaper.reshape("".join(outer)), rtl)
    for slot, text in zip(_SLOTS, inner, strict=False):
        shown = shown.replace(slot, text)
    return shown


def shown(text: str) -> str:
    """Text for one drawn line: whitespace folded, right-to-left parts in display order."""
    line = " ".join(str(text).split())
    return visual(line) if has_rtl(line) else plain(line)


def font_runs(text: str) -> list[tuple[str, str | None]]:
    """Split text into runs for the main font (None) and the fallbacks (CJK, emoji and symbols)."""
    if text.isascii():
        return [(text, None)]
    runs: list[tuple[str, str | None]] = []
    current: list[str] = []
    current_font: str | None = None
    for ch in text:
        font = None if ch.isspace() else _font_for(ord(ch))
        if font != current_font and current:
            runs.append(("".join(current), current_font))
            current = []
        current_font = font
        current.append(ch)
    if current:
        runs.append(("".join(current), current_font))
    return runs


def _line_markup(line: str) -> str:
    parts = []
    for chunk, font in font_runs(line):
        if font is None:
            parts.append(escape(chunk))
        else:
            parts.append(f'<font name="{fallback_font(font)}">{escape(chunk)}</font>')
    return "".join(parts)


def markup(text: str) -> str:
    """User text as safe Paragraph markup: escaped, newlines as breaks, RTL in display order, CJK font runs."""
    lines = str(text).split("\n")
    return "<br/>".join(_line_markup(visual(line) if has_rtl(line) else plain(line)) for line in lines)


def text_width(text: str, font: str, size: float) -> float:
    """The printed width of plain text, counting each run in the font it will be set in."""
    width = 0.0
    for chunk, run_font in font_runs(plain(text)):
        width += pdfmetrics.stringWidth(chunk, run_font or font, size)
    return width


def _shown_width(text: str, font: str, size: float) -> float:
    return text_width(shown(text), font, size)


def _balanced(lines: list[str]) -> list[str]:
    """Lines broken inside an isolated part: each line closes what it opened and the next reopens it."""
    out: list[str] = []
    carry = 0
    for line in lines:
        depth = carry
        for ch in line:
            if ch in _ISOLATE_OPEN:
                depth += 1
            elif ch == PDI and depth:
                depth -= 1
        out.append(FSI * carry + line + PDI * depth)
        carry = depth
    return out


def wrap_logical(line: str, width: float, font: str, size: float) -> list[str]:
    """Break one logical line into lines that fit, before reordering, so RTL lines read top to bottom."""
    words = line.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        if current and _shown_width(candidate, font, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return _balanced(lines)


class Para(Paragraph):
    """A paragraph that breaks its lines once for each width it is given.

    A table asks each cell for its size when it lays out, again for every part it splits into
    across pages, and again when it draws: a plain Paragraph breaks its lines every time, which
    made a long table's cells be broken into lines seven times over. The lines depend only on the
    width, so the answer is kept until a different width is asked for.
    """

    _wrapped_width: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A split that fails drops the lines (``blPara``): then they are broken again.
        if availWidth == self._wrapped_width and hasattr(self, "blPara"):
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size


_SPACES = re.compile(r"[ \t\r\n]+")
_BOLD = re.compile(r"<b>([^<>&]*)</b>")
_BOLD_OF = {FONT: FONT_BOLD}


class Label(Flowable):
    """A short text on one line, drawn as one string: most cells of a table (numbers, dates, names).

    A Paragraph costs about four times as much to make, measure and draw; a table of a thousand
    notes has thousands of such cells. A label draws exactly what a one-line Paragraph of the same
    style would, and becomes that Paragraph when its text does not fit on one line.
    """

    def __init__(self, text: str, style: ParagraphStyle, font: str | None = None, fallback: str | None = None) -> None:
        super().__init__()
        self.text = _SPACES.sub(" ", text).strip()
        self.style = style
        self.font = font or style.fontName
        self._fallback_markup = fallback if fallback is not None else escape(self.text)
        self._para: Para | None = None
        self._text_width: float | None = None

    def _fits(self, width: float) -> bool:
        style = self.style
        if self._text_width is None:
            self._text_width = pdfmetrics.stringWidth(self.text, self.font, style.fontSize)
        return self._text_width <= width - style.leftIndent - style.rightIndent

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._para is None and self._fits(availWidth):
            self.width, self.height = availWidth, float(self.style.leading)
            return self.width, self.height
        if self._para is None:
            self._para = Para(self._fallback_markup, self.style)
        self.width, self.height = self._para.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        if self._para is None and self._fits(availWidth):
            return []
        if self._para is None:
            self._para = Para(self._fallback_markup, self.style)
        return list(self._para.split(availWidth, availHeight))

    def draw(self) -> None:
        if self._para is not None:
            self._para.drawOn(self.canv, 0, 0)
            return
        if not self.text:
            return
        style, canvas = self.style, self.canv
        # Where a one-line Paragraph puts its baseline.
        y = self.height - style.fontSize
        canvas.setFont(self.font, style.fontSize)
        canvas.setFillColor(style.textColor)
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width - style.rightIndent, y, self.text)
        elif style.alignment == TA_CENTER:
            left, right = style.leftIndent, self.width - style.rightIndent
            canvas.drawCentredString((left + right) / 2, y, self.text)
        else:
            canvas.drawString(style.leftIndent, y, self.text)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)


def _plain(text: str) -> bool:
    """Whether text can be one drawn string in the main font: no right-to-left, no fallback font."""
    if "\n" in text or has_rtl(text):
        return False
    return text.isascii() or all(_font_for(ord(ch)) is None for ch in text)


def label_or_para(markup_text: str, style: ParagraphStyle) -> Flowable:
    """Trusted markup as a Label when it is plain text (or all bold), else as a Paragraph."""
    text = markup_text.replace("&nbsp;", "\xa0")
    font = style.fontName
    bold = _BOLD.fullmatch(text)
    if bold:
        text = bold.group(1)
        font = _BOLD_OF.get(font, font)
    if "<" in text or ">" in text or "&" in text or not _plain(text):
        return Para(markup_text, style)
    return Label(text, style, font, fallback=markup_text)


class BidiParagraph(Flowable):
    """A paragraph with right-to-left text, wrapped in reading order and then set in display order.

    Wrapping after reordering would put the end of a sentence on its first line; this breaks the
    logical text into lines at the real width first, then reorders each line. A paragraph whose text
    reads right to left is set flush right.
    """

    def __init__(self, text: str, style: ParagraphStyle) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self._para: Paragraph | None = None
        self._built_for = -1.0

    def _build(self, width: float) -> Paragraph:
        if self._para is None or abs(self._built_for - width) > 0.01:
            style = self.style
            usable = max(width - style.leftIndent - style.rightIndent, 20.0)
            lines: list[str] = []
            right = False
            for logical in self.text.split("\n"):
                if has_rtl(logical):
                    right = right or rtl_base(logical)
                    for part in wrap_logical(logical, usable, style.fontName, style.fontSize):
                        lines.append(_line_markup(visual(part)))
                else:
                    lines.append(_line_markup(plain(logical)))
            if right and style.alignment == TA_LEFT:
                style = ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)
            self._para = Para("<br/>".join(lines), style)
            self._built_for = width
        return self._para

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        para = self._build(availWidth)
        self.width, self.height = para.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        return self._build(availWidth).split(availWidth, availHeight)

    def draw(self) -> None:
        assert self._para is not None
        self._para.drawOn(self.canv, 0, 0)

    def getSpaceBefore(self) -> float:  # noqa: N802
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:  # noqa: N802
        return float(self.style.spaceAfter)


def para(text: str, style: ParagraphStyle, before: str = "", after: str = "") -> Flowable:
    """A paragraph of user text. ``before`` and ``after`` are trusted markup set around it."""
    text = str(text)
    if has_rtl(text) and not before and not after:
        return BidiParagraph(text, style)
    if not before and not after and _plain(text):
        return Label(text, style)
    return Para(f"{before}{markup(text)}{after}", style)


def heading(text: str, style: ParagraphStyle, room: float = 90) -> list[Flowable]:
    """A heading of user text that never ends a page: it moves over unless ``room`` points follow it."""
    return [CondPageBreak(room + style.spaceBefore + style.leading), para(text, style)]


def trusted(markup_text: str, style: ParagraphStyle) -> Flowable:
    """A paragraph of markup the app wrote itself (labels, figures), with user parts already escaped."""
    return label_or_para(markup_text, style)


def ellipsize(text: str, width: float, font: str, size: float) -> str:
    """Text on one line, cut with "…" at its logical end so that, set in display order, it fits ``width``.

    It stays in logical order: a right-to-left text loses its end, which then shows on the left.
    """
    text = " ".join(str(text).split())
    if _shown_width(text, font, size) <= width:
        return text
    # The longest start that fits with the ellipsis, found by halving rather than letter by letter.
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _shown_width(text[:mid].rstrip() + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return _balanced([text[:lo].rstrip() + "…"])[0]


def shown_fit(text: str, width: float, font: str, size: float) -> str:
    """One drawn line of user text, cut to fit ``width`` and in display order."""
    return shown(ellipsize(text, width, font, size))
