"""The answer comparison is only as loose as value equality: different values stay different."""

from __future__ import annotations

import pyoxigraph as ox

from tests.support.answers import concatenated, norm, rows_of

XSD = "http://www.w3.org/2001/XMLSchema#"


def lit(value: str, datatype: str | None = None, language: str | None = None) -> ox.Literal:
    if language:
        return ox.Literal(value, language=language)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype)) if datatype else ox.Literal(value)


def test_same_values_compare_equal():
    assert norm(lit("1", "integer")) == norm(lit("1.0", "decimal")) == norm(lit("01", "nonNegativeInteger"))
    assert norm(lit("0", "boolean")) == norm(lit("false", "boolean"))
    assert norm(lit("a")) == norm(lit("a", "string"))
    assert norm(lit("x", language="EN")) == norm(lit("x", language="en"))


def test_different_values_do_not():
    assert norm(lit("1", "integer")) != norm(lit("2", "integer"))
    assert norm(lit("true", "boolean")) != norm(lit("0", "boolean"))
    assert norm(lit("a")) != norm(lit("a", language="en"))
    assert norm(lit("2022-01-11", "date")) != norm(lit("2022-01-12", "date"))
    assert norm(ox.NamedNode("http://a")) != norm(lit("http://a"))


def test_group_concat_parts_in_any_order_but_not_other_parts():
    text = 'SELECT ?a (GROUP_CONCAT(DISTINCT ?n; separator=", ") AS ?names) WHERE { ?a ?p ?n } GROUP BY ?a'
    assert concatenated(text) == {"names": ", "}
    store = ox.Store()
    g = ox.NamedNode("http://g")
    for name in ("x", "y"):
        store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://p"), ox.Literal(name), g))
    rows = rows_of(store.query(text, use_default_graph_as_union=True), concatenated(text))
    assert rows == {(("iri", "http://a"), ("parts", ("x", "y")))}
    assert rows != {(("iri", "http://a"), ("parts", ("x", "z")))}
