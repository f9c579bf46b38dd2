"""The command line's host for the join server: ``workshop-app join PATH [--bind ADDRESS] [--port N]``.

The main thread owns the workshop and runs the dispatcher's queue; the server runs in its worker thread.
The first line printed is ``Join at URL``; SIGINT or SIGTERM stops the server, then the workshop closes.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import TextIO


class JoinHostError(Exception):
    """Why the join could not start, in one sentence."""


def list_addresses() -> str:
    """This computer's addresses, one a line, for choosing ``--bind``."""
    from workshop_app.join.network import list_interfaces

    lines = [f"{i.address:40} {i.name}{' (this computer only)' if i.loopback else ''}" for i in list_interfaces()]
    return "\n".join(lines) or "No network addresses found."


def serve(path: Path, bind: str, port: int, qr: bool = False, out: TextIO | None = None) -> int:
    """Serve ``path`` to phones until SIGINT or SIGTERM, then close it cleanly. Returns the exit status."""
    from workshop_app.core.workshop import Workshop
    from workshop_app.join.dispatch import QueueDispatcher
    from workshop_app.join.network import check_address
    from workshop_app.join.server import JoinServer, JoinStartError
    from workshop_app.storage.workshop_file import WorkshopFileError

    out = out or sys.stdout
    if not 0 <= port <= 65535:
        raise JoinHostError(f"The port must be from 0 to 65535 (0: any free port), not {port}.")
    try:
        address = check_address(bind)
    except ValueError as exc:
        raise JoinHostError(str(exc)) from None
    if not path.exists():
        raise JoinHostError(f"{path} does not exist.")
    try:
        workshop = Workshop.open(path)
    except WorkshopFileError as exc:
        raise JoinHostError(str(exc)) from None
    try:
        dispatcher = QueueDispatcher(workshop)
        server = JoinServer(workshop, dispatcher, address, port)
        try:
            url = server.start()
        except JoinStartError as exc:
            raise JoinHostError(str(exc)) from None

        def stop(signum: int, frame: FrameType | None) -> None:
            dispatcher.stop()

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            _say(out, f"Join at {url}")
            if qr:
                from workshop_app.join.qr import qr_text

                _say(out, qr_text(url))
            dispatcher.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            server.stop()
    finally:
        workshop.close()
    _say(out, "Stopped: every answer is saved and the workshop is closed.")
    return 0


def _say(out: TextIO, line: str) -> None:
    """Print a line; a reader that has gone away (``join ... | head -1``) is no error."""
    try:
        print(line, file=out, flush=True)
    except BrokenPipeError:
        if out is sys.stdout:  # and stop Python complaining about it again at exit
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
