"""The W3C SPARQL 1.1 protocol cases (sparql11/protocol manifest), encoding, Host and upload safety.

The W3C suite cannot be downloaded at test time, so its cases are written here from
the manifest's descriptions, one row per test name, against the real app: the query
and update forms, dataset parameters, conneg, and every bad request the manifest
names, plus the later additions (the `version` parameter, an update in the URL of a
form POST must not run).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest

from server.config import shutdown
from tests.support.apps import make_app, make_writable_app

ID = "https://w3id.org/kg-news/id/"
ENT = ID + "graph/entities"
A0 = ID + "graph/article/000-53b09ad841259d56"
A1 = ID + "graph/article/001-f0df1e5d25b58775"
TOKEN = "reliability-token-1"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
FORM = "application/x-www-form-urlencoded"
SQ, SU = "application/sparql-query", "application/sparql-update"
Q = "ASK { ?s ?p ?o }"
SEL = "SELECT ?p WHERE { ?p a kg:Person }"
CON = "CONSTRUCT { ?p a kg:Person } WHERE { ?p a kg:Person }"
DES = f"DESCRIBE <{ID}person/antony-blinken>"
UPD = "INSERT DATA { GRAPH <http://example.org/w3c> { <http://example.org/s> <http://example.org/p> 1 } }"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = make_writable_app(tmp_path_factory.mktemp("w3c"), TOKEN, WORKERS=2)
    yield app.test_client()
    shutdown(app)


def q(params: list[tuple[str, str]]) -> str:
    return urlencode(params)


#: (manifest test name, method, query string, content type, body, auth, expected status)
CASES = [
    ("query_get", "GET", q([("query", Q)]), None, None, False, 200),
    ("query_post_form", "POST", "", FORM, q([("query", Q)]), False, 200),
    ("query_post_direct", "POST", "", SQ, Q, False, 200),
    ("query_dataset_default_graph", "GET", q([("query", SEL), ("default-graph-uri", ENT)]), None, None, False, 200),
    ("query_dataset_default_graphs_get", "GET", q([("query", SEL), ("default-graph-uri", A0),
                                                   ("default-graph-uri", A1)]), None, None, False, 200),
    ("query_dataset_default_graphs_post", "POST", "", FORM,
     q([("query", SEL), ("default-graph-uri", A0), ("default-graph-uri", A1)]), False, 200),
    ("query_dataset_named_graphs_post", "POST", "", FORM,
     q([("query", "SELECT ?g { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", A0), ("named-graph-uri", A1)]),
     False, 200),
    ("query_dataset_named_graphs_get", "GET", q([("query", "SELECT ?g { GRAPH ?g { ?s ?p ?o } }"),
                                                 ("named-graph-uri", A0)]), None, None, False, 200),
    ("query_dataset_full", "GET", q([("query", SEL), ("default-graph-uri", ENT), ("named-graph-uri", A0)]),
     None, None, False, 200),
    ("query_multiple_dataset", "GET", q([("query", f"SELECT * FROM <{A0}> {{ ?s ?p ?o }}"),
                                         ("default-graph-uri", ENT)]), None, None, False, 200),
    ("query_content_type_select", "GET", q([("query", SEL)]), None, None, False, 200),
    ("query_content_type_ask", "GET", q([("query", Q)]), None, None, False, 200),
    ("query_content_type_describe", "GET", q([("query", DES)]), None, None, False, 200),
    ("query_content_type_construct", "GET", q([("query", CON)]), None, None, False, 200),
    ("query_version_1_1", "GET", q([("query", Q), ("version", "1.1")]), None, None, False, 200),
    ("query_version_1_2", "POST", "", FORM, q([("query", Q), ("version", "1.2")]), False, 200),
    ("update_post_form", "POST", "", FORM, q([("update", UPD)]), True, 204),
    ("update_post_direct", "POST", "", SU, UPD, True, 204),
    ("update_base_uri", "POST", "", SU, "BASE <http://example.org/> INSERT DATA { <s> <p> <o> }", True, 204),
    ("update_dataset_default_graph", "POST", "", FORM,
     q([("update", "INSERT { GRAPH <http://example.org/u1> { ?s a kg:X } } WHERE { ?s a kg:Person }"),
        ("using-graph-uri", ENT)]), True, 204),
    ("update_dataset_default_graphs", "POST", "", FORM,
     q([("update", "INSERT { GRAPH <http://example.org/u2> { ?s a kg:X } } WHERE { ?s ?p ?o }"),
        ("using-graph-uri", A0), ("using-graph-uri", A1)]), True, 204),
    ("update_dataset_named_graphs", "POST", "", FORM,
     q([("update", "INSERT { GRAPH <http://example.org/u3> { ?g a kg:X } } WHERE { GRAPH ?g { ?s ?p ?o } }"),
        ("using-named-graph-uri", A0)]), True, 204),
    ("update_dataset_full", "POST", "", FORM,
     q([("update", "INSERT { GRAPH <http://example.org/u4> { ?s a kg:X } } WHERE { ?s ?p ?o }"),
        ("using-graph-uri", ENT), ("using-named-graph-uri", A0)]), True, 204),
    ("update_version", "POST", "", FORM, q([("update", UPD), ("version", "1.1")]), True, 204),
    ("bad_query_method", "PUT", q([("query", Q)]), None, None, False, 405),
    ("bad_multiple_queries", "GET", q([("query", Q), ("query", Q)]), None, None, False, 400),
    ("bad_query_wrong_media_type", "POST", "", "text/plain", Q, False, 400),
    ("bad_query_missing_form_type", "POST", "", None, q([("query", Q)]), False, 400),
    ("bad_query_missing_direct_type", "POST", "", None, Q, False, 400),
    ("bad_query_non_utf8", "POST", "", SQ + "; charset=iso-8859-1", Q, False, 400),
    ("bad_query_syntax", "GET", q([("query", "ASK {")]), None, None, False, 400),
    ("bad_query_version", "GET", q([("query", Q), ("version", "0.9")]), None, None, False, 400),
    ("bad_query_versions", "GET", q([("query", Q), ("version", "1.1"), ("version", "1.2")]), None, None, False, 400),
    ("bad_update_get", "GET", q([("update", UPD)]), None, None, True, 400),
    ("bad_multiple_updates", "POST", "", FORM, q([("update", UPD), ("update", UPD)]), True, 400),
    ("bad_update_wrong_media_type", "POST", "", "text/plain", UPD, True, 400),
    ("bad_update_missing_form_type", "POST", "", None, q([("update", UPD)]), True, 400),
    ("bad_update_non_utf8", "POST", "", SU + "; charset=iso-8859-1", UPD, True, 400),
    ("bad_update_syntax", "POST", "", FORM, q([("update", "INSERT DATA {")]), True, 400),
    ("bad_update_dataset_conflict", "POST", "", FORM,
     q([("update", "WITH <http://example.org/x> INSERT { ?s a kg:X } WHERE { ?s ?p ?o }"),
        ("using-graph-uri", ENT)]), True, 400),
    ("bad_update_version", "POST", "", FORM, q([("update", UPD), ("version", "2.0")]), True, 400),
    ("bad_query_and_update", "POST", "", FORM, q([("query", Q), ("update", UPD)]), True, 400),
    ("bad_update_in_url_of_form_post", "POST", q([("update", "CLEAR ALL")]), FORM, "", True, 400),
    ("bad_query_in_url_of_form_post", "POST", q([("query", Q)]), FORM, "", False, 400),
    ("bad_update_in_url_of_direct_post", "POST", q([("update", "CLEAR ALL")]), SU, UPD, True, 400),
    ("bad_query_using_graph_uri", "GET", q([("query", Q), ("using-graph-uri", ENT)]), None, None, False, 400),
    ("bad_update_default_graph_uri", "POST", "", FORM, q([("update", UPD), ("default-graph-uri", ENT)]),
     True, 400),
    ("bad_update_without_token", "POST", "", SU, UPD, False, 401),
]


@pytest.mark.parametrize("name, method, qs, ctype, body, auth, expected", CASES, ids=[c[0] for c in CASES])
def test_w3c_protocol_case(client, name, method, qs, ctype, body, auth, expected):
    headers = dict(AUTH) if auth else {}
    if ctype:
        headers["Content-Type"] = ctype
    data = body.encode("utf-8") if isinstance(body, str) else body
    r = client.open("/sparql" + (f"?{qs}" if qs else ""), method=method, data=data, headers=headers)
    assert r.status_code == expected, (name, r.data[:300])
    if expected >= 400:
        assert r.mimetype == "application/json" and r.get_json()["error"]


def test_the_manifest_has_48_cases():
    assert len(CASES) == 48


def test_an_update_in_the_url_of_a_form_post_is_not_run(client):
    before = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).get_json()
    r = client.post("/sparql?" + q([("update", "CLEAR ALL")]), data="", content_type=FORM, headers=AUTH)
    assert r.status_code == 400
    after = client.get("/sparql", query_string={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}).get_json()
    assert after == before


@pytest.mark.parametrize("raw", ["%FF", "%C3%28", "%E2%82", "%zz", "abc%"])
def test_invalid_percent_escapes_are_400(client, raw):
    r = client.get(f"/sparql?query=ASK%20%7B%7D{raw}")
    assert r.status_code == 400 and r.get_json()["code"] == "bad_encoding"
    r = client.post("/sparql", data=f"query=ASK%20%7B%7D{raw}", content_type=FORM)
    assert r.status_code == 400 and r.get_json()["code"] == "bad_encoding"


def test_a_valid_utf8_escape_still_works(client):
    r = client.get("/sparql?query=" + quote('ASK { FILTER("é" = "é") }'))
    assert r.status_code == 200 and r.get_json()["boolean"] is True


@pytest.mark.parametrize("host, status", [("localhost", 200), ("127.0.0.1:8000", 200), ("[::1]:8000", 200),
                                          ("evil.example", 400), ("evil.example:8000", 400),
                                          ("localhost.evil.example", 400)])
def test_host_allow_list_against_dns_rebinding(client, host, status):
    r = client.get("/sparql", query_string={"query": Q}, headers={"Host": host})
    assert r.status_code == status
    if status == 400:
        assert r.get_json()["code"] == "host_not_allowed"


def test_host_allow_list_is_configurable():
    app = make_app(ALLOWED_HOSTS=("kg.example.org",))
    try:
        c = app.test_client()
        assert c.get("/void", headers={"Host": "kg.example.org"}).status_code == 200
        assert c.get("/void", headers={"Host": "localhost"}).status_code == 400
        star = make_app(ALLOWED_HOSTS=("*",)).test_client()
        assert star.get("/queries.json", headers={"Host": "anything.example"}).status_code == 200
    finally:
        shutdown(app)


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/s"><ex:p>&b;</ex:p></rdf:Description>
</rdf:RDF>"""


def test_rdf_xml_with_a_dtd_is_refused(client):
    r = client.put("/data?graph=http://example.org/xml", data=BILLION_LAUGHS,
                   content_type="application/rdf+xml", headers=AUTH)
    assert r.status_code == 400 and r.get_json()["code"] == "dtd_refused"
    plain = BILLION_LAUGHS.replace(b"&b;", b"x").split(b"]>", 1)[1]
    r = client.put("/data?graph=http://example.org/xml", data=b'<?xml version="1.0"?>' + plain,
                   content_type="application/rdf+xml", headers=AUTH)
    assert r.status_code == 201, r.data


def test_graph_store_errors_are_json_never_html(client):
    r = client.put("/data?graph=http://example.org/bad", data=b"this is not turtle <",
                   content_type="text/turtle", headers=AUTH)
    assert r.status_code == 400 and r.mimetype == "application/json"
    for method, path in [("GET", "/nope"), ("DELETE", "/void"), ("GET", "/id/person/nobody?format=ttl"),
                         ("PATCH", "/data?graph=http://example.org/x")]:
        r = client.open(path, method=method, headers={"Accept": "application/json", **AUTH})
        assert r.status_code >= 400 and r.mimetype == "application/json", (method, path, r.data[:100])
