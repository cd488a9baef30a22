"""SPARQL 1.1 Protocol (query side) through the Flask test client.

Cases follow the W3C `sparql11/protocol` manifest: query via GET / URL-encoded POST /
direct POST, dataset parameters (single, several, named only, full), conneg for every
query form, bad query strings, bad and missing media types, non-UTF-8 bodies,
several `query` parameters, query+update together, wrong method.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from tests.support.apps import make_app

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "server" / "kg.trig"
ID = "https://w3id.org/kg-news/id/"
ENT = ID + "graph/entities"
A0 = ID + "graph/article/000-53b09ad841259d56"
A1 = ID + "graph/article/001-f0df1e5d25b58775"
SRJ = "application/sparql-results+json"
FORM = "application/x-www-form-urlencoded"


def form(pairs: list[tuple[str, str]]) -> str:
    return urlencode(pairs)



@pytest.fixture(scope="module")
def client():
    return make_app().test_client()


def select_values(resp, var: str) -> list[str]:
    assert resp.status_code == 200, resp.data
    return [b[var]["value"] for b in resp.get_json()["results"]["bindings"] if var in b]


PERSONS = "SELECT ?p WHERE { ?p a kg:Person } ORDER BY ?p"
PERSON_IRIS = [ID + "person/antony-blinken", ID + "person/kassym-jomart-tokayev"]


# ----------------------------------------------------------------------------- query forms

def test_query_via_get(client):
    r = client.get("/sparql", query_string={"query": PERSONS})
    assert r.mimetype == SRJ
    assert select_values(r, "p") == PERSON_IRIS


def test_query_via_urlencoded_post(client):
    r = client.post("/sparql", data={"query": PERSONS})
    assert select_values(r, "p") == PERSON_IRIS


def test_query_via_direct_post(client):
    r = client.post("/sparql", data=PERSONS, content_type="application/sparql-query")
    assert select_values(r, "p") == PERSON_IRIS


def test_direct_post_with_utf8_charset_is_fine(client):
    q = 'SELECT ?s WHERE { ?s kg:sentence ?t FILTER(CONTAINS(?t, "“Pasukan")) }'
    r = client.post("/sparql", data=q.encode(), content_type="application/sparql-query; charset=UTF-8")
    assert len(select_values(r, "s")) == 1


def test_head_answers_like_get_without_body(client):
    r = client.head("/sparql", query_string={"query": PERSONS})
    assert r.status_code == 200 and r.mimetype == SRJ and r.data == b""


def test_default_graph_is_the_union_of_named_graphs(client):
    r = client.get("/sparql", query_string={"query": "SELECT ?s WHERE { ?s kg:speaker ?x }"})
    assert len(select_values(r, "s")) == 3  # statements from two article graphs


def test_our_prefixes_are_predeclared_and_own_prefixes_win(client):
    q = "PREFIX kg: <http://example.org/other#> SELECT ?p WHERE { ?p a kg:Person }"
    assert select_values(client.get("/sparql", query_string={"query": q}), "p") == []


# ----------------------------------------------------------------------------- datasets

def test_default_graph_uri_restricts_the_default_graph(client):
    q = "SELECT ?s WHERE { ?s a kg:Statement }"
    r = client.get("/sparql", query_string={"query": q, "default-graph-uri": A1})
    assert sorted(select_values(r, "s")) == [ID + "statement/001-f0df1e5d25b58775/1",
                                             ID + "statement/001-f0df1e5d25b58775/2"]


def test_several_default_graph_uris_are_merged(client):
    q = "SELECT ?s WHERE { ?s a kg:Statement }"
    r = client.get("/sparql?" + urlencode([("query", q), ("default-graph-uri", A0),
                                           ("default-graph-uri", A1)]))
    assert len(select_values(r, "s")) == 3


def test_named_graph_uri_alone_gives_an_empty_default_graph(client):
    q = "SELECT ?g ?s WHERE { { GRAPH ?g { ?s a kg:Article } } UNION { ?s a kg:Person } }"
    r = client.get("/sparql", query_string={"query": q, "named-graph-uri": A0})
    rows = r.get_json()["results"]["bindings"]
    assert [(b["g"]["value"], b["s"]["value"]) for b in rows] == [(A0, ID + "article/000-53b09ad841259d56")]


def test_full_dataset_in_a_urlencoded_post(client):
    q = "SELECT ?g ?x WHERE { { ?x a kg:Deployment } UNION { GRAPH ?g { ?x a kg:Article } } }"
    r = client.post("/sparql", data=form([("query", q), ("default-graph-uri", ENT), ("named-graph-uri", A0),
                                          ("named-graph-uri", A1)]), content_type=FORM)
    values = sorted(select_values(r, "x"))
    assert values == [ID + "article/000-53b09ad841259d56", ID + "article/001-f0df1e5d25b58775",
                      ID + "deployment/csto--kz"]


def test_dataset_parameters_override_from(client):
    q = f"SELECT ?s FROM <{A0}> WHERE {{ ?s a kg:Statement }}"
    r = client.get("/sparql", query_string={"query": q, "default-graph-uri": A1})
    assert all("001-" in s for s in select_values(r, "s"))


def test_from_and_from_named_in_the_query(client):
    q = f"SELECT ?s FROM <{A0}> WHERE {{ ?s a kg:Statement }}"
    assert select_values(client.get("/sparql", query_string={"query": q}), "s") == [
        ID + "statement/000-53b09ad841259d56/1"]
    q = "SELECT ?g FROM NAMED id:graph\\/entities WHERE { GRAPH ?g { } }"
    assert select_values(client.get("/sparql", query_string={"query": q}), "g") == [ENT]


def test_dataset_graphs_that_are_not_in_the_store_are_refused(client):
    r = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }",
                                            "default-graph-uri": "http://example.org/remote.ttl"})
    assert r.status_code == 400 and b"remote.ttl" in r.data and b"not fetched" in r.data
    r = client.get("/sparql", query_string={"query": "SELECT * FROM <http://example.org/x> { ?s ?p ?o }"})
    assert r.status_code == 400 and b"FROM <http://example.org/x>" in r.data


def test_dataset_parameter_must_be_an_iri(client):
    r = client.get("/sparql", query_string={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert r.status_code == 400 and b"default-graph-uri" in r.data


# ----------------------------------------------------------------------------- conneg

@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", SRJ),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("application/json", SRJ),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
    ("*/*", SRJ),
    ("", SRJ),
])
def test_select_conneg(client, accept, media):
    r = client.get("/sparql", query_string={"query": PERSONS}, headers={"Accept": accept} if accept else {})
    assert r.status_code == 200 and r.mimetype == media
    assert "Accept" in r.headers.get("Vary", "")


def test_select_serialisations_carry_the_same_rows(client):
    q = 'SELECT ?p ?name ?n WHERE { ?p a kg:Person ; rdfs:label ?name ; kg:mentionCount ?n } ORDER BY ?p'
    xml = client.get("/sparql", query_string={"query": q, "format": "xml"}).data
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    root = ET.fromstring(xml)
    assert [v.get("name") for v in root.find("r:head", ns)] == ["p", "name", "n"]
    lits = root.findall(".//r:binding[@name='n']/r:literal", ns)
    assert [x.text for x in lits] == ["2", "9"]
    assert lits[0].get("datatype") == "http://www.w3.org/2001/XMLSchema#integer"
    rows = list(csv.reader(io.StringIO(client.get("/sparql", query_string={"query": q, "format": "csv"})
                                       .data.decode())))
    assert rows == [["p", "name", "n"], [PERSON_IRIS[0], "Antony Blinken", "2"],
                    [PERSON_IRIS[1], "Kassym-Jomart Tokayev", "9"]]
    tsv = client.get("/sparql", query_string={"query": q, "format": "tsv"}).data.decode().splitlines()
    assert tsv[0] == "?p\t?name\t?n"
    assert tsv[1] == f'<{PERSON_IRIS[0]}>\t"Antony Blinken"\t2' or \
        tsv[1] == f'<{PERSON_IRIS[0]}>\t"Antony Blinken"\t"2"^^<http://www.w3.org/2001/XMLSchema#integer>'
    js = client.get("/sparql", query_string={"query": q}).get_json()
    assert js["results"]["bindings"][0]["n"] == {
        "type": "literal", "value": "2", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert js["results"]["bindings"][0]["name"] == {"type": "literal", "value": "Antony Blinken"}


@pytest.mark.parametrize("accept, expected", [
    ("application/sparql-results+json", {"head": {}, "boolean": True}),
    ("application/sparql-results+xml", "true"),
])
def test_ask_conneg(client, accept, expected):
    r = client.get("/sparql", query_string={"query": "ASK { ?d a kg:Deployment }"},
                   headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    if isinstance(expected, dict):
        assert r.get_json() == expected
    else:
        assert ET.fromstring(r.data).find("{http://www.w3.org/2005/sparql-results#}boolean").text == expected


@pytest.mark.parametrize("accept, fmt", [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    ("application/trig", ox.RdfFormat.TRIG),
    ("application/n-quads", ox.RdfFormat.N_QUADS),
])
@pytest.mark.parametrize("query", [
    "CONSTRUCT { ?c rdfs:label ?l } WHERE { ?c a kg:Country ; rdfs:label ?l }",
    "DESCRIBE id:country\\/kz",
])
def test_construct_and_describe_conneg(client, accept, fmt, query):
    r = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert r.status_code == 200 and r.mimetype == accept
    triples = list(ox.parse(r.data, format=fmt))
    kz = ox.NamedNode(ID + "country/kz")
    assert any(t.subject == kz and t.object == ox.Literal("Kazakhstan") for t in triples)


def test_construct_default_is_turtle(client):
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a kg:Place }"})
    assert r.mimetype == "text/turtle" and b"@prefix" in r.data


def test_format_parameter_overrides_accept(client):
    r = client.get("/sparql", query_string={"query": PERSONS, "format": "csv"},
                   headers={"Accept": "application/sparql-results+xml"})
    assert r.mimetype == "text/csv"


def test_nothing_acceptable_is_406(client):
    r = client.get("/sparql", query_string={"query": PERSONS}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and b"application/sparql-results+json" in r.data
    r = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a kg:Place }"},
                   headers={"Accept": "text/csv"})
    assert r.status_code == 406
    r = client.get("/sparql", query_string={"query": PERSONS, "format": "png"})
    assert r.status_code == 406 and b"format='png'" in r.data


# ----------------------------------------------------------------------------- bad requests

@pytest.mark.parametrize("query", ["SELECT * WHERE {", "SELEC ?x WHERE { ?x ?p ?o }",
                                   "SELECT ?x WHERE { ?x ex:undeclared ?o }"])
def test_malformed_query_is_400_with_a_message(client, query):
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400 and r.mimetype == "application/json"
    assert r.get_json()["error"].startswith("malformed SPARQL")


def test_two_query_parameters_are_400(client):
    r = client.get("/sparql?" + urlencode([("query", "ASK {}"), ("query", "ASK {}")]))
    assert r.status_code == 400 and b"2 'query' parameters" in r.data
    r = client.post("/sparql", data=form([("query", "ASK {}"), ("query", "ASK {}")]), content_type=FORM)
    assert r.status_code == 400


def test_query_and_update_together_are_400(client):
    r = client.post("/sparql", data={"query": "ASK {}", "update": "CLEAR DEFAULT"})
    assert r.status_code == 400 and b"both 'query' and 'update'" in r.data


def test_post_without_or_with_a_wrong_content_type_is_400(client):
    r = client.post("/sparql", data=b"ASK {}")
    assert r.status_code == 400 and b"no Content-Type" in r.data
    r = client.post("/sparql", data=b"ASK {}", content_type="text/plain")
    assert r.status_code == 400 and b"'text/plain'" in r.data


def test_form_post_without_the_query_field_is_400(client):
    r = client.post("/sparql", data={"querty": "ASK {}"})
    assert r.status_code == 400


def test_non_utf8_bodies_are_400(client):
    r = client.post("/sparql", data="ASK {}".encode("utf-16"),
                    content_type="application/sparql-query; charset=UTF-16")
    assert r.status_code == 400 and b"UTF-8" in r.data
    r = client.post("/sparql", data=b'ASK { ?s ?p "\xe9" }', content_type="application/sparql-query")
    assert r.status_code == 400 and b"not valid UTF-8" in r.data


def test_empty_query_and_stray_parameters_are_400(client):
    assert client.get("/sparql", query_string={"query": " "}).status_code == 400
    assert client.get("/sparql", query_string={"default-graph-uri": ENT}).status_code == 400


def test_update_parameters_on_a_query_are_400(client):
    r = client.get("/sparql", query_string={"query": "ASK {}", "using-graph-uri": ENT})
    assert r.status_code == 400 and b"using-graph-uri" in r.data


def test_wrong_method_is_405(client):
    r = client.put("/sparql", data="ASK {}", content_type="application/sparql-query")
    assert r.status_code == 405 and "POST" in r.headers["Allow"]


def test_update_via_get_is_400(client):
    r = client.get("/sparql", query_string={"update": "CLEAR DEFAULT"})
    assert r.status_code == 400 and b"POST" in r.data


# ----------------------------------------------------------------------------- no outbound network

@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE ?endpoint { ?s ?p ?o } }",
    "ASK { \\u0053ERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
    "ASK { <http://a\\u0041#> <http://p> ?o . SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
])
def test_service_is_refused(client, query):
    r = client.get("/sparql", query_string={"query": query})
    assert r.status_code == 400 and b"SERVICE is not allowed" in r.data


@pytest.mark.parametrize("query", [
    "SELECT ?service WHERE { ?service a kg:Person } # SERVICE <http://x/> { }",
    'SELECT ?s WHERE { ?s rdfs:label "SERVICE <http://x/> { ?a ?b ?c }" }',
    "SELECT ?s WHERE { ?s <http://example.org/SERVICE> ?o }",
    "PREFIX service: <http://example.org/> SELECT ?s WHERE { ?s service:x ?o }",
    "SELECT ?s WHERE { ?s rdfs:label '''it's a\nSERVICE''' }",
])
def test_service_in_comments_strings_iris_and_names_is_not_a_keyword(client, query):
    assert client.get("/sparql", query_string={"query": query}).status_code == 200


def test_service_allowed_when_configured():
    app = make_app(ALLOW_SERVICE=True)
    r = app.test_client().get("/sparql", query_string={
        "query": "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"})
    assert r.status_code == 200  # SILENT: the failed call (port 9 is refused) yields one empty row


# ----------------------------------------------------------------------------- descriptions

def test_service_description_when_get_has_no_query(client):
    r = client.get("/sparql")
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = list(ox.parse(r.data, format=ox.RdfFormat.TURTLE, base_iri="http://localhost/sparql"))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    svc = ox.NamedNode("http://localhost/sparql")
    objects = {(t.predicate.value, t.object) for t in g if t.subject == svc}
    assert (sd + "endpoint", svc) in objects
    assert (sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Query")) in objects
    assert (sd + "supportedLanguage", ox.NamedNode(sd + "SPARQL11Update")) not in objects  # read-only
    assert (sd + "resultFormat", ox.NamedNode("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in objects
    names = {t.object.value for t in g if t.predicate.value == sd + "name"}
    assert names == {ENT, A0, A1}


def test_service_description_conneg(client):
    r = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert r.mimetype == "application/ld+json" and json.loads(r.data)


@pytest.mark.parametrize("path", ["/void", "/.well-known/void"])
def test_void(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    g = list(ox.parse(r.data, format=ox.RdfFormat.TURTLE))
    void = "http://rdfs.org/ns/void#"
    ds = ox.NamedNode(ID + "dataset")

    def value(s, p):
        return [t.object for t in g if t.subject == s and t.predicate.value == void + p]

    assert int(value(ds, "triples")[0].value) == 128
    assert value(ds, "sparqlEndpoint") == [ox.NamedNode("http://localhost/sparql")]
    assert {s.value for s in value(ds, "subset")} == {ENT, A0, A1}
    assert int(value(ox.NamedNode(A0), "triples")[0].value) > 0
    partitions = {value(p, "class")[0].value: int(value(p, "entities")[0].value)
                  for p in value(ds, "classPartition")}
    kg = "https://w3id.org/kg-news/ontology#"
    assert partitions[kg + "Person"] == 2 and partitions[kg + "Country"] == 4
    assert partitions[kg + "Statement"] == 3 and partitions[kg + "Deployment"] == 1
    assert int(value(ds, "classes")[0].value) == len(partitions)
    assert int(value(ds, "entities")[0].value) == sum(partitions.values())


# ----------------------------------------------------------------------------- HTTP hygiene

def test_cors_for_configured_origins():
    c = make_app(CORS_ORIGINS=("https://app.example",)).test_client()
    r = c.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://app.example"})
    assert r.headers["Access-Control-Allow-Origin"] == "https://app.example"
    r = c.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in r.headers
    r = c.options("/sparql", headers={"Origin": "https://app.example",
                                      "Access-Control-Request-Method": "POST"})
    assert r.status_code == 200 and "POST" in r.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in r.headers["Access-Control-Allow-Headers"]


def test_no_cors_by_default(client):
    r = client.get("/sparql", query_string={"query": "ASK {}"}, headers={"Origin": "https://app.example"})
    assert "Access-Control-Allow-Origin" not in r.headers


def test_security_headers_on_html_and_nosniff_everywhere():
    app = make_app()

    @app.get("/test-html")
    def html():
        return "<p>hi</p>"

    r = app.test_client().get("/test-html")
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"] == "same-origin"
    r = app.test_client().get("/sparql", query_string={"query": "ASK {}"})
    assert r.headers["X-Content-Type-Options"] == "nosniff" and "Content-Security-Policy" not in r.headers


def test_request_body_limit_is_413():
    c = make_app(MAX_CONTENT_LENGTH=1000).test_client()
    r = c.post("/sparql", data="ASK {} #" + "x" * 2000, content_type="application/sparql-query")
    assert r.status_code == 413 and b"1000 bytes" in r.data
    r = c.post("/sparql", data={"query": "ASK {} #" + "x" * 2000})
    assert r.status_code == 413


def test_too_many_rows_is_413():
    c = make_app(MAX_RESULT_ROWS=10).test_client()
    r = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 413 and b"more than 10 rows" in r.data and b"LIMIT" in r.data
    r = c.get("/sparql", query_string={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert r.status_code == 200 and len(r.get_json()["results"]["bindings"]) == 10
    r = c.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert r.status_code == 413


def test_access_log_is_one_json_line_per_request(tmp_path):
    log = tmp_path / "access.log"
    c = make_app(ACCESS_LOG=str(log)).test_client()
    c.get("/sparql", query_string={"query": "ASK {}"})
    c.get("/sparql", query_string={"query": "SELECT * {"})
    assert c.get("/static/css/kg.css").status_code == 200  # assets are not logged
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [("GET", "/sparql", 200),
                                                                     ("GET", "/sparql", 400)]
    assert all(x["duration_ms"] >= 0 and x["bytes"] > 0 for x in lines)


def test_missing_store_is_a_clear_503(tmp_path):
    c = make_app(STORE=str(tmp_path / "nowhere")).test_client()
    r = c.get("/sparql", query_string={"query": "ASK {}"})
    assert r.status_code == 503 and r.get_json()["code"] == "store_unavailable"
    assert str(tmp_path).encode() not in r.data  # never a path
