"""The join server: phones on the room's network open a page and send their answers.

:class:`JoinServer` is started and stopped by its host on the thread that owns the workshop. It serves
HTTP with aiohttp from a worker thread running its own event loop, and never touches the workshop from
there: every read and every change goes through the host's dispatcher to the owner thread, and a phone
gets its ``201`` only once the core has committed the change. Changes of the current step reach the
server from the owner thread (the workshop's listeners) and go to the phones as server-sent events.

Every request is checked in the server's thread before the owner thread sees it: the Host and Origin
headers, the token, the content type, the device cookie, the size and shape of the body and the rate
of submissions (see ``docs/join.md``).
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import json
import logging
import secrets
import socket
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.join import answers
from workshop_app.join.dispatch import Dispatcher
from workshop_app.join.guard import Limits, RateWindow, guard_middleware, security_headers
from workshop_app.join.network import check_address, is_wildcard, url_host
from workshop_app.join.requests import (
    ChooseMe,
    CommitmentBody,
    EntryBody,
    NoteBody,
    PollBody,
    RatingBody,
    SpectrumBody,
    VoteBody,
    describe,
)
from workshop_app.join.room import Answer, Device, JoinError, JoinRoom
from workshop_app.join.site import LimitedSite
from workshop_app.storage.errors import StorageWriteError
from workshop_app.storage.paths import resources_dir

log = logging.getLogger(__name__)
T = TypeVar("T")

COOKIE = "wsj_device"
# The page's own files: name in the URL -> (file under resources/, content type).
PAGE_FILES = {
    "app.js": ("join/app.js", "text/javascript"),
    "app.css": ("join/app.css", "text/css"),
    "icon.svg": ("icons/workshop-app.svg", "image/svg+xml"),
}


class JoinStartError(Exception):
    """The server could not start (the address is not this computer's, the port is taken)."""


@dataclass(eq=False)
class Stream:
    """One open event stream: a phone following the facilitator."""

    device: str
    wake: asyncio.Event
    revision: int = -1
    closing: bool = False


class JoinServer:
    """Phones joining one open workshop. Create, :meth:`start` and :meth:`stop` on the owner thread.

    ``workshop`` is only read here to set up the room; afterwards it is used through ``dispatcher``.
    """

    def __init__(self, workshop: Workshop, dispatcher: Dispatcher, bind: str = "127.0.0.1", port: int = 0,
                 limits: Limits | None = None) -> None:
        self.dispatcher = dispatcher
        self.room = JoinRoom(workshop)
        self.limits = limits or Limits()
        self.address = check_address(bind)
        self._requested_port = port
        self.port = 0
        self._token = secrets.token_urlsafe(16)
        self._token_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._closed = False  # set on the owner thread by stop(): later dispatched functions do nothing
        self._devices: dict[str, RateWindow] = {}  # the server thread's record of device cookies
        self._new_devices: dict[str, RateWindow] = {}  # per client address: device cookies handed out
        self._streams: set[Stream] = set()
        self._waiting: set[asyncio.Future[Any]] = set()
        self._tasks: set[asyncio.Future[None]] = set()
        self._state_cache: dict[str, tuple[int, str]] = {}  # device -> (revision, its state as JSON)
        # The notes to vote on are one list for every phone: written as JSON once, not once per phone.
        self._notes_json: tuple[object, str] | None = None
        self._notes_mark = f"notes-{secrets.token_hex(16)}"  # never shown: nothing a user types matches it
        self._state_pending: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self._revision = 0
        self._items_timer: asyncio.TimerHandle | None = None
        self._last_items = 0.0
        self._page = (resources_dir() / "join" / "index.html").read_text(encoding="utf-8")

    # -- what the host sees ----------------------------------------------------------------------
    @property
    def token(self) -> str:
        with self._token_lock:
            return self._token

    @property
    def url(self) -> str:
        """``http://ADDRESS:PORT/j/TOKEN``: what the QR code and the "Join at" line show. Listening on
        every interface, ADDRESS is the first one phones can reach."""
        address = self.address
        if is_wildcard(address):
            from workshop_app.join.network import list_interfaces

            found = [i for i in list_interfaces() if i.ipv6 == (":" in address)]
            address = found[0].address if found else ("::1" if ":" in address else "127.0.0.1")
        return f"http://{url_host(address)}:{self.port}/j/{self.token}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and not self._closed

    def renew_token(self) -> str:
        """A new token: the old link is refused from now on and its event streams end. Returns the new URL.

        Phones keep their device cookie, so a phone that opens the new link is still the same person.
        """
        with self._token_lock:
            self._token = secrets.token_urlsafe(16)
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._close_streams)
        return self.url

    def check_token(self, token: str) -> bool:
        return hmac.compare_digest(token.encode(), self.token.encode())

    # -- life cycle (owner thread) ------------------------------------------------------------------
    def start(self, timeout: float = 20.0) -> str:
        """Bind the address and serve from a worker thread; returns the URL. Raises JoinStartError."""
        if self._thread is not None:
            raise JoinStartError("The join server is already running.")
        sock = self._bind()
        self.port = sock.getsockname()[1]
        self.room.on_change = self._changed_on_owner
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="join-server", daemon=True)
        self._thread.start()
        if not self._ready.wait(timeout) or self._failure is not None:
            reason = self._failure or "it did not answer in time"
            self.stop()
            raise JoinStartError(f"The join server could not start: {reason}.")
        return self.url

    def _bind(self) -> socket.socket:
        family = socket.AF_INET6 if ":" in self.address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if family == socket.AF_INET6 and is_wildcard(self.address):
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
            if hasattr(socket, "SO_EXCLUSIVEADDRUSE"):  # Windows: nobody else may bind the same port
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
            else:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.address, self._requested_port))
            sock.listen(128)
            sock.setblocking(False)
        except OSError as exc:
            sock.close()
            if self._requested_port and (exc.errno == errno.EADDRINUSE or getattr(exc, "winerror", 0) == 10048):
                raise JoinStartError(f"Port {self._requested_port} is already in use: choose another, "
                                     "or 0 for any free port.") from None
            raise JoinStartError(f"Cannot listen on {self.address}: {exc.strerror or exc}. "
                                 "Choose one of this computer's addresses.") from None
        return sock

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and end every phone's connection; the room forgets its phones. Owner thread."""
        if self._closed and self._thread is None:
            return
        self._closed = True
        self.room.close()
        if self._loop is not None and self._stop is not None:
            try:
                self._loop.call_soon_threadsafe(self._stop.set)
            except RuntimeError:
                pass  # the loop has already ended
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    # -- the server thread ----------------------------------------------------------------------------
    def _serve(self, sock: socket.socket) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main(sock))
        except BaseException as exc:
            self._failure = exc
            self._ready.set()
            log.exception("join server stopped")
        finally:
            sock.close()
            loop.close()

    async def _main(self, sock: socket.socket) -> None:
        self._stop = asyncio.Event()
        app = self._app()
        runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0,
                               keepalive_timeout=self.limits.idle_timeout)
        await runner.setup()
        site = LimitedSite(runner, sock, self.limits.max_connections)
        await site.start()
        self._ready.set()
        await self._stop.wait()
        for waiting in list(self._waiting):
            waiting.cancel()
        self._close_streams()
        await runner.cleanup()

    def _app(self) -> web.Application:
        app = web.Application(client_max_size=self.limits.max_body, middlewares=[guard_middleware(self)])
        app.on_response_prepare.append(security_headers)
        base = "/j/{token}"
        app.router.add_get(base, self.page)
        app.router.add_get(base + "/", self.page)  # as typed by hand, with a slash at the end
        for name in PAGE_FILES:
            app.router.add_get(f"{base}/{name}", self.page_file)
        app.router.add_get(base + "/state", self.state)
        app.router.add_get(base + "/events", self.events)
        posts: dict[str, tuple[type[BaseModel], Callable[[JoinRoom, Device, Any], Answer]]] = {
            "me": (ChooseMe, lambda room, device, body: room.choose(device.id, body.participant)),
            "notes": (NoteBody, answers.add_note),
            "votes": (VoteBody, answers.vote),
            "poll": (PollBody, answers.poll),
            "ratings": (RatingBody, answers.rate),
            "entries": (EntryBody, answers.fill_entry),
            "commitments": (CommitmentBody, answers.commit),
            "spectrum": (SpectrumBody, answers.add_spectrum),
        }
        for name, (model, op) in posts.items():
            app.router.add_post(f"{base}/{name}", self._submission(model, op))
        return app

    # -- talking to the owner thread --------------------------------------------------------------------
    async def call(self, fn: Callable[[JoinRoom], T], read: bool = False) -> T:
        """Run ``fn(room)`` on the owner thread and wait for it (server thread); ``read``: it changes
        nothing and may wait behind the changes phones have sent."""
        room, closed = self.room, lambda: self._closed

        def on_owner(_ws: Workshop) -> T:
            if closed():
                raise JoinError(503, "The join server is stopping.")
            return fn(room)

        future: Future[T] = self.dispatcher.dispatch(on_owner, read=read)
        waiting = asyncio.wrap_future(future)
        self._waiting.add(waiting)
        try:
            # shield: a timeout must not cancel a change that has started; it may still commit.
            return await asyncio.wait_for(asyncio.shield(waiting), self.limits.dispatch_timeout)
        except TimeoutError:
            future.cancel()  # skipped if it has not started yet
            raise JoinError(503, "The workshop is busy: try again in a moment.") from None
        except asyncio.CancelledError:
            future.cancel()
            raise
        finally:
            self._waiting.discard(waiting)

    def _changed_on_owner(self, what: str) -> None:
        """The room's change notice, on the owner thread: pass it to the server thread."""
        loop, revision = self._loop, self.room.revision
        if loop is not None and not self._closed:
            try:
                loop.call_soon_threadsafe(self._changed, what, revision)
            except RuntimeError:
                pass  # the loop has just closed: nobody is listening any more

    def _changed(self, what: str, revision: int) -> None:
        """Wake the event streams: at once for a new step, at most once a second for new answers, so a
        burst of notes does not make every phone reload the board for each one."""
        self._revision = max(self._revision, revision)
        if what != "items":
            self._wake_all()
            return
        if self._items_timer is not None:
            return
        assert self._loop is not None
        wait = max(0.0, self._last_items + self.limits.items_interval - self._loop.time())
        self._items_timer = self._loop.call_later(wait, self._items_due)

    def _items_due(self) -> None:
        assert self._loop is not None
        self._items_timer = None
        self._last_items = self._loop.time()
        self._wake_all()

    def _wake_all(self) -> None:
        for stream in self._streams:
            stream.wake.set()

    def _close_streams(self) -> None:
        for stream in self._streams:
            stream.closing = True
            stream.wake.set()

    # -- devices (server thread) -------------------------------------------------------------------------
    def known_device(self, request: web.Request) -> str | None:
        device = request.cookies.get(COOKIE, "")
        return device if device in self._devices else None

    def new_device(self, client: str) -> str:
        """A device cookie for a phone that has none, within the limits on new devices."""
        now = time.monotonic()
        window = self._new_devices.setdefault(client, RateWindow())
        wait = window.check(now, self.limits.new_devices_per_minute)
        if wait or len(self._devices) >= self.limits.max_devices:
            raise web.HTTPServiceUnavailable(text="Too many phones have joined from here.",
                                             headers={"Retry-After": str(max(wait, 60))})
        device = secrets.token_urlsafe(16)
        self._devices[device] = RateWindow()
        return device

    def submission_allowed(self, device: str) -> int:
        """0 when the device may submit now, else the seconds until it may (the 429's Retry-After)."""
        return self._devices[device].check(time.monotonic(), self.limits.submissions_per_minute)

    # -- handlers (server thread) --------------------------------------------------------------------------
    def _device(self, request: web.Request) -> str:
        device = self.known_device(request)
        if device is None:  # the guard lets no such request through; checked again all the same
            raise _error(403, "Open the join page first.")
        return device

    async def page(self, request: web.Request) -> web.Response:
        device = self.known_device(request)
        fresh = device is None
        if device is None:
            device = self.new_device(request.remote or "")
        known = device
        await self.call(lambda room: room.register(known).id)
        base = f"/j/{self.token}"
        html = self._page.replace("{{base}}", base)
        response = web.Response(text=html, content_type="text/html", charset="utf-8")
        if fresh:
            response.set_cookie(COOKIE, device, path="/j/", httponly=True, samesite="Strict",
                                max_age=self.limits.cookie_max_age)
        return response

    async def page_file(self, request: web.Request) -> web.Response:
        where, kind = PAGE_FILES[request.path.rsplit("/", 1)[-1]]
        return web.Response(body=(resources_dir() / where).read_bytes(), content_type=kind, charset="utf-8")

    async def state(self, request: web.Request) -> web.Response:
        """The phone's state. A phone asking again before anything changed gets the same answer without
        troubling the owner thread, and asks that overlap share one look, so a phone reloading in a
        loop costs the facilitator's screen nothing."""
        device = self._device(request)
        cached = self._state_cache.get(device)
        if cached is not None and cached[0] >= self._revision:
            return web.json_response(text=cached[1])
        pending = self._state_pending.get(device)
        if pending is None:
            pending = asyncio.ensure_future(self._answer(lambda room: (200, room.state(device)), read=True))
            self._state_pending[device] = pending
            pending.add_done_callback(lambda _: self._state_pending.pop(device, None))
        payload = await asyncio.shield(pending)
        text = self._state_json(payload)
        self._state_cache[device] = (payload["revision"], text)
        return web.json_response(text=text)

    def _state_json(self, payload: dict[str, Any]) -> str:
        """A phone's state as JSON, with the notes shared by every phone written once per revision."""
        step = payload.get("step")
        notes = step.get("notes") if isinstance(step, dict) else None
        if not notes:
            return json.dumps(payload)
        cached = self._notes_json
        if cached is None or cached[0] is not notes:  # the room makes a new list for each revision
            cached = self._notes_json = (notes, json.dumps(notes))
        assert isinstance(step, dict)
        text = json.dumps(dict(payload, step=dict(step, notes=self._notes_mark)))
        return text.replace(json.dumps(self._notes_mark), cached[1], 1)

    async def events(self, request: web.Request) -> web.StreamResponse:
        """Server-sent events: a ``state`` event with the revision whenever the phone should look again."""
        device = self._device(request)
        mine = [s for s in self._streams if s.device == device]
        for old in mine[: max(0, len(mine) - self.limits.streams_per_device + 1)]:
            old.closing = True  # a phone that reloaded: its old stream goes
            old.wake.set()
        stream = Stream(device, asyncio.Event())
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream", "X-Accel-Buffering": "no"})
        await response.prepare(request)
        self._streams.add(stream)
        started = last_sent = time.monotonic()
        await self.call(lambda room: room.set_connected(device, 1))
        try:
            await self._send(response, "retry: 2000\n\n")
            while not stream.closing and time.monotonic() - started < self.limits.stream_lifetime:
                if stream.revision != self._revision:
                    stream.revision = self._revision
                    await self._send(response, f"event: state\ndata: {json.dumps({'revision': stream.revision})}\n\n")
                    last_sent = time.monotonic()
                stream.wake.clear()
                try:
                    # Woken by a change; otherwise look once a second whether the phone has gone.
                    await asyncio.wait_for(stream.wake.wait(), 1.0)
                except TimeoutError:
                    if request.transport is None or request.transport.is_closing():
                        break
                    if time.monotonic() - last_sent >= self.limits.ping_interval:
                        await self._send(response, ": ping\n\n")  # keeps idle Wi-Fi from dropping it
                        last_sent = time.monotonic()
        except (ConnectionError, TimeoutError):
            pass  # the phone went away or stopped reading: it reconnects by itself when it can
        finally:
            self._streams.discard(stream)
            if not self._closed:
                task = asyncio.ensure_future(self._disconnected(device))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
        return response

    async def _disconnected(self, device: str) -> None:
        try:
            await self.call(lambda room: room.set_connected(device, -1))
        except (JoinError, RuntimeError):
            pass

    async def _send(self, response: web.StreamResponse, text: str) -> None:
        # A phone that stops reading must not hold the stream open forever.
        await asyncio.wait_for(response.write(text.encode()), self.limits.write_timeout)

    def _submission(self, model: type[BaseModel], op: Callable[[JoinRoom, Device, Any], Answer]) \
            -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            device = self._device(request)
            body = await self._body(request, model)
            status, payload = await self._answer_status(lambda room: op(room, room.device(device), body))
            return web.json_response(payload, status=status)

        return handler

    async def _body(self, request: web.Request, model: type[BaseModel]) -> BaseModel:
        try:
            raw = await asyncio.wait_for(request.read(), self.limits.body_timeout)
        except TimeoutError:
            raise web.HTTPRequestTimeout(text="The request was too slow.") from None
        try:
            data = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise _error(400, "The body is not JSON.") from None
        if not isinstance(data, dict):
            raise _error(400, "The body must be a JSON object.")
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise _error(400, describe(exc)) from None

    async def _answer(self, fn: Callable[[JoinRoom], Answer], read: bool = False) -> dict[str, Any]:
        return (await self._answer_status(fn, read))[1]

    async def _answer_status(self, fn: Callable[[JoinRoom], Answer], read: bool = False) -> Answer:
        try:
            return await self.call(fn, read)
        except JoinError as exc:
            raise _error(exc.status, exc.message) from None
        except WorkshopError as exc:  # the core refused it (a vote over the budget, a text too long)
            raise _error(422, str(exc)) from None
        except StorageWriteError as exc:
            raise _error(503, str(exc)) from None
        except RuntimeError as exc:  # the dispatcher has stopped: the workshop is closing
            raise _error(503, str(exc) or "The workshop is closing.") from None


def _error(status: int, message: str) -> web.HTTPException:
    """An HTTP error with a JSON body the phone page shows as a sentence."""
    body = json.dumps({"error": message})
    for cls in (web.HTTPBadRequest, web.HTTPForbidden, web.HTTPNotFound, web.HTTPConflict,
                web.HTTPUnprocessableEntity, web.HTTPServiceUnavailable, web.HTTPTooManyRequests):
        if cls.status_code == status:
            return cls(text=body, content_type="application/json")
    return web.HTTPInternalServerError(text=body, content_type="application/json")
