"""`/data`: the SPARQL 1.1 Graph Store HTTP Protocol (`?graph=IRI` or `?default`).

Reads are open to everyone; PUT, POST and DELETE need the write token (`server.auth`).
`?default` is the store's own default graph (empty in a `kg build` store, where every
triple is in a named graph); `/data` with neither parameter is the whole dataset
(TriG or N-Quads) for GET, and for POST creates a new named graph and answers 201
with its IRI in `Location`. Replacing a graph is one SPARQL Update transaction, so a
reader never sees it half-written.
"""

from __future__ import annotations

import logging
import re
import uuid

import pyoxigraph as ox
from flask import Blueprint, Request, Response, request

from kg.formats import TURTLE, UPLOAD_FORMATS
from server.auth import require_writer
from server.config import get_config, get_store, served, store_changed
from server.protocol import (
    DATASET_FORMATS,
    GRAPH_FORMATS,
    ProtocolError,
    error_response,
    iri_param,
    negotiate,
    rdf_response,
)
from server.sparql import _write_lock

log = logging.getLogger("kg.graph_store")
bp = Blueprint("graph_store", __name__)

#: Content-Type -> pyoxigraph format a graph may be uploaded in (TriG and N-Quads would name other graphs).
UPLOAD_TYPES: dict[str, ox.RdfFormat] = {
    **{f.media_type: f.rdf for f in UPLOAD_FORMATS if f.rdf is not None},
    **{alias: TURTLE.rdf for alias in TURTLE.aliases},
}


#: A DTD is how RDF/XML bodies declare entities (and expand a kilobyte into gigabytes).
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def target(req: Request) -> ox.NamedNode | ox.DefaultGraph | None:
    """The graph a request is about: a named graph, the default graph, or None (the whole store)."""
    graphs = req.args.getlist("graph")
    has_default = "default" in req.args
    if len(graphs) > 1:
        raise ProtocolError(400, "the request has several 'graph' parameters; name one graph")
    if graphs and has_default:
        raise ProtocolError(400, "the request has both 'graph' and 'default'; use one of them")
    if graphs:
        return iri_param(graphs[0], "graph")
    if has_default:
        return ox.DefaultGraph()
    return None


def _exists(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> bool:
    return isinstance(graph, ox.DefaultGraph) or store.contains_named_graph(graph)


@bp.route("/data", methods=["GET", "PUT", "POST", "DELETE"])
def data() -> Response:
    graph = target(request)
    store = get_store()
    if request.method in ("GET", "HEAD"):
        return read(store, graph)
    require_writer(request, get_config(), "writing to the graph store")
    refuse_read_only_file()
    if request.method == "DELETE":
        return delete(store, graph)
    triples = parse_body(request, graph)
    if graph is None:
        if request.method == "PUT":
            raise ProtocolError(400, "PUT needs ?graph=IRI or ?default (the store itself is not replaced)")
        graph = ox.NamedNode(f"{get_config().ID_BASE}graph/upload/{uuid.uuid4()}")
        write(store, graph, triples, replace=False)
        return Response(status=201, headers={"Location": graph.value})
    existed = _exists(store, graph)
    write(store, graph, triples, replace=request.method == "PUT")
    return Response(status=204 if existed else 201)


def refuse_read_only_file() -> None:
    """403 for writes to a store loaded from an RDF file: they would be lost at the next start."""
    if served().is_file:
        raise ProtocolError(403, "this service serves an RDF file, which it never writes back: writes would "
                                 "be lost at restart; serve an Oxigraph store (`kg build … --out DIR`, then "
                                 "`kg serve --store DIR --token-file F`) to accept writes", code="read_only_store")


def read(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph | None) -> Response:
    if graph is None:
        fmt = negotiate(request, DATASET_FORMATS)
        return rdf_response(fmt, store.quads_for_pattern(None, None, None, None))
    fmt = negotiate(request, GRAPH_FORMATS)
    if not _exists(store, graph):
        return error_response(404, f"no graph <{graph.value}> in this store")
    return rdf_response(fmt, (q.triple for q in store.quads_for_pattern(None, None, None, graph)))


def delete(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph | None) -> Response:
    if graph is None:
        raise ProtocolError(400, "DELETE needs ?graph=IRI or ?default (the store itself is not deleted)")
    if not _exists(store, graph):
        return error_response(404, f"no graph <{graph.value}> in this store")
    # SILENT: the graph exists (checked above), and Virtuoso refuses a plain DROP of a graph never CREATEd
    op = "DROP DEFAULT" if isinstance(graph, ox.DefaultGraph) else f"DROP SILENT GRAPH {graph}"
    apply(store, op)
    return Response(status=204)


def parse_body(req: Request, graph: ox.NamedNode | ox.DefaultGraph | None) -> list[ox.Triple]:
    """The uploaded graph; 415 for a missing or unsupported Content-Type, 400 for bad RDF."""
    mt = req.mimetype
    fmt = UPLOAD_TYPES.get(mt)
    if fmt is None:
        got = f"Content-Type {mt!r}" if mt else "no Content-Type"
        raise ProtocolError(415, f"cannot store a graph sent with {got}; send one of: "
                                 f"{', '.join(sorted(UPLOAD_TYPES))}")
    charset = req.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise ProtocolError(415, f"graphs must be sent as UTF-8, not charset={charset}")
    base = graph.value if isinstance(graph, ox.NamedNode) else req.base_url
    body = req.get_data(cache=True)
    if fmt == ox.RdfFormat.RDF_XML and _DTD.search(body):
        raise ProtocolError(400, "RDF/XML with a DOCTYPE or ENTITY declaration is refused (entities can expand "
                                 "a small body into gigabytes); send the document without a DTD",
                            code="dtd_refused")
    try:
        quads = list(ox.parse(body, format=fmt, base_iri=base))
    except (SyntaxError, ValueError) as exc:
        raise ProtocolError(400, f"the request body is not valid {mt}: {exc}") from exc
    if any(not isinstance(q.graph_name, ox.DefaultGraph) for q in quads):
        raise ProtocolError(400, "the uploaded document has named graphs; send one graph per request")
    return [q.triple for q in quads]


def write(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, triples: list[ox.Triple], *,
          replace: bool) -> None:
    """Add (or replace with) `triples` in one update transaction."""
    ops: list[str] = []
    named = isinstance(graph, ox.NamedNode)
    if replace:
        ops.append(f"DROP SILENT GRAPH {graph}" if named else "DROP SILENT DEFAULT")
    if named:
        ops.append(f"CREATE SILENT GRAPH {graph}")
    if triples:
        body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
        data = f"GRAPH {graph} {{\n{body}\n}}" if named else body
        ops.append(f"INSERT DATA {{\n{data}\n}}")
    if ops:
        apply(store, " ;\n".join(ops))


def apply(store: ox.Store, update: str) -> None:
    """Run one update transaction; an I/O failure (a full disk) is a JSON 500 without the store's path."""
    with _write_lock:
        try:
            store.update(update)
        except OSError as exc:
            log.error("the store could not apply a Graph Store write: %s", exc)
            raise ProtocolError(500, "the store could not apply the write (an I/O error, e.g. a full disk; "
                                     "see the server log); nothing was changed", code="io_error") from exc
        store_changed()
