"""Centralities, communities and paths on small graphs whose answers are worked out by hand."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from kg.actors import analyses

KG = "https://w3id.org/kg-news/id/"


def net(edges, isolated=()):
    """A MultiDiGraph shaped like a projection: (source, target, relation, weight)."""
    g = nx.MultiDiGraph()
    for u, v, rel, w in edges:
        for n in (u, v):
            g.add_node(n, label=n, type="Country", names=[], mentions=1)
        g.add_edge(u, v, key=rel, relation=rel, weight=w, items=[], articles=[], support=[],
                   first_date="", last_date="")
    for n in isolated:
        g.add_node(n, label=n, type="Person", names=[], mentions=0)
    return g


STAR = [("B", "A", "member_of", 1), ("C", "A", "member_of", 1), ("D", "A", "member_of", 1)]


def by_iri(rows):
    return {r.iri: r for r in rows}


def test_star_pointing_at_its_centre():
    rows = by_iri(analyses.figures(net(STAR)))
    a, b = rows["A"], rows["B"]
    assert (a.degree, a.weighted_degree, b.degree, b.weighted_degree) == (3, 3, 1, 1)
    # all 3 leaf pairs go through A; normalised by (n-1)(n-2)/2 = 3
    assert (a.betweenness, b.betweenness) == (1.0, 0.0)
    # PageRank, alpha 0.85, A dangling (spreads evenly):
    #   PR_leaf = 0.15/4 + 0.85 * PR_A/4 ;  PR_A + 3 PR_leaf = 1  =>  PR_A = 0.8875 / 1.6375
    assert a.pagerank == pytest.approx(0.8875 / 1.6375, abs=1e-5)
    assert b.pagerank == pytest.approx((1 - 0.8875 / 1.6375) / 3, abs=1e-5)
    # star K1,3: eigenvalue sqrt 3, centre 1/sqrt 2, leaves 1/sqrt 6
    assert a.eigenvector == pytest.approx(1 / math.sqrt(2), abs=1e-5)
    assert b.eigenvector == pytest.approx(1 / math.sqrt(6), abs=1e-5)
    assert [r.iri for r in analyses.figures(net(STAR))][0] == "A"  # most central first


def test_path_of_three():
    rows = by_iri(analyses.figures(net([("A", "B", "leads", 1), ("B", "C", "leads", 1)])))
    assert rows["B"].betweenness == 1.0 and rows["A"].betweenness == 0.0
    # path A-B-C: eigenvalue sqrt 2, vector (1, sqrt 2, 1) / 2
    assert rows["B"].eigenvector == pytest.approx(math.sqrt(2) / 2, abs=1e-5)
    assert rows["A"].eigenvector == pytest.approx(0.5, abs=1e-5)


def test_multi_edges_sum_into_weighted_degree_not_degree():
    g = net([("A", "B", "leads", 2), ("B", "A", "speaks_about", 3), ("B", "C", "leads", 1)])
    rows = by_iri(analyses.figures(g))
    assert (rows["A"].degree, rows["A"].weighted_degree) == (1, 5)
    assert (rows["B"].degree, rows["B"].weighted_degree) == (2, 6)


def test_disconnected_graph_eigenvector_per_component_and_isolates():
    g = net(STAR + [("E", "F", "leads", 1)], isolated=["Z"])
    eig = analyses.eigenvector(g)
    n = 7
    # each component gets its textbook vector, scaled by sqrt(|C| / N)
    assert eig["A"] == pytest.approx(1 / math.sqrt(2) * math.sqrt(4 / n), abs=1e-6)
    assert eig["B"] == pytest.approx(1 / math.sqrt(6) * math.sqrt(4 / n), abs=1e-6)
    assert eig["E"] == pytest.approx(1 / math.sqrt(2) * math.sqrt(2 / n), abs=1e-6)
    assert eig["Z"] == 0.0
    assert sum(v * v for v in eig.values()) == pytest.approx(6 / 7)  # isolates carry no mass
    rows = by_iri(analyses.figures(g))
    assert rows["Z"].pagerank > 0 and rows["Z"].degree == 0 and rows["Z"].betweenness == 0.0


def test_two_triangles_make_two_communities_numbered_by_size_then_name():
    tri = [("A", "B", "leads", 1), ("B", "C", "leads", 1), ("C", "A", "leads", 1),
           ("D", "E", "leads", 1), ("E", "F", "leads", 1), ("F", "D", "leads", 1), ("C", "D", "leads", 1)]
    comm = analyses.communities(net(tri))
    assert {n for n, c in comm.items() if c == 1} == {"A", "B", "C"}
    assert {n for n, c in comm.items() if c == 2} == {"D", "E", "F"}
    assert analyses.communities(net(tri)) == comm  # same seed, same answer
    rows = by_iri(analyses.figures(net(tri)))
    # C carries the bridge for the pairs {A, B} x {D, E, F}: 6 of (6-1)(6-2)/2 = 10 pairs
    assert rows["C"].betweenness == pytest.approx(0.6)
    assert rows["A"].betweenness == 0.0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sparse_betweenness_equals_networkx(seed):
    g = nx.gnm_random_graph(40, 70, seed=seed)
    g.add_node(99)  # an isolate
    mine = analyses.betweenness(g, batch_cells=200)  # several batches
    ref = nx.betweenness_centrality(g, normalized=True)
    assert mine == pytest.approx(ref, abs=1e-12)


def test_shortest_paths_all_of_them_with_evidence():
    square = net([("A", "B", "leads", 1), ("B", "C", "member_of", 1), ("D", "A", "leads", 1),
                  ("C", "D", "speaks_about", 2)])
    paths = analyses.shortest_paths(square, "A", "C")
    assert [p["actors"] for p in paths] == [["A", "B", "C"], ["A", "D", "C"]]
    hop = paths[1]["hops"][1]
    assert hop["relations"] == [{"source": "C", "target": "D", "relation": "speaks_about", "weight": 2,
                                 "evidence": []}]
    assert analyses.shortest_paths(square, "A", "C", limit=1)[0]["actors"] == ["A", "B", "C"]
    assert analyses.shortest_paths(net(STAR + [("E", "F", "leads", 1)]), "A", "E") == []
    with pytest.raises(analyses.AnalysisError):
        analyses.shortest_paths(square, "A", "A")


def test_path_in_the_fixture_carries_sentences_and_articles(projected):
    from kg.actors.filters import find_actor

    a, b = find_actor(projected, "Tokayev"), find_actor(projected, "Blinken")
    paths = analyses.shortest_paths(projected, a, b)
    assert [[n.removeprefix(KG) for n in p["actors"]] for p in paths] == [
        ["person/kassym-jomart-tokayev", "country/kz", "country/ru", "person/antony-blinken"],
        ["person/kassym-jomart-tokayev", "organisation/csto", "country/ru", "person/antony-blinken"],
    ]
    last = paths[0]["hops"][-1]["relations"][0]
    assert last["relation"] == "speaks_about"
    (item,) = last["evidence"]
    assert item["sentences"][0]["text"].startswith("Blinken berkata")
    assert item["sentences"][0]["article_label"] == "001_b"
    assert item["articles"][0]["published"] == "2022-01-14"


def test_empty_graph():
    assert analyses.figures(nx.MultiDiGraph()) == []
