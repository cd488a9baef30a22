"""`/sparql` (SPARQL 1.1 Protocol: query and update), `/void`, and the saved queries as JSON.

Queries see the union of all named graphs as their default graph (the extractor puts
every triple in a named graph) unless the request names a dataset, with FROM /
FROM NAMED in the query or default-graph-uri / named-graph-uri parameters (which win
over FROM, as the protocol says). GET /sparql with no parameters answers with a
SPARQL 1.1 Service Description.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Request, Response, current_app, request, url_for

from kg import saved_queries
from kg.ns import PREFIXES
from kg.saved_queries import SavedQueryError
from kg.sparql_lexer import tokenize
from server import safety
from server.auth import require_writer
from server.config import Config, get_config, get_store, store_changed, store_generation
from server.protocol import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    Format,
    ProtocolError,
    decode_body,
    error_response,
    iri_param,
    negotiate,
    rdf_response,
)

log = logging.getLogger("kg.sparql")
bp = Blueprint("sparql", __name__)
safety.install(bp)

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
ALLOWED_METHODS = "GET, HEAD, POST, OPTIONS"

#: SPARQL versions this endpoint speaks (the protocol's `version` parameter).
VERSIONS = ("1.1", "1.2")

_write_lock = threading.Lock()


# --------------------------------------------------------------------------- reading a request

@dataclass
class Operation:
    """One protocol request, after the parameter rules have been checked."""

    kind: str  # "query" or "update"
    text: str
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)


def _one(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} '{name}' parameters; send exactly one")
    if values and not values[0].strip():
        raise ProtocolError(400, f"the '{name}' parameter is empty")
    return values[0] if values else None


def check_version(*sources) -> None:
    """400 for a `version` parameter naming a SPARQL version this endpoint does not speak."""
    values = [v for src in sources for v in src.getlist("version")]
    if len(values) > 1:
        raise ProtocolError(400, f"the request has {len(values)} 'version' parameters; send at most one")
    if values and values[0].strip() not in VERSIONS:
        raise ProtocolError(400, f"version={values[0]!r} is not supported; this endpoint speaks SPARQL "
                                 f"{' and '.join(VERSIONS)}", code="unsupported_version")


def read_operation(req: Request) -> Operation | None:
    """The query or update a request carries (None: a GET asking for the service description)."""
    args = req.args
    if req.method in ("GET", "HEAD"):
        if args.getlist("update"):
            raise ProtocolError(400, "SPARQL Update must be sent with POST, not GET")
        check_version(args)
        text = _one(args.getlist("query"), "query")
        if text is None:
            if set(args) - {"format"}:
                raise ProtocolError(400, "the request has no 'query' parameter")
            return None
        return _operation("query", text, args, args)
    mt = req.mimetype
    if mt == FORM:
        charset = req.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise ProtocolError(400, f"the form must be sent as UTF-8, not charset={charset}")
        form = req.form
        if args.getlist("query") or args.getlist("update"):
            where = "update" if args.getlist("update") else "query"
            raise ProtocolError(400, f"a URL-encoded POST carries its '{where}' in the body; the URL must not "
                                     "have 'query' or 'update' parameters (nothing was run)")
        check_version(form, args)
        queries = form.getlist("query")
        updates = form.getlist("update")
        if queries and updates:
            raise ProtocolError(400, "the request has both 'query' and 'update'; send one operation")
        if not queries and not updates:
            raise ProtocolError(400, "the form has neither a 'query' nor an 'update' parameter")
        kind, values = ("query", queries) if queries else ("update", updates)
        return _operation(kind, _one(values, kind) or "", form, args)
    if mt in (QUERY_TYPE, UPDATE_TYPE):
        kind = "query" if mt == QUERY_TYPE else "update"
        if args.getlist("query") or args.getlist("update"):
            raise ProtocolError(400, f"a direct {kind} POST carries the {kind} in the body; "
                                     "the URL must not have 'query' or 'update' parameters")
        check_version(args)
        text = decode_body(req, kind)
        if not text.strip():
            raise ProtocolError(400, f"the {kind} body is empty")
        return _operation(kind, text, args, args)
    got = f"Content-Type {mt!r}" if mt else "no Content-Type"
    raise ProtocolError(400, f"POST with {got}: send {FORM} (query= or update=), "
                             f"{QUERY_TYPE} or {UPDATE_TYPE}")


def _operation(kind: str, text: str, *sources) -> Operation:
    def collect(name: str) -> list[str]:
        seen: list[str] = []
        for src in sources:
            for v in src.getlist(name):
                if v not in seen:
                    seen.append(v)
        return seen

    if kind == "query":
        for wrong in ("using-graph-uri", "using-named-graph-uri"):
            if collect(wrong):
                raise ProtocolError(400, f"'{wrong}' belongs to updates; queries take "
                                         "default-graph-uri and named-graph-uri")
        return Operation(kind, text, collect("default-graph-uri"), collect("named-graph-uri"))
    for wrong in ("default-graph-uri", "named-graph-uri"):
        if collect(wrong):
            raise ProtocolError(400, f"'{wrong}' belongs to queries; updates take "
                                     "using-graph-uri and using-named-graph-uri")
    return Operation(kind, text, collect("using-graph-uri"), collect("using-named-graph-uri"))


# --------------------------------------------------------------------------- running

def _has_graph(store: ox.Store):
    def check(iri: str) -> bool:
        try:
            return store.contains_named_graph(ox.NamedNode(iri))
        except ValueError:
            return False
    return check


def result_formats(form: str | None) -> tuple[Format, ...]:
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else RESULT_FORMATS


def _try_negotiate(formats: tuple[Format, ...]) -> tuple[str | None, ProtocolError | None]:
    try:
        return negotiate(request, formats).media_type, None
    except ProtocolError as exc:
        return None, exc


def execute_query(text: str, *, default_graphs: list[str] = (), named_graphs: list[str] = (),
                  base_iri: str | None = None, offset: int = 0, limit: int | None = None,
                  cached: bool = False) -> Response:
    """Check, run (in a query worker) and answer one query for the current request.

    `cached`: the answer is kept for the current store generation (`server.page_cache`) and a
    later request for the same text, page and formats gets it without a worker (saved queries).
    """
    config = get_config()
    safety.check_text(text, "query", config)
    store = get_store()
    analysis = safety.analyse(text, base_iri)
    protocol = [("default-graph-uri", iri_param(g, "default-graph-uri").value) for g in default_graphs]
    protocol += [("named-graph-uri", iri_param(g, "named-graph-uri").value) for g in named_graphs]
    safety.refuse_outbound(analysis, config, _has_graph(store), protocol)
    result_type, result_error = _try_negotiate(RESULT_FORMATS)
    graph_type, graph_error = _try_negotiate(GRAPH_FORMATS)
    wanted_error = graph_error if analysis.form in ("CONSTRUCT", "DESCRIBE") else result_error
    if wanted_error is not None and (analysis.form is not None or (result_error and graph_error)):
        raise wanted_error
    options: dict = {"prefixes": PREFIXES}
    if base_iri:
        options["base_iri"] = base_iri
    if default_graphs or named_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    elif not analysis.dataset:
        options["use_default_graph_as_union"] = True
    result_type = result_type or RESULT_FORMATS[0].media_type
    graph_type = graph_type or GRAPH_FORMATS[0].media_type

    run = safety.run_cached if cached else safety.run_query
    answer = run(text, result_type=result_type, graph_type=graph_type, offset=offset, limit=limit, **options)
    if answer.kind == "graph" and graph_error is not None:
        raise graph_error
    if answer.kind != "graph" and result_error is not None:
        raise result_error
    resp = Response(answer.body, content_type=answer.content_type)
    resp.headers["Vary"] = "Accept"
    download = _download_name()
    if download:
        media = answer.content_type.split(";")[0]
        fmt = next(f for f in (*RESULT_FORMATS, *GRAPH_FORMATS) if f.media_type == media)
        resp.headers["Content-Disposition"] = f'attachment; filename="{download}{fmt.extension}"'
    resp.headers["X-Query-Time-Ms"] = f"{answer.seconds * 1000:.1f}"
    if answer.cached is not None:
        resp.headers["X-Cache"] = "hit" if answer.cached else "miss"
    if limit is not None:
        resp.headers["X-Page"] = f"offset={offset}; limit={limit}; rows={answer.rows}"
        if answer.more:
            args = request.args.to_dict()
            args.update(offset=str(offset + limit), limit=str(limit))
            resp.headers["Link"] = f'<{request.path}?{urlencode(args)}>; rel="next"'
    return resp


def _download_name() -> str | None:
    """`download=NAME` (URL or form): answer as a file NAME.ext to save, not a page to show."""
    raw = request.args.get("download")
    if raw is None and request.method == "POST" and request.mimetype == FORM:
        raw = request.form.get("download")
    if raw is None:
        return None
    name = re.sub(r"[^\w-]+", "-", raw).strip("-")[:80]
    return name or "results"


def page_params(default: int, largest: int) -> tuple[int, int]:
    """`offset` and `limit` from the query string (400 naming the parameter when not a count)."""
    out = []
    for name, fallback in (("offset", 0), ("limit", default)):
        raw = request.args.get(name, "").strip()
        if not raw:
            out.append(fallback)
            continue
        if not raw.isdigit():
            raise ProtocolError(400, f"{name}={raw!r} is not a whole number of rows")
        out.append(int(raw))
    offset, limit = out
    if limit < 1 or limit > largest:
        raise ProtocolError(400, f"limit={limit} is out of range: give 1 to {largest} rows per page")
    return offset, limit


def execute_update(op: Operation, base_iri: str) -> Response:
    """Check the token, refuse outbound operations, apply the update in one transaction."""
    config = get_config()
    require_writer(request, config, "SPARQL Update")
    from server.graph_store import refuse_read_only_file

    refuse_read_only_file()
    safety.check_text(op.text, "update", config)
    store = get_store()
    analysis = safety.analyse(op.text, base_iri)
    protocol = [("using-graph-uri", iri_param(g, "using-graph-uri").value) for g in op.default_graphs]
    protocol += [("using-named-graph-uri", iri_param(g, "using-named-graph-uri").value)
                 for g in op.named_graphs]
    safety.refuse_outbound(analysis, config, _has_graph(store), protocol)
    text = op.text
    if op.default_graphs or op.named_graphs:
        if analysis.has_using_or_with:
            raise ProtocolError(400, "the update has USING or WITH clauses and the request also has "
                                     "using-graph-uri/using-named-graph-uri; use one or the other")
        text = add_using(text, op.default_graphs, op.named_graphs)
    with _write_lock:
        try:
            store.update(text, base_iri=base_iri, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise ProtocolError(400, f"malformed SPARQL Update: {exc}") from exc
        except OSError as exc:
            log.error("the store could not apply an update: %s", exc)
            raise ProtocolError(500, "the store could not apply the update (an I/O error, e.g. a full disk; "
                                     "see the server log); nothing was changed", code="io_error") from exc
        except (ValueError, RuntimeError) as exc:
            raise ProtocolError(400, f"the update could not be applied: {exc}") from exc
        store_changed()
    return Response(status=204)


def add_using(text: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Give every DELETE/INSERT … WHERE operation the protocol's USING / USING NAMED graphs."""
    clause = "".join(f" USING <{g}>" for g in default_graphs)
    clause += "".join(f" USING NAMED <{g}>" for g in named_graphs)
    tokens = list(tokenize(text))
    inserts: list[int] = []
    depth = 0
    for i, t in enumerate(tokens):
        if t.kind == "punct" and t.text == "{":
            depth += 1
        elif t.kind == "punct" and t.text == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and t.kind == "word" and t.text.upper() == "WHERE":
            if i > 0 and tokens[i - 1].kind == "word" and tokens[i - 1].text.upper() == "DELETE":
                raise ProtocolError(400, "using-graph-uri cannot apply to DELETE WHERE; "
                                         "write DELETE { … } WHERE { … } instead")
            inserts.append(t.start)
    for pos in reversed(inserts):
        text = text[:pos] + clause.lstrip() + " " + text[pos:]
    return text


