"""A SPARQL server that is down, flaky or refusing: retries, and errors that name the endpoint.

A small proxy in front of the real Oxigraph server fails chosen requests (a 503, or a
connection closed without an answer), so retries are tested against the real thing.
"""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
import pytest

from kg.build import EXIT_REMOTE_STORE
from kg.exit_codes import UNUSABLE  # a reader's store that cannot be used
from kg.remote_store import Endpoint, RemoteRejected, RemoteStore, RemoteUnavailable, load_dataset
from tests.remote.conftest import SEEDS, run_kg
from tests.support.answers import norm
from tests.support.apps import make_app
from tests.support.sparql_servers import free_port


class Proxy:
    """Forwards to `target`; request number i (from 0) gets `plan[i]`: 'pass', '503' or 'drop'."""

    def __init__(self, target: str, plan: list[str] | None = None, default: str = "pass", *,
                 max_body: int | None = None, basic: str | None = None) -> None:
        self.target, self.plan, self.default = target, list(plan or []), default
        self.max_body = max_body  # bodies longer than this get a 400, as a server with a request cap answers
        self.basic = basic  # "user:password" the proxy demands with HTTP Basic authentication
        self.seen: list[tuple[str, str]] = []  # (method, path) of every request
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _any(self) -> None:
                n = len(proxy.seen)
                proxy.seen.append((self.command, self.path))
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                action = proxy.plan[n] if n < len(proxy.plan) else proxy.default
                if proxy.basic is not None:
                    import base64

                    wanted = "Basic " + base64.b64encode(proxy.basic.encode()).decode()
                    if self.headers.get("Authorization") != wanted:
                        action = "401"
                if proxy.max_body is not None and len(body) > proxy.max_body:
                    action = "400"
                if action in ("400", "401"):
                    self.send_response(int(action))
                    if action == "401":
                        self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                    self.send_header("Content-Length", "7")
                    self.end_headers()
                    self.wfile.write(b"refused")
                    return
                if action == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return
                if action == "503":
                    self.send_response(503)
                    self.send_header("Content-Length", "8")
                    self.end_headers()
                    self.wfile.write(b"starting")
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
                req = urllib.request.Request(proxy.target + self.path, data=body or None, headers=headers,
                                             method=self.command)
                try:
                    with urllib.request.urlopen(req, timeout=30) as resp:
                        status, ctype, data = resp.status, resp.headers.get("Content-Type", ""), resp.read()
                except urllib.error.HTTPError as exc:
                    status, ctype, data = exc.code, exc.headers.get("Content-Type", ""), exc.read()
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = _any  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    @contextmanager
    def running(self) -> Iterator[Proxy]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()
            thread.join(5)


def _origin(url: str) -> str:
    return url.split("/query")[0].split("/sparql")[0]


def _store(proxy: Proxy, sleeps: list[float], **settings) -> RemoteStore:
    settings.setdefault("retries", 3)
    endpoint = Endpoint(proxy.url, f"{proxy.url}/query", f"{proxy.url}/update", **settings)
    return RemoteStore(endpoint, sleep=sleeps.append)


def _quads(store) -> set[tuple]:
    """Our quads, terms compared by value (Virtuoso writes false as 0, and so on)."""
    return {(norm(q.subject), norm(q.predicate), norm(q.object), q.graph_name.value)
            for q in store.quads_for_pattern(None, None, None, None)
            if q.graph_name.value.startswith("https://w3id.org/kg-news/id/graph/")}


def test_load_survives_503s_and_dropped_connections(oxigraph, built, reference):
    """Batches of 50 triples; the first request is answered 503 and the next two lose their connection."""
    sleeps: list[float] = []
    with Proxy(_origin(oxigraph.query), ["503", "drop", "drop"]).running() as proxy:
        store = _store(proxy, sleeps, batch=50)
        report = load_dataset(store, built / "graph.trig")
        assert sleeps == [0.5, 1.0, 2.0]  # one request needed four attempts, backing off
        assert report.requests > report.graphs >= 3  # batched: several requests per graph
        assert report.triples == len(list(reference.quads_for_pattern(None, None, None, None)))
        updates = [p for m, p in proxy.seen if p.startswith("/update")]
        assert len(updates) == report.requests  # no batch was sent twice after it succeeded
        assert _quads(store) == _quads(reference)


def test_a_server_that_refuses_big_requests_gets_smaller_batches(oxigraph, built, reference):
    """Like Virtuoso's cap on generated SQL: a refused batch is halved until the server takes it."""
    sleeps: list[float] = []
    with Proxy(_origin(oxigraph.query), max_body=12_000).running() as proxy:
        store = _store(proxy, sleeps, batch=5000)
        report = load_dataset(store, built / "graph.trig")
        refused = len(proxy.seen) - report.requests
        assert refused > 0 and report.requests > report.graphs and sleeps == []
        assert _quads(store) == _quads(reference)


