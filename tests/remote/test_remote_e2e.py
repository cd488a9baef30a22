"""The same answers from every store: embedded, the Oxigraph server and Virtuoso.

The seeds are built once; each remote server is loaded by `kg build --store ENDPOINT`.
Every saved query is run through `kg query` and compared, as a set of rows with terms
normalised (numbers and booleans by value, plain and xsd:string literals alike, blank
nodes as one, the parts of a GROUP_CONCAT in any order),
with pyoxigraph's own answer over graph.trig. The actor network (`kg graph`, `kg
analyse`) and the service (`kg serve`'s app) are compared the same way.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg import saved_queries
from kg.actors.projection import project, project_path
from kg.ns import PREFIXES
from kg.store import query as store_query
from tests.remote.conftest import run_kg
from tests.support.answers import concatenated, rows_of
from tests.support.apps import make_app


def reference_rows(reference: ox.Store, text: str) -> set[tuple]:
    return rows_of(reference.query(text, prefixes=PREFIXES, use_default_graph_as_union=True), concatenated(text))


QUERIES = saved_queries.names()


@pytest.mark.parametrize("name", QUERIES)
def test_every_saved_query_answers_alike(store_source, reference, name):
    result = run_kg("query", store_source, name, "--format", "json")
    assert result.exit_code == 0, result.output
    text = saved_queries.bind(saved_queries.get(name), {})
    got = rows_of(ox.parse_query_results(result.stdout_bytes, format=ox.QueryResultsFormat.JSON), concatenated(text))
    want = reference_rows(reference, text)
    assert want, f"{name} answers nothing on the seeds: the comparison would prove nothing"
    assert got == want, f"{name} on {store_source}: missing {sorted(want - got, key=str)[:3]}, " \
                        f"extra {sorted(got - want, key=str)[:3]}"


def test_sparql_text_and_construct(store_source, reference):
    ask = run_kg("query", store_source, "ASK { ?d a kg:Deployment ; kg:destination ?c }")
    assert ask.exit_code == 0 and ask.stdout.strip() == "true", ask.output
    text = "CONSTRUCT { ?p rdfs:label ?l } WHERE { ?p a kg:Person ; rdfs:label ?l }"
    got = run_kg("query", store_source, text, "--format", "ntriples")
    assert got.exit_code == 0, got.output
    triples = {str(t) for t in ox.parse(got.stdout_bytes, format=ox.RdfFormat.N_TRIPLES)}
    want = {str(t) for t in store_query(reference, text)}
    assert triples == want and len(want) >= 2


def _network(graph) -> tuple[set, set]:
    nodes = {(n, d.get("label"), d.get("type")) for n, d in graph.nodes(data=True)}
    edges = {(u, v, k, d["weight"], d.get("first_date"), d.get("last_date"))
             for u, v, k, d in graph.edges(keys=True, data=True)}
    return nodes, edges


def test_actor_network_alike(store_source, reference):
    got, want = _network(project_path(store_source)), _network(project(reference))
    assert want[1], "the seeds give no actor edges"
    assert got == want


def test_analyse_alike(store_source, built):
    ours = run_kg("analyse", "--store", store_source, "--json")
    embedded = run_kg("analyse", "--store", built, "--json")
    assert ours.exit_code == 0, ours.output
    assert json.loads(ours.stdout) == json.loads(embedded.stdout)


def test_served_answers_alike(store_source, built):
    """`kg serve`'s app over the store: saved queries, /sparql and the actor view, in worker processes."""
    remote, local = make_app(STORE=store_source), make_app(STORE=str(built))
    r, loc = remote.test_client(), local.test_client()
    for path, name in (("/queries/deployments", "deployments"),
                       ("/queries/actor-statements?actor=Tokayev", "actor-statements")):
        a, b = r.get(path), loc.get(path)
        assert a.status_code == 200, a.get_data(as_text=True)
        concat = concatenated(saved_queries.get(name).text)
        assert _json_rows(a, concat) == _json_rows(b, concat) and _json_rows(b)
    q = {"query": "SELECT ?s ?label WHERE { ?s a kg:Country ; rdfs:label ?label }"}
    a = r.get("/sparql", query_string=q, headers={"Accept": "application/sparql-results+json"})
    b = loc.get("/sparql", query_string=q, headers={"Accept": "application/sparql-results+json"})
    assert a.status_code == 200 and _json_rows(a) == _json_rows(b) and _json_rows(a)
    a, b = r.get("/graph/data.json"), loc.get("/graph/data.json")
    assert a.status_code == 200, a.get_data(as_text=True)
    ids = lambda resp: {e["data"]["id"] for part in resp.get_json()["elements"].values() for e in part}  # noqa: E731
    assert ids(a) == ids(b) and ids(a)


