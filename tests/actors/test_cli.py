"""`kg graph` and `kg analyse` as a user runs them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli import main
from kg.store import query

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "actors" / "small.trig"
KG = "https://w3id.org/kg-news/id/"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_graph_writes_the_format_of_the_suffix_with_filters(tmp_path):
    out = tmp_path / "x.graphml"
    r = run("graph", "--store", FIXTURE, "--output", out, "--relation", "contributes_to,sends_troops_to")
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out, force_multigraph=True)
    assert g.number_of_nodes() == 5 and g.number_of_edges() == 4


def test_graph_picture_in_english_with_a_readable_title(tmp_path):
    out = tmp_path / "x.svg"
    r = run("graph", "--store", FIXTURE, "--output", out, "--lang", "en",
            "--relation", "contributes_to,sends_troops_to")
    assert r.exit_code == 0, r.output
    svg = out.read_text(encoding="utf-8")
    assert "Actor network · contributes to, sends troops to" in svg and "Labels in English" in svg
    r = run("graph", "--store", FIXTURE, "--output", tmp_path / "y.png", "--lang", "fr")
    assert r.exit_code == 2 and "--lang" in r.output


def test_graph_errors_name_the_problem(tmp_path):
    r = run("graph", "--store", tmp_path / "missing", "--output", tmp_path / "x.png")
    assert r.exit_code != 0 and "no such file or folder" in r.output
    r = run("graph", "--store", FIXTURE, "--output", tmp_path / "x.png", "--ego", "Putin")
    assert r.exit_code != 0 and "no actor is called 'Putin'" in r.output
    r = run("graph", "--store", FIXTURE, "--output", tmp_path / "x.unknown")
    assert r.exit_code != 0 and "add --format" in r.output
    r = run("graph", "--store", FIXTURE, "--output", tmp_path / "x.png", "--from", "yesterday")
    assert r.exit_code != 0 and "'yesterday' is not a date" in r.output
    assert not list(tmp_path.glob("x.*"))


def test_analyse_table_and_json():
    r = run("analyse", "--store", FIXTURE)
    assert r.exit_code == 0
    lines = r.output.splitlines()
    assert lines[0] == "11 actors, 18 relations (most central first, by PageRank)"
    assert lines[3].startswith("Kazakhstan")
    r = run("analyse", "--store", FIXTURE, "--json", "--top", "2")
    data = json.loads(r.output)
    assert [f["label"] for f in data["figures"]] == ["Kazakhstan", "Organisasi Traktat Keamanan Kolektif"]
    assert set(data["figures"][0]) == {"iri", "label", "type", "degree", "weighted_degree", "betweenness",
                                       "pagerank", "eigenvector", "community"}


def test_analyse_path_prints_each_hop_with_sentences():
    r = run("analyse", "--store", FIXTURE, "--path", "Tokayev", "Blinken")
    assert r.exit_code == 0
    assert "2 shortest path(s) of 3 hop(s) from Kassym-Jomart Tokayev to Antony Blinken" in r.output
    assert "Blinken berkata, begitu Rusia ada di rumahmu" in r.output and "[001_b]" in r.output
    r = run("analyse", "--store", FIXTURE, "--path", "Tokayev", "Amerika Serikat", "--json")
    paths = json.loads(r.output)["paths"]
    assert paths[0]["actors"][-1] == KG + "country/us"
    r = run("analyse", "--store", FIXTURE, "--path", "Tokayev", "Blinken", "--relation", "sends_troops_to",
            "--isolates")
    assert r.exit_code == 1 and "No path between" in r.output


def test_write_back_to_a_store_and_a_file(tmp_path):
    store_dir = tmp_path / "store"
    store = ox.Store(str(store_dir))
    store.bulk_load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    store.flush()
    del store
    for _ in range(2):  # a rerun replaces the figures, never duplicates them
        r = run("analyse", "--store", store_dir, "--write-back", "--rdf-out", tmp_path / "figures.trig")
        assert r.exit_code == 0, r.output
    store = ox.Store.read_only(str(store_dir))
    rows = list(query(store, """SELECT ?a ?pr ?c WHERE { GRAPH id:graph\\/analysis {
        ?a kg:pagerank ?pr ; kg:community ?c } } ORDER BY DESC(?pr)"""))
    assert len(rows) == 11
    assert rows[0]["a"].value == KG + "country/kz" and float(rows[0]["pr"].value) > 0.3
    assert len(list(query(store, "SELECT * WHERE { ?a kg:degree ?d }"))) == 11
    mem = ox.Store()
    mem.bulk_load(path=str(tmp_path / "figures.trig"), format=ox.RdfFormat.TRIG)
    assert len(mem) == 11 * 6


def test_write_back_refuses_an_rdf_file(tmp_path):
    copy = tmp_path / "g.trig"
    shutil.copy(FIXTURE, copy)
    r = run("analyse", "--store", copy, "--write-back")
    assert r.exit_code != 0 and "not a store" in r.output
