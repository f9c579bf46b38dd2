"""The join address as a QR code, for the shared screen and for a terminal."""

from __future__ import annotations

import io


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of ``url`` as rows of dark (True) and light modules, without the quiet zone.

    Error correction "M" with segno's automatic version: a URL of about 60 characters gives 33×33
    modules, large enough to scan from the back of a room when the code fills a third of the screen.
    """
    import segno

    code = segno.make_qr(url, error="m")
    return [[bool(cell) for cell in row] for row in code.matrix]


def qr_svg(url: str, scale: int = 10) -> str:
    """The QR code of ``url`` as an SVG document (black on white, with its quiet zone)."""
    import segno

    out = io.BytesIO()
    segno.make_qr(url, error="m").save(out, kind="svg", scale=scale, dark="#000000", light="#ffffff")
    return out.getvalue().decode("utf-8")


def qr_text(url: str) -> str:
    """The QR code of ``url`` for a terminal: coloured blocks, dark on white whatever the terminal's colours."""
    import segno

    out = io.StringIO()
    segno.make_qr(url, error="m").terminal(out=out, border=2)
    return out.getvalue()
