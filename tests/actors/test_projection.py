"""The projection of a hand-made TriG (docs/rdf-layout.md shape), checked edge by edge."""

from __future__ import annotations

from kg.actors.projection import RELATIONS, local_path

KG = "https://w3id.org/kg-news/id/"


def edges_of(graph):
    return {
        (local_path(u), k, local_path(v)): d["weight"] for u, v, k, d in graph.edges(keys=True, data=True)
    }


def test_nodes_are_the_actors_with_types_names_and_mentions(projected):
    nodes = {local_path(n): d for n, d in projected.nodes(data=True)}
    assert set(nodes) == {
        "person/kassym-jomart-tokayev", "person/sergey-andreev", "person/antony-blinken",
        "organisation/csto", "organisation/kementerian-luar-negeri-rusia",
        "organisation/pasukan-khusus-belarusia", "organisation/kompastv",
        "country/kz", "country/ru", "country/by", "country/kg", "country/us",
    }  # no Place, Deployment, Statement or Article
    csto = nodes["organisation/csto"]
    assert (csto["type"], csto["label"], csto["short"]) == ("Organisation", "Organisasi Traktat Keamanan Kolektif",
                                                            "CSTO")
    assert csto["names"] == ["CSTO", "Organisasi Perjanjian Keamanan Kolektif"]
    assert csto["mentions"] == 12  # kg:mentionCount wins
    assert nodes["country/kz"]["mentions"] == 2  # counted from schema:mentions
    assert nodes["country/kg"]["mentions"] == 1
    assert nodes["person/kassym-jomart-tokayev"]["type"] == "Person"


def test_edges_and_weights(projected):
    assert edges_of(projected) == {
        # the deployment: Nursultan and Almaty roll up to Kazakhstan, once; two articles
        ("organisation/csto", "sends_troops_to", "country/kz"): 2,
        ("country/ru", "contributes_to", "country/kz"): 2,
        ("country/by", "contributes_to", "country/kz"): 2,
        ("country/kg", "contributes_to", "country/kz"): 2,
        # standing relations: weight = articles mentioning both
        ("country/ru", "leads", "organisation/csto"): 2,
        ("country/kz", "member_of", "organisation/csto"): 2,
        ("country/ru", "member_of", "organisation/csto"): 2,
        ("person/kassym-jomart-tokayev", "affiliated_with", "country/kz"): 1,
        ("person/sergey-andreev", "affiliated_with", "country/by"): 1,
        ("person/sergey-andreev", "affiliated_with", "organisation/pasukan-khusus-belarusia"): 1,
        ("person/antony-blinken", "affiliated_with", "country/us"): 1,
        ("organisation/kementerian-luar-negeri-rusia", "based_in", "country/ru"): 1,
        ("organisation/pasukan-khusus-belarusia", "based_in", "country/by"): 1,
        # statements: the speaker is never an edge to itself; a Place in kg:about is skipped
        ("person/kassym-jomart-tokayev", "speaks_about", "organisation/csto"): 1,
        ("person/kassym-jomart-tokayev", "speaks_about", "country/kz"): 1,
        ("person/antony-blinken", "speaks_about", "country/ru"): 1,
        ("organisation/kementerian-luar-negeri-rusia", "speaks_about", "person/antony-blinken"): 1,
        ("organisation/kementerian-luar-negeri-rusia", "responds_to", "person/antony-blinken"): 1,
    }
    # Rusia -> Asia Tengah (a Place with no country) gives nothing
    assert set(projected.successors(KG + "country/ru")) == {KG + "country/kz", KG + "organisation/csto"}
    assert {k for _, _, k in projected.edges(keys=True)} <= set(RELATIONS)


def test_edges_keep_their_evidence_items_articles_and_dates(projected):
    e = projected.edges[KG + "organisation/csto", KG + "country/kz", "sends_troops_to"]
    assert e["support"] == [KG + "deployment/csto--kz"]
    assert e["articles"] == [KG + "article/000-a", KG + "article/001-b"]
    (item,) = e["items"]
    assert item["kind"] == "deployment"
    assert item["dates"] == ["2022-01-13", "2022-01-23"]  # its own withdrawal dates
    assert [s["text"] for s in item["sentences"]] == [
        "Pasukan CSTO yang dipimpin Rusia tiba di Kazakhstan.",
        "Rusia, Belarus dan Kirgizstan mengirim 2.500 tentara.",
    ]
    assert [s["article"] for s in item["sentences"]] == [KG + "article/000-a", KG + "article/001-b"]
    assert (e["first_date"], e["last_date"]) == ("2022-01-13", "2022-01-23")

    talk = projected.edges[KG + "person/kassym-jomart-tokayev", KG + "organisation/csto", "speaks_about"]
    assert talk["support"] == [KG + "statement/000-a/1", KG + "statement/000-a/2"]
    assert talk["weight"] == 1  # two statements, one article

    # a statement without kg:date is dated by its article
    mfa = projected.edges[KG + "organisation/kementerian-luar-negeri-rusia", KG + "person/antony-blinken",
                          "responds_to"]
    assert mfa["items"][0]["dates"] == ["2022-01-14"]
    assert mfa["items"][0]["sentences"][0]["text"].startswith("Kementerian Luar Negeri Rusia menyebut")

    # standing relations are supported by co-mentioning articles, dated by them
    leads = projected.edges[KG + "country/ru", KG + "organisation/csto", "leads"]
    assert [(i["kind"], i["id"], i["dates"]) for i in leads["items"]] == [
        ("co-mention", KG + "article/000-a", ["2022-01-11"]),
        ("co-mention", KG + "article/001-b", ["2022-01-14"]),
    ]
    assert leads["support"] == []


def test_articles_are_listed_for_evidence_links(projected):
    assert projected.graph["articles"][KG + "article/000-a"] == {
        "label": "000_a", "file": "000_a.txt", "published": "2022-01-11"}
