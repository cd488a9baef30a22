"""One way to build the query service for tests: the real application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from server.app import create_app
from server.config import Config

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SERVER_GRAPH = FIXTURES / "server" / "kg.trig"


def make_app(**settings) -> Flask:
    """The app over the server fixture graph (an RDF file: a fresh in-memory store per app), no access log."""
    settings.setdefault("STORE", str(SERVER_GRAPH))
    settings.setdefault("ACCESS_LOG", None)
    settings.setdefault("WORKERS", 2)
    return create_app(Config(**settings))


def make_writable_app(folder: Path, token: str, **settings) -> Flask:
    """The app over an Oxigraph store folder made from the fixture graph, writable with `token`.

    (RDF files are served read-only, so writes need a store folder.)
    """
    import pyoxigraph as ox

    store_dir = Path(folder) / "store"
    if not store_dir.exists():
        store = ox.Store(str(store_dir))
        store.bulk_load(path=str(SERVER_GRAPH), format=ox.RdfFormat.TRIG)
        store.flush()
        del store
    return make_app(STORE=str(store_dir), TOKEN=token, **settings)
