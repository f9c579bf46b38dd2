"""``workshop-app join`` as a user runs it: a child process on 127.0.0.1, real HTTP clients, and what the
reopened workshop file holds afterwards (also after the process is killed with phones connected)."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest

from tests.join_helpers import EventStream, JoinChild, Phone, wait_for
from workshop_app.core.workshop import Workshop
from workshop_app.model.text import NOTE_MAX


def board_step(path: Path) -> str:
    """Put the demo on its rumour mill board and return the step's id (before the child opens it)."""
    ws = Workshop.open(path)
    try:
        index = next(i for i, s in enumerate(ws.steps) if s.exercise and s.exercise.id == "rumour-mill")
        ws.go_to(index)
        return ws.steps[index].id
    finally:
        ws.close()


def notes_in_file(path: Path) -> dict[str, str]:
    ws = Workshop.open(path, readonly=True)
    try:
        return {i.id: i.text for i in ws.doc.items if i.kind == "note"}
    finally:
        ws.close()


def test_join_serves_until_sigterm_then_closes_the_workshop(demo_path: Path) -> None:
    board_step(demo_path)
    child = JoinChild(demo_path)
    try:
        phone = Phone(child.url)
        page = phone.join()
        assert b"app.js" in page.body and page.headers["Content-Type"].startswith("text/html")
        cookie = page.headers["Set-Cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
        assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
        assert phone.request("GET", "/").status == 200  # typed with a slash at the end
        for name, kind in (("app.js", "text/javascript"), ("app.css", "text/css"), ("icon.svg", "image/svg+xml")):
            reply = phone.request("GET", "/" + name)
            assert reply.status == 200 and reply.headers["Content-Type"].startswith(kind)
        state = phone.state()
        assert state["step"]["title"] == "Rumour mill" and state["step"]["type"] == "board"
        reply = phone.post("notes", {"text": "Served from a child process", "prompt": 0})
        assert reply.status == 201
        note_id = reply.json()["id"]
    finally:
        status, out, err = child.stop()
    assert status == 0, err
    assert "Traceback" not in err and "saved" in out
    assert notes_in_file(demo_path)[note_id] == "Served from a child process"
    Workshop.open(demo_path).close()  # closed cleanly: the file is not left locked


def test_forty_phones_posting_five_notes_each_at_once(demo_path: Path) -> None:
    board_step(demo_path)
    child = JoinChild(demo_path)
    committed: dict[str, str] = {}
    problems: list[object] = []
    phones = [Phone(child.url) for _ in range(40)]
    for phone in phones:
        phone.join()
    start = threading.Barrier(len(phones))
    lock = threading.Lock()

    def post_five(number: int, phone: Phone) -> None:
        start.wait()
        for k in range(5):
            text = f"Phone {number} note {k}: ask a customer what they would miss"
            reply = phone.post("notes", {"text": text, "prompt": k % 2})
            with lock:
                if reply.status == 201:
                    committed[reply.json()["id"]] = text
                else:
                    problems.append(reply)

    threads = [threading.Thread(target=post_five, args=(n, p)) for n, p in enumerate(phones)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
    finally:
        status, _, err = child.stop()
    assert status == 0, err
    assert problems == [] and len(committed) == 200
    stored = notes_in_file(demo_path)
    assert all(stored.get(i) == text for i, text in committed.items())


def test_refused_requests_never_reach_the_workshop(demo_path: Path) -> None:
    board_step(demo_path)
    before = notes_in_file(demo_path)
    child = JoinChild(demo_path)
    try:
        phone = Phone(child.url)
        phone.join()
        note = json.dumps({"text": "refused", "prompt": 0}).encode()
        json_headers = {"Content-Type": "application/json", "Origin": phone.origin}
        wrong = "/j/" + ("A" * 22)
        assert phone.request("GET", "", base=wrong).status == 404
        assert phone.request("GET", "/state", base=wrong).status == 404
        assert phone.request("POST", "/notes", note, json_headers, base=wrong).status == 404
        assert phone.request("GET", "", base="/").status == 404
        # A body over 4 KiB, said in advance and not.
        big = json.dumps({"text": "x" * 5000, "prompt": 0}).encode()
        assert phone.request("POST", "/notes", big, json_headers).status == 413
        assert phone.post("notes", {"text": "é" * NOTE_MAX, "prompt": 0}).status == 413
        # A cross-site form post, a JSON post from a foreign page, a rebound DNS name.
        form = phone.request("POST", "/notes", b"text=refused&prompt=0",
                             {"Content-Type": "application/x-www-form-urlencoded", "Origin": phone.origin})
        assert form.status == 415
        assert phone.request("POST", "/notes", note, {"Content-Type": "text/plain"}).status == 415
        assert phone.post("notes", {"text": "refused", "prompt": 0}, {"Origin": "http://evil.example"}).status == 403
        assert phone.post("notes", {"text": "refused", "prompt": 0}, {"Origin": "null"}).status == 403
        assert phone.post("notes", {"text": "refused", "prompt": 0}, {"Sec-Fetch-Site": "cross-site"}).status == 403
        rebound = {"Host": f"evil.example:{child.port}"}
        assert phone.request("GET", "/state", headers=rebound).status == 403
        assert phone.request("GET", "", headers={"Host": f"localhost:{child.port}"}).status == 403
        assert phone.post("notes", {"text": "refused", "prompt": 0}, rebound).status == 403
        # No device cookie, bad JSON, a wrong shape, a note over the limit, an unknown prompt.
        stranger = Phone(child.url)
        assert stranger.post("notes", {"text": "refused", "prompt": 0}).status == 403
        assert phone.request("POST", "/notes", b"{not json", json_headers).status == 400
        assert phone.post("notes", {"text": "refused", "prompt": "0"}).status == 400
        assert phone.post("notes", {"text": "refused", "prompt": 0, "author": "x"}).status == 400
        assert phone.post("notes", {"text": "x" * (NOTE_MAX + 1), "prompt": 0}).status == 400
        assert phone.post("notes", ["refused"]).status == 400
        assert phone.post("notes", {"text": "refused", "prompt": 40}).status == 400
        assert phone.post("notes", {"text": "   ", "prompt": 0}).status == 400
        assert phone.request("DELETE", "/notes").status == 405
    finally:
        status, _, err = child.stop()
    assert status == 0, err
    assert notes_in_file(demo_path) == before


def test_a_flood_from_one_phone_is_slowed_down(demo_path: Path) -> None:
    board_step(demo_path)
    child = JoinChild(demo_path)
    try:
        phone = Phone(child.url)
        phone.join()
        replies = [phone.post("notes", {"text": f"flood {k}", "prompt": 0}) for k in range(12)]
        assert [r.status for r in replies[:10]] == [201] * 10
        assert [r.status for r in replies[10:]] == [429, 429]
        wait = int(replies[10].headers["Retry-After"])
        assert 1 <= wait <= 60
        other = Phone(child.url)
        other.join()
        assert other.post("notes", {"text": "another phone is not slowed", "prompt": 0}).status == 201
    finally:
        status, _, err = child.stop()
    assert status == 0, err
    assert sum(1 for t in notes_in_file(demo_path).values() if t.startswith("flood ")) == 10


def test_killed_with_phones_connected_keeps_every_note_it_confirmed(demo_path: Path) -> None:
    board_step(demo_path)
    child = JoinChild(demo_path)
    phones = [Phone(child.url) for _ in range(20)]
    streams = []
    for phone in phones:
        phone.join()
        streams.append(EventStream(phone))
    committed: dict[str, str] = {}
    lock = threading.Lock()

    def keep_posting(number: int, phone: Phone) -> None:
        for k in range(10):
            text = f"Phone {number} note {k} before the power went"
            try:
                reply = phone.post("notes", {"text": text, "prompt": 0})
            except OSError:
                return  # the server is gone
            if reply.status == 201:
                with lock:
                    committed[reply.json()["id"]] = text

    threads = [threading.Thread(target=keep_posting, args=(n, p)) for n, p in enumerate(phones)]
    for t in threads:
        t.start()
    wait_for(lambda: len(committed) >= 40, "forty confirmed notes")
    child.kill()
    for t in threads:
        t.join(120)
    for stream in streams:
        stream.close()
    stored = notes_in_file(demo_path)
    assert len(committed) >= 40
    assert all(stored.get(i) == text for i, text in committed.items())


@pytest.mark.parametrize("args, message", [
    (("--bind", "example.org"), "not an IP address"),
    (("--port", "70000"), "port"),
    (("--bind", "203.0.113.9"), "Cannot listen"),
])
def test_join_refuses_bad_arguments_in_one_line(demo_path: Path, args: tuple[str, ...], message: str) -> None:
    import subprocess
    import sys

    from tests.join_helpers import REPO, child_env

    result = subprocess.run([sys.executable, "-m", "workshop_app", "join", str(demo_path), *args],
                            capture_output=True, text=True, env=child_env(), cwd=REPO, timeout=120)
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not re.search(r"Join at", result.stdout)
