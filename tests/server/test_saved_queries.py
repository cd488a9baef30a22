"""Saved queries: headers, safe parameter binding, and /queries.json + /queries/<name>."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import saved_queries as sq
from kg.ns import PREFIXES
from tests.support.apps import make_app

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "server" / "kg.trig"
ID = "https://w3id.org/kg-news/id/"
TOKAYEV = ID + "person/kassym-jomart-tokayev"



@pytest.fixture(scope="module")
def client():
    return make_app().test_client()


@pytest.fixture(scope="module")
def store():
    s = ox.Store()
    s.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return s


def run(store, text: str) -> list:
    return list(store.query(text, prefixes=PREFIXES, use_default_graph_as_union=True))


def test_header_is_parsed():
    q = sq.parse("# title: T\n# description: first line\n#   second line\n"
                 "# param: actor — an actor's name or IRI (default Tokayev)\n"
                 "# param: b - plain hyphen\nSELECT * WHERE { ?s ?p ?actor }", "x")
    assert q.title == "T" and q.description == "first line second line"
    assert q.params == (sq.Param("actor", "an actor's name or IRI", "Tokayev"), sq.Param("b", "plain hyphen"))


def test_every_shipped_query_has_a_title_and_runs_with_its_defaults(store):
    queries = sq.load_all()
    names = {q.name for q in queries}
    assert {"deployments", "statements", "actor-statements", "mentions", "timeline", "co-mentions",
            "entity"} <= names
    for q in queries:
        assert q.title and q.title != q.name, q.name
        rows = run(store, sq.bind(q))
        assert rows, f"{q.name} returns nothing on the fixture"


def test_shipped_queries_answer_what_they_promise(store):
    dep = run(store, sq.bind(sq.get("deployments")))
    assert len(dep) == 1 and dep[0]["troopCount"].value == "2500"
    assert sorted(dep[0]["contributors"].value.split(", ")) == ["Belarus", "Kirgizstan", "Rusia"]
    assert dep[0]["startDate"].value == "2022-01-06" and dep[0]["articles"].value == "2"
    timeline = [r["date"].value for r in run(store, sq.bind(sq.get("timeline")))]
    assert timeline == sorted(timeline) and len(timeline) == 6
    said = run(store, sq.bind(sq.get("actor-statements"), {"actor": "Blinken"}))  # exact name: index lookup
    assert [r["text"].value for r in said] == ["Kazakhstan tidak membutuhkan bantuan dari luar"]
    by_iri = run(store, sq.bind(sq.get("actor-statements"), {"actor": f"<{TOKAYEV}>"}))
    assert len(by_iri) == 2 and all(r["speaker"].value == TOKAYEV for r in by_iri)
    both = run(store, sq.bind(sq.get("co-mentions"), {"a": "Blinken", "b": "CSTO"}))
    assert [r["article"].value for r in both] == [ID + "article/001-f0df1e5d25b58775"]
    top = run(store, sq.bind(sq.get("mentions")))
    assert top[0]["articles"].value == "2"


def test_binding_cannot_inject_sparql(store):
    hostile = 'x" } } ; DROP ALL ; SELECT * WHERE { ?s ?p "'
    text = sq.bind(sq.get("actor-statements"), {"actor": hostile})
    assert run(store, text) == []  # one harmless string literal, no syntax error
    assert len(store) == 128


def test_binding_is_placed_by_tokens_not_text():
    text = ('# param: x — thing (default a)\n'
            'SELECT ?x WHERE { ?s <http://e/WHERE{> "WHERE {" . ?s ?p ?x } # WHERE {')
    bound = sq.bind(text)
    assert bound.index('VALUES ?x { "a" }') > bound.index("WHERE {")
    assert bound.count("VALUES") == 1
    construct = "# param: x — thing (default id:place/almaty)\nCONSTRUCT { ?x a ?t } WHERE { ?x a ?t }"
    bound = sq.bind(construct)
    assert bound.index("VALUES") > bound.index("WHERE")
    assert f"<{ID}place/almaty>" in bound


def test_binding_errors_are_clear():
    q = sq.get("actor-statements")
    with pytest.raises(sq.SavedQueryError, match="no parameter actr"):
        sq.bind(q, {"actr": "x"})
    with pytest.raises(sq.SavedQueryError, match="needs a value for 'x'"):
        sq.bind(sq.parse("# param: x — thing\nSELECT * WHERE { ?s ?p ?x }", "q"))
    with pytest.raises(sq.SavedQueryError, match="no saved query called 'nope'; there are: .*deployments"):
        sq.get("nope")
    with pytest.raises(sq.SavedQueryError, match="not a saved query name"):
        sq.get("../etc/passwd")
    with pytest.raises(sq.SavedQueryError, match="not a valid IRI"):
        sq.term_for("<http://bad iri>")


def test_term_for():
    assert sq.term_for("Tokayev") == ox.Literal("Tokayev")
    assert sq.term_for("id:person/x") == ox.NamedNode(ID + "person/x")
    assert sq.term_for("https://example.org/a") == ox.NamedNode("https://example.org/a")
    assert sq.term_for("Dr: X") == ox.Literal("Dr: X")


def test_queries_json(client):
    r = client.get("/queries.json")
    assert r.status_code == 200 and r.mimetype == "application/json"
    items = {q["name"]: q for q in r.get_json()["queries"]}
    a = items["actor-statements"]
    assert a["url"] == "/queries/actor-statements"
    assert a["params"] == [{"name": "actor", "description": "an actor's name or IRI", "default": "Tokayev"}]
    assert a["query"].startswith("# title:")


def test_run_a_saved_query_with_url_parameters(client):
    r = client.get("/queries/actor-statements", query_string={"actor": "Blinken"})
    assert r.status_code == 200 and r.mimetype == "application/sparql-results+json"
    rows = r.get_json()["results"]["bindings"]
    assert [b["speaker"]["value"] for b in rows] == [ID + "person/antony-blinken"]
    r = client.get("/queries/actor-statements", query_string={"actor": "Blinken", "format": "csv"})
    assert r.mimetype == "text/csv" and b"Blinken" in r.data
    r = client.get("/queries/deployments", headers={"Accept": "application/sparql-results+xml"})
    assert r.mimetype == "application/sparql-results+xml"


def test_saved_query_errors(client):
    assert client.get("/queries/nope").status_code == 404
    r = client.get("/queries/actor-statements", query_string={"who": "x"})
    assert r.status_code == 400 and b"no parameter who" in r.data


def test_raw_saved_query_text(client):
    r = client.get("/queries/deployments.rq")
    assert r.status_code == 200 and r.mimetype == "application/sparql-query" and b"kg:Deployment" in r.data


def test_queries_dir_is_configurable(tmp_path):
    (tmp_path / "only.rq").write_text("# title: Only one\nASK { ?s a kg:Person }\n", encoding="utf-8")
    c = make_app(QUERIES_DIR=str(tmp_path)).test_client()
    assert [q["name"] for q in c.get("/queries.json").get_json()["queries"]] == ["only"]
    assert c.get("/queries/only").get_json()["boolean"] is True
