"""kg.jsonld: compact JSON-LD that reads back as exactly the statements written, whatever they are."""

from __future__ import annotations

import json

import pyoxigraph as ox
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.jsonld import document, dumps
from kg.ns import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
BASES = [PREFIXES["id"], PREFIXES["kg"], PREFIXES["schema"], PREFIXES["rdfs"], "http://example.org/x#",
         "urn:example:"]
locals_ = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_/.:@", min_size=0, max_size=12)
iris = st.builds(lambda b, local: ox.NamedNode(b + local), st.sampled_from(BASES), locals_)
bnodes = st.sampled_from(["a", "b", "c1"]).map(ox.BlankNode)
lexical = st.text(max_size=12).filter(lambda s: "\x00" not in s)
literals = st.one_of(
    lexical.map(ox.Literal),
    st.builds(lambda v, lang: ox.Literal(v, language=lang), lexical, st.sampled_from(["id", "en", "en-gb"])),
    st.builds(lambda v, dt: ox.Literal(v, datatype=ox.NamedNode(XSD + dt)),
              st.one_of(st.integers(-10**20, 10**20).map(str), st.sampled_from(["01", "+2", "true", "false",
                                                                              "TRUE", "1.0", "2022-01-11"])),
              st.sampled_from(["integer", "boolean", "date", "double", "nonNegativeInteger", "string"])),
)
predicates = st.one_of(iris, st.just(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")))
graphs = st.one_of(st.just(ox.DefaultGraph()), iris, bnodes)
quads = st.builds(ox.Quad, st.one_of(iris, bnodes), predicates, st.one_of(iris, bnodes, literals), graphs)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(quads, max_size=12))
def test_any_statements_read_back_exactly(statements):
    written = dumps(statements)
    back = set(ox.parse(written, format=ox.RdfFormat.JSON_LD))
    assert back == set(statements)
    assert dumps(list(reversed(statements))) == written  # the order given does not change the bytes


def test_one_node_is_a_top_level_object_with_terms():
    person = ox.NamedNode(PREFIXES["id"] + "person/antony-blinken")
    doc = document([
        ox.Triple(person, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                  ox.NamedNode(PREFIXES["kg"] + "Person")),
        ox.Triple(person, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("Antony Blinken")),
        ox.Triple(person, ox.NamedNode(PREFIXES["kg"] + "mentionCount"),
                  ox.Literal("3", datatype=ox.NamedNode(XSD + "integer"))),
    ])
    assert doc["@id"] == "id:person/antony-blinken" and doc["@type"] == "Person"
    assert doc["label"] == "Antony Blinken" and doc["mentionCount"] == 3
    assert doc["@context"]["Person"] == "kg:Person"
    json.dumps(doc)  # plain JSON throughout
