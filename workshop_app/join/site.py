"""An aiohttp site on a socket the server bound itself, that holds at most so many connections.

aiohttp limits bodies, header sizes and idle time but not how many connections are open at once; past
the limit a new connection is answered ``503`` and closed before any of it is read.
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

from aiohttp import web

_BUSY_TEXT = b"Too many connections: try again shortly."
BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        b"Retry-After: 5\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY_TEXT), _BUSY_TEXT))


class _Busy(asyncio.Protocol):
    """Answers a connection beyond the limit and closes it.

    It answers at once, ends its side, and reads (and drops) what the client still sends until the
    client closes or two seconds pass: closing with the request unread would reset the connection, and
    the client would see an error instead of the answer.
    """

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        transport.write(BUSY)
        if transport.can_write_eof():
            transport.write_eof()
        asyncio.get_running_loop().call_later(2.0, transport.close)

    def data_received(self, data: bytes) -> None:
        pass

    def eof_received(self) -> bool:
        self.transport.close()
        return False


class LimitedSite(web.SockSite):
    """A :class:`aiohttp.web.SockSite` that refuses connections beyond ``max_connections``."""

    def __init__(self, runner: web.BaseRunner, sock: socket.socket, max_connections: int) -> None:
        super().__init__(runner, sock)
        self._max_connections = max_connections

    async def start(self) -> None:
        # BaseSite.start registers the site with the runner; SockSite.start would also create the server.
        await web.BaseSite.start(self)
        server = self._runner.server
        assert server is not None
        limit = self._max_connections

        def protocol() -> Any:
            if len(server.connections) >= limit:
                return _Busy()
            return server()

        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(protocol, sock=self._sock, backlog=self._backlog)
