"""The process that tests/test_kill.py kills: it changes a workshop and reports each change once saved.

    kill_child.py notes PATH       add notes, one per transaction, printing each id after its commit
    kill_child.py saved PATH N     add N notes, printing "saved K" after each commit, then stay open
    kill_child.py export KIND PATH OUT  export the workshop as KIND to OUT again and again, printing each
    kill_child.py backup PATH      back the workshop up again and again, printing each finished backup
    kill_child.py migrate PATH     open (back up and migrate) an old file, then print "migrated"
    kill_child.py import JSON PATH create a workshop from a JSON export, then print "done"

It prints "go" just before the part worth killing, so the parent can time its kill from there.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workshop_app.core.workshop import Workshop
from workshop_app.model.document import WorkshopDoc


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def exporter(kind: str) -> Callable[[WorkshopDoc, Path], None]:
    """The export function for a kind, as the app's Export menu runs it."""
    from workshop_app.export.writers import export_writer

    write = export_writer(kind)
    return lambda doc, out: write(doc, out, lambda _done, _total: None)


def main(argv: list[str]) -> None:
    mode = argv[0]
    if mode == "notes":
        ws = Workshop.open(Path(argv[1]))
        step = ws.steps[0].id
        say("go")
        for i in range(100_000):
            edit = ws.add_note(step, f"note {i} from process")
            say(edit.rows[0][1])  # the note's id, printed only after its commit returned
    elif mode == "saved":
        ws = Workshop.open(Path(argv[1]))
        step = ws.steps[0].id
        say("go")
        for i in range(int(argv[2])):
            ws.add_note(step, f"held note {i}")
            say(f"saved {i}")
    elif mode == "export":
        ws = Workshop.open(Path(argv[2]), readonly=True)
        write = exporter(argv[1])
        say("go")
        for i in range(100_000):
            write(ws.doc, Path(argv[3]))
            say(f"wrote {i}")
    elif mode == "backup":
        from workshop_app.storage.backup import create_backup

        ws = Workshop.open(Path(argv[1]))
        say("go")
        while True:
            say(str(create_backup(ws.file)))
    elif mode == "migrate":
        say("go")
        Workshop.open(Path(argv[1]))
        say("migrated")
    elif mode == "import":
        from workshop_app.export.json_io import load_json

        doc = load_json(Path(argv[1]))
        say("go")
        Workshop.create(Path(argv[2]), doc)
        say("done")
    else:
        raise SystemExit(f"unknown mode {mode}")
    sys.stdin.read()  # wait to be killed


if __name__ == "__main__":
    main(sys.argv[1:])
