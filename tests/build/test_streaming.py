"""The streamed build (facts from the cache, graph by graph) writes the graph the in-memory path makes."""

from __future__ import annotations

import pyoxigraph as ox

from kg.articles import read_article
from kg.extract import extract
from kg.rdf import dataset_quads
from kg.resolve import resolve
from tests.build.conftest import ROOT, build


def test_streamed_and_in_memory_builds_agree(tmp_path):
    paths = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests/corpus/heldout-2").glob("*.txt"))[:3]
    build(paths, tmp_path / "out", with_store=False)
    streamed = {str(q) for q in ox.parse(path=str(tmp_path / "out" / "graph.trig"))}
    in_memory = {str(q) for q in dataset_quads(resolve(extract([read_article(p) for p in paths])))}
    assert streamed == in_memory and len(streamed) > 500


def test_graph_files_are_valid_rdf_with_the_same_triples(tmp_path):
    build([ROOT / "seeds"], tmp_path / "out", with_store=False)
    quads = list(ox.parse(path=str(tmp_path / "out" / "graph.trig")))
    triples = {str(t) for t in ox.parse(path=str(tmp_path / "out" / "graph.ttl"))}
    assert triples == {str(q.triple) for q in quads}
    graphs = {q.graph_name.value for q in quads}
    assert len(graphs) == 3 and sum(g.endswith("/graph/entities") for g in graphs) == 1  # two articles, entities
