"""Service settings, and the one store each app serves.

`Config` is a Flask config object (plain upper-case attributes); `kg serve` builds it
from its options, `server.wsgi` from the environment. Every blueprint reaches the
store through `get_store()`, which opens it once per app: read-only unless a write
token is configured, because Oxigraph allows only one writing process.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, current_app

from kg.ns import ID
from kg.store import StoreError, open_store


class ConfigError(ValueError):
    """A setting that cannot be used; the message names the setting and the value."""


class Config:
    """Settings of one running service (override any of them as keyword arguments)."""

    #: kg output folder, Oxigraph store folder or RDF file to serve.
    STORE: str | None = None
    #: Seconds a query may run before the request is answered 503.
    QUERY_TIMEOUT: float = 30.0
    #: Result rows (or triples) above which a query is answered 413.
    MAX_RESULT_ROWS: int = 100_000
    #: Largest accepted request body in bytes (Flask answers 413 above it).
    MAX_CONTENT_LENGTH: int = 16 * 1024 * 1024
    #: Origins allowed to call the service from a browser ("*" for any); empty = no CORS.
    CORS_ORIGINS: tuple[str, ...] = ()
    #: Allow SERVICE, LOAD and FROM/USING of graphs that are not in the store (outbound HTTP).
    ALLOW_SERVICE: bool = False
    #: Bearer token that enables SPARQL Update and Graph Store writes; None = read-only.
    TOKEN: str | None = None
    #: Where the JSON access log goes: "-" = stderr, a file path, or None for no log.
    ACCESS_LOG: str | None = "-"
    #: Base of the instance IRIs (`/id/...` pages map onto it).
    ID_BASE: str = str(ID)
    #: Folder of saved queries (None = the shipped `queries/`, or $KG_QUERIES_DIR).
    QUERIES_DIR: str | None = None
    #: Server threads (waitress); queries running at once are capped at twice this.
    WORKERS: int = 4

    def __init__(self, **overrides: object) -> None:
        for key, value in overrides.items():
            if not key.isupper() or not hasattr(type(self), key):
                raise ConfigError(f"unknown setting {key!r}")
            setattr(self, key, value)
        self.validate()

    @property
    def READ_ONLY(self) -> bool:  # noqa: N802 - a config attribute like the others
        return self.TOKEN is None

    @property
    def MAX_CONCURRENT_QUERIES(self) -> int:  # noqa: N802
        return max(2, 2 * int(self.WORKERS))

    def validate(self) -> None:
        """Refuse settings the service cannot honour, naming the setting."""
        if float(self.QUERY_TIMEOUT) <= 0:
            raise ConfigError(f"QUERY_TIMEOUT must be positive seconds, not {self.QUERY_TIMEOUT!r}")
        if int(self.MAX_RESULT_ROWS) < 1:
            raise ConfigError(f"MAX_RESULT_ROWS must be at least 1, not {self.MAX_RESULT_ROWS!r}")
        if int(self.WORKERS) < 1:
            raise ConfigError(f"WORKERS must be at least 1, not {self.WORKERS!r}")
        if self.TOKEN is not None and len(self.TOKEN) < 8:
            raise ConfigError("the write token must be at least 8 characters long")
        if isinstance(self.CORS_ORIGINS, str):
            self.CORS_ORIGINS = tuple(o.strip() for o in self.CORS_ORIGINS.split(",") if o.strip())

    @classmethod
    def from_options(
        cls,
        *,
        store: str | Path | None = None,
        token_file: str | Path | None = None,
        timeout: float | None = None,
        cors: tuple[str, ...] | list[str] | str | None = None,
        workers: int | None = None,
        max_rows: int | None = None,
        access_log: str | None = None,
        allow_service: bool | None = None,
    ) -> Config:
        """Settings from `kg serve` options; options left out keep their defaults."""
        overrides: dict[str, object] = {}
        if store is not None:
            overrides["STORE"] = str(store)
        if token_file is not None:
            overrides["TOKEN"] = read_token(token_file)
        if timeout is not None:
            overrides["QUERY_TIMEOUT"] = float(timeout)
        if cors:
            overrides["CORS_ORIGINS"] = tuple([cors] if isinstance(cors, str) else cors)
        if workers is not None:
            overrides["WORKERS"] = int(workers)
        if max_rows is not None:
            overrides["MAX_RESULT_ROWS"] = int(max_rows)
        if access_log is not None:
            overrides["ACCESS_LOG"] = access_log or None
        if allow_service is not None:
            overrides["ALLOW_SERVICE"] = bool(allow_service)
        return cls(**overrides)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Config:
        """Settings from KG_STORE, KG_TOKEN_FILE, KG_TIMEOUT, KG_CORS, KG_WORKERS, KG_MAX_ROWS,
        KG_ACCESS_LOG and KG_ALLOW_SERVICE (for `server.wsgi` under any WSGI server)."""
        env = os.environ if environ is None else environ

        def number(name: str, kind: type):
            if name not in env:
                return None
            try:
                return kind(env[name])
            except ValueError as exc:
                raise ConfigError(f"{name}={env[name]!r} is not a number") from exc

        return cls.from_options(
            store=env.get("KG_STORE"),
            token_file=env.get("KG_TOKEN_FILE"),
            timeout=number("KG_TIMEOUT", float),
            cors=env.get("KG_CORS"),
            workers=number("KG_WORKERS", int),
            max_rows=number("KG_MAX_ROWS", int),
            access_log=env.get("KG_ACCESS_LOG"),
            allow_service=(env["KG_ALLOW_SERVICE"].lower() in ("1", "true", "yes"))
            if "KG_ALLOW_SERVICE" in env else None,
        )


def read_token(path: str | Path) -> str:
    """The bearer token kept in a file (surrounding whitespace ignored)."""
    p = Path(path)
    try:
        token = p.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: cannot read the token file: {exc}") from exc
    if len(token) < 8 or any(c.isspace() for c in token):
        raise ConfigError(f"{p}: the token must be one word of at least 8 characters")
    return token


_open_lock = threading.Lock()


def get_config(app: Flask | None = None) -> Config:
    """The Config of `app` (default: the current app)."""
    app = app or current_app
    config = app.extensions.get("kg_config")
    if config is None:
        config = Config()
        app.extensions["kg_config"] = config
    return config


def get_store(app: Flask | None = None) -> ox.Store:
    """The app's store, opened on first use and kept in `app.extensions["kg_store"]`.

    Query it with `use_default_graph_as_union=True` (or `kg.store.query`): the
    extractor puts every triple in a named graph.
    """
    app = app or current_app
    store = app.extensions.get("kg_store")
    if store is not None:
        return store
    with _open_lock:
        store = app.extensions.get("kg_store")
        if store is None:
            config = get_config(app)
            if not config.STORE:
                raise StoreError("no store configured: start the service with `kg serve --store OUT`")
            store = open_store(config.STORE, read_only=config.READ_ONLY)
            app.extensions["kg_store"] = store
            app.extensions["kg_store_generation"] = 0
    return store


def store_generation(app: Flask | None = None) -> int:
    """A number that changes whenever the service writes to the store (for caches)."""
    return (app or current_app).extensions.get("kg_store_generation", 0)


def store_changed(app: Flask | None = None) -> None:
    """Record a write so that cached descriptions (VoID, service description) are rebuilt."""
    ext = (app or current_app).extensions
    ext["kg_store_generation"] = ext.get("kg_store_generation", 0) + 1
