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
    return create_app(Config(**settings))
