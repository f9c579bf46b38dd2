"""Helpers for the join tests: a phone that speaks HTTP to 127.0.0.1, the join command as a child
process, and a join server owned by a thread of the test (as the GUI thread would own it)."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workshop_app.core.workshop import Workshop
from workshop_app.join.dispatch import QueueDispatcher
from workshop_app.join.guard import Limits
from workshop_app.join.server import JoinServer

REPO = Path(__file__).resolve().parents[1]
JOIN_LINE = re.compile(r"^Join at (http://127\.0\.0\.1:(\d+)/j/([A-Za-z0-9_-]{22}))$")


def wait_for(condition: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Poll ``condition`` until it is true (a generous deadline: the machine may be busy)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


class Reply:
    """An HTTP answer: status, headers, body (and the body as JSON when it is JSON)."""

    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self) -> str:
        return f"<Reply {self.status} {self.body[:200]!r}>"


class Phone:
    """One phone: a device cookie and plain HTTP requests, each on a fresh connection."""

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.url = url
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.base = parts.path
        self.origin = f"http://{parts.netloc}"
        self.cookie: str | None = None

    def request(self, method: str, path: str = "", body: bytes | None = None,
                headers: dict[str, str] | None = None, base: str | None = None) -> Reply:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            sent = {"Connection": "close"}
            if self.cookie:
                sent["Cookie"] = self.cookie
            sent.update(headers or {})
            conn.request(method, (self.base if base is None else base) + path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            cookie = response.headers.get("Set-Cookie")
            if cookie:
                self.cookie = cookie.split(";", 1)[0]
            return Reply(response.status, response.headers, data)
        finally:
            conn.close()

    def join(self) -> Reply:
        reply = self.request("GET")
        assert reply.status == 200, reply
        return reply

    def state(self) -> Any:
        reply = self.request("GET", "/state")
        assert reply.status == 200, reply
        return reply.json()

    def post(self, path: str, payload: Any, headers: dict[str, str] | None = None) -> Reply:
        sent = {"Content-Type": "application/json", "Origin": self.origin}
        sent.update(headers or {})
        return self.request("POST", "/" + path, json.dumps(payload).encode("utf-8"), sent)


class EventStream:
    """An open ``/events`` stream, read line by line."""

    def __init__(self, phone: Phone) -> None:
        self.conn = http.client.HTTPConnection(phone.host, phone.port, timeout=60)
        self.conn.request("GET", phone.base + "/events", headers={"Cookie": phone.cookie or ""})
        self.response = self.conn.getresponse()
        assert self.response.status == 200
        assert self.response.headers["Content-Type"].startswith("text/event-stream")

    def next_event(self) -> dict[str, Any]:
        """The next ``state`` event's data."""
        event = None
        while True:
            line = self.response.fp.readline().decode("utf-8")
            if not line:
                raise AssertionError("the event stream ended")
            if line.startswith("event: "):
                event = line[7:].strip()
            elif line.startswith("data: ") and event == "state":
                return json.loads(line[6:])

    def close(self) -> None:
        self.conn.close()


# -- the join command as a child process -------------------------------------------------------------
def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


class JoinChild:
    """``workshop-app join PATH --port 0`` running in a child process, with its URL."""

    def __init__(self, path: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "workshop_app", "join", str(path), "--port", "0", *extra],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(), cwd=REPO,
        )
        assert self.proc.stdout is not None
        first = self.proc.stdout.readline().strip()  # the child's own "started" line
        match = JOIN_LINE.match(first)
        if not match:
            self.proc.kill()
            raise AssertionError(f"no 'Join at' line first: {first!r}; stderr: {self.proc.stderr.read()!r}")
        self.url, self.port, self.token = match.group(1), int(match.group(2)), match.group(3)

    def stop(self) -> tuple[int, str, str]:
        """SIGTERM, then the exit status and what it printed after the first line."""
        self.proc.send_signal(signal.SIGTERM)
        out, err = self.proc.communicate(timeout=60)
        return self.proc.returncode, out, err

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL: no clean-up at all
        self.proc.communicate(timeout=60)


# -- a server owned by a thread of the test -----------------------------------------------------------
class OwnedServer:
    """A join server whose workshop is owned by a thread of the test, as the GUI thread owns it in the
    app: the test reaches the workshop only through :meth:`do`, like the server itself."""

    def __init__(self, path: Path, limits: Limits | None = None) -> None:
        self.ready = threading.Event()
        self.failure: BaseException | None = None
        self.server: JoinServer | None = None
        self.dispatcher: QueueDispatcher | None = None
        self._thread = threading.Thread(target=self._own, args=(path, limits), daemon=True)
        self._thread.start()
        if not self.ready.wait(60) or self.failure is not None:
            raise AssertionError(f"the join server did not start: {self.failure}")
        assert self.server is not None
        self.url = self.server.url

    def _own(self, path: Path, limits: Limits | None) -> None:
        workshop = Workshop.open(path)
        try:
            self.dispatcher = QueueDispatcher(workshop)
            self.server = JoinServer(workshop, self.dispatcher, "127.0.0.1", 0, limits)
            self.server.start()
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            self.failure = exc
            self.ready.set()
            workshop.close()
            return
        self.ready.set()
        try:
            self.dispatcher.run()
        finally:
            self.server.stop()
            workshop.close()

    def do(self, fn: Callable[[Workshop], Any]) -> Any:
        """Run ``fn(workshop)`` on the owner thread and return its result."""
        assert self.dispatcher is not None
        return self.dispatcher.dispatch(fn).result(timeout=60)

    def phone(self) -> Phone:
        phone = Phone(self.server.url if self.server else self.url)
        phone.join()
        return phone

    def go_to(self, step_type: str, nth: int = 0) -> str:
        """Move the room to the ``nth`` step of a type; returns its id."""
        def move(ws: Workshop) -> str:
            index = [i for i, s in enumerate(ws.steps) if s.type == step_type][nth]
            ws.go_to(index)
            return ws.steps[index].id

        return self.do(move)

    def close(self) -> None:
        if self.dispatcher is not None:
            self.dispatcher.stop()
        self._thread.join(60)
