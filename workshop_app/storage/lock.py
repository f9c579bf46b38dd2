"""One writer per workshop: a small lock file beside it says which copy of the app has it open.

The lock file ``.<name>.lock`` is created with O_EXCL, so of two copies of the app opening the same
workshop at once exactly one wins. It holds the process id, when that process started, the
computer's name, the user and the time. A lock whose process no longer runs on this computer is
stale (left by a crash or a kill) and is taken over; so is one whose process id now belongs to a
process that started at another time (the id was reused). A lock from another computer cannot be
checked, so it is reported with its owner. A second name for the same file (a hard link) would have
a lock of its own, so a file with more than one name is not opened for changes at all (see
:mod:`workshop_app.storage.workshop_file`).
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from workshop_app.storage.errors import ReadOnlyLocationError, WorkshopFileError, WorkshopLockedError
from workshop_app.storage.files import TEMP_MARK, remove_quietly, short_name

# A lock file that stays unreadable this long was left half-written by a crash.
_UNREADABLE_GRACE_S = 5.0

# Locks held by this process, by lock path: a lock naming our pid but missing here is a leftover.
_held: dict[str, str] = {}
_held_guard = threading.Lock()


@dataclass(frozen=True)
class LockInfo:
    """Who holds a workshop: read from its lock file."""

    pid: int
    host: str
    user: str
    since: dt.datetime | None
    token: str = ""
    started: str = ""  # when the process started, as this computer tells it ("": not known)

    @property
    def on_this_computer(self) -> bool:
        return self.host == _hostname()

    def describe(self) -> str:
        """'by anna on LAPTOP-7 since 09:14', for messages."""
        parts = []
        if self.user:
            parts.append(f"by {self.user}")
        parts.append("on this computer" if self.on_this_computer else f"on the computer {self.host or '(unknown)'}")
        if self.since is not None:
            local = self.since.astimezone()
            today = dt.datetime.now().astimezone().date()
            when = local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")
            parts.append(f"since {when}")
        return " ".join(parts)


def lock_path(path: Path) -> Path:
    """The lock file of a workshop: beside the real file, so a link to it finds the same lock."""
    path = Path(path).resolve()
    return path.parent / f".{short_name(path.name)}.lock"


def _hostname() -> str:
    try:
        return socket.gethostname()
    except OSError:
        return ""


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name is fine
        return ""


def pid_running(pid: int) -> bool:
    """Whether a process with this id runs on this computer (errs on the side of 'yes')."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return ctypes.get_last_error() == 5  # access denied: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True
    return True


def process_start(pid: int) -> str | None:
    """When the process ``pid`` started, as an opaque text that differs between two processes that had
    the same id one after the other; None when it cannot be told (no such process, or no way to ask)."""
    if pid <= 0:
        return None
    try:
        if sys.platform.startswith("linux"):
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
                # Field 22, the start time in clock ticks after boot; the name before it may hold spaces.
                return fh.read().rsplit(")", 1)[1].split()[19]
        if sys.platform == "win32":
            import ctypes
            from ctypes import wintypes

            kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
            handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
            if not handle:
                return None
            try:
                times = [wintypes.FILETIME() for _ in range(4)]
                if not kernel32.GetProcessTimes(handle, *(ctypes.byref(t) for t in times)):
                    return None
                return str((times[0].dwHighDateTime << 32) | times[0].dwLowDateTime)
            finally:
                kernel32.CloseHandle(handle)
        if sys.platform == "darwin":
            out = subprocess.run(["ps", "-o", "lstart=", "-p", str(pid)], capture_output=True, text=True,
                                 timeout=2).stdout.strip()
            return out or None
    except (OSError, ValueError, IndexError, AttributeError, subprocess.SubprocessError):
        return None
    return None


