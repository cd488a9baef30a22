"""kg.formats: one table, one negotiation, used the same way by the CLI and the service."""

from __future__ import annotations

import pytest

from kg import formats
from kg.formats import GRAPH_FORMATS, PAGE_FORMATS, RESULT_FORMATS, NotAcceptable, UnknownFormat


def test_names_aliases_and_media_types_find_the_same_format():
    for key in ("ntriples", "nt", "N-Triples", "application/n-triples"):
        assert formats.by_name(key, GRAPH_FORMATS) is formats.NTRIPLES
    assert formats.by_name("json", RESULT_FORMATS) is formats.RESULTS_JSON
    assert formats.by_name("json", GRAPH_FORMATS) is formats.JSONLD
    with pytest.raises(UnknownFormat, match="'yaml' is not a format here; use one of: turtle, ntriples"):
        formats.by_name("yaml", GRAPH_FORMATS)


def test_suffixes():
    assert formats.by_extension("a/b.TTL", GRAPH_FORMATS) is formats.TURTLE
    assert formats.by_extension("x.owl", GRAPH_FORMATS) is formats.RDFXML
    with pytest.raises(UnknownFormat, match=r"x\.xyz: suffix '\.xyz' names no format here"):
        formats.by_extension("x.xyz", GRAPH_FORMATS)
    with pytest.raises(UnknownFormat, match="no suffix"):
        formats.by_extension("graph", GRAPH_FORMATS)


@pytest.mark.parametrize(("accept", "expected"), [
    (None, formats.HTML),
    ("", formats.HTML),
    ("*/*", formats.HTML),
    ("text/turtle", formats.TURTLE),
    ("application/json", formats.JSONLD),
    ("text/plain", formats.NTRIPLES),
    ("text/html;q=0.1, application/ld+json", formats.JSONLD),
    ("application/x-turtle;q=0.9, text/html;q=0.2", formats.TURTLE),
])
def test_accept_headers(accept, expected):
    assert formats.negotiate(PAGE_FORMATS, accept=accept) is expected


def test_wanted_wins_and_nothing_acceptable_is_an_error():
    assert formats.negotiate(PAGE_FORMATS, wanted="ttl", accept="text/html") is formats.TURTLE
    with pytest.raises(NotAcceptable, match="image/png"):
        formats.negotiate(PAGE_FORMATS, accept="image/png")
    with pytest.raises(UnknownFormat):
        formats.negotiate(RESULT_FORMATS, wanted="turtle")


def test_every_rdf_format_has_its_readers_and_writers():
    for f in GRAPH_FORMATS:
        assert f.rdf is not None and f.rdflib and f.extensions and f.rdf.supports_datasets == f.datasets
    for f in RESULT_FORMATS:
        assert (f.results is not None) == (f is not formats.XLSX)  # the workbook is kg.spreadsheet's
        assert bool(f.w3c) == (f is not formats.XLSX)  # and no W3C results format
