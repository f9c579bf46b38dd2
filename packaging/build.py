"""Build the stand-alone app with PyInstaller, then check that what was built works.

    python packaging/build.py             # build into build/ and dist/, then the smoke test
    python packaging/build.py --clean     # the same from an empty PyInstaller cache
    python packaging/build.py --archive   # also pack the result into one file under dist/
    python packaging/build.py --smoke-only

The smoke test runs the built executable, with no window system (QT_QPA_PLATFORM=offscreen) and a
throw-away app home, from a folder outside the checkout:

* ``--version`` names the version;
* ``exercises check`` finds every shipped exercise and agenda inside the bundle;
* ``demo`` writes a workshop file, and ``export --pdf`` turns it into a PDF;
* ``join`` serves that file on 127.0.0.1: the phone page loads and a note posted to it is stored;
* the GUI opens that file and is still running a few seconds later.

The process exits non-zero when the build or any check fails.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SPEC = REPO / "packaging" / "workshop-app.spec"
DIST = REPO / "dist"
BUILD = REPO / "build"
APP_NAME = "Workshop Room"
COMMAND_TIMEOUT = 180  # seconds; the first start of a fresh bundle can be slow on some systems
GUI_SECONDS = 8  # how long the GUI must stay up


def version() -> str:
    text = (REPO / "workshop_app" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    assert match, "workshop_app/__init__.py has no __version__"
    return match.group(1)


def bundle_dir() -> Path:
    """The folder to ship: the one-folder app, or the .app on macOS."""
    if sys.platform == "darwin":
        return DIST / f"{APP_NAME}.app"
    return DIST / "workshop-app"


def executables() -> tuple[Path, Path]:
    """(the GUI executable, the executable for commands); the same file except on Windows."""
    if sys.platform == "win32":
        folder = DIST / "workshop-app"
        return folder / "workshop-app.exe", folder / "workshop-app-cli.exe"
    if sys.platform == "darwin":
        exe = bundle_dir() / "Contents" / "MacOS" / "workshop-app"
        return exe, exe
    exe = DIST / "workshop-app" / "workshop-app"
    return exe, exe


def folder_size(path: Path) -> tuple[int, int]:
    """(bytes, files) under a folder, not following symbolic links."""
    total = files = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            p = Path(root) / name
            if not p.is_symlink():
                total += p.stat().st_size
                files += 1
    return total, files


def mib(n: int) -> str:
    return f"{n / 2**20:.1f} MiB"


def build(clean: bool) -> float:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "PyInstaller is not installed: python -m pip install 'pyinstaller>=6.6' (or: make package)"
        ) from None
    for icon in ("workshop-app.ico", "workshop-app.icns"):
        if not (REPO / "resources" / "icons" / icon).exists():
            print(f"{icon} is missing; rendering the icons", flush=True)
            subprocess.run([sys.executable, str(REPO / "packaging" / "render_icons.py")], check=True)
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
           "--distpath", str(DIST), "--workpath", str(BUILD), str(SPEC)]
    if clean:
        cmd.insert(3, "--clean")
    print("$ " + " ".join(cmd), flush=True)
    start = time.monotonic()
    result = subprocess.run(cmd, cwd=REPO)
    seconds = time.monotonic() - start
    if result.returncode != 0:
        raise SystemExit(f"PyInstaller failed (exit {result.returncode}).")
    return seconds


class Smoke:
    """The checks, each printed as ok/FAIL/skip; failures are counted, not raised."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.failures: list[str] = []
        self.env = dict(os.environ)
        self.env.update(QT_QPA_PLATFORM="offscreen", WORKSHOP_APP_HOME=str(tmp / "home"))
        # Nothing from the checkout or a virtual environment may leak into the frozen app.
        for name in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
            self.env.pop(name, None)

    def ok(self, what: str) -> None:
        print(f"  ok    {what}", flush=True)

    def fail(self, what: str, detail: str = "") -> None:
        self.failures.append(what)
        print(f"  FAIL  {what}" + (f"\n{detail.rstrip()}" if detail else ""), flush=True)

    def skip(self, what: str, why: str) -> None:
        print(f"  skip  {what}: {why}", flush=True)

    def run(self, what: str, args: list[str]) -> subprocess.CompletedProcess[str] | None:
        try:
            result = subprocess.run(args, cwd=self.tmp, env=self.env, capture_output=True, text=True,
                                    timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.fail(what, f"no answer within {COMMAND_TIMEOUT} s")
            return None
        except OSError as exc:
            self.fail(what, str(exc))
            return None
        if result.returncode != 0:
            self.fail(what, f"exit {result.returncode}\n{result.stdout}{result.stderr}")
            return None
        return result


def smoke_test(gui_exe: Path, cli_exe: Path) -> list[str]:
    print(f"Smoke test of {cli_exe.relative_to(REPO)}", flush=True)
    with tempfile.TemporaryDirectory(prefix="workshop-smoke-") as tmp_name:
        tmp = Path(tmp_name)
        s = Smoke(tmp)
        exe = str(cli_exe)

        r = s.run("--version", [exe, "--version"])
        if r is not None:
            out = (r.stdout + r.stderr).strip()
            if version() in out:
                s.ok(f"--version: {out}")
            else:
                s.fail("--version", f"expected {version()} in: {out!r}")

        shipped = len(list((REPO / "exercises").glob("*.toml")))
        agendas = len(list((REPO / "exercises" / "agendas").glob("*.toml")))
        r = s.run("exercises check", [exe, "exercises", "check"])
        if r is not None:
            expected = f"{shipped} exercises and {agendas} agendas are valid"
            if expected in r.stdout:
                s.ok(f"exercises check: {expected}")
            else:
                s.fail("exercises check", f"expected '{expected}' in:\n{r.stdout}{r.stderr}")

        demo = tmp / "d.workshop"
        r = s.run("demo", [exe, "demo", str(demo)])
        if r is not None:
            if demo.is_file() and demo.read_bytes()[:16] == b"SQLite format 3\x00":
                s.ok(f"demo: {demo.name}, {demo.stat().st_size // 1024} KiB")
            else:
                s.fail("demo", "no workshop file was written")

        pdf = tmp / "d.pdf"
        if not (REPO / "workshop_app" / "export" / "pdf_report.py").exists():
            s.skip("export --pdf", "workshop_app/export/pdf_report.py does not exist yet")
        elif not demo.is_file():
            s.skip("export --pdf", "no demo file")
        else:
            r = s.run("export --pdf", [exe, "export", str(demo), "--pdf", str(pdf)])
            if r is not None:
                if pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-":
                    s.ok(f"export --pdf: {pdf.name}, {pdf.stat().st_size // 1024} KiB")
                else:
                    s.fail("export --pdf", "no PDF was written")

        if demo.is_file():
            join_check(s, exe, demo)
        else:
            s.skip("join", "no demo file")

        if not (REPO / "workshop_app" / "gui" / "app.py").exists():
            s.skip("GUI", "workshop_app/gui/app.py does not exist yet")
        else:
            gui_check(s, gui_exe, demo if demo.is_file() else None)
        return s.failures


def join_check(s: Smoke, exe: str, demo: Path) -> None:
    """Serve the demo to phones on loopback: the page and its script load, a posted note is stored."""
    import json
    import signal
    import urllib.request
    from urllib.parse import urlsplit

    proc = subprocess.Popen([exe, "join", str(demo), "--port", "0"], cwd=s.tmp, env=s.env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline().strip()
        if not first.startswith("Join at http://127.0.0.1:"):
            s.fail("join", f"expected 'Join at http://127.0.0.1:...' first, got {first!r}")
            return
        url = first.split(" ", 2)[2]
        page = urllib.request.urlopen(url, timeout=COMMAND_TIMEOUT)
        cookie = page.headers["Set-Cookie"].split(";", 1)[0]
        script = urllib.request.urlopen(url + "/app.js", timeout=COMMAND_TIMEOUT).read()
        origin = "http://" + urlsplit(url).netloc
        post = urllib.request.Request(url + "/notes", method="POST", data=json.dumps(
            {"text": "Smoke test note from a phone", "prompt": 0}).encode(), headers={
            "Content-Type": "application/json", "Origin": origin, "Cookie": cookie})
        answer = urllib.request.urlopen(post, timeout=COMMAND_TIMEOUT)
        if answer.status != 201 or b"EventSource" not in script:
            s.fail("join", f"the note was answered {answer.status}, the script has {len(script)} bytes")
            return
    except OSError as exc:
        s.fail("join", str(exc))
        return
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM if hasattr(signal, "SIGTERM") else signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=COMMAND_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
    if proc.returncode != 0 or "Traceback" in err:
        s.fail("join", f"exit {proc.returncode} after SIGTERM\n{err}")
    else:
        s.ok(f"join: served {urlsplit(url).netloc}, a posted note answered 201, stopped cleanly")


def gui_check(s: Smoke, exe: Path, demo: Path | None) -> None:
    """Start the GUI offscreen on the demo file; it passes if it is still up after GUI_SECONDS."""
    log = s.tmp / "gui.log"
    args = [str(exe)] + ([str(demo)] if demo else [])
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen(args, cwd=s.tmp, env=s.env, stdout=out, stderr=subprocess.STDOUT)
        try:
            code = proc.wait(timeout=GUI_SECONDS)
        except subprocess.TimeoutExpired:
            code = None
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
    text = log.read_text(encoding="utf-8", errors="replace")
    if code is not None:
        s.fail("GUI", f"it stopped by itself within {GUI_SECONDS} s (exit {code})\n{text}")
    elif "Traceback (most recent call last)" in text:
        s.fail("GUI", f"it is running but printed an error\n{text}")
    else:
        s.ok(f"GUI: still running after {GUI_SECONDS} s" + (f" with {demo.name} open" if demo else ""))


def archive() -> Path:
    """One file to hand out: .tar.gz on Linux, .zip elsewhere."""
    machine = platform.machine().lower() or "unknown"
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, "linux")
    stem = DIST / f"workshop-app-{version()}-{system}-{machine}"
    folder = bundle_dir()
    if sys.platform == "darwin":
        # ditto keeps the bundle's symbolic links and extended attributes, which a plain zip loses.
        target = stem.with_suffix(".zip")
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(folder), str(target)], check=True)
        return target
    fmt = "zip" if sys.platform == "win32" else "gztar"
    return Path(shutil.make_archive(str(stem), fmt, root_dir=folder.parent, base_dir=folder.name))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build the stand-alone Workshop Room and smoke-test it.")
    p.add_argument("--clean", action="store_true", help="empty PyInstaller's cache first")
    p.add_argument("--smoke-only", action="store_true", help="only test the app already in dist/")
    p.add_argument("--no-smoke", action="store_true", help="build without the smoke test")
    p.add_argument("--archive", action="store_true", help="pack the app into one file under dist/")
    args = p.parse_args(argv)

    if not args.smoke_only:
        seconds = build(args.clean)
        print(f"Built in {seconds:.0f} s", flush=True)
    folder = bundle_dir()
    gui_exe, cli_exe = executables()
    if not cli_exe.is_file():
        print(f"error: {cli_exe} was not built", file=sys.stderr)
        return 1
    size, files = folder_size(folder)
    print(f"{folder.relative_to(REPO)}: {mib(size)} in {files} files", flush=True)

    if not args.no_smoke:
        failures = smoke_test(gui_exe, cli_exe)
        if failures:
            print(f"Smoke test FAILED: {', '.join(failures)}", file=sys.stderr)
            return 1
        print("Smoke test passed", flush=True)
    if args.archive:
        target = archive()
        print(f"Archive: {target.relative_to(REPO)} ({mib(target.stat().st_size)})", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