# --------------------------------------------------------------------------- routes

@bp.route("/sparql", methods=["GET", "POST", "PUT", "DELETE", "PATCH"])
def sparql() -> Response:
    if request.method not in ("GET", "HEAD", "POST"):
        return error_response(405, f"{request.method} is not part of the SPARQL protocol; "
                                   "use GET or POST", {"Allow": ALLOWED_METHODS})
    op = read_operation(request)
    if op is None:
        if request.method == "GET" and browser_wants_html(request):
            return _described("endpoint.html", stats=_stats(), root=request.url_root, formats=GRAPH_FORMATS,
                              service=get_config(), path=request.path)
        return service_description()
    if op.kind == "update":
        return execute_update(op, request.base_url)
    return execute_query(op.text, default_graphs=op.default_graphs, named_graphs=op.named_graphs,
                         base_iri=request.base_url)


def browser_wants_html(req: Request) -> bool:
    """A browser asking for a page: no ?format=, and text/html named in Accept (not only through */*)
    at least as high as every RDF format we offer."""
    if req.args.get("format"):
        return False
    accept = req.accept_mimetypes
    named = [q for value, q in accept if value in ("text/html", "application/xhtml+xml")]
    if not named:
        return False
    rdf = max((q for value, q in accept if value not in ("text/html", "application/xhtml+xml", "*/*")
               and any(value in (f.media_type, *f.aliases) for f in GRAPH_FORMATS)), default=0)
    return max(named) >= rdf


