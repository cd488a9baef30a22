"""The actor graph in the query service: the interactive page and its JSON API.

    GET /graph                      the interactive view (Cytoscape.js, vendored)
    GET /graph/data.json            the network as Cytoscape JSON; filters:
        ?relation=a,b  ?type=Person,Country  ?from=YYYY-MM-DD  ?to=YYYY-MM-DD
        ?min_weight=N  ?ego=NAME|IRI  ?radius=N  ?isolates=1  ?evidence=1
    GET /graph/edge-evidence        the sentences behind one edge:
        ?source=IRI&target=IRI&relation=REL (+ ?from= ?to=)
    GET /graph/analysis.json        degree, PageRank, betweenness... (same filters)

The projection runs once per store (the SPARQL in queries/actors-*.rq) and is cached
with its layout until the service writes to the store; filters are applied per request
on the cached network, and positions come from the whole network so that a filtered
view keeps every actor where the full view put it.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for

from kg.actors import analyses
from kg.actors.export import cytoscape
from kg.actors.filters import FilterError, Filters
from kg.actors.html import script_json, view_config
from kg.actors.layout import positions
from kg.actors.projection import ProjectionError, project
from kg.store import StoreError
from server.config import get_store, store_generation

bp = Blueprint("actors", __name__)

#: the page sets inline styles from script (Cytoscape.js); scripts stay 'self' only
PAGE_CSP = ("default-src 'self'; connect-src 'self'; img-src 'self' data:; "
            "style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; "
            "form-action 'self'; frame-ancestors 'none'")

_lock = threading.Lock()


def network() -> tuple[Any, dict[str, tuple[float, float]]]:
    """The projected network of the app's store and its layout, cached per store generation."""
    ext = current_app.extensions
    generation = store_generation()
    cached = ext.get("kg_actor_graph")
    if cached is not None and cached[0] == generation:
        return cached[1], cached[2]
    with _lock:
        cached = ext.get("kg_actor_graph")
        if cached is not None and cached[0] == generation:
            return cached[1], cached[2]
        graph = project(get_store())
        pos = positions(Filters().apply(graph))
        ext["kg_actor_graph"] = (generation, graph, pos)
        return graph, pos


class BadRequest(Exception):
    pass


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
            raise BadRequest(f"{name}={value!r} is not a whole number") from exc

    return Filters(
        relations=listed("relation"), types=listed("type"),
        date_from=args.get("from") or None, date_to=args.get("to") or None,
        min_weight=integer("min_weight", 1), ego=args.get("ego") or None,
        radius=integer("radius", 1), isolates=args.get("isolates", "") in ("1", "true", "yes"),
    )


def _error(status: int, message: str) -> Response:
    resp = jsonify({"error": message})
    resp.status_code = status
    return resp


@bp.errorhandler(BadRequest)
@bp.errorhandler(FilterError)
def _bad_request(exc: Exception) -> Response:
    return _error(400, str(exc))


@bp.errorhandler(StoreError)
@bp.errorhandler(ProjectionError)
def _unavailable(exc: Exception) -> Response:
    return _error(503, str(exc))


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
    """The filtered network as Cytoscape JSON (evidence sentences only with ?evidence=1)."""
    filters = _filters()
    graph, pos = network()
    view = filters.apply(graph)
    evidence = request.args.get("evidence", "") in ("1", "true", "yes")
    return jsonify(cytoscape(view, pos=pos, evidence=evidence))


@bp.get("/graph/edge-evidence")
def edge_evidence() -> Response:
    """Every supporting item of one edge, with its sentences and articles."""
    source, target, relation = (request.args.get(k, "").strip() for k in ("source", "target", "relation"))
    if not (source and target and relation):
        raise BadRequest("give source, target and relation (IRIs and a relation name)")
    graph, _ = network()
    filters = Filters(date_from=request.args.get("from") or None, date_to=request.args.get("to") or None,
                      isolates=True)
    view = filters.apply(graph)
    edge = view.get_edge_data(source, target, relation)
    if edge is None:
        return _error(404, f"no {relation} edge from {source} to {target}"
                           + (" in this date range" if graph.has_edge(source, target, relation) else ""))
    return jsonify({
        "source": source, "target": target, "relation": relation, "weight": edge["weight"],
        "first_date": edge["first_date"], "last_date": edge["last_date"],
        "evidence": analyses.evidence(view, edge),
    })


@bp.get("/graph/analysis.json")
def analysis() -> Response:
    """The figures of `kg analyse --json` for the filtered network."""
    graph, _ = network()
    view = _filters().apply(graph)
    return jsonify({"actors": view.number_of_nodes(), "relations": view.number_of_edges(),
                    "figures": [r.as_dict() for r in analyses.figures(view)]})
