"""Every export format is written whole and reads back to the same network."""

from __future__ import annotations

import csv
import json
import re

import networkx as nx
import pytest

from kg.actors import export
from kg.actors.filters import Filters

KG = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="module")
def network(projected):
    return Filters().apply(projected)


def test_graphml_reads_back_with_scalar_attributes(network, tmp_path):
    path = export.write(network, "graphml", tmp_path / "a.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == 11 and back.number_of_edges() == 18
    csto = back.nodes[KG + "organisation/csto"]
    assert (csto["type"], csto["short"], csto["names"]) == (
        "Organisation", "CSTO", "CSTO | Organisasi Perjanjian Keamanan Kolektif")
    assert csto["pagerank"] > 0 and csto["community"] >= 1
    edge = back.edges[KG + "organisation/csto", KG + "country/kz", "sends_troops_to"]
    assert (edge["relation"], edge["weight"], edge["support"]) == (
        "sends_troops_to", 2, KG + "deployment/csto--kz")


def test_gexf_reads_back(network, tmp_path):
    back = nx.read_gexf(export.write(network, "gexf", tmp_path / "a.gexf"))
    assert back.number_of_nodes() == 11 and back.number_of_edges() == 18
    rels = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert rels.count("contributes_to") == 3 and rels.count("speaks_about") == 4


def test_json_is_cytoscape_and_networkx_readable_with_evidence(network, tmp_path):
    data = json.loads(export.write(network, "json", tmp_path / "a.json").read_text(encoding="utf-8"))
    assert set(data["elements"]) == {"nodes", "edges"}
    node = next(n for n in data["elements"]["nodes"] if n["data"]["id"] == KG + "country/kz")
    assert node["data"]["path"] == "country/kz" and 0 <= node["position"]["x"] <= 1000
    back = nx.cytoscape_graph(data)
    assert back.number_of_nodes() == 11 and back.number_of_edges() == 18
    edge = back.edges[KG + "person/antony-blinken", KG + "country/ru", "speaks_about"]
    assert edge["items"][0]["sentences"][0]["text"].startswith("Blinken berkata")
    assert data["data"]["articles"][KG + "article/001-b"]["published"] == "2022-01-14"


def test_csv_edge_list(network, tmp_path):
    rows = list(csv.DictReader(export.write(network, "csv", tmp_path / "a.csv").open(encoding="utf-8")))
    assert len(rows) == 18
    row = next(r for r in rows if r["relation"] == "sends_troops_to")
    assert (row["source_label"], row["target_label"], row["weight"], row["first_date"], row["last_date"]) == (
        "Organisasi Traktat Keamanan Kolektif", "Kazakhstan", "2", "2022-01-13", "2022-01-23")


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("svg", b"<?xml")])
def test_pictures(network, tmp_path, fmt, magic):
    path = export.write(network, fmt, tmp_path / f"a.{fmt}", title="Fixture")
    assert path.read_bytes().startswith(magic)
    if fmt == "svg":
        text = path.read_text(encoding="utf-8")
        for label in ("Fixture", "11 actors · 18 relations · 2 articles", "sends troops to", "Person"):
            assert label in text  # titles and legends stay text (haloed labels become paths)


def test_picture_caption_names_corpus_dates_and_filters(network, tmp_path):
    from kg.actors.draw import caption
    from kg.actors.filters import Filters

    plain = caption(network)
    assert "Corpus: 2 articles" in plain and "Drawn: 11 actors and 18 relations" in plain
    assert "Filters: none" in plain
    narrowed = Filters(relations=["speaks_about"], min_weight=1, date_from="2022-01-06").apply(network)
    text = caption(narrowed)
    assert "Filters: relations: speaks about; dated 2022-01-06 to …" in text
    svg = export.write(narrowed, "svg", tmp_path / "n.svg", title="Fixture").read_text(encoding="utf-8")
    assert "relations: speaks about" in svg


def test_picture_labels_every_actor_of_a_small_graph(network):
    import matplotlib.pyplot as plt

    from kg.actors.draw import figure

    fig = figure(network, title="Fixture")
    labels = {t.get_text() for t in fig.axes[0].texts}
    plt.close(fig)
    assert {"CSTO", "Kazakhstan", "Kassym-Jomart Tokayev", "Kementerian Luar Negeri Rusia"} <= labels
    assert len(labels) == 11


