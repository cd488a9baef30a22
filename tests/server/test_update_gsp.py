"""SPARQL Update over the protocol and the Graph Store HTTP Protocol at /data, with auth.

Update cases follow the W3C protocol manifest: URL-encoded and direct POST, dataset
parameters (using-graph-uri / using-named-graph-uri, several, full), the conflict with
USING/WITH in the update, update via GET, malformed updates, bad media types.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from server.config import shutdown
from tests.support.apps import make_app, make_writable_app

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "server" / "kg.trig"
ID = "https://w3id.org/kg-news/id/"
ENT = ID + "graph/entities"
A0 = ID + "graph/article/000-53b09ad841259d56"
A1 = ID + "graph/article/001-f0df1e5d25b58775"
TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = "application/x-www-form-urlencoded"
UPDATE = "application/sparql-update"



@pytest.fixture
def client(tmp_path):
    """A writable service over a store folder (an RDF file is served read-only)."""
    app = make_writable_app(tmp_path, TOKEN, WORKERS=1)
    yield app.test_client()
    shutdown(app)


@pytest.fixture(scope="module")
def readonly():
    return make_app().test_client()


def ask(client, query: str) -> bool:
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 200, r.data
    return r.get_json()["boolean"]


def count(client, graph: str) -> int:
    q = f"SELECT (COUNT(*) AS ?n) {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    r = client.get("/sparql", query_string={"query": q})
    return int(r.get_json()["results"]["bindings"][0]["n"]["value"])


NEW = "http://example.org/new"
INSERT = f"INSERT DATA {{ GRAPH <{NEW}> {{ <http://example.org/a> <http://example.org/p> 1 }} }}"


# ----------------------------------------------------------------------------- update forms

def test_update_via_urlencoded_post(client):
    r = client.post("/sparql", data={"update": INSERT}, headers=AUTH)
    assert r.status_code == 204
    assert ask(client, f"ASK {{ GRAPH <{NEW}> {{ ?s ?p 1 }} }}")


def test_update_via_direct_post(client):
    r = client.post("/sparql", data=INSERT, content_type=UPDATE, headers=AUTH)
    assert r.status_code == 204
    assert count(client, NEW) == 1


def test_update_relative_iris_resolve_against_the_endpoint(client):
    r = client.post("/sparql", data="INSERT DATA { GRAPH <g> { <s> <p> <o> } }", content_type=UPDATE,
                    headers=AUTH)
    assert r.status_code == 204
    assert ask(client, "ASK { GRAPH <http://localhost/g> { <http://localhost/s> ?p ?o } }")


def test_update_with_using_graph_uri(client):
    q = f"INSERT {{ GRAPH <{NEW}> {{ ?s a kg:Statement }} }} WHERE {{ ?s a kg:Statement }}"
    r = client.post("/sparql?" + urlencode({"using-graph-uri": A1}), data=q, content_type=UPDATE,
                    headers=AUTH)
    assert r.status_code == 204
    assert count(client, NEW) == 2  # only article 001's statements


def test_update_with_several_using_graph_uris_in_the_form(client):
    q = f"INSERT {{ GRAPH <{NEW}> {{ ?s a kg:Statement }} }} WHERE {{ ?s a kg:Statement }}"
    body = urlencode([("update", q), ("using-graph-uri", A0), ("using-graph-uri", A1)])
    assert client.post("/sparql", data=body, content_type=FORM, headers=AUTH).status_code == 204
    assert count(client, NEW) == 3


def test_update_with_using_named_graph_uri(client):
    q = f"INSERT {{ GRAPH <{NEW}> {{ ?g a kg:Graph }} }} WHERE {{ GRAPH ?g {{ ?a a kg:Article }} }}"
    body = urlencode([("update", q), ("using-named-graph-uri", A0)])
    assert client.post("/sparql", data=body, content_type=FORM, headers=AUTH).status_code == 204
    r = client.get("/sparql", query_string={"query": f"SELECT ?g {{ GRAPH <{NEW}> {{ ?g ?p ?o }} }}"})
    assert [b["g"]["value"] for b in r.get_json()["results"]["bindings"]] == [A0]


def test_update_with_full_dataset(client):
    q = (f"INSERT {{ GRAPH <{NEW}> {{ ?d a kg:Deployment . ?g a kg:Graph }} }} "
         f"WHERE {{ ?d a kg:Deployment . GRAPH ?g {{ ?a a kg:Article }} }}")
    body = urlencode([("update", q), ("using-graph-uri", ENT), ("using-named-graph-uri", A1)])
    assert client.post("/sparql", data=body, content_type=FORM, headers=AUTH).status_code == 204
    assert count(client, NEW) == 2


def test_using_graph_uri_conflicts_with_using_or_with_in_the_update(client):
    q = f"WITH <{A0}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}"
    r = client.post("/sparql?" + urlencode({"using-graph-uri": A1}), data=q, content_type=UPDATE,
                    headers=AUTH)
    assert r.status_code == 400 and b"USING or WITH" in r.data
    assert count(client, A0) > 0


def test_query_dataset_parameters_on_an_update_are_400(client):
    body = urlencode([("update", INSERT), ("default-graph-uri", A0)])
    r = client.post("/sparql", data=body, content_type=FORM, headers=AUTH)
    assert r.status_code == 400 and b"default-graph-uri" in r.data


def test_malformed_update_is_400_and_changes_nothing(client):
    r = client.post("/sparql", data=INSERT + " ; INSERT DATA { oops", content_type=UPDATE, headers=AUTH)
    assert r.status_code == 400 and b"malformed SPARQL Update" in r.data
    assert count(client, NEW) == 0


def test_two_update_parameters_are_400(client):
    body = urlencode([("update", INSERT), ("update", INSERT)])
    assert client.post("/sparql", data=body, content_type=FORM, headers=AUTH).status_code == 400


def test_update_with_wrong_content_type_is_400(client):
    r = client.post("/sparql", data=INSERT, content_type="text/plain", headers=AUTH)
    assert r.status_code == 400
    r = client.post("/sparql", data=INSERT.encode("utf-16"), content_type=UPDATE + "; charset=UTF-16",
                    headers=AUTH)
    assert r.status_code == 400


def test_load_is_refused(client):
    r = client.post("/sparql", data="LOAD <http://127.0.0.1:1/data.ttl>", content_type=UPDATE, headers=AUTH)
    assert r.status_code == 400 and b"LOAD is not allowed" in r.data
    q = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }"
    r = client.post("/sparql", data=q, content_type=UPDATE, headers=AUTH)
    assert r.status_code == 400 and b"SERVICE" in r.data


def test_update_invalidates_the_void_counts(client):
    before = client.get("/void", headers={"Accept": "application/n-triples"}).data
    assert NEW.encode() not in before
    client.post("/sparql", data=INSERT, content_type=UPDATE, headers=AUTH)
    assert NEW.encode() in client.get("/void", headers={"Accept": "application/n-triples"}).data


# ----------------------------------------------------------------------------- auth

def test_update_without_credentials_is_401_with_a_challenge(client):
    r = client.post("/sparql", data=INSERT, content_type=UPDATE)
    assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
    r = client.post("/sparql", data=INSERT, content_type=UPDATE,
                    headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert r.status_code == 401
    assert count(client, NEW) == 0


def test_update_with_a_wrong_token_is_403(client):
    r = client.post("/sparql", data=INSERT, content_type=UPDATE,
                    headers={"Authorization": "Bearer nope-nope"})
    assert r.status_code == 403 and "invalid_token" in r.headers["WWW-Authenticate"]
    assert count(client, NEW) == 0


def test_read_only_service_refuses_every_write(readonly):
    r = readonly.post("/sparql", data=INSERT, content_type=UPDATE, headers=AUTH)
    assert r.status_code == 403 and b"read-only" in r.data
    r = readonly.put(f"/data?graph={NEW}", data="<http://a> <http://b> <http://c> .",
                     content_type="text/turtle", headers=AUTH)
    assert r.status_code == 403
    assert readonly.delete(f"/data?graph={A0}", headers=AUTH).status_code == 403
    assert readonly.get("/data", query_string={"graph": A0}).status_code == 200


def test_service_description_lists_update_when_writable(client, readonly):
    assert b"SPARQL11Update" in client.get("/sparql").data
    assert b"SPARQL11Update" not in readonly.get("/sparql").data


# ----------------------------------------------------------------------------- graph store

NT_ONE = '<http://example.org/x> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
TTL = "@prefix ex: <http://example.org/> . ex:a ex:p ex:b , ex:c ."


def graph_triples(client, graph: str | None = None, accept: str = "application/n-triples") -> set[str]:
    qs = {"graph": graph} if graph else {"default": ""}
    r = client.get("/data", query_string=qs, headers={"Accept": accept})
    assert r.status_code == 200, r.data
    return {str(t) for t in ox.parse(r.data, format=ox.RdfFormat.N_TRIPLES)}


def test_gsp_get_a_named_graph_with_conneg(client):
    r = client.get("/data", query_string={"graph": ENT})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert len(list(ox.parse(r.data, format=ox.RdfFormat.TURTLE))) == count(client, ENT)
    r = client.get("/data", query_string={"graph": ENT}, headers={"Accept": "application/ld+json"})
    assert r.mimetype == "application/ld+json"
    assert client.get("/data", query_string={"graph": ENT}, headers={"Accept": "text/csv"}).status_code == 406


def test_gsp_head_and_missing_graph(client):
    r = client.head("/data", query_string={"graph": ENT})
    assert r.status_code == 200 and r.data == b"" and r.mimetype == "text/turtle"
    assert client.get("/data", query_string={"graph": NEW}).status_code == 404
    assert client.head("/data", query_string={"graph": NEW}).status_code == 404


def test_gsp_get_the_whole_dataset(client):
    r = client.get("/data")
    assert r.status_code == 200 and r.mimetype == "application/trig"
    assert len(list(ox.parse(r.data, format=ox.RdfFormat.TRIG))) == 128
    r = client.get("/data", headers={"Accept": "application/n-quads"})
    assert r.mimetype == "application/n-quads"


def test_gsp_put_creates_then_replaces(client):
    r = client.put(f"/data?graph={NEW}", data=TTL, content_type="text/turtle", headers=AUTH)
    assert r.status_code == 201
    assert len(graph_triples(client, NEW)) == 2
    r = client.put(f"/data?graph={NEW}", data=NT_ONE,
                   content_type="application/n-triples", headers=AUTH)
    assert r.status_code == 204
    assert graph_triples(client, NEW) == {
        '<http://example.org/x> <http://example.org/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer>'}


def test_gsp_post_merges(client):
    client.put(f"/data?graph={NEW}", data=TTL, content_type="text/turtle", headers=AUTH)
    r = client.post(f"/data?graph={NEW}", data='<http://example.org/a> <http://example.org/q> "x"@id .',
                    content_type="application/n-triples", headers=AUTH)
    assert r.status_code == 204
    assert len(graph_triples(client, NEW)) == 3


def test_gsp_post_to_a_new_graph_is_201(client):
    r = client.post(f"/data?graph={NEW}", data=TTL, content_type="text/turtle", headers=AUTH)
    assert r.status_code == 201


def test_gsp_post_without_graph_creates_one_and_says_where(client):
    r = client.post("/data", data=TTL, content_type="text/turtle", headers=AUTH)
    assert r.status_code == 201
    location = r.headers["Location"]
    assert location.startswith(ID + "graph/upload/")
    assert len(graph_triples(client, location)) == 2


def test_gsp_default_graph(client):
    assert graph_triples(client) == set()
    r = client.put("/data?default", data=TTL, content_type="text/turtle", headers=AUTH)
    assert r.status_code == 204  # the default graph always exists
    assert len(graph_triples(client)) == 2
    assert client.delete("/data?default", headers=AUTH).status_code == 204
    assert graph_triples(client) == set()


def test_gsp_delete(client):
    assert client.delete(f"/data?graph={A0}", headers=AUTH).status_code == 204
    assert client.get("/data", query_string={"graph": A0}).status_code == 404
    assert client.delete(f"/data?graph={A0}", headers=AUTH).status_code == 404


def test_gsp_rdfxml_and_jsonld_uploads(client):
    rdfxml = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
              '<rdf:Description rdf:about="http://example.org/a"><ex:p>v</ex:p></rdf:Description></rdf:RDF>')
    assert client.put(f"/data?graph={NEW}", data=rdfxml, content_type="application/rdf+xml",
                      headers=AUTH).status_code == 201
    jsonld = '{"@id": "http://example.org/b", "http://example.org/p": "w"}'
    assert client.post(f"/data?graph={NEW}", data=jsonld, content_type="application/ld+json",
                       headers=AUTH).status_code == 204
    assert len(graph_triples(client, NEW)) == 2


def test_gsp_bad_requests(client):
    assert client.get("/data?default&graph=" + ENT).status_code == 400
    assert client.get("/data?" + urlencode([("graph", ENT), ("graph", A0)])).status_code == 400
    assert client.get("/data", query_string={"graph": "relative"}).status_code == 400
    r = client.put(f"/data?graph={NEW}", data=TTL, headers=AUTH)
    assert r.status_code == 415 and b"text/turtle" in r.data
    r = client.put(f"/data?graph={NEW}", data=TTL, content_type="application/trig", headers=AUTH)
    assert r.status_code == 415
    r = client.put(f"/data?graph={NEW}", data="ex:a ex:b", content_type="text/turtle", headers=AUTH)
    assert r.status_code == 400 and b"not valid text/turtle" in r.data
    assert client.get("/data", query_string={"graph": NEW}).status_code == 404
    assert client.put("/data", data=TTL, content_type="text/turtle", headers=AUTH).status_code == 400
    assert client.delete("/data", headers=AUTH).status_code == 400


def test_gsp_writes_need_the_token(client):
    r = client.put(f"/data?graph={NEW}", data=TTL, content_type="text/turtle")
    assert r.status_code == 401 and "Bearer" in r.headers["WWW-Authenticate"]
    r = client.delete(f"/data?graph={A0}", headers={"Authorization": "Bearer wrong-token"})
    assert r.status_code == 403
    assert client.get("/data", query_string={"graph": A0}).status_code == 200
