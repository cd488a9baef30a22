"""A SPARQL 1.1 server as the store: the same calls as the embedded Oxigraph store, over HTTP.

`kg build --store ENDPOINT` loads a build into it; `kg query`, `kg serve`, `kg graph` and
`kg analyse` read from it, because `kg.store.open_store` hands them a `RemoteStore`
whenever they are given an endpoint instead of a folder. A `RemoteStore` answers
`query()` with pyoxigraph's own result objects (QuerySolutions, QueryBoolean,
QueryTriples), so no caller needs to know where the data lives.

An endpoint is named by its query URL (`http://host:7878/query`) or by a TOML file
(`remote.toml`) with the query, update and Graph Store URLs and where the credentials
are. Credentials come from a file or the environment, never from the command line:
a URL with a user or password in it is refused.

Our data lives in named graphs (one per article, plus `id:graph/entities`) and our
queries read "the default graph as the union of the named graphs". Servers spell that
differently; `union` says how: `native` (the default graph already is the union:
Virtuoso, Fuseki with unionDefaultGraph, `oxigraph serve --union-default-graph`),
`parameter` (Oxigraph's `union-default-graph` request parameter), `graphs` (list every
named graph as a `default-graph-uri`; portable, for small stores) or `auto` (find out
with two ASK queries the first time it matters).
"""

from __future__ import annotations

import http.client
import os
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import pyoxigraph as ox

from kg.ns import ID
from kg.store import StoreError, rdf_format

#: Every named graph a build writes is under this IRI; a load replaces exactly these.
GRAPH_PREFIX = str(ID) + "graph/"

#: Environment variables an endpoint given as a URL takes its other settings from.
ENV = {
    "update": "KG_SPARQL_UPDATE",
    "graph-store": "KG_SPARQL_GRAPH_STORE",
    "user": "KG_SPARQL_USER",
    "password": "KG_SPARQL_PASSWORD",
    "password-file": "KG_SPARQL_PASSWORD_FILE",
    "union": "KG_SPARQL_UNION",
    "batch": "KG_SPARQL_BATCH",
    "retries": "KG_SPARQL_RETRIES",
    "timeout": "KG_SPARQL_TIMEOUT",
}
UNION_MODES = ("auto", "native", "parameter", "graphs")
_KEYS = {"query", "update", "graph-store", "user", "password-file", "password-env", "union", "batch",
         "retries", "timeout"}
#: HTTP statuses worth another attempt: the server is starting, overloaded or behind a proxy that lost it.
RETRY_STATUSES = (429, 502, 503, 504)