def _drawn_labels(graph, lang):
    import matplotlib.pyplot as plt

    from kg.actors.draw import figure

    fig = figure(graph, title="Fixture", lang=lang)
    try:
        return {t.get_text().replace("\n", " ") for t in fig.axes[0].texts}
    finally:
        plt.close(fig)


def _names_in(lang):
    """Every country and well-known organisation name kg knows in `lang` and not in the other language."""
    from kg import lexicon

    _, indonesian, english = lexicon.countries()
    _, records = lexicon.organisations()
    id_, en = set(indonesian.values()), set(english.values())
    for key, (name, acronym) in lexicon.english_names().items():
        en.add(name)
        id_.add(records[key].name)
        if acronym:
            en.add(acronym)
            id_.add(records[key].acronym)
    return {"id": id_ - en, "en": en - id_}[lang]


@pytest.fixture()
def mixed(network):
    """The fixture as a store built elsewhere might hold it: some labels English, some Indonesian."""
    g = network.copy()
    g.nodes[KG + "country/ru"].update(label="Russia", short="Russia")
    g.nodes[KG + "country/us"].update(label="United States", short="United States", names=["Amerika Serikat"])
    g.add_node(KG + "organisation/pbb", iri=KG + "organisation/pbb", label="United Nations", short="UN",
               type="Organisation", names=["Perserikatan Bangsa-Bangsa"], mentions=1, articles=1, iso="")
    g.add_edge(KG + "organisation/pbb", KG + "country/kz", key="speaks_about",
               **g.edges[KG + "person/antony-blinken", KG + "country/ru", "speaks_about"])
    return g


@pytest.mark.parametrize("lang, expected, other", [
    ("id", {"Rusia", "Amerika Serikat", "PBB", "CSTO", "Kazakhstan"}, "en"),
    ("en", {"Russia", "United States", "UN", "CSTO", "Kazakhstan"}, "id"),
])
def test_picture_labels_are_in_one_language(mixed, lang, expected, other):
    drawn = _drawn_labels(mixed, lang)
    assert expected <= drawn
    assert not drawn & _names_in(other), f"{lang} picture has {other} labels"
    assert "Kassym-Jomart Tokayev" in drawn  # people: as given
    ministry = {"id": "Kementerian Luar Negeri Rusia", "en": "Ministry of Foreign Affairs of Russia"}
    assert ministry[lang] in drawn and ministry[other] not in drawn


def test_picture_caption_names_the_labels_language(network, tmp_path):
    from kg.actors.draw import caption

    assert "Labels in Indonesian" in caption(network)
    assert "Labels in English" in caption(network, "en")
    svg = export.write(network, "svg", tmp_path / "en.svg", lang="en").read_text(encoding="utf-8")
    assert "Labels in English" in svg  # the caption stays text (haloed labels become paths)
    with pytest.raises(ValueError, match="unknown label language 'fr'"):
        export.write(network, "png", tmp_path / "fr.png", lang="fr")


def test_standalone_html_inlines_everything(network, tmp_path):
    text = export.write(network, "html", tmp_path / "a.html").read_text(encoding="utf-8")
    assert "cytoscape" in text and 'id="ag-data"' in text and "Pasukan CSTO yang dipimpin" in text
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', text)  # nothing fetched
    data = re.search(r'<script type="application/json" id="ag-data">(.*?)</script>', text, re.S).group(1)
    assert len(json.loads(data)["elements"]["nodes"]) == 11


def test_failed_write_leaves_the_old_file(network, tmp_path, monkeypatch):
    path = tmp_path / "a.csv"
    path.write_text("old", encoding="utf-8")

    def boom(graph):
        raise RuntimeError("disk full")

    monkeypatch.setattr(export, "edge_csv", boom)
    with pytest.raises(RuntimeError):
        export.write(network, "csv", path)
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]


def test_unknown_format(network, tmp_path):
    with pytest.raises(ValueError, match="unknown format 'dot'"):
        export.write(network, "dot", tmp_path / "a.dot")