def boot_time() -> float | None:
    """When this computer last started (seconds since the epoch), if it can be told."""
    try:
        if sys.platform.startswith("linux"):
            with open("/proc/stat", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("btime "):
                        return float(line.split()[1])
        elif sys.platform == "win32":
            import ctypes

            uptime_ms = ctypes.windll.kernel32.GetTickCount64
            uptime_ms.restype = ctypes.c_ulonglong
            return time.time() - uptime_ms() / 1000
        elif sys.platform == "darwin":
            out = subprocess.run(["sysctl", "-n", "kern.boottime"], capture_output=True, text=True, timeout=2).stdout
            return float(out.split("sec =")[1].split(",")[0])
    except (OSError, ValueError, IndexError, AttributeError, subprocess.SubprocessError):
        return None
    return None


def read_lock(path: Path) -> LockInfo | None:
    """The holder named in a workshop's lock file, or None if there is no lock or it is unreadable."""
    return _read_lock_file(lock_path(path))


def live_holder(path: Path) -> LockInfo | None:
    """Who has the workshop open right now: None when nobody does (no lock, or one left by a crash).

    A lock from another computer cannot be checked, so it counts as live. An unreadable lock file
    (being written this instant) counts as nobody.
    """
    lock_file = lock_path(path)
    info = _read_lock_file(lock_file)
    if info is None or _is_stale(info, lock_file):
        return None
    return info


def held_here(info: LockInfo, path: Path) -> bool:
    """Whether this lock is held by this very process (a workshop open in this app right now)."""
    with _held_guard:
        return info.pid == os.getpid() and _held.get(str(lock_path(path))) == info.token


def _read_lock_file(lock_file: Path) -> LockInfo | None:
    try:
        data = json.loads(lock_file.read_text(encoding="utf-8"))
        since = dt.datetime.fromisoformat(data["time"]) if data.get("time") else None
        return LockInfo(int(data["pid"]), str(data.get("host", "")), str(data.get("user", "")), since,
                        str(data.get("token", "")), str(data.get("started", "")))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _is_stale(info: LockInfo, lock_file: Path) -> bool:
    if not info.on_this_computer:
        return False
    if info.pid == os.getpid():
        # Ours only while this process still holds it; otherwise left by an earlier process
        # that had the same id, or by a workshop that was never closed.
        with _held_guard:
            return _held.get(str(lock_file)) != info.token
    if not pid_running(info.pid):
        return True
    if info.started:
        started = process_start(info.pid)
        if started is not None:
            # The id runs, but a process that started at another time has it now.
            return started != info.started
    # Taken before this computer last started: the id now belongs to some other process.
    booted = boot_time()
    return booted is not None and info.since is not None and info.since.timestamp() < booted - 2


def _write_new(lock_file: Path, token: str) -> None:
    """Create the lock file, complete with its content, in one step; FileExistsError if it exists.

    The content goes to a temporary file first, which is then hard-linked to the lock name: a link
    fails if the name exists, like O_EXCL, and the lock is never seen half-written. Where a file
    system has no hard links, the lock is created with O_EXCL and written straight after.
    """
    content = json.dumps(
        {
            "app": "workshop-app",
            "pid": os.getpid(),
            "started": process_start(os.getpid()) or "",
            "host": _hostname(),
            "user": _user(),
            "time": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
            "token": token,
        }
    ).encode("utf-8")
    tmp = lock_file.with_name(f"{lock_file.name}.{token[:12]}{TEMP_MARK}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, content)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, lock_file)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # no hard links here
    finally:
        remove_quietly(tmp)
    fd = os.open(lock_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, content)
        os.fsync(fd)
    except OSError:
        os.close(fd)
        lock_file.unlink(missing_ok=True)
        raise
    os.close(fd)


def _location_error(path: Path) -> ReadOnlyLocationError:
    return ReadOnlyLocationError(
        f"{path.name} is in a folder this app may not write to (a write-protected stick, a read-only "
        "share or a protected folder), so changes could not be saved there. Open it read-only, or save "
        "a copy in a folder you can write to, such as Documents, and work in the copy."
    )


class WorkshopLock:
    """A held lock on one workshop. Take it with :meth:`acquire`; :meth:`release` gives it back."""

    def __init__(self, path: Path, lock_file: Path, token: str) -> None:
        self.path = path
        self.lock_file = lock_file
        self.token = token
        self.released = False

    @classmethod
    def acquire(cls, path: Path, take_over: bool = False) -> WorkshopLock:
        """Take the lock for ``path``, taking over a stale one; raises if another copy of the app holds it.

        ``take_over`` takes even a live-looking lock: only for when the person confirmed that the
        other computer named in it no longer has the workshop open (it crashed, or was switched off).
        """
        path = Path(path)
        lock_file = lock_path(path)
        token = uuid.uuid4().hex
        for _attempt in range(5):
            try:
                _write_new(lock_file, token)
            except FileExistsError:
                pass
            except OSError as exc:
                if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                    raise _location_error(path) from None
                if exc.errno == errno.ENOENT:
                    raise WorkshopFileError(f"The folder of {path.name} no longer exists.") from None
                raise WorkshopFileError(f"{path.name} cannot be opened for changes: {exc.strerror}.") from None
            else:
                with _held_guard:
                    _held[str(lock_file)] = token
                return cls(path, lock_file, token)
            info = _read_settled(lock_file)
            if info is None:
                if _age(lock_file) < _UNREADABLE_GRACE_S:
                    time.sleep(0.05)
                    continue
                _take_away(lock_file, None)
                continue
            if not take_over and not _is_stale(info, lock_file):
                raise WorkshopLockedError(
                    f"{path.name} is already open in Workshop Room {info.describe()}. "
                    "Changes can only be made in one place at a time: close it there first, or open it "
                    "here read-only to look at it.",
                    info,
                )
            _take_away(lock_file, info)
        raise WorkshopLockedError(
            f"{path.name} is being opened by another copy of Workshop Room right now. Try again in a moment.",
            read_lock(path),
        )

    def release(self) -> None:
        """Give the lock back (only if the lock file is still ours)."""
        if self.released:
            return
        self.released = True
        with _held_guard:
            if _held.get(str(self.lock_file)) == self.token:
                del _held[str(self.lock_file)]
        info = read_lock(self.path)
        if info is not None and info.token == self.token:
            try:
                self.lock_file.unlink()
            except OSError:
                pass


def _age(lock_file: Path) -> float:
    try:
        return time.time() - lock_file.stat().st_mtime
    except OSError:
        return 0.0


def _read_settled(lock_file: Path) -> LockInfo | None:
    """Read a lock file, allowing its creator a moment to finish writing it."""
    for _ in range(3):
        info = _read_lock_file(lock_file)
        if info is not None or not lock_file.exists():
            return info
        time.sleep(0.02)
    return None


def _take_away(lock_file: Path, expected: LockInfo | None) -> None:
    """Remove a stale lock without ever removing a live one that replaced it meanwhile."""
    aside = lock_file.with_name(f"{lock_file.name}.{uuid.uuid4().hex[:8]}.stale")
    try:
        os.replace(lock_file, aside)
    except OSError:
        return  # gone already: someone else took it away
    moved = _read_lock_file(aside)
    token = moved.token if moved is not None else ""
    if expected is not None and token != expected.token:
        # A live lock was created between our read and the move: put it back.
        try:
            os.link(aside, lock_file)
        except OSError:
            pass
    try:
        aside.unlink()
    except OSError:
        pass