class RemoteStoreError(StoreError, OSError):
    """A SPARQL server that cannot be used as configured; the message names the endpoint and why.

    `detail` is the same without the endpoint's URL, for answers a service sends its clients.
    """

    def __init__(self, message: str, detail: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.detail = detail or message
        self.status = status  # the HTTP status the server answered, if it answered


class RemoteUnavailable(RemoteStoreError):
    """The server did not answer (refused, reset, timed out or 5xx) after every retry."""


class RemoteRejected(RemoteStoreError, ValueError):
    """The server answered but refused the request (a query it cannot evaluate, bad credentials)."""


# --------------------------------------------------------------------------- naming an endpoint

def is_remote(source: object) -> bool:
    """True when `source` names a SPARQL endpoint (an http(s) URL or an endpoint .toml file)."""
    text = str(source)
    return text.startswith(("http://", "https://")) or text.lower().endswith(".toml")


@dataclass(frozen=True)
class Endpoint:
    """Where a SPARQL server answers, and how to talk to it."""

    source: str  # what the user gave: the query URL or the endpoint file (shown in messages)
    query: str
    update: str | None = None
    graph_store: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    union: str = "auto"
    batch: int = 5000  # triples per load request
    retries: int = 3  # extra attempts after a failed request
    timeout: float = 60.0  # seconds per request

    @property
    def writable(self) -> bool:
        return self.update is not None or self.graph_store is not None


def endpoint_from(source: str | Path, environ: dict[str, str] | None = None) -> Endpoint:
    """Read an endpoint from a query URL (+ KG_SPARQL_* variables) or an endpoint .toml file."""
    env = os.environ if environ is None else environ
    text = str(source)
    if text.lower().endswith(".toml"):
        return _from_file(Path(text), env)
    settings: dict[str, object] = {"query": text}
    for key, var in ENV.items():
        if env.get(var):
            settings[key] = env[var]
    return _endpoint(text, settings, env, where="the environment")


def _from_file(path: Path, env) -> Endpoint:
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RemoteStoreError(f"{path}: no such endpoint file (see `kg build --help` for its keys)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RemoteStoreError(f"{path}: cannot read the endpoint file: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise RemoteStoreError(f"{path}: not valid TOML: {exc}") from exc
    if "password" in settings:
        raise RemoteStoreError(f"{path}: a password does not belong in the endpoint file; name the file that "
                               "holds it (password-file) or the variable (password-env)")
    unknown = sorted(set(settings) - _KEYS)
    if unknown:
        raise RemoteStoreError(f"{path}: unknown key(s) {', '.join(unknown)}; use {', '.join(sorted(_KEYS))}")
    if "query" not in settings:
        raise RemoteStoreError(f"{path}: the endpoint file needs query = \"http://…\" (the SPARQL query URL)")
    if "password-env" in settings:
        var = str(settings.pop("password-env"))
        if not env.get(var):
            raise RemoteStoreError(f"{path}: password-env names {var}, which is not set")
        settings["password"] = env[var]
    pw_file = settings.get("password-file")
    if pw_file is not None and not Path(str(pw_file)).is_absolute():
        settings["password-file"] = str(path.parent / str(pw_file))
    return _endpoint(str(path), settings, env, where=str(path))


def _endpoint(source: str, s: dict[str, object], env, *, where: str) -> Endpoint:
    query = _url(str(s["query"]), "query", where)
    update = _url(str(s["update"]), "update", where) if s.get("update") else _guess_update(query)
    graph_store = _url(str(s["graph-store"]), "graph-store", where) if s.get("graph-store") else None
    password = s.get("password")
    if s.get("password-file"):
        pw_path = Path(str(s["password-file"]))
        try:
            password = pw_path.read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise RemoteStoreError(f"{pw_path}: cannot read the password file: {exc}") from exc
        if not password:
            raise RemoteStoreError(f"{pw_path}: the password file is empty")
    user = str(s["user"]) if s.get("user") else None
    if password is not None and user is None:
        raise RemoteStoreError(f"{where}: a password is given but no user ({ENV['user']} or user = \"…\")")
    union = str(s.get("union", "auto"))
    if union not in UNION_MODES:
        raise RemoteStoreError(f"{where}: union = {union!r} is not one of {', '.join(UNION_MODES)}")
    numbers = {}
    for key, kind, low in (("batch", int, 1), ("retries", int, 0), ("timeout", float, 0.001)):
        if key in s:
            try:
                numbers[key] = kind(s[key])
            except (TypeError, ValueError):
                raise RemoteStoreError(f"{where}: {key} = {s[key]!r} is not a number") from None
            if numbers[key] < low:
                raise RemoteStoreError(f"{where}: {key} must be at least {low}, not {s[key]!r}")
    return Endpoint(source, query, update, graph_store, user, str(password) if password else None, union,
                    **numbers)


def _url(text: str, key: str, where: str) -> str:
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RemoteStoreError(f"{where}: {key} URL {text!r} is not an http(s) URL")
    if parts.username or parts.password:
        shown = urlunsplit((parts.scheme, parts.hostname + (f":{parts.port}" if parts.port else ""),
                            parts.path, parts.query, ""))
        raise RemoteStoreError(f"{shown}: credentials do not belong in the URL (they would show in process "
                               f"lists and logs); set {ENV['user']} and {ENV['password-file']} (or "
                               f"{ENV['password']}), or use an endpoint file")
    return text


def _guess_update(query: str) -> str:
    """The update URL servers usually pair with a query URL: …/query -> …/update, else the same URL."""
    parts = urlsplit(query)
    if parts.path.endswith("/query"):
        return urlunsplit(parts._replace(path=parts.path[: -len("query")] + "update"))
    return query


# --------------------------------------------------------------------------- HTTP with retries

class _Http:
    """One request at a time with retries; a fresh opener per request (digest auth keeps state)."""

    def __init__(self, endpoint: Endpoint, sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint
        self.sleep = sleep

    def _opener(self) -> urllib.request.OpenerDirector:
        handlers: list[urllib.request.BaseHandler] = []
        if self.endpoint.user is not None:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            for url in (self.endpoint.query, self.endpoint.update, self.endpoint.graph_store):
                if url:
                    mgr.add_password(None, url, self.endpoint.user, self.endpoint.password or "")
            handlers += [urllib.request.HTTPBasicAuthHandler(mgr), urllib.request.HTTPDigestAuthHandler(mgr)]
        return urllib.request.build_opener(*handlers)

    def request(self, method: str, url: str, body: bytes | None, headers: dict[str, str], *,
                doing: str) -> tuple[str, bytes]:
        """(content type, body) of a 2xx answer; RemoteUnavailable / RemoteRejected otherwise."""
        attempts = self.endpoint.retries + 1
        last = ""
        for attempt in range(attempts):
            if attempt:
                self.sleep(min(8.0, 0.5 * 2 ** (attempt - 1)))
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
            try:
                with self._opener().open(req, timeout=self.endpoint.timeout) as resp:
                    return resp.headers.get("Content-Type", ""), resp.read()
            except urllib.error.HTTPError as exc:
                detail = _error_text(exc)
                if exc.code in RETRY_STATUSES:
                    last = f"HTTP {exc.code} {detail}".strip()
                    continue
                if exc.code in (401, 403):
                    who = f"as user {self.endpoint.user!r}" if self.endpoint.user else "without credentials"
                    raise RemoteRejected(
                        f"{_shown(url)}: the server refused {doing} {who} (HTTP {exc.code}); set "
                        f"{ENV['user']} and {ENV['password-file']} (or use an endpoint file) to a user "
                        "allowed to do it", status=exc.code) from None
                raise RemoteRejected(f"{_shown(url)}: the server refused {doing} (HTTP {exc.code}): "
                                     f"{detail}", f"HTTP {exc.code}: {detail}", exc.code) from None
            except (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError) as exc:
                last = _reason(exc)
        raise RemoteUnavailable(f"{_shown(url)}: the SPARQL server did not answer {doing} ({last}) after "
                                f"{attempts} attempt{'s' if attempts != 1 else ''}; is it running and "
                                "reachable?")


def _reason(exc: BaseException) -> str:
    """Why a connection failed, as text (held as an object, the exception would keep our frames alive)."""
    reason = getattr(exc, "reason", None) or exc
    text = reason.strerror if isinstance(reason, OSError) and reason.strerror else str(reason)
    return text or type(exc).__name__


def _error_text(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(2000).decode("utf-8", "replace")
    except OSError:
        text = ""
    text = " ".join(text.split())
    return text[:400] + ("…" if len(text) > 400 else "")


def _shown(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


# --------------------------------------------------------------------------- the store

_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of them outside any brackets and IRIs."""
    from kg.saved_queries import tokenize

    for t in tokenize(text):
        if t.kind == "word" and t.text.upper() in _FORMS:
            return t.text.upper()
    raise RemoteRejected(f"not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE): {text[:80]!r}")


def _prologue(prefixes: dict[str, str] | None, base_iri: str | None) -> str:
    out = f"BASE <{base_iri}>\n" if base_iri else ""
    return out + "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or {}).items())


def _term(term: object) -> str:
    if isinstance(term, ox.BlankNode):
        raise RemoteRejected("a blank node cannot be looked up in a remote store (its label is local)")
    return str(term)


def _graph_iris(graphs: object) -> list[str]:
    if graphs is None:
        return []
    if not isinstance(graphs, list | tuple | set):
        graphs = [graphs]
    return [g.value for g in graphs if isinstance(g, ox.NamedNode)]


class RemoteStore:
    """A SPARQL 1.1 server behind the calls kg makes on an `ox.Store` (query, update, graphs, quads)."""

    def __init__(self, endpoint: Endpoint, *, sleep: Callable[[float], None] = time.sleep) -> None:
        self.endpoint = endpoint
        self.http = _Http(endpoint, sleep)
        self._union: str | None = None if endpoint.union == "auto" else endpoint.union
        self._graphs: list[str] | None = None

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoint.query!r})"

    # -- reading -----------------------------------------------------------------------------

    def query(self, query: str, *, use_default_graph_as_union: bool = False, default_graph: object = None,
              named_graphs: object = None, prefixes: dict[str, str] | None = None, base_iri: str | None = None,
              **_: object) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Evaluate on the server; the answer is pyoxigraph's, as from `ox.Store.query`."""
        form = query_form(query)
        params: list[tuple[str, str]] = [("query", _prologue(prefixes, base_iri) + query)]
        url = self.endpoint.query
        if default_graph is not None or named_graphs is not None:
            params += [("default-graph-uri", g) for g in _graph_iris(default_graph)]
            params += [("named-graph-uri", g) for g in _graph_iris(named_graphs)]
        elif use_default_graph_as_union:
            url, extra = self._union_request()
            params += extra
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = "application/n-triples, text/turtle;q=0.8" if graph else \
            "application/sparql-results+json, application/sparql-results+xml;q=0.8"
        ctype, body = self.http.request(
            "POST", url, urlencode(params).encode("utf-8"),
            {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, doing="a query")
        return _parse_answer(url, ctype, body, graph)

    def _union_request(self) -> tuple[str, list[tuple[str, str]]]:
        mode = self.union_mode()
        if mode == "parameter":
            sep = "&" if "?" in self.endpoint.query else "?"
            return self.endpoint.query + sep + "union-default-graph", []
        if mode == "graphs":  # the named graphs too: a dataset given in the request has only those it names
            graphs = self.named_graph_iris()
            return self.endpoint.query, [("default-graph-uri", g) for g in graphs] + \
                [("named-graph-uri", g) for g in graphs]
        return self.endpoint.query, []

    def union_mode(self) -> str:
        """How this server's queries see the union of the named graphs (decided once, with `auto`)."""
        if self._union is not None:
            return self._union
        rows = list(self.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER(isIRI(?s) && isIRI(?o)) } } "
                               "LIMIT 1", default_graph=[]))
        if not rows:
            return "native"  # nothing stored yet: any mode answers nothing; decide once there is data
        s, p, o = (rows[0][i] for i in range(3))
        probe = f"ASK {{ {s} {p} {o} }}"
        if bool(self.query(probe, default_graph=[])):
            self._union = "native"
        else:
            sep = "&" if "?" in self.endpoint.query else "?"
            _, body = self.http.request(
                "POST", self.endpoint.query + sep + "union-default-graph", urlencode({"query": probe}).encode(),
                {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
                doing="a query")
            answer = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
            self._union = "parameter" if bool(answer) else "graphs"
        return self._union

    def named_graph_iris(self) -> list[str]:
        """Every named graph on the server (cached for the `graphs` union mode)."""
        if self._graphs is None:
            rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", default_graph=[])
            self._graphs = [r[0].value for r in rows if isinstance(r[0], ox.NamedNode)]
        return self._graphs

    def contains_named_graph(self, graph: ox.NamedNode) -> bool:
        return bool(self.query(f"ASK {{ GRAPH {_term(graph)} {{ ?s ?p ?o }} }}", default_graph=[]))

    def named_graphs(self) -> Iterator[ox.NamedNode]:
        return iter(ox.NamedNode(g) for g in self._fresh_graphs())

    def _fresh_graphs(self) -> list[str]:
        self._graphs = None
        return self.named_graph_iris()

    def quads_for_pattern(self, subject: object = None, predicate: object = None, object: object = None,
                          graph_name: object = None) -> Iterator[ox.Quad]:
        """The quads matching a pattern (None matches anything); the default graph only when named."""
        s, p, o = (_term(t) if t is not None else v for t, v in ((subject, "?s"), (predicate, "?p"),
                                                                   (object, "?o")))
        pattern = f"{s} {p} {o}"
        if isinstance(graph_name, ox.DefaultGraph):
            rows = self.query(f"SELECT ?s ?p ?o WHERE {{ {pattern} }}", default_graph=[])
            graph_of = lambda row: ox.DefaultGraph()  # noqa: E731
        elif graph_name is not None:
            rows = self.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH {_term(graph_name)} {{ {pattern} }} }}",
                              default_graph=[])
            graph_of = lambda row: graph_name  # noqa: E731
        else:
            rows = self.query(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ {pattern} }} }}", default_graph=[])
            graph_of = lambda row: row["g"]  # noqa: E731
        for row in rows:
            yield ox.Quad(subject if subject is not None else row["s"],
                          predicate if predicate is not None else row["p"],
                          object if object is not None else row["o"], graph_of(row))

    def __len__(self) -> int:
        rows = list(self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", default_graph=[]))
        return int(rows[0][0].value)

    # -- writing -----------------------------------------------------------------------------

    def update(self, update: str, *, base_iri: str | None = None, prefixes: dict[str, str] | None = None,
               doing: str = "an update") -> None:
        """Apply SPARQL Update on the server's update URL."""
        if self.endpoint.update is None:
            raise RemoteRejected(f"{self.endpoint.source}: no update URL; give update = \"…\" in the endpoint "
                                 f"file or {ENV['update']}")
        self.http.request("POST", self.endpoint.update,
                          urlencode({"update": _prologue(prefixes, base_iri) + update}).encode("utf-8"),
                          {"Content-Type": "application/x-www-form-urlencoded"}, doing=doing)
        self._graphs = None

    def put_graph(self, graph: str, triples: list[ox.Triple], *, replace: bool, doing: str) -> None:
        """Graph Store Protocol: PUT (replace) or POST (add) one graph's triples as N-Triples."""
        if self.endpoint.graph_store is None:
            raise RemoteRejected(f"{self.endpoint.source}: no Graph Store URL; give graph-store = \"…\" in "
                                 f"the endpoint file or {ENV['graph-store']}")
        sep = "&" if "?" in self.endpoint.graph_store else "?"
        url = self.endpoint.graph_store + sep + urlencode({"graph": graph})
        self.http.request("PUT" if replace else "POST", url, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                          {"Content-Type": "application/n-triples"}, doing=doing)
        self._graphs = None

    def delete_graph(self, graph: str, *, doing: str) -> None:
        """Graph Store Protocol: DELETE one graph (a graph that is not there is no error)."""
        sep = "&" if "?" in (self.endpoint.graph_store or "") else "?"
        try:
            self.http.request("DELETE", f"{self.endpoint.graph_store}{sep}{urlencode({'graph': graph})}", None, {},
                              doing=doing)
        except RemoteRejected as exc:
            if exc.status != 404:
                raise
        self._graphs = None

    def add_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"CREATE SILENT GRAPH {_term(graph)}")

    def remove_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"DROP SILENT GRAPH {_term(graph)}")

    def clear_graph(self, graph: ox.NamedNode) -> None:
        self.update(f"CLEAR SILENT GRAPH {_term(graph)}")

    def add(self, quad: ox.Quad) -> None:
        self.extend([quad])

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """INSERT DATA in batches of `endpoint.batch` triples (each batch one request, retried)."""
        batch: list[ox.Quad] = []
        for q in quads:
            batch.append(q)
            if len(batch) >= self.endpoint.batch:
                self.update(insert_data(batch), doing="an insert")
                batch = []
        if batch:
            self.update(insert_data(batch), doing="an insert")

    def flush(self) -> None:
        """Nothing to do: every request is applied by the server before it answers."""

    def optimize(self) -> None:
        """Nothing to do: the server keeps its own indexes."""


