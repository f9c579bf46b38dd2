"""Files the app writes whole or not at all: exports and the JSON schema.

A full disk is made real with a file-size limit on a child process (POSIX): a write past the limit
fails with "File too large" part-way through, as it would on a disk that fills during an export.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app.storage.files import TEMP_MARK, atomic_path, write_text_atomic

resource = pytest.importorskip("resource", reason="file-size limits are POSIX")

LIMIT = 128 * 1024  # room for SQLite's 32 KiB shared-memory file, not for the demo's JSON (about 270 KiB)
EARLIER = '{"the earlier export": true}\n'

MENU_EXPORT = """
import resource, sys
from pathlib import Path
from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import QApplication, QMessageBox
app = QApplication([])
QMessageBox.exec = lambda box: print("warning:", box.text(), flush=True)
from workshop_app.gui.main_window import MainWindow
window = MainWindow()
window.open_path(Path(sys.argv[1]))
assert window.session is not None
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
loop = QEventLoop()
window.exports.done.connect(lambda _out, message: (print("done:", message, flush=True), loop.quit()))
window.export_to("json", Path(sys.argv[2]))
loop.exec()
window.close_workshop()
"""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


@pytest.mark.parametrize("how", ["command line", "menu"])
def test_a_json_export_that_fills_the_disk_keeps_the_earlier_file(tmp_path: Path, demo_path: Path, how: str) -> None:
    out = tmp_path / "workshop.json"
    out.write_text(EARLIER, encoding="utf-8")
    if how == "command line":
        done = subprocess.run([sys.executable, "-m", "workshop_app", "export", str(demo_path), "--json", str(out)],
                              capture_output=True, text=True, timeout=120, env=_env(), preexec_fn=_limited)
        assert done.returncode == 1
        assert done.stderr.strip() == f"workshop-app: Cannot write JSON to {out}: File too large."
    else:
        done = subprocess.run([sys.executable, "-c", MENU_EXPORT, str(demo_path), str(out), str(LIMIT)],
                              capture_output=True, text=True, timeout=120, env=_env())
        assert done.returncode == 0, done.stderr
        assert f"warning: Could not write {out.name}: File too large." in done.stdout
        assert "done: Could not write" in done.stdout
    assert out.read_text(encoding="utf-8") == EARLIER
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_the_json_schema_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    done = subprocess.run([sys.executable, "-m", "workshop_app", "schema", str(out)], capture_output=True, text=True,
                          timeout=120, env=_env())
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8").startswith("{")
    assert [p.name for p in tmp_path.iterdir()] == ["schema.json"]


def test_atomic_path_replaces_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half of the n", encoding="utf-8")
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "old"
    write_text_atomic(target, "new ✓")
    assert target.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["file.txt"]
