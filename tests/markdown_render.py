"""Markdown as a reader shows it: rendered by a CommonMark parser, then read back as tags and text."""

from __future__ import annotations

from html.parser import HTMLParser

from markdown_it import MarkdownIt

# The tags the export's own structure makes; anything else would come from user text.
STRUCTURE_TAGS = {"h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "strong", "em", "br", "table", "thead", "tbody",
                  "tr", "th", "td"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.parts: list[str] = []
        self.strong: list[str] = []
        self._in_strong = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "strong":
            self._in_strong += 1
            self.strong.append("")
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "strong":
            self._in_strong -= 1
        self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)
        if self._in_strong:
            self.strong[-1] += data


def squash(text: str) -> str:
    return " ".join(text.split())


def render(markdown: str) -> tuple[set[str], str, list[str]]:
    """The tags the Markdown renders to, its text (spaces squashed) and the text of each bold run."""
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    reader = _Reader()
    reader.feed(parser.render(markdown))
    reader.close()
    return set(reader.tags), squash("".join(reader.parts)), [squash(s) for s in reader.strong]
