"""Waitress, hardened against clients that open connections and then do nothing (slowloris).

Waitress stops accepting once `connection_limit` connections are open and keeps an
idle one for `channel_timeout` (120 s), so about a hundred silent sockets lock every
client out. Here:

* new connections are always accepted; past CONNECTION_LIMIT the connection idle the
  longest (no request in progress) is closed to make room;
* one client address may hold at most CLIENT_CONNECTIONS; past that its new
  connection is closed at once;
* an idle keep-alive connection is closed after IDLE_TIMEOUT, and a request that has
  not arrived in full REQUEST_TIMEOUT after its first byte (headers sent a byte at a
  time) is dropped; the check runs every half second.

`make_server(app, config, host, port)` is what `kg serve`, the tests and the benchmark use.
"""

from __future__ import annotations

import resource
import time
from typing import Any

from flask import Flask
from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, MultiSocketServer, create_server

from server.config import Config


class GuardedChannel(HTTPChannel):
    """A channel that remembers when its current request started to arrive."""

    request_started: float | None = None

    def received(self, data: bytes) -> bool:
        if self.request is None and data:
            self.request_started = time.monotonic()
        result = super().received(data)
        if self.request is None:
            self.request_started = None
        return result


def _channels(server: Any) -> list[GuardedChannel]:
    return [c for c in list(server._map.values()) if isinstance(c, GuardedChannel)]


def _guard(server: BaseWSGIServer, config: Config) -> None:
    """Replace the accept and maintenance behaviour of one waitress server socket."""
    limit = int(config.CONNECTION_LIMIT)
    per_client = int(config.CLIENT_CONNECTIONS)
    idle = float(config.IDLE_TIMEOUT)
    request_timeout = float(config.REQUEST_TIMEOUT)
    server.channel_class = GuardedChannel
    server.adj.cleanup_interval = 0.5
    server.adj.channel_timeout = idle

    def readable() -> bool:
        now = time.time()
        if now >= server.next_channel_cleanup:
            server.next_channel_cleanup = now + server.adj.cleanup_interval
            server.maintenance(now)
        return server.accepting

    def handle_accept() -> None:
        try:
            accepted = server.accept()
            if accepted is None:
                return
            conn, addr = accepted
            server.set_socket_options(conn)
        except OSError:
            return
        addr = server.fix_addr(addr)
        channels = _channels(server)
        peer = addr[0] if isinstance(addr, tuple) else addr
        if sum(1 for c in channels if _peer(c) == peer) >= per_client:
            conn.close()
            return
        if len(channels) >= limit:
            idle_ones = sorted((c for c in channels if not c.requests and c.request is None),
                               key=lambda c: c.last_activity)
            if not idle_ones:
                conn.close()
                return
            idle_ones[0].will_close = True
            idle_ones[0].handle_close()
        server.channel_class(server, conn, addr, server.adj, map=server._map)

    def maintenance(now: float) -> None:
        cutoff = now - idle
        mono = time.monotonic()
        for channel in _channels(server):
            if channel.requests:
                continue
            if channel.request is None and channel.last_activity < cutoff:
                channel.will_close = True
            elif channel.request_started is not None and mono - channel.request_started > request_timeout:
                channel.will_close = True

    server.readable = readable
    server.handle_accept = handle_accept
    server.maintenance = maintenance


def _peer(channel: GuardedChannel) -> str:
    addr = channel.addr
    return addr[0] if isinstance(addr, tuple) else str(addr)


def _raise_file_limit() -> None:
    """Every connection is a file descriptor: allow as many as the hard limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else 65536, hard))
        except (ValueError, OSError):
            pass


def make_server(app: Flask, config: Config, host: str, port: int) -> Any:
    """A waitress server for `app` with the connection guards above (raises OSError when it cannot listen)."""
    _raise_file_limit()
    server = create_server(app, host=host, port=port, threads=int(config.THREADS),
                           max_request_body_size=int(config.MAX_CONTENT_LENGTH), ident="kg",
                           connection_limit=int(config.CONNECTION_LIMIT), channel_timeout=int(config.IDLE_TIMEOUT),
                           asyncore_use_poll=True, backlog=1024)
    sockets = list(server.map.values()) if isinstance(server, MultiSocketServer) else [server]
    for s in sockets:
        if isinstance(s, BaseWSGIServer):
            _guard(s, config)
    return server