def _described(page: str, **context) -> Response:
    from flask import render_template

    resp = Response(render_template(page, **context))
    resp.vary.add("Accept")
    return resp


@bp.route("/void")
@bp.route("/.well-known/void")
def void() -> Response:
    """The VoID description: RDF by content negotiation, a readable page for a browser."""
    if browser_wants_html(request):
        return _described("void.html", stats=_stats(), root=request.url_root, formats=GRAPH_FORMATS,
                          path=request.path)
    fmt = negotiate(request, GRAPH_FORMATS)
    resp = rdf_response(fmt, void_triples(get_config(), _stats(), request.url_root))
    resp.vary.add("Accept")
    return resp


@bp.route("/queries.json")
def queries_json() -> Response:
    out = []
    for q in saved_queries.load_all(get_config().QUERIES_DIR):
        item = q.as_json()
        item["url"] = url_for("sparql.saved_query", name=q.name)
        out.append(item)
    return Response(_json({"queries": out}), content_type="application/json; charset=utf-8")


@bp.route("/queries/<name>")
def saved_query(name: str) -> Response:
    if name.endswith(".rq"):
        try:
            q = saved_queries.get(name[:-3], get_config().QUERIES_DIR)
        except SavedQueryError as exc:
            return error_response(404, str(exc))
        return Response(q.text, content_type="application/sparql-query; charset=utf-8")
    try:
        q = saved_queries.get(name, get_config().QUERIES_DIR)
    except SavedQueryError as exc:
        return error_response(404, str(exc))
    params = {k: v for k, v in request.args.items() if k not in ("format", "offset", "limit", "download")}
    try:
        text = saved_queries.bind(q, params)
    except SavedQueryError as exc:
        return error_response(400, str(exc))
    config = get_config()
    offset, limit = page_params(int(config.PAGE_SIZE), int(config.MAX_RESULT_ROWS))
    return execute_query(text, base_iri=request.url_root, offset=offset, limit=limit, cached=True)


