"""Text as CommonMark shows it literally: what people typed never turns into markup, links or HTML.

Every character CommonMark (and the common extensions: tables, strikethrough, maths, superscripts)
gives a meaning to is escaped with a backslash, which any CommonMark reader prints as the character
itself. Characters that only mean something at the start of a line (list markers, ``1.``, ``=``) are
escaped there; each line of user text is treated as a line start, since it may follow a list marker.
"""

from __future__ import annotations

import re

# Inline markup: escapes, code spans, emphasis, links and images, HTML and autolinks, table cells,
# strikethrough, ATX heading marks, and the maths and superscript marks of some readers.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#$^])")
# An entity or character reference (&amp; &#38;) would be shown as the character it names.
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
# At a line start: bullet list, setext underline or thematic break, and "1." or "1)" ordered lists.
_BLOCK_MARK = re.compile(r"^([-+=])")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")


def md_line(text: str, start: bool = True) -> str:
    """One line of user text, escaped so that it reads literally.

    With ``start`` the line may begin a block (it starts a line, or follows a list marker), so list
    and heading marks at its start are escaped too.
    """
    line = " ".join(text.split())
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    if start:
        line = _BLOCK_MARK.sub(r"\\\1", line)
        line = _ORDERED.sub(r"\1\\\2", line)
    return line


def md_lines(text: str) -> list[str]:
    """The lines of user text, each escaped; blank lines are left out so the text stays one block."""
    return [md_line(line) for line in str(text).splitlines() if line.strip()] or [""]


def md_block(text: str, indent: int = 0) -> str:
    """Multi-line user text as one paragraph with hard line breaks.

    Continuation lines are indented by ``indent`` so that they stay inside a list item, and a blank
    line typed by the user does not end the paragraph (nor a bold title around it).
    """
    return ("\\\n" + " " * indent).join(md_lines(text))


def md_flat(text: str, start: bool = False) -> str:
    """User text on one line (headings, table cells, labels): its lines joined with spaces, escaped.

    ``start`` says the text begins a block, as after a list marker.
    """
    return md_line(" ".join(str(text).split()), start)
