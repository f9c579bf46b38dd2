"""What made the large report slow stays fixed: table cells broken into lines once, one layout pass for
the report and its contents, and one-line cells drawn as plain strings exactly where a Paragraph would."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from workshop_app.export.pdf_base import PdfInfo, build_pdf, data_table, styles
from workshop_app.export.pdf_text import Label, Para, para, trusted


def long_table(rows: int = 160) -> Any:
    s = styles()
    data: list[list[Any]] = [[trusted("Note", s.th), trusted("By", s.th), trusted("Votes", s.th_right)]]
    for n in range(rows):
        data.append([para(f"Note {n} " + "about the customer and the handover " * (1 + n % 4), s.cell),
                     para(f"Person {n % 7}", s.cell_muted), trusted(f"<b>{n % 5}</b>", s.cell_right)])
    return data_table(data, [300, 110, 40])


def test_table_cells_are_broken_into_lines_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counts: Counter[int] = Counter()
    kept: list[Paragraph] = []  # alive till the end, so no two paragraphs share an id()
    original = Paragraph.breakLines

    def counting(self: Paragraph, width: Any) -> Any:
        if id(self) not in counts:
            kept.append(self)
        counts[id(self)] += 1
        return original(self, width)

    monkeypatch.setattr(Paragraph, "breakLines", counting)
    build_pdf(tmp_path / "t.pdf", [long_table()], PdfInfo("t", "", ""), "t")
    assert len(PdfReader(str(tmp_path / "t.pdf")).pages) >= 4
    assert counts and max(counts.values()) == 1, counts.most_common(3)


def test_the_report_is_laid_out_once(tmp_path: Path, library, monkeypatch: pytest.MonkeyPatch) -> None:
    from reportlab.platypus import BaseDocTemplate

    from workshop_app.core.demo import build_demo
    from workshop_app.export.pdf_report import write_pdf

    builds: list[int] = []
    original = BaseDocTemplate.build

    def counting(self: Any, *args: Any, **kwargs: Any) -> Any:
        builds.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(BaseDocTemplate, "build", counting)
    out = tmp_path / "report.pdf"
    write_pdf(build_demo(library), out)
    assert len(builds) == 1
    # The contents on the cover still give each section's page.
    cover = PdfReader(str(out)).pages[0].extract_text() or ""
    assert "Action plan" in cover and ". 4" in cover.replace(" ", " ")


def positions(path: Path) -> list[tuple[float, float, str]]:
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((round(x, 2), round(y, 2), text.strip()))

    PdfReader(str(path)).pages[0].extract_text(visitor_text=visit)
    return sorted(found, key=lambda f: f[2])


@pytest.mark.parametrize("alignment", [0, TA_CENTER, TA_RIGHT])
def test_a_label_draws_where_a_paragraph_draws(tmp_path: Path, alignment: int) -> None:
    s = styles()
    style = ParagraphStyle(f"t{alignment}", parent=s.cell, alignment=alignment, leftIndent=3, rightIndent=5)
    texts = ["12 Mar 2026", "–", "Anna Kowalska", "Zażółć gęślą"]
    made = {}
    for kind in ("label", "para"):
        rows = [[Label(t, style) if kind == "label" else Para(t, style), trusted("x", s.cell)] for t in texts]
        out = tmp_path / f"{kind}.pdf"
        build_pdf(out, [data_table(rows, [120, 60], header=False)], PdfInfo("t", "", ""), "t")
        made[kind] = positions(out)
    assert made["label"] == made["para"]


def test_plain_cells_become_labels_and_others_stay_paragraphs() -> None:
    s = styles()
    assert isinstance(trusted("12", s.cell_right), Label)
    assert isinstance(trusted("<b>12</b>", s.cell_right), Label)
    assert isinstance(para("Anna Kowalska", s.cell), Label)
    assert isinstance(trusted('<font color="#B5562B">High</font>', s.cell), Paragraph)
    assert isinstance(para("中文客户", s.cell), Paragraph)
    # A label too long for its cell becomes the paragraph it stands for, wrapped over lines.
    long = para("word " * 60, s.cell)
    assert isinstance(long, Label)
    _w, h = long.wrap(100, 1000)
    assert h > 3 * s.cell.leading
