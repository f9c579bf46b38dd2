"""Packaging: the Linux desktop files, the icons, the install script, and the wheel as users get it."""

from __future__ import annotations

import configparser
import datetime as dt
import os
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
LINUX = PACKAGING / "linux"
ICONS = REPO / "resources" / "icons"
APP_ID = "org.workshoproom.WorkshopRoom"
MIME_TYPE = "application/x-workshop-room"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME_XML = LINUX / f"{APP_ID}-mime.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


# --- Desktop entry, AppStream metadata, MIME type ------------------------------------------------


def test_desktop_entry_has_the_required_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Workshop Room"
    assert entry["Comment"]
    assert entry["Exec"] == "workshop-app %f"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert MIME_TYPE in entry["MimeType"].split(";")
    assert entry["MimeType"].endswith(";")
    categories = entry["Categories"].split(";")
    assert "Office" in categories and "Education" in categories


def test_metainfo_describes_the_app() -> None:
    from workshop_app import __version__

    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license") == "MIT"
    assert root.findtext("name") == _desktop_entry()["Name"]
    assert root.findtext("summary")
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.find("content_rating") is not None
    assert root.findtext("provides/mediatype") == MIME_TYPE
    assert root.findtext("provides/binary") == "workshop-app"
    releases = root.findall("releases/release")
    assert releases, "at least one release"
    versions = [r.get("version") for r in releases]
    assert __version__ in versions
    for release in releases:
        dt.date.fromisoformat(release.get("date", ""))


def test_mime_type_matches_files_by_name_and_by_content() -> None:
    from workshop_app.storage.workshop_file import APPLICATION_ID

    root = ET.parse(MIME_XML).getroot()
    mime = root.find(f"{MIME_NS}mime-type")
    assert mime is not None and mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.workshop"]
    outer = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert outer is not None
    assert (outer.get("type"), outer.get("offset"), outer.get("value")) == ("string", "0", "SQLite format 3")
    inner = outer.find(f"{MIME_NS}match")  # nested: both must match
    assert inner is not None
    # SQLite keeps PRAGMA application_id big-endian at byte 68 of the header.
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert int(inner.get("value", ""), 16) == APPLICATION_ID


def test_a_workshop_file_carries_the_bytes_the_mime_magic_looks_for(demo_path: Path) -> None:
    from workshop_app.storage.workshop_file import APPLICATION_ID

    header = demo_path.read_bytes()[:100]
    assert header.startswith(b"SQLite format 3\x00")
    assert struct.unpack(">I", header[68:72])[0] == APPLICATION_ID


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate is not installed (Debian: desktop-file-utils)")
def test_desktop_file_validate_accepts_the_entry() -> None:
    result = _run(["desktop-file-validate", str(DESKTOP)])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error:" not in result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("appstreamcli") is None,
                    reason="appstreamcli is not installed (Debian: appstream)")
def test_appstreamcli_validates_the_metainfo() -> None:
    result = _run(["appstreamcli", "validate", "--no-net", str(METAINFO)])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("update-mime-database") is None,
                    reason="update-mime-database is not installed (Debian: shared-mime-info)")
def test_update_mime_database_compiles_the_type(tmp_path: Path) -> None:
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_XML, packages / f"{APP_ID}.xml")
    result = _run(["update-mime-database", str(tmp_path / "mime")])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "*.workshop" in (tmp_path / "mime" / "globs2").read_text(encoding="utf-8")
    assert b"WSKR" in (tmp_path / "mime" / "magic").read_bytes()


# --- Icons ----------------------------------------------------------------------------------------


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def test_icon_pngs_have_the_size_their_folder_says() -> None:
    hicolor = ICONS / "hicolor"
    folders = sorted(p.name for p in hicolor.iterdir() if p.is_dir())
    assert folders == sorted(f"{n}x{n}" for n in ICON_SIZES)
    for folder in folders:
        width, height = (int(v) for v in folder.split("x"))
        pngs = list((hicolor / folder / "apps").glob("*.png"))
        assert [p.name for p in pngs] == [f"{APP_ID}.png"], folder
        assert _png_size(pngs[0]) == (width, height), pngs[0]


