"""The checks every request passes before anything reaches the workshop, and the limits they apply.

In order: the Host header names this server (a page on another site that points its own name at this
address, DNS rebinding, is refused); the token is the current one; a submission is JSON
(``Content-Type: application/json``, which a cross-site form cannot send) from this server's own page
(Origin) by a phone that has opened the join page (device cookie), within its rate. Every answer carries
the security headers.
"""

from __future__ import annotations

import ipaddress
import math
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import web

from workshop_app.join.network import is_wildcard, url_host

if TYPE_CHECKING:
    from workshop_app.join.server import JoinServer

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

CSP = "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"


@dataclass(frozen=True)
class Limits:
    """What one server allows. The defaults are the documented ones (``docs/join.md``)."""

    max_body: int = 4096  # bytes of a request body
    max_connections: int = 100  # open connections at once; more are closed at once
    submissions_per_minute: int = 10  # per device, over any 60 seconds
    new_devices_per_minute: int = 100  # device cookies handed out per client address
    max_devices: int = 1000  # device cookies per server run
    streams_per_device: int = 3  # event streams one phone may hold open
    idle_timeout: float = 15.0  # seconds a connection may sit without a complete request
    body_timeout: float = 10.0  # seconds to receive a request body
    write_timeout: float = 10.0  # seconds a phone may take to accept what it is sent
    dispatch_timeout: float = 15.0  # seconds to wait for the workshop before answering 503
    ping_interval: float = 15.0  # seconds between keep-alive comments on an event stream
    stream_lifetime: float = 600.0  # seconds before an event stream ends (the phone reconnects by itself)
    items_interval: float = 1.0  # at most one "new answers" event per this many seconds
    cookie_max_age: int = 12 * 3600


@dataclass
class RateWindow:
    """The times of recent events, to allow at most N in any minute."""

    times: deque[float] = field(default_factory=deque)

    def check(self, now: float, limit: int, span: float = 60.0) -> int:
        """Record an event and return 0, or return the whole seconds to wait (nothing recorded)."""
        while self.times and now - self.times[0] >= span:
            self.times.popleft()
        if len(self.times) >= limit:
            return max(1, math.ceil(span - (now - self.times[0])))
        self.times.append(now)
        return 0


def _refuse(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    import json

    return web.Response(status=status, text=json.dumps({"error": message}), content_type="application/json",
                        headers=headers)


def host_allowed(server: JoinServer, host: str) -> bool:
    """True when the Host header is this server's address and port (or, when it listens on every
    interface, any IP address with its port: a DNS name is what a rebinding attack needs)."""
    expected = f"{url_host(server.address)}:{server.port}"
    if host == expected or (server.port == 80 and host == url_host(server.address)):
        return True
    if not is_wildcard(server.address):
        return False
    name, _, port = host.rpartition(":")
    if port != str(server.port):
        return False
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def guard_middleware(server: JoinServer) -> Any:
    """The aiohttp middleware that applies every check before a handler runs."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        host = request.headers.get("Host", "")
        if not host_allowed(server, host):
            return _refuse(403, "This server answers only at its own address.")
        parts = request.path.split("/")
        if len(parts) < 3 or parts[1] != "j" or not server.check_token(parts[2]):
            return _refuse(404, "This join link is not valid (any more): scan the code on the shared screen.")
        page = len(parts) == 3 or (len(parts) == 4 and parts[3] in ("", "app.js", "app.css", "icon.svg"))
        if request.method == "POST":
            origin = request.headers.get("Origin")
            # A browser always sends Origin with a POST; only scripts and tools leave it out.
            if origin is not None and origin != f"http://{host}":
                return _refuse(403, "Requests from other sites are refused.")
            if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                return _refuse(403, "Requests from other sites are refused.")
            if request.content_type != "application/json":
                return _refuse(415, "Send JSON, with Content-Type: application/json.")
            length = request.content_length
            if length is not None and length > server.limits.max_body:
                return _refuse(413, f"The request is too large: at most {server.limits.max_body} bytes.")
        if not page:
            device = server.known_device(request)
            if device is None:
                return _refuse(403, "Open the join page first.")
            if request.method == "POST":
                wait = server.submission_allowed(device)
                if wait:
                    return _refuse(429, f"Too many at once: wait {wait} seconds, then send again.",
                                   {"Retry-After": str(wait)})
        return await handler(request)

    return guard


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """The headers every answer carries: scripts and styles only from this server, no framing, no
    caching, no referrer (the token is in the address)."""
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