def test_basic_authentication_from_a_password_file(oxigraph, built, tmp_path):
    load_dataset(RemoteStore(Endpoint(oxigraph.query, oxigraph.query, oxigraph.update)), built / "graph.trig")
    secret = tmp_path / "secret.txt"
    secret.write_text("s3cret-pass\n", encoding="utf-8")
    with Proxy(_origin(oxigraph.query), basic="loader:s3cret-pass").running() as proxy:
        env = {"KG_SPARQL_USER": "loader", "KG_SPARQL_PASSWORD_FILE": str(secret)}
        result = run_kg("query", f"{proxy.url}/query", "deployments", "--format", "csv", env=env)
        assert result.exit_code == 0 and "csto" in result.stdout, result.output
        result = run_kg("query", f"{proxy.url}/query", "deployments", env={"KG_SPARQL_USER": "loader",
                                                                           "KG_SPARQL_PASSWORD": "wrong"})
        assert result.exit_code == UNUSABLE and "refused a query as user 'loader' (HTTP 401)" in result.output
        assert "wrong" not in result.output


def test_retries_run_out_with_a_clear_error(oxigraph, built):
    sleeps: list[float] = []
    with Proxy(_origin(oxigraph.query), default="503").running() as proxy:
        store = _store(proxy, sleeps, retries=2)
        with pytest.raises(RemoteUnavailable) as info:
            load_dataset(store, built / "graph.trig")
    message = str(info.value)
    assert message.startswith(f"{proxy.url}/query: the SPARQL server did not answer")
    assert "HTTP 503" in message and "after 3 attempts" in message
    assert sleeps == [0.5, 1.0] and len(proxy.seen) == 3


def test_a_refused_query_is_not_retried(oxigraph):
    sleeps: list[float] = []
    with Proxy(_origin(oxigraph.query)).running() as proxy:
        store = _store(proxy, sleeps)
        with pytest.raises(RemoteRejected) as info:
            store.query("SELECT ?x WHERE { ?x ?y }")
    assert "HTTP 400" in str(info.value) and len(proxy.seen) == 1 and sleeps == []


def test_a_rebuild_drops_our_stale_graphs_only(oxigraph, built, tmp_path):
    """Graphs under id:graph/ that a build no longer has go; graphs of others stay."""
    store = RemoteStore(Endpoint(oxigraph.query, oxigraph.query, oxigraph.update))
    stale = ox.NamedNode("https://w3id.org/kg-news/id/graph/article/deleted")
    foreign = ox.NamedNode("http://example.org/someone-elses")
    triple = ox.Triple(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal("o"))
    store.extend([ox.Quad(*triple, stale), ox.Quad(*triple, foreign)])
    assert store.contains_named_graph(stale)
    report = load_dataset(store, built / "graph.trig")
    assert report.dropped == 1
    assert not store.contains_named_graph(stale) and store.contains_named_graph(foreign)
    store.remove_graph(foreign)
    assert not store.contains_named_graph(foreign)


def test_write_back_to_a_server(oxigraph, built):
    """`kg analyse --write-back` into the server; the next load drops the figures with the old build."""
    load_dataset(RemoteStore(Endpoint(oxigraph.query, oxigraph.query, oxigraph.update)), built / "graph.trig")
    result = run_kg("analyse", "--store", oxigraph.endpoint_file, "--write-back")
    assert result.exit_code == 0, result.output
    ranked = run_kg("query", oxigraph.endpoint_file, "SELECT ?a ?r WHERE { ?a kg:pagerank ?r }", "--format", "csv")
    assert ranked.exit_code == 0 and len(ranked.stdout.strip().splitlines()) > 3, ranked.output
    report = load_dataset(RemoteStore(Endpoint(oxigraph.query, oxigraph.query, oxigraph.update)),
                          built / "graph.trig")
    assert report.dropped == 1
    ranked = run_kg("query", oxigraph.endpoint_file, "SELECT ?a ?r WHERE { ?a kg:pagerank ?r }", "--format", "csv")
    assert ranked.stdout.strip().splitlines() == ["a,r"]


# --------------------------------------------------------------------------- a server that is down

@pytest.fixture
def down() -> str:
    """The query URL of a port nobody listens on."""
    return f"http://127.0.0.1:{free_port()}/query"


FAST = {"KG_SPARQL_RETRIES": "1"}


def _clear_failure(result, url: str, code: int = UNUSABLE) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert url in result.output and "did not answer" in result.output and "after 2 attempts" in result.output
    return result.output