def _json(obj) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False, indent=1)


# --------------------------------------------------------------------------- descriptions

SD = "http://www.w3.org/ns/sparql-service-description#"
VOID = "http://rdfs.org/ns/void#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS = "http://purl.org/dc/terms/"

#: W3C format IRIs for each media type the endpoint produces.
FORMAT_IRIS = {f.media_type: f.w3c for f in (*RESULT_FORMATS, *GRAPH_FORMATS) if f.w3c}


@dataclass
class Stats:
    quads: int
    graphs: dict[str, int]
    default_graph: int
    classes: dict[str, int]
    properties: dict[str, int]
    entities: int
    subjects: int
    objects: int


_stats_lock = threading.Lock()


def _values(text: str, **options) -> list[list[str | None]]:
    """Rows of lexical values, evaluated in a query worker like any other query."""
    import json

    answer = safety.run_query(text, result_type=RESULT_FORMATS[0].media_type,
                              graph_type=GRAPH_FORMATS[0].media_type, **options)
    data = json.loads(answer.body)
    names = data["head"]["vars"]
    return [[b[n]["value"] if n in b else None for n in names] for b in data["results"]["bindings"]]


def _stats() -> Stats:
    """Dataset counts, computed once per store version (writes and new generations invalidate them)."""
    app = current_app._get_current_object()
    gen = store_generation(app)
    cached = app.extensions.get("kg_stats")
    if cached and cached[0] == gen:
        return cached[1]
    with _stats_lock:
        cached = app.extensions.get("kg_stats")
        if cached and cached[0] == gen:
            return cached[1]
        union = {"use_default_graph_as_union": True}
        graphs = {r[0]: int(r[1]) for r in _values(
            "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g")}
        classes = {r[0]: int(r[1]) for r in _values(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c ORDER BY ?c", **union)}
        properties = {r[0]: int(r[1]) for r in _values(
            "SELECT ?p (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?p ORDER BY ?p", **union)}
        entities, subjects, objects = (int(v) for v in _values(
            "SELECT (COUNT(DISTINCT ?e) AS ?n) (COUNT(DISTINCT ?s) AS ?ns) (COUNT(DISTINCT ?o) AS ?no) "
            "{ { ?e a ?c } UNION { ?s ?p ?o } }", **union)[0])
        default = int(_values("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")[0][0])
        total = int(_values("SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")[0][0])
        stats = Stats(total, graphs, default, classes, properties, entities, subjects, objects)
        app.extensions["kg_stats"] = (gen, stats)
    return stats


def _lit(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))


def void_triples(config: Config, stats: Stats, root: str) -> list[ox.Triple]:
    """A VoID description: totals, class and property partitions, named graphs as subsets."""
    T = ox.Triple  # noqa: N806
    v = lambda local: ox.NamedNode(VOID + local)  # noqa: E731
    ds = ox.NamedNode(config.ID_BASE + "dataset")
    out = [
        T(ds, RDF_TYPE, v("Dataset")),
        T(ds, ox.NamedNode(DCTERMS + "title"), ox.Literal("kg: a knowledge graph of news articles")),
        T(ds, v("sparqlEndpoint"), ox.NamedNode(root + "sparql")),
        T(ds, v("uriSpace"), ox.Literal(config.ID_BASE)),
        T(ds, v("triples"), _lit(stats.quads)),
        T(ds, v("entities"), _lit(stats.entities)),
        T(ds, v("classes"), _lit(len(stats.classes))),
        T(ds, v("properties"), _lit(len(stats.properties))),
        T(ds, v("distinctSubjects"), _lit(stats.subjects)),
        T(ds, v("distinctObjects"), _lit(stats.objects)),
        T(ds, v("feature"), ox.NamedNode(FORMATS_NS + "TriG")),
        T(ds, v("dataDump"), ox.NamedNode(root + "data")),
    ]
    for ns in ("kg", "schema", "skos", "rdfs", "prov"):
        out.append(T(ds, v("vocabulary"), ox.NamedNode(PREFIXES[ns])))
    for i, (cls, n) in enumerate(stats.classes.items()):
        part = ox.BlankNode(f"class{i}")
        out += [T(ds, v("classPartition"), part), T(part, v("class"), ox.NamedNode(cls)),
                T(part, v("entities"), _lit(n))]
    for i, (prop, n) in enumerate(stats.properties.items()):
        part = ox.BlankNode(f"property{i}")
        out += [T(ds, v("propertyPartition"), part), T(part, v("property"), ox.NamedNode(prop)),
                T(part, v("triples"), _lit(n))]
    for graph, n in stats.graphs.items():
        g = ox.NamedNode(graph)
        out += [T(ds, v("subset"), g), T(g, RDF_TYPE, v("Dataset")), T(g, v("triples"), _lit(n)),
                T(g, ox.NamedNode(SD + "name"), g)]
    return out


def service_description() -> Response:
    """SPARQL 1.1 Service Description of this endpoint (Turtle unless asked otherwise)."""
    fmt = negotiate(request, GRAPH_FORMATS)
    config = get_config()
    stats = _stats()
    T = ox.Triple  # noqa: N806
    sd = lambda local: ox.NamedNode(SD + local)  # noqa: E731
    svc = ox.NamedNode(request.base_url)
    out = [
        T(svc, RDF_TYPE, sd("Service")),
        T(svc, sd("endpoint"), svc),
        T(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        T(svc, sd("feature"), sd("UnionDefaultGraph")),
        T(svc, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
    ]
    if not config.READ_ONLY:
        out.append(T(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    if config.ALLOW_SERVICE:
        out.append(T(svc, sd("feature"), sd("BasicFederatedQuery")))
    for local in FORMAT_IRIS.values():
        out.append(T(svc, sd("resultFormat"), ox.NamedNode(FORMATS_NS + local)))
    ds, dg = ox.BlankNode("dataset"), ox.BlankNode("defaultGraph")
    out += [
        T(svc, sd("defaultDataset"), ds), T(ds, RDF_TYPE, sd("Dataset")),
        T(ds, ox.NamedNode(VOID + "sparqlEndpoint"), svc),
        T(ds, sd("defaultGraph"), dg), T(dg, RDF_TYPE, sd("Graph")),
        T(dg, ox.NamedNode(VOID + "triples"), _lit(stats.quads)),
    ]
    for i, (graph, n) in enumerate(stats.graphs.items()):
        ng, gr = ox.BlankNode(f"ng{i}"), ox.BlankNode(f"g{i}")
        out += [T(ds, sd("namedGraph"), ng), T(ng, RDF_TYPE, sd("NamedGraph")),
                T(ng, sd("name"), ox.NamedNode(graph)), T(ng, sd("graph"), gr),
                T(gr, RDF_TYPE, sd("Graph")), T(gr, ox.NamedNode(VOID + "triples"), _lit(n))]
    return rdf_response(fmt, out)