def _parse_answer(url: str, ctype: str, body: bytes, graph: bool):
    media = ctype.split(";")[0].strip().lower()
    try:
        if graph:
            fmt = ox.RdfFormat.from_media_type(media) or ox.RdfFormat.N_TRIPLES
            triples = ox.Store()
            triples.extend(q for q in ox.parse(body, format=fmt))
            return triples.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        fmt = ox.QueryResultsFormat.from_media_type(media) or ox.QueryResultsFormat.JSON
        return ox.parse_query_results(body, format=fmt)
    except (SyntaxError, ValueError) as exc:
        raise RemoteRejected(f"{_shown(url)}: the server's answer ({media or 'no content type'}) cannot be "
                             f"read: {exc}") from None


def insert_data(quads: Iterable[ox.Quad]) -> str:
    """One INSERT DATA operation for quads (grouped by graph, in the order given)."""
    groups: dict[object, list[str]] = {}
    for q in quads:
        groups.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for graph, lines in groups.items():
        body = "\n".join(lines)
        parts.append(body if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n{body}\n}}")
    return "INSERT DATA {\n" + "\n".join(parts) + "\n}"


def connect(source: str | Path) -> RemoteStore:
    """A RemoteStore for an endpoint URL or endpoint file (nothing is sent until it is used)."""
    return RemoteStore(endpoint_from(source))


