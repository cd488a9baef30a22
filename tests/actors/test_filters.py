"""Filters by relation, type, date, weight and ego network."""

from __future__ import annotations

import pytest

from kg.actors import filters as f

KG = "https://w3id.org/kg-news/id/"


def pairs(graph):
    return {(u.removeprefix(KG), k, v.removeprefix(KG)) for u, v, k in graph.edges(keys=True)}


def test_default_drops_isolated_actors_and_leaves_the_input_alone(projected):
    g = f.Filters().apply(projected)
    assert KG + "organisation/kompastv" in projected  # a publisher only: no edge
    assert KG + "organisation/kompastv" not in g
    assert g.number_of_nodes() == 11 and g.number_of_edges() == 18
    assert f.Filters(isolates=True).apply(projected).number_of_nodes() == 12


def test_by_relation(projected):
    g = f.Filters(relations=["leads", "member_of"]).apply(projected)
    assert pairs(g) == {("country/ru", "leads", "organisation/csto"),
                        ("country/kz", "member_of", "organisation/csto"),
                        ("country/ru", "member_of", "organisation/csto")}
    with pytest.raises(f.FilterError, match="unknown relation sends_troops"):
        f.by_relation(projected, ["sends_troops"])


def test_by_type(projected):
    g = f.Filters(types=["country", "Organisation"]).apply(projected)
    assert {d["type"] for _, d in g.nodes(data=True)} == {"Country", "Organisation"}
    assert ("country/ru", "contributes_to", "country/kz") in pairs(g)
    with pytest.raises(f.FilterError, match="unknown actor type Place"):
        f.by_type(projected, ["Place"])


def test_by_date_keeps_overlapping_items_and_recounts_weights(projected):
    g = f.Filters(date_from="2022-01-06", date_to="2022-01-08").apply(projected)
    assert pairs(g) == {("person/antony-blinken", "speaks_about", "country/ru")}
    # the deployment (13-23 Jan) overlaps a range that starts inside it
    g = f.by_date(projected, "2022-01-20", None)
    assert g.edges[KG + "organisation/csto", KG + "country/kz", "sends_troops_to"]["weight"] == 2
    # standing relations keep only the co-mentioning articles in range: weight 2 -> 1
    g = f.by_date(projected, None, "2022-01-12")
    leads = g.edges[KG + "country/ru", KG + "organisation/csto", "leads"]
    assert (leads["weight"], leads["articles"]) == (1, [KG + "article/000-a"])
    assert projected.edges[KG + "country/ru", KG + "organisation/csto", "leads"]["weight"] == 2  # untouched
    # a month means its whole month at the end of a range
    assert f.parse_date("2022-02", end=True) == "2022-02-28"
    assert f.parse_date("2022", end=False) == "2022-01-01"
    with pytest.raises(f.FilterError, match="not a date"):
        f.by_date(projected, "11/01/2022", None)
    with pytest.raises(f.FilterError, match="empty"):
        f.by_date(projected, "2022-02-01", "2022-01-01")


def test_by_min_weight(projected):
    g = f.Filters(min_weight=2).apply(projected)
    assert len(pairs(g)) == 7
    assert all(d["weight"] >= 2 for _, _, d in g.edges(data=True))
    assert KG + "person/antony-blinken" not in g


def test_ego_network_by_name_acronym_or_iri(projected):
    g = f.Filters(ego="Tokayev").apply(projected)
    assert {n.removeprefix(KG) for n in g} == {"person/kassym-jomart-tokayev", "organisation/csto", "country/kz"}
    assert g.number_of_edges() == 5
    assert set(f.Filters(ego="csto", radius=0).apply(f.Filters().apply(projected)).nodes) == set()
    assert f.find_actor(projected, "CSTO") == KG + "organisation/csto"
    assert f.find_actor(projected, "organisation/csto") == KG + "organisation/csto"
    assert f.find_actor(projected, KG + "country/kz") == KG + "country/kz"
    assert f.find_actor(projected, "republik kazakhstan") == KG + "country/kz"
    g2 = f.ego_network(projected, "Blinken", radius=2)
    assert KG + "organisation/csto" in g2 and KG + "person/sergey-andreev" not in g2
    with pytest.raises(f.FilterError, match="no actor is called 'Putin'"):
        f.find_actor(projected, "Putin")
