"""The actor graph in the query service: the interactive page and its JSON API.

    GET /graph                      the interactive view (Cytoscape.js, vendored)
    GET /graph/data.json            the network as Cytoscape JSON; filters:
        ?relation=a,b  ?type=Person,Country  ?from=YYYY-MM-DD  ?to=YYYY-MM-DD
        ?min_weight=N  ?ego=NAME|IRI  ?radius=N  ?isolates=1  ?evidence=1
    GET /graph/edge-evidence        the sentences behind one edge:
        ?source=IRI&target=IRI&relation=REL (+ ?from= ?to=)
    GET /graph/analysis.json        degree, PageRank, betweenness... (same filters)

Paging: ?limit=N (default GRAPH_PAGE_SIZE) and ?offset=M page data.json over the actors,
most mentioned first; the page is described in data.page (total_actors, more).

The projection and its layout (a minute and a gigabyte on a 10,000-article store) run
once per store generation in a worker process of their own (niced, memory-capped,
killed past GRAPH_TIMEOUT), which keeps the network and answers the filtered views;
this process only caches the finished JSON. While the network is being computed, a
request waits up to QUEUE_WAIT seconds and is then answered 503 with Retry-After.
"""

from __future__ import annotations

import json
import threading
import time
from collections import OrderedDict
from dataclasses import asdict
from typing import Any

from flask import Blueprint, Flask, Response, current_app, render_template, request, url_for

from kg.actors.filters import FilterError, Filters
from kg.actors.html import script_json, view_config
from server.config import get_config, graph_pool, store_generation
from server.errors import error_response
from server.protocol import ProtocolError
from server.workers import ActorsTask, EdgeTask, ViewTask, WorkerFailure

bp = Blueprint("actors", __name__)

#: the page sets inline styles from script (Cytoscape.js); scripts stay 'self' only
PAGE_CSP = ("default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'")
#: finished answers kept per app (JSON bytes), newest last
CACHE_SIZE = 64


class Network:
    """The state of one app's actor network: being computed, ready (in the graph worker) or failed."""

    def __init__(self) -> None:
        self.key: tuple | None = None  # (store version, workers started) the ready network belongs to
        self.computing: tuple | None = None
        self.started_at = 0.0
        self.error: WorkerFailure | None = None
        self.done = threading.Condition()
        self.cache: OrderedDict[tuple, bytes] = OrderedDict()

    def current_key(self, app: Flask) -> tuple:
        pool = graph_pool(app)
        return (store_generation(app), pool.started)

    def ensure(self, app: Flask, wait: float) -> tuple:
        """The key of a ready network, computing it when needed; 503 when not ready within `wait`."""
        deadline = time.monotonic() + wait
        with self.done:
            while True:
                key = self.current_key(app)
                if self.key == key:
                    return key
                if self.computing != key:
                    self.computing, self.error, self.started_at = key, None, time.monotonic()
                    threading.Thread(target=self._compute, args=(app, key), daemon=True).start()
                if self.error is not None and self.computing == key:
                    err, self.computing = self.error, None
                    raise err
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    took = time.monotonic() - self.started_at
                    raise WorkerFailure(503, "computing", f"the actor network is being computed ({took:.0f} s "
                                        "so far); try again shortly", {"Retry-After": "10"})
                self.done.wait(remaining)

    def _compute(self, app: Flask, key: tuple) -> None:
        config = get_config(app)
        try:
            graph_pool(app).run(ActorsTask(), timeout=float(config.GRAPH_TIMEOUT), wait=float(config.GRAPH_TIMEOUT))
            error = None
        except WorkerFailure as exc:
            error = exc
        with self.done:
            pool = graph_pool(app)
            if error is None:
                # the worker that computed it is the one started last; starting another one loses it
                self.key = (key[0], pool.started)
                self.computing = None
            else:
                self.error = error
            self.done.notify_all()

    def answer(self, app: Flask, what: tuple, task: Any) -> bytes:
        """The JSON bytes of `task` on the ready network, from the cache when asked before."""
        config = get_config(app)
        key = self.ensure(app, float(config.QUEUE_WAIT))
        cache_key = (key, what)
        with self.done:
            if cache_key in self.cache:
                self.cache.move_to_end(cache_key)
                return self.cache[cache_key]
        reply = graph_pool(app).run(task, timeout=float(config.GRAPH_TIMEOUT), wait=float(config.QUEUE_WAIT))
        body = reply if isinstance(reply, bytes) else json.dumps(reply, ensure_ascii=False).encode()
        with self.done:
            self.cache[cache_key] = body
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return body


