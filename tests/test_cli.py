"""The command line, run as a user runs it: a real process, its output and its exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workshop_app import __version__
from workshop_app.storage.backup import list_backups


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "workshop_app", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_demo_then_every_export_then_import_round_trip(tmp_path: Path) -> None:
    demo = tmp_path / "demo.workshop"
    assert run("demo", str(demo)).returncode == 0
    out = {k: tmp_path / f"out.{k}" for k in ("pdf", "csv", "md", "json")}
    result = run("export", str(demo), "--pdf", str(out["pdf"]), "--csv", str(out["csv"]),
                 "--markdown", str(out["md"]), "--json", str(out["json"]))
    assert result.returncode == 0, result.stderr
    assert out["pdf"].read_bytes().startswith(b"%PDF")
    assert out["csv"].read_bytes().startswith(b"\xef\xbb\xbf")
    assert (tmp_path / "out-actions.csv").exists()
    assert "Provocative questions" in out["md"].read_text(encoding="utf-8")
    copy = tmp_path / "copy.workshop"
    assert run("import", str(out["json"]), str(copy)).returncode == 0
    again = tmp_path / "again.json"
    assert run("export", str(copy), "--json", str(again)).returncode == 0
    assert again.read_text(encoding="utf-8") == out["json"].read_text(encoding="utf-8")


def test_demo_force_keeps_a_backup_of_what_it_replaces(tmp_path: Path) -> None:
    demo = tmp_path / "demo.workshop"
    assert run("demo", str(demo)).returncode == 0
    assert run("demo", str(demo)).returncode == 1  # never replaced without asking
    assert run("demo", str(demo), "--force").returncode == 0
    assert list_backups(demo)


def test_exercises_list_and_check(tmp_path: Path) -> None:
    listed = run("exercises", "list")
    assert listed.returncode == 0 and "provocative-questions" in listed.stdout and "half-day-kickoff" in listed.stdout
    assert run("exercises", "check").returncode == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('id = "bad"\ntitle = "Bad"\npurpose = "x"\ntype = "board"\nminutes = 10\nsource = "x"\n[board]\nprompts = []\n')
    result = run("exercises", "check", str(bad))
    assert result.returncode == 1
    assert "bad.toml" in result.stderr and "board.prompts" in result.stderr and "Traceback" not in result.stderr


def test_schema_is_json_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    assert run("schema", str(out)).returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert schema["title"] == "Workshop" and "items" in schema["properties"]


def test_user_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    not_workshop = tmp_path / "notes.workshop"
    not_workshop.write_text("just text")
    for args in (
        ("export", str(tmp_path / "missing.workshop"), "--pdf", str(tmp_path / "x.pdf")),
        ("export", str(not_workshop), "--pdf", str(tmp_path / "x.pdf")),
        ("import", str(not_workshop), str(tmp_path / "y.workshop")),
        ("guide", "no-such-agenda", "--pdf", str(tmp_path / "g.pdf")),
        (str(tmp_path / "missing.workshop"),),
    ):
        result = run(*args)
        assert result.returncode == 1, args
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_a_damaged_workshop_is_restored_from_the_command_line(tmp_path: Path) -> None:
    from workshop_app.core.workshop import Workshop

    path = tmp_path / "Kick-off.workshop"
    assert run("demo", str(path)).returncode == 0
    ws = Workshop.open(path)  # opened (backed up) and changed (backed up again on close)
    notes = sum(1 for item in ws.doc.items if item.kind == "note")
    ws.add_note(ws.steps[0].id, "the last idea")
    ws.close()
    listed = run("backups", str(path))
    assert listed.returncode == 0 and listed.stdout.startswith("Backups of Kick-off.workshop, newest first.")
    rows = listed.stdout.splitlines()[1:]
    assert len(rows) == 2 and rows[0].startswith("today ")
    assert f" {notes + 1} notes, " in rows[0] and f" {notes} notes, " in rows[1]
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))

    failed = run("export", str(path), "--json", str(tmp_path / "x.json"))
    assert failed.returncode == 1 and len(failed.stderr.strip().splitlines()) == 1
    assert "is damaged" in failed.stderr and "The newest good backup was taken today" in failed.stderr
    assert f"Restore it with: workshop-app restore {path}" in failed.stderr

    restored = run("restore", str(path))
    target = tmp_path / "Kick-off (restored).workshop"
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith("Restored the backup taken today ")
    assert f"({notes + 1} notes, " in restored.stdout and restored.stdout.strip().endswith(f" into {target}")
    again = Workshop.open(target)
    assert "the last idea" in [i.text for i in again.items(again.steps[0].id)]
    again.close()
    assert bytes(data) == path.read_bytes()  # the damaged file is left as it was

    oldest = rows[1].split()[-1]
    second = run("restore", str(path), "--backup", oldest)
    assert second.returncode == 0 and second.stdout.strip().endswith("(restored 2).workshop")
    for args in (("restore", str(path), "--backup", str(tmp_path / "none.workshop")),
                 ("restore", str(path), "--backup", str(path)),
                 ("restore", str(tmp_path / "never-backed-up.workshop"))):
        refused = run(*args)
        assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1, refused.stderr
        assert "Traceback" not in refused.stderr