def _json_rows(resp, concat: dict[str, str] | None = None) -> set[tuple]:
    return rows_of(ox.parse_query_results(resp.get_data(), format=ox.QueryResultsFormat.JSON), concat)


@pytest.mark.parametrize("server", ["oxigraph", "virtuoso"])
def test_a_writable_service_writes_to_the_server(request, server):
    """`kg serve --token-file` over a server: SPARQL Update and Graph Store writes reach it."""
    srv = request.getfixturevalue(server)
    token = "s3cret-token-for-tests"
    app = make_app(STORE=str(srv.endpoint_file), TOKEN=token, WORKERS=1)
    client, auth = app.test_client(), {"Authorization": f"Bearer {token}"}
    graph = "http://example.org/kg-test/written"
    r = client.post("/sparql", data={"update": f'INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/a> '
                                               f'rdfs:label "written"@en }} }}'}, headers=auth)
    assert r.status_code == 204, r.get_data(as_text=True)
    r = client.put(f"/data?graph={graph}-gsp", data='<http://example.org/b> <http://example.org/p> "gsp" .\n',
                   content_type="application/n-triples", headers=auth)
    assert r.status_code in (201, 204), r.get_data(as_text=True)
    q = {"query": f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), '{graph}')) }}"}
    r = client.get("/sparql", query_string=q, headers={"Accept": "application/sparql-results+json"})
    assert {(b["g"]["value"], b["o"]["value"]) for b in r.get_json()["results"]["bindings"]} == \
        {(graph, "written"), (graph + "-gsp", "gsp")}
    for g in (graph, graph + "-gsp"):
        assert client.delete(f"/data?graph={g}", headers=auth).status_code == 204
    r = client.get("/sparql", query_string=q, headers={"Accept": "application/sparql-results+json"})
    assert r.get_json()["results"]["bindings"] == []



@pytest.mark.parametrize("server, mode", [("oxigraph", "parameter"), ("virtuoso", "native")])
def test_the_union_default_graph_is_found_out(request, built, server, mode):
    """auto: Oxigraph takes its union-default-graph parameter, Virtuoso's default graph is the union."""
    from kg.remote_store import connect, load_dataset

    store = connect(request.getfixturevalue(server).endpoint_file)
    load_dataset(store, built / "graph.trig")
    assert connect(request.getfixturevalue(server).endpoint_file).union_mode() == mode


def test_kg_serve_over_a_server(oxigraph, built, tmp_path):
    """The real `kg serve --store ENDPOINT` (waitress, worker processes) answers like the embedded store."""
    import urllib.request

    from kg.remote_store import connect, load_dataset
    from tests.support.live import kg_serve

    load_dataset(connect(oxigraph.endpoint_file), built / "graph.trig")
    concat = concatenated(saved_queries.get("deployments").text)
    with kg_serve(oxigraph.endpoint_file, tmp_path) as base:
        with urllib.request.urlopen(f"{base}/queries/deployments", timeout=30) as resp:
            body = resp.read()
    got = rows_of(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON), concat)
    local = make_app(STORE=str(built)).test_client().get("/queries/deployments")
    assert got == _json_rows(local, concat) and got
