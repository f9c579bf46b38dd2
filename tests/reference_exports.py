"""The exports of one fixed workshop, kept under ``tests/reference/`` so that any change to an export
shows in review as a change to these files.

Regenerate them after an intended change with ``make reference`` (or
``python -m tests.reference_exports``) and review the diff like any other.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import tempfile
from pathlib import Path

REFERENCE = Path(__file__).resolve().parent / "reference"
FILES = ("workshop.md", "answers.csv", "answers-actions.csv", "workshop.json", "report.txt")


def fixed_workshop():
    """The demo with fixed ids and times, and a few notes whose markup every export must print as typed."""
    from tests.conftest import REPO
    from workshop_app.core.demo import build_demo
    from workshop_app.core.library import load_library
    from workshop_app.model.document import Note, WorkshopDoc

    doc = build_demo(load_library([REPO / "exercises"]))
    doc.info.id = "reference-workshop"  # fixed, and outside the numbering of the random ids below
    board = next(s for s in doc.steps if s.type == "board")
    for n, text in enumerate(("<b>Bold</b> *claims* and [links](http://x) | pipes", "# Not a heading\n- not a list",
                              "客户至上 and Ελληνικά", "=1+1 is text")):
        doc.items.append(Note(step=board.id, text=text, prompt=n % 2, order=100 + n))
    text = doc.model_dump_json()
    # Ids are random: number them in the order they first appear.
    ids: dict[str, str] = {}
    for found in re.findall(r'"id":"([0-9a-f]{16})"', text):
        ids.setdefault(found, f"{len(ids) + 1:016x}")
    text = re.sub(r"\b[0-9a-f]{16}\b", lambda m: ids.get(m.group(0), m.group(0)), text)
    data = json.loads(text)
    # Times are when the demo was made: set them to the morning of the workshop, a minute apart.
    start = dt.datetime(2026, 3, 12, 9, 0, tzinfo=dt.UTC)
    for table in ("items", "actions"):
        for n, row in enumerate(data[table]):
            row["created"] = (start + dt.timedelta(minutes=n)).isoformat()
    return WorkshopDoc.model_validate(data)


def pdf_text(path: Path) -> str:
    """The report's text page by page, as a reader extracts it."""
    from pypdf import PdfReader

    pages = []
    for n, page in enumerate(PdfReader(path).pages, start=1):
        lines = [line.rstrip() for line in (page.extract_text() or "").splitlines()]
        pages.append(f"--- page {n} ---\n" + "\n".join(lines))
    return "\n".join(pages) + "\n"


def write_exports(folder: Path) -> dict[str, str]:
    """Write the fixed workshop's exports into ``folder``; return each reference file's text."""
    from workshop_app.export.csv_export import write_actions_csv, write_answers_csv
    from workshop_app.export.json_io import write_json
    from workshop_app.export.markdown import write_markdown
    from workshop_app.export.pdf_report import write_pdf

    doc = fixed_workshop()
    write_markdown(doc, folder / "workshop.md")
    write_answers_csv(doc, folder / "answers.csv")
    write_actions_csv(doc, folder / "answers-actions.csv")
    write_json(doc, folder / "workshop.json")
    write_pdf(doc, folder / "report.pdf")
    (folder / "report.txt").write_text(pdf_text(folder / "report.pdf"), encoding="utf-8")
    return {name: (folder / name).read_text(encoding="utf-8") for name in FILES}


def main() -> int:
    REFERENCE.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in write_exports(Path(tmp)).items():
            (REFERENCE / name).write_text(text, encoding="utf-8", newline="")
            print(f"wrote {REFERENCE.name}/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