# --------------------------------------------------------------------------- loading a build

@dataclass
class LoadReport:
    endpoint: str
    triples: int
    graphs: int
    requests: int
    dropped: int
    seconds: float

    def summary(self) -> str:
        return (f"Loaded {self.triples} triples in {self.graphs} graphs into {self.endpoint} "
                f"({self.requests} requests, {self.seconds:.1f} s"
                + (f"; dropped {self.dropped} graphs no longer built" if self.dropped else "") + ").")


def load_dataset(store: RemoteStore, path: Path, *, on_batch: Callable[[int], None] | None = None) -> LoadReport:
    """Replace our named graphs on the server with those of the RDF file at `path`.

    Requests carry `endpoint.batch` triples (halved whenever the server refuses one, as
    servers cap the size of a request). Through the Graph Store Protocol (used when its
    URL is given) each request is one graph, PUT the first time and POSTed after. With
    SPARQL Update a request may fill several small graphs (one per article): it drops
    each graph it is the first to touch, when the server has it, and inserts them with
    one INSERT DATA. Every request is retried, and each can be repeated without harm, so
    a load that failed half-way is completed by running it again. Graphs under
    `id:graph/` that the file no longer has (deleted articles, old analysis figures) are
    dropped last; other graphs on the server are never touched.
    """
    path = Path(path)
    fmt = rdf_format(path)  # kg.formats; a StoreError names an unknown suffix
    started = time.perf_counter()
    gsp = store.endpoint.graph_store is not None  # named, so preferred: Virtuoso takes it 1.5x faster than updates
    if store.endpoint.update is None and store.endpoint.graph_store is None:
        raise RemoteRejected(f"{store.endpoint.source}: no update or Graph Store URL to load into; give "
                             f"update = \"…\" in the endpoint file or {ENV['update']}")
    existing = set(store.named_graph_iris())  # only these need a DROP before their first batch
    before = {g for g in existing if g.startswith(GRAPH_PREFIX)}
    seen: set[str] = set()
    triples = requests = 0
    size = store.endpoint.batch  # lowered when the server refuses a request as too big

    def send(quads: list[ox.Quad], *, whole: bool = False) -> None:
        nonlocal requests, triples, size
        graphs = list(dict.fromkeys(q.graph_name.value for q in quads))
        fresh = [g for g in graphs if g not in seen and g in existing]
        into = f"<{graphs[0]}>" if len(graphs) == 1 else f"{len(graphs)} graphs from <{graphs[0]}> on"
        doing = f"loading {len(quads)} triples into {into}"
        try:
            if gsp:
                store.put_graph(graphs[0], [q.triple for q in quads], replace=graphs[0] not in seen, doing=doing)
            else:
                drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in fresh)
                store.update(drops + insert_data(quads), doing=doing)
        except RemoteRejected as exc:
            # Servers cap a request (Virtuoso: 10,000 lines of generated SQL): halve the batch and go on.
            # Refused credentials are not a size problem, and blank nodes must arrive in one request.
            if whole or len(quads) < 2 or exc.status is None or exc.status in (401, 403):
                raise
            half = len(quads) // 2
            size = min(size, half)
            send(quads[:half])
            send(quads[half:])
            return
        seen.update(graphs)
        requests += 1
        triples += len(quads)
        if on_batch is not None:
            on_batch(len(quads))

    pending: list[ox.Quad] = []
    blank: dict[str, list[ox.Quad]] = {}  # triples with blank nodes go in one request per graph
    try:
        for q in ox.parse(path=str(path), format=fmt):
            if isinstance(q.graph_name, ox.DefaultGraph):
                raise StoreError(f"{path}: has triples outside a named graph; kg builds keep every triple in "
                                 "a named graph, so it cannot say which graph they would replace")
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                blank.setdefault(q.graph_name.value, []).append(q)
                continue
            if pending and (len(pending) >= size or gsp and q.graph_name != pending[-1].graph_name):
                send(pending)
                pending = []
            pending.append(q)
    except SyntaxError as exc:
        raise StoreError(f"{path}: cannot be loaded as {fmt.name}: {exc}") from exc
    if pending:
        send(pending)
    for batch in blank.values():
        send(batch, whole=True)
    stale = sorted(before - seen)
    for i in range(0, len(stale), 100):
        chunk = stale[i:i + 100]
        if store.endpoint.update is None:
            for g in chunk:
                store.delete_graph(g, doing=f"dropping <{g}>, no longer built")
                requests += 1
            continue
        store.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in chunk),
                     doing=f"dropping {len(chunk)} graphs no longer built")
        requests += 1
    return LoadReport(store.endpoint.query, triples, len(seen), requests, len(stale),
                      time.perf_counter() - started)