def test_build_names_a_down_server_before_extracting(down, tmp_path):
    out = tmp_path / "out"
    output = _clear_failure(run_kg("build", SEEDS, "--out", out, "--store", down, env=FAST), down, EXIT_REMOTE_STORE)
    assert "Connection refused" in output and "Built" not in output
    assert not out.exists()


@pytest.mark.parametrize("command", [
    ["query", "{url}", "deployments"],
    ["graph", "--store", "{url}", "--output", "{tmp}/actors.json"],
    ["analyse", "--store", "{url}"],
    ["serve", "--store", "{url}", "--port", "0"],
])
def test_readers_name_a_down_server(down, tmp_path, command):
    args = [a.format(url=down, tmp=tmp_path) for a in command]
    _clear_failure(run_kg(*args, env=FAST), down)


def test_the_service_answers_503_while_the_server_is_down(down):
    app = make_app(STORE=down, WORKERS=1)
    resp = app.test_client().get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                                 headers={"Accept": "application/sparql-results+json"})
    assert resp.status_code == 503, resp.get_data(as_text=True)
    body = resp.get_json()
    assert body["code"] == "store_unavailable" and "127.0.0.1" not in body["error"]


def test_credentials_never_come_from_the_command_line(tmp_path):
    url = "http://dba:secret@127.0.0.1:1/sparql"
    result = run_kg("query", url, "deployments")
    assert result.exit_code == UNUSABLE and "credentials do not belong in the URL" in result.output
    assert "secret" not in result.output and "KG_SPARQL_PASSWORD_FILE" in result.output


def test_an_unusable_endpoint_file_is_named(tmp_path):
    bad = tmp_path / "remote.toml"
    bad.write_text('query = "http://127.0.0.1:1/query"\npassword = "x"\n', encoding="utf-8")
    result = run_kg("build", SEEDS, "--out", tmp_path / "out", "--store", bad)
    assert result.exit_code == EXIT_REMOTE_STORE
    assert f"{bad}: a password does not belong in the endpoint file" in result.output
    missing = tmp_path / "nowhere.toml"
    result = run_kg("query", missing, "deployments")
    assert result.exit_code == UNUSABLE and f"{missing}: no such endpoint file" in result.output


def test_build_refuses_a_store_that_is_not_an_endpoint(tmp_path):
    result = run_kg("build", SEEDS, "--out", tmp_path / "out", "--store", str(tmp_path / "folder"))
    assert result.exit_code == 2 and "is not a SPARQL endpoint" in result.output


def test_virtuoso_refuses_a_wrong_password_before_the_build(virtuoso, tmp_path):
    """Credentials are checked before extracting; the message names the endpoint and the user."""
    (tmp_path / "password.txt").write_text("not-the-password\n", encoding="utf-8")
    endpoint = tmp_path / "wrong.toml"
    endpoint.write_text(virtuoso.endpoint_file.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_kg("build", SEEDS, "--out", tmp_path / "out", "--store", endpoint)
    assert result.exit_code == EXIT_REMOTE_STORE and "Traceback" not in result.output, result.output
    assert f"{virtuoso.update}: the server refused" in result.output and "as user 'dba'" in result.output
    assert "not-the-password" not in result.output and "Built" not in result.output


def test_virtuoso_credentials_from_the_environment(virtuoso, built):
    """A bare query URL, with the update URL, user and password file in KG_SPARQL_* variables."""
    result = run_kg("build", SEEDS, "--out", built.parent / "env-out", "--store", virtuoso.query, env=virtuoso.env)
    assert result.exit_code == 0, result.output
    assert "Loaded" in result.output
    result = run_kg("build", SEEDS, "--out", built.parent / "env-out", "--store", virtuoso.query)
    assert result.exit_code == EXIT_REMOTE_STORE
    assert f"{virtuoso.query}: the server refused a test update" in result.output
    assert "permission" in result.output  # Virtuoso says why: its anonymous user may not write


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_a_load_through_the_graph_store_protocol_alone(request, built, reference, server):
    """No update URL: each graph is PUT, then POSTed in batches; stale graphs are DELETEd."""
    srv = request.getfixturevalue(server)
    auth = {"user": "dba", "password": "dba"} if server == "virtuoso" else {}
    store = RemoteStore(Endpoint(srv.query, srv.query, None, srv.graph_store, batch=40, **auth))
    stale = RemoteStore(Endpoint(srv.query, srv.query, srv.update, **auth))
    gone = "https://w3id.org/kg-news/id/graph/article/gone"
    stale.update(f'INSERT DATA {{ GRAPH <{gone}> {{ <http://e/s> <http://e/p> 1 }} }}')
    report = load_dataset(store, built / "graph.trig")
    assert report.dropped == 1 and report.requests > report.graphs + 1
    assert not stale.contains_named_graph(ox.NamedNode(gone))
    assert _quads(store) == _quads(reference)
