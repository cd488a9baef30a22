"""Hypothesis fuzz of every route family: whatever arrives, the answer is never a 5xx and the service lives.

Fast by default (a few hundred requests); `make soak` runs the same properties with
many more examples (KG_FUZZ_EXAMPLES).
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from server.config import shutdown
from tests.support.apps import make_writable_app

EXAMPLES = int(os.environ.get("KG_FUZZ_EXAMPLES", "60"))
TOKEN = "fuzz-token-12345"
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))

SPARQL_BITS = ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "{", "}", "(", ")", "[", "]", "?s", "?p",
               "?o", "kg:Person", "a", ".", ";", ",", "FILTER", "OPTIONAL", "UNION", "GRAPH", "<http://x>",
               '"x"', "LIMIT 1", "ORDER BY ?s", "COUNT(*)", "BIND(1 AS ?x)", "VALUES ?s { 1 }", "SERVICE",
               "FROM", "INSERT DATA", "DELETE WHERE", "\\u0041", "#", "\n", "'''", "@en", "^^xsd:int", "*"]
sparqlish = st.lists(st.sampled_from(SPARQL_BITS), max_size=25).map(" ".join) | st.text(max_size=200)
param_name = st.sampled_from(["query", "update", "default-graph-uri", "named-graph-uri", "using-graph-uri",
                              "format", "version", "graph", "default", "limit", "offset", "actor", "relation",
                              "type", "from", "to", "min_weight", "ego", "radius", "evidence", "x"])
params = st.lists(st.tuples(param_name, sparqlish), max_size=4)
raw_query_string = st.binary(max_size=80).map(lambda b: "".join(f"%{x:02X}" if x > 127 or x < 33 else chr(x)
                                                                 for x in b))
accept = st.sampled_from(["", "*/*", "text/html", "application/json", "text/turtle", "image/png",
                          "application/sparql-results+xml", "text/csv;q=0.1, */*;q=0"])
ctype = st.sampled_from(["", "application/x-www-form-urlencoded", "application/sparql-query",
                         "application/sparql-update", "text/turtle", "application/rdf+xml", "application/ld+json",
                         "application/n-triples", "text/plain; charset=latin1", "multipart/form-data"])


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = make_writable_app(tmp_path_factory.mktemp("fuzz"), TOKEN, WORKERS=2, QUERY_TIMEOUT=5.0)
    yield app.test_client()
    shutdown(app)


def encode(pairs) -> str:
    return "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs)


def check(r) -> None:
    assert r.status_code < 500 or r.status_code == 503, (r.status_code, r.data[:300])
    if r.request.method == "HEAD":
        return
    if r.status_code == 503:  # a deadline or a busy pool is the one 5xx a client may cause
        assert r.get_json()["code"] in ("timeout", "busy", "out_of_memory", "computing"), r.data[:300]
    if r.status_code >= 400 and r.mimetype != "text/html":
        assert r.mimetype == "application/json" and r.get_json()["error"]


@FUZZ
@given(method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD"]), pairs=params, raw=raw_query_string,
       accept=accept, ctype=ctype, body=sparqlish, auth=st.booleans())
def test_fuzz_sparql(client, method, pairs, raw, accept, ctype, body, auth):
    headers = {"Accept": accept} if accept else {}
    if ctype:
        headers["Content-Type"] = ctype
    if auth:
        headers["Authorization"] = f"Bearer {TOKEN}"
    qs = encode(pairs) + ("&" + raw if raw else "")
    check(client.open(f"/sparql?{qs}", method=method, data=body.encode("utf-8", "surrogatepass"), headers=headers))


@FUZZ
@given(method=st.sampled_from(["GET", "PUT", "POST", "DELETE"]), graph=sparqlish, ctype=ctype,
       body=st.binary(max_size=300) | sparqlish.map(lambda s: s.encode("utf-8", "surrogatepass")),
       default=st.booleans(), accept=accept)
def test_fuzz_graph_store(client, method, graph, ctype, body, default, accept):
    qs = "default" if default else f"graph={quote(graph)}"
    headers = {"Authorization": f"Bearer {TOKEN}", **({"Content-Type": ctype} if ctype else {}),
               **({"Accept": accept} if accept else {})}
    check(client.open(f"/data?{qs}", method=method, data=body, headers=headers))


@FUZZ
@given(name=st.sampled_from(["statements", "deployments", "actor-statements", "entity", "timeline", "nope",
                             "co-mentions", "mentions"]) | st.text(max_size=20),
       pairs=params, accept=accept, suffix=st.sampled_from(["", "/table", ".rq"]))
def test_fuzz_saved_queries(client, name, pairs, accept, suffix):
    check(client.get(f"/queries/{quote(name, safe='')}{suffix}?{encode(pairs)}",
                     headers={"Accept": accept} if accept else {}))


@FUZZ
@given(path=st.text(max_size=60), fmt=st.sampled_from(["", "ttl", "jsonld", "nt", "html", "xml"]), accept=accept)
def test_fuzz_entity_pages(client, path, fmt, accept):
    qs = f"?format={fmt}" if fmt else ""
    check(client.get(f"/id/{quote(path)}{qs}", headers={"Accept": accept} if accept else {}))


@FUZZ
@given(route=st.sampled_from(["/graph", "/graph/data.json", "/graph/edge-evidence", "/graph/analysis.json"]),
       pairs=params, raw=raw_query_string)
def test_fuzz_actor_graph(client, route, pairs, raw):
    check(client.get(f"{route}?{encode(pairs)}" + ("&" + raw if raw else "")))


browse_param = st.sampled_from(["q", "type", "sort", "offset", "limit", "country", "article", "publisher",
                                "speaker", "from", "to", "actor", "world", "x"])
browse_value = st.sampled_from(["", "0", "-1", "999999999999", "name", "-start", "country/kz", "person/x",
                                "2022", "2022-13-45", "Person", "quote", "%", "../../etc", "ANTÓNIO"]) \
    | st.text(max_size=40)


@FUZZ
@given(route=st.sampled_from(["/", "/index.json", "/search", "/search.json", "/search.csv", "/persons",
                              "/organisations.json", "/countries.csv", "/places", "/deployments.json",
                              "/statements", "/statements.csv", "/articles.json", "/timeline", "/timeline.json",
                              "/timeline.csv", "/map", "/map.json", "/map.csv", "/query", "/void"]),
       pairs=st.lists(st.tuples(browse_param, browse_value), max_size=4), raw=raw_query_string, accept=accept)
def test_fuzz_browse_pages(client, route, pairs, raw, accept):
    check(client.get(f"{route}?{encode(pairs)}" + ("&" + raw if raw else ""),
                     headers={"Accept": accept} if accept else {}))


@FUZZ
@given(body=st.binary(max_size=200) | st.lists(st.text(max_size=30), max_size=5).map(
    lambda xs: json.dumps({"iris": xs}).encode()))
def test_fuzz_labels(client, body):
    check(client.post("/ui/labels.json", data=body, headers={"Content-Type": "application/json"}))
