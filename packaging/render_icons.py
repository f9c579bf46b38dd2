"""Render the application icon from its SVG into every raster format the packages need.

    python packaging/render_icons.py

writes, next to ``resources/icons/workshop-app.svg``:

* ``hicolor/<N>x<N>/apps/<APP_ID>.png`` for the sizes desktops ask for (Linux icon theme layout);
* ``workshop-app.ico`` (Windows) and ``workshop-app.icns`` (macOS), made with Pillow when it is
  installed (it comes with reportlab, one of the app's dependencies); without it they are skipped
  with a note.

The SVG is the source; the rendered files are committed so that building a package does not need
to render anything. Run this again after changing the SVG.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

APP_ID = "org.workshoproom.WorkshopRoom"
REPO = Path(__file__).resolve().parents[1]
ICONS = REPO / "resources" / "icons"
SVG = ICONS / "workshop-app.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def png_path(size: int, icons: Path = ICONS) -> Path:
    return icons / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"


def render_png_bytes(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """Render the SVG at each size with Qt's SVG renderer, offscreen, as PNG bytes."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QPainter needs an app
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not a valid SVG for Qt's renderer.")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        image.convertToFormat(QImage.Format.Format_ARGB32).save(buf, "PNG")
        buf.close()
        out[size] = bytes(data.data())
    return out


def write_ico_icns(rendered: dict[int, bytes], icons: Path) -> list[Path]:
    try:
        from PIL import Image
    except ImportError:
        print("note: Pillow is not installed; skipped workshop-app.ico and workshop-app.icns", file=sys.stderr)
        return []
    images = {size: Image.open(io.BytesIO(data)).convert("RGBA") for size, data in rendered.items()}
    ico = icons / "workshop-app.ico"
    largest = images[max(ICO_SIZES)]
    largest.save(ico, format="ICO", sizes=[(s, s) for s in ICO_SIZES],
                 append_images=[images[s] for s in ICO_SIZES if s != max(ICO_SIZES)])
    icns = icons / "workshop-app.icns"
    images[max(ICNS_SIZES)].save(icns, format="ICNS",
                                 append_images=[images[s] for s in ICNS_SIZES if s != max(ICNS_SIZES)])
    return [ico, icns]


def main() -> int:
    sizes = tuple(sorted(set(PNG_SIZES) | set(ICO_SIZES) | set(ICNS_SIZES)))
    rendered = render_png_bytes(SVG, sizes)
    for size in PNG_SIZES:
        path = png_path(size)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(rendered[size])
        print(f"wrote {path.relative_to(REPO)}")
    for path in write_ico_icns(rendered, ICONS):
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
