"""Service settings, and the one store and worker pools each app serves.

`Config` is a Flask config object (plain upper-case attributes); `kg serve` builds it
from its options, `server.wsgi` from the environment. Every blueprint reaches the
store through `get_store()` (this process's read handle, for pages and the Graph
Store) and runs SPARQL through `query_pool()` (supervised worker processes, see
`server.workers`). `served()` holds both and switches them to a new build generation.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Mapping
from pathlib import Path

import pyoxigraph as ox
from flask import Flask, current_app

from kg.ns import ID
from kg.store import StoreError
from server.stores import ServedRemote, ServedStore, open_served
from server.workers import WorkerPool


def default_workers() -> int:
    """Query worker processes: the cores plus two, so two runaways never take every worker."""
    return min(16, max(2, os.cpu_count() or 2) + 2)


LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


def allowed_hosts_for(host: str | None) -> tuple[str, ...]:
    """Host names a browser may use to reach a service listening on `host` (DNS-rebinding guard)."""
    names = list(LOCAL_HOSTS)
    if host and host not in ("0.0.0.0", "::", ""):
        names.append(host.strip("[]").lower())
    elif host in ("0.0.0.0", "::"):
        for name in (socket.gethostname(), socket.getfqdn()):
            names.append(name.lower())
            try:
                names += [a[4][0] for a in socket.getaddrinfo(name, None)]
            except OSError:
                pass
    return tuple(dict.fromkeys(names))


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
    #: Query worker processes (None: the cores plus two); a crash or a runaway costs one of them.
    WORKERS: int | None = None
    #: Memory one query may use, in MB, on top of what a worker needs to open the store.
    WORKER_MEMORY_MB: int = 1024
    #: Seconds a query waits for a free worker before it is answered 503.
    QUEUE_WAIT: float = 10.0
    #: Queries one client (remote address) may have running or waiting at once; more get 429.
    CLIENT_QUERIES: int = 4
    #: Queries one client may have running past 2 s (the demotion to nice 19) at once; a further
    #: one is stopped there with 503, so parallel runaways from one client never hold every worker.
    CLIENT_SLOW_QUERIES: int = 2
    #: Longest query or update text accepted, in characters (checked before parsing).
    MAX_QUERY_LENGTH: int = 100_000
    #: Deepest nesting of { ( [ accepted (checked before parsing: deep nesting crashes the parser).
    MAX_QUERY_DEPTH: int = 100
    #: Rows a saved query or /graph/data.json page has when the request gives no `limit`.
    PAGE_SIZE: int = 100
    #: Memory in MB for finished entity pages and saved-query result pages of the current data.
    PAGE_CACHE_MB: int = 64
    #: Actors in one /graph/data.json page when the request gives no `limit`.
    GRAPH_PAGE_SIZE: int = 300
    #: Seconds the actor projection and its layout may take, and their memory in MB.
    GRAPH_TIMEOUT: float = 600.0
    GRAPH_MEMORY_MB: int = 4096
    #: Host header values served ("*" for any); empty = localhost and the address served.
    ALLOWED_HOSTS: tuple[str, ...] = ()
    #: HTTP threads (waitress). They mostly wait on workers, so there are more than cores.
    THREADS: int = 16
    #: Open connections in all, and per client address; the idle one waiting longest is dropped first.
    CONNECTION_LIMIT: int = 1000
    CLIENT_CONNECTIONS: int = 128
    #: Seconds an idle keep-alive connection is kept, and a request may take to arrive in full.
    IDLE_TIMEOUT: float = 30.0
    REQUEST_TIMEOUT: float = 30.0

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
    def QUERY_WORKERS(self) -> int:  # noqa: N802
        return int(self.WORKERS) if self.WORKERS else default_workers()

    @property
    def HOSTS(self) -> frozenset[str] | None:  # noqa: N802
        """The allowed Host names (lower case, no port), or None when any is allowed."""
        hosts = self.ALLOWED_HOSTS or allowed_hosts_for(None)
        if "*" in hosts:
            return None
        return frozenset(h.strip().strip("[]").lower() for h in hosts if h.strip())

    def validate(self) -> None:
        """Refuse settings the service cannot honour, naming the setting."""
        if float(self.QUERY_TIMEOUT) <= 0:
            raise ConfigError(f"QUERY_TIMEOUT must be positive seconds, not {self.QUERY_TIMEOUT!r}")
        if int(self.MAX_RESULT_ROWS) < 1:
            raise ConfigError(f"MAX_RESULT_ROWS must be at least 1, not {self.MAX_RESULT_ROWS!r}")
        if self.WORKERS is not None and int(self.WORKERS) < 1:
            raise ConfigError(f"WORKERS must be at least 1, not {self.WORKERS!r}")
        for name in ("WORKER_MEMORY_MB", "CLIENT_QUERIES", "MAX_QUERY_LENGTH", "MAX_QUERY_DEPTH", "PAGE_SIZE",
                     "CLIENT_SLOW_QUERIES", "PAGE_CACHE_MB", "GRAPH_PAGE_SIZE", "GRAPH_MEMORY_MB", "THREADS",
                     "CONNECTION_LIMIT", "CLIENT_CONNECTIONS"):
            if int(getattr(self, name)) < 1:
                raise ConfigError(f"{name} must be at least 1, not {getattr(self, name)!r}")
        for name in ("QUEUE_WAIT", "GRAPH_TIMEOUT", "IDLE_TIMEOUT", "REQUEST_TIMEOUT"):
            if float(getattr(self, name)) <= 0:
                raise ConfigError(f"{name} must be positive seconds, not {getattr(self, name)!r}")
        if isinstance(self.ALLOWED_HOSTS, str):
            self.ALLOWED_HOSTS = tuple(h.strip() for h in self.ALLOWED_HOSTS.split(",") if h.strip())
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
        host: str | None = None,
        allowed_hosts: tuple[str, ...] | list[str] | str | None = None,
        threads: int | None = None,
        memory_mb: int | None = None,
    ) -> Config:
        """Settings from `kg serve` options; options left out keep their defaults."""
        overrides: dict[str, object] = {}
        if allowed_hosts:
            extra = tuple([allowed_hosts] if isinstance(allowed_hosts, str) else allowed_hosts)
            overrides["ALLOWED_HOSTS"] = ("*",) if "*" in extra else allowed_hosts_for(host) + extra
        elif host is not None:
            overrides["ALLOWED_HOSTS"] = allowed_hosts_for(host)
        if threads is not None:
            overrides["THREADS"] = int(threads)
        if memory_mb is not None:
            overrides["WORKER_MEMORY_MB"] = int(memory_mb)
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
        KG_ACCESS_LOG, KG_ALLOW_SERVICE, KG_ALLOWED_HOSTS and KG_MEMORY_MB (for `server.wsgi`)."""
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
            allowed_hosts=env.get("KG_ALLOWED_HOSTS"),
            memory_mb=number("KG_MEMORY_MB", int),
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