def test_icon_svg_ico_and_icns_are_there() -> None:
    svg = ET.parse(ICONS / "workshop-app.svg").getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.get("version") == "1.1"
    assert svg.get("viewBox") == "0 0 512 512"
    assert (ICONS / "workshop-app.ico").read_bytes()[:4] == b"\x00\x00\x01\x00"
    assert (ICONS / "workshop-app.icns").read_bytes()[:4] == b"icns"


# --- The install script and the PyInstaller set-up ------------------------------------------------


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script")
def test_install_linux_installs_and_uninstalls(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("XDG_DATA_HOME", "DESTDIR")}
    env["HOME"] = str(tmp_path)
    script = str(PACKAGING / "install-linux.sh")
    result = _run(["sh", script], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    share = tmp_path / ".local" / "share"
    expected = [
        share / "applications" / f"{APP_ID}.desktop",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        share / "mime" / "packages" / f"{APP_ID}.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        share / "icons" / "hicolor" / "48x48" / "mimetypes" / "application-x-workshop-room.png",
    ] + [share / "icons" / "hicolor" / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in ICON_SIZES]
    missing = [str(p.relative_to(tmp_path)) for p in expected if not p.is_file()]
    assert not missing
    result = _run(["sh", script, "--uninstall"], env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not any(p.exists() for p in expected)


def test_spec_puts_the_data_where_the_app_looks_for_it() -> None:
    from workshop_app.storage import paths

    spec = (PACKAGING / "workshop-app.spec").read_text(encoding="utf-8")
    # paths._bundled looks inside the package first: workshop_app/<name>.
    package = Path(paths.__file__).resolve().parent.parent.name
    for name in ("exercises", "resources"):
        assert f'(str(REPO / "{name}"), "{package}/{name}")' in spec
    assert "launcher.py" in spec and (PACKAGING / "launcher.py").is_file()
    for script in ("build.py", "render_icons.py", "launcher.py"):
        compile((PACKAGING / script).read_text(encoding="utf-8"), script, "exec")
    compile(spec, "workshop-app.spec", "exec")


# --- The wheel ------------------------------------------------------------------------------------


@pytest.mark.timeout(180)
def test_wheel_ships_the_data_and_the_installed_copy_finds_it(tmp_path: Path) -> None:
    """Build the wheel, install it into a bare folder and load the exercise library from there."""
    wheel_dir = tmp_path / "wheel"
    result = _run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--quiet", "-w", str(wheel_dir)])
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = wheel_dir.glob("workshop_app-*.whl")

    names = set(zipfile.ZipFile(wheel).namelist())
    exercises = sorted(p.name for p in (REPO / "exercises").glob("*.toml"))
    agendas = sorted(p.name for p in (REPO / "exercises" / "agendas").glob("*.toml"))
    assert exercises and agendas
    for name in exercises:
        assert f"workshop_app/exercises/{name}" in names
    for name in agendas:
        assert f"workshop_app/exercises/agendas/{name}" in names
    assert any(n.startswith("workshop_app/resources/") for n in names)
    assert f"workshop_app/resources/icons/hicolor/48x48/apps/{APP_ID}.png" in names
    for name in ("index.html", "app.js", "app.css"):  # the phone page, served by the join server
        assert f"workshop_app/resources/join/{name}" in names
    assert not any(n.startswith(("tests/", "packaging/")) for n in names)

    target = tmp_path / "site"
    result = _run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "--quiet",
                   "--target", str(target), str(wheel)])
    assert result.returncode == 0, result.stdout + result.stderr

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = dict(os.environ, PYTHONPATH=str(target), WORKSHOP_APP_HOME=str(tmp_path / "home"))
    code = (
        "import workshop_app\n"
        "from workshop_app.storage import paths\n"
        "from workshop_app.core.library import load_library\n"
        "lib = load_library()\n"
        "print(workshop_app.__file__)\n"
        "print(paths.exercises_dir())\n"
        "print(len(lib.exercises), len(lib.agendas), len(lib.errors))\n"
    )
    result = _run([sys.executable, "-c", code], cwd=outside, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    module_file, exercises_dir, counts = result.stdout.strip().splitlines()[-3:]
    assert Path(module_file).resolve().is_relative_to(target.resolve()), module_file
    assert Path(exercises_dir).resolve() == (target / "workshop_app" / "exercises").resolve()
    assert counts == f"{len(exercises)} {len(agendas)} 0"
    assert len(exercises) == len(list((REPO / "exercises").glob("*.toml")))
