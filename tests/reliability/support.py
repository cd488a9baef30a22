"""Real services on loopback sockets for the reliability tests, and the data they serve."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Flask

from server.config import get_config, query_pool, shutdown
from server.http import make_server
from tests.support.apps import make_app

EX = "http://example.org/"


def write_store(folder: Path, n: int, tag: str = "a") -> Path:
    """An Oxigraph store folder of `n` triples in one named graph (`tag` marks the generation)."""
    folder.mkdir(parents=True, exist_ok=True)
    store = ox.Store(str(folder))
    g = ox.NamedNode(EX + "graph/" + tag)
    store.extend(ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(f"{tag}{i}"), g)
                 for i in range(n))
    store.flush()
    del store
    return folder


class Live:
    """An app served by the real (guarded) waitress server in a thread, on a free loopback port."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.server = make_server(app, get_config(app), "127.0.0.1", 0)
        self.port = self.server.effective_port
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        query_pool(app).wait_ready(60)

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None,
                timeout: float = 30.0) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, dict(resp.getheaders()), resp.read()
        finally:
            conn.close()

    def query(self, text: str, timeout: float = 30.0) -> tuple[int, dict, bytes]:
        return self.request("GET", "/sparql?" + urlencode({"query": text}), timeout=timeout)

    def close(self) -> None:
        self.server.close()
        shutdown(self.app)


def live(store: Path | str, **settings) -> Live:
    return Live(make_app(STORE=str(store), **settings))


def error_of(body: bytes) -> dict:
    data = json.loads(body)
    assert set(data) >= {"error", "status", "code"}
    return data