_open_lock = threading.RLock()


def get_config(app: Flask | None = None) -> Config:
    """The Config of `app` (default: the current app)."""
    app = app or current_app
    config = app.extensions.get("kg_config")
    if config is None:
        config = Config()
        app.extensions["kg_config"] = config
    return config


def served(app: Flask | None = None) -> ServedStore | ServedRemote:
    """The app's ServedStore, opened on first use (with its query pool pointed at it)."""
    app = app or current_app
    state = app.extensions.get("kg_served")
    if state is not None:
        return state
    with _open_lock:
        state = app.extensions.get("kg_served")
        if state is None:
            config = get_config(app)
            if not config.STORE:
                raise StoreError("no store configured: start the service with `kg serve --store OUT`")
            state = open_served(config.STORE, writable=not config.READ_ONLY)
            app.extensions["kg_served"] = state
    return state


def get_store(app: Flask | None = None) -> ox.Store:
    """This process's handle on the current store (pages, Graph Store reads and writes).

    Query it with `use_default_graph_as_union=True` (or `kg.store.query`): the
    extractor puts every triple in a named graph. User SPARQL goes to `query_pool()`.
    """
    return served(app).store


def _pool(app: Flask, key: str, make) -> WorkerPool:
    pool = app.extensions.get(key)
    if pool is not None:
        return pool
    with _open_lock:
        pool = app.extensions.get(key)
        if pool is None:
            state = served(app)
            pool = make(get_config(app), state)
            pool.set_store(state.worker_path, state.worker_key)
            state.on_switch(pool.set_store)
            app.extensions[key] = pool
    return pool


def query_pool(app: Flask | None = None) -> WorkerPool:
    """The worker processes that evaluate SPARQL for this app."""
    return _pool(app or current_app, "kg_query_pool", lambda c, s: WorkerPool(
        "query", c.QUERY_WORKERS, c.WORKER_MEMORY_MB, slow_per_client=int(c.CLIENT_SLOW_QUERIES), paths=s))


def graph_pool(app: Flask | None = None) -> WorkerPool:
    """The one worker that projects and lays out the actor network (niced: it is background work)."""
    return _pool(app or current_app, "kg_graph_pool", lambda c, s: WorkerPool(
        "actor-graph", 1, c.GRAPH_MEMORY_MB, demote_after=None, nice=10, paths=s))


def shutdown(app: Flask) -> None:
    """Stop the app's background warming and workers and release its store (and write lock)."""
    warmer = app.extensions.pop("kg_warmer", None)
    if warmer is not None:
        warmer.stop()
    for key in ("kg_query_pool", "kg_graph_pool"):
        pool = app.extensions.pop(key, None)
        if pool is not None:
            pool.close()
    state = app.extensions.pop("kg_served", None)
    if state is not None:
        state.close()


def store_generation(app: Flask | None = None) -> int:
    """A number that changes whenever the served data may have changed (for caches)."""
    state = (app or current_app).extensions.get("kg_served")
    return state.version if state is not None else 0


def store_changed(app: Flask | None = None) -> None:
    """Record a write: caches are rebuilt and the query workers move to a fresh snapshot."""
    served(app).written()