def network_state(app: Flask) -> Network:
    state = app.extensions.get("kg_actor_network")
    if state is None:
        state = app.extensions.setdefault("kg_actor_network", Network())
    return state


def _filters() -> Filters:
    args = request.args

    def listed(name: str) -> list[str]:
        return [v for value in args.getlist(name) for v in value.split(",") if v.strip()]

    def integer(name: str, default: int) -> int:
        value = args.get(name, "").strip()
        if not value:
            return default
        try:
            return int(value)
        except ValueError as exc:
            raise ProtocolError(400, f"{name}={value!r} is not a whole number") from exc

    return Filters(
        relations=listed("relation"), types=listed("type"),
        date_from=args.get("from") or None, date_to=args.get("to") or None,
        min_weight=integer("min_weight", 1), ego=args.get("ego") or None,
        radius=integer("radius", 1), isolates=args.get("isolates", "") in ("1", "true", "yes"),
    )


def _json(body: bytes) -> Response:
    return Response(body, content_type="application/json")


@bp.errorhandler(FilterError)
def _bad_filter(exc: Exception) -> Response:
    return error_response(400, str(exc), code="bad_filter")


@bp.get("/graph")
def page() -> Response:
    """The interactive view; it loads /graph/data.json with the page's own query string."""
    data_url = url_for("actors.data")
    if request.query_string:
        data_url += "?" + request.query_string.decode("latin-1")
    config = view_config("server", "Actor network", dataUrl=data_url,
                         evidenceUrl=url_for("actors.edge_evidence"))
    resp = Response(render_template("actors/graph.html", title="Actor network",
                                    config_json=script_json(config)))
    resp.headers["Content-Security-Policy"] = PAGE_CSP
    return resp


@bp.get("/graph/data.json")
def data() -> Response:
    """A page of the filtered network as Cytoscape JSON (evidence sentences only with ?evidence=1)."""
    from server.sparql import page_params

    filters = _filters()
    config = get_config()
    offset, limit = page_params(int(config.GRAPH_PAGE_SIZE), 100_000)
    evidence = request.args.get("evidence", "") in ("1", "true", "yes")
    app = current_app._get_current_object()
    task = ViewTask(asdict(filters), evidence, offset, limit)
    return _json(network_state(app).answer(app, ("view", repr(task)), task))


@bp.get("/graph/edge-evidence")
def edge_evidence() -> Response:
    """Every supporting item of one edge, with its sentences and articles."""
    source, target, relation = (request.args.get(k, "").strip() for k in ("source", "target", "relation"))
    if not (source and target and relation):
        raise ProtocolError(400, "give source, target and relation (IRIs and a relation name)")
    dates = Filters(date_from=request.args.get("from") or None, date_to=request.args.get("to") or None)
    args = {"source": source, "target": target, "relation": relation,
            "from": dates.date_from, "to": dates.date_to}
    app = current_app._get_current_object()
    task = EdgeTask("evidence", args)
    return _json(network_state(app).answer(app, ("edge", repr(task)), task))


@bp.get("/graph/analysis.json")
def analysis() -> Response:
    """The figures of `kg analyse --json` for the filtered network."""
    app = current_app._get_current_object()
    task = EdgeTask("analysis", {"filters": asdict(_filters())})
    return _json(network_state(app).answer(app, ("analysis", repr(task)), task))
