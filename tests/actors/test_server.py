"""The /graph blueprint and its JSON API, on a bare Flask app and on the real app."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from server import actors
from server.config import Config

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "actors" / "small.trig"
KG = "https://w3id.org/kg-news/id/"


@pytest.fixture(scope="module")
def client():
    from server.app import create_app

    app = create_app(Config(STORE=str(FIXTURE), ACCESS_LOG=None))
    return app.test_client()


def test_page_loads_vendored_cytoscape_and_the_data_url(client):
    r = client.get("/graph?relation=leads")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert "/static/actors/vendor/cytoscape.min.js" in html
    assert '"dataUrl":"/graph/data.json?relation=leads"' in html
    assert client.get("/static/actors/vendor/cytoscape.min.js").status_code == 200
    assert client.get("/static/actors/actors.js").status_code == 200


def test_data_json_filters(client):
    full = client.get("/graph/data.json").get_json()
    assert len(full["elements"]["nodes"]) == 11 and len(full["elements"]["edges"]) == 18
    assert all(i["sentences"] == [] for e in full["elements"]["edges"] for i in e["data"]["items"])
    r = client.get("/graph/data.json?relation=contributes_to&min_weight=2&from=2022-01&to=2022-01")
    edges = r.get_json()["elements"]["edges"]
    assert sorted(e["data"]["source"] for e in edges) == [KG + "country/by", KG + "country/kg", KG + "country/ru"]
    ego = client.get("/graph/data.json?ego=Tokayev&evidence=1").get_json()
    assert len(ego["elements"]["nodes"]) == 3
    assert any(i["sentences"] for e in ego["elements"]["edges"] for i in e["data"]["items"])
    # positions come from the full view, so a filtered view keeps actors in place
    kz = lambda d: next(n for n in d["elements"]["nodes"] if n["data"]["id"] == KG + "country/kz")  # noqa: E731
    assert kz(ego)["position"] == kz(full)["position"]


@pytest.mark.parametrize("query, message", [
    ("relation=bogus", "unknown relation bogus"),
    ("min_weight=two", "is not a whole number"),
    ("from=yesterday", "not a date"),
    ("ego=Putin", "no actor is called"),
])
def test_bad_filters_are_400_with_a_reason(client, query, message):
    r = client.get(f"/graph/data.json?{query}")
    assert r.status_code == 400 and message in r.get_json()["error"]


def test_edge_evidence(client):
    r = client.get("/graph/edge-evidence", query_string={
        "source": KG + "organisation/kementerian-luar-negeri-rusia", "target": KG + "person/antony-blinken",
        "relation": "responds_to"})
    body = r.get_json()
    assert r.status_code == 200 and body["weight"] == 1
    (item,) = body["evidence"]
    assert item["id"] == KG + "statement/001-b/2" and item["text"] == "Blinken tidak paham sejarah"
    assert item["sentences"][0]["article"] == KG + "article/001-b"
    missing = client.get("/graph/edge-evidence", query_string={
        "source": KG + "country/kz", "target": KG + "country/ru", "relation": "leads"})
    assert missing.status_code == 404
    out_of_range = client.get("/graph/edge-evidence", query_string={
        "source": KG + "organisation/csto", "target": KG + "country/kz", "relation": "sends_troops_to",
        "to": "2022-01-01"})
    assert out_of_range.status_code == 404 and "date range" in out_of_range.get_json()["error"]
    assert client.get("/graph/edge-evidence?source=x").status_code == 400


def test_analysis_json(client):
    body = client.get("/graph/analysis.json").get_json()
    assert body["actors"] == 11 and body["figures"][0]["label"] == "Kazakhstan"


def test_blueprint_on_a_bare_app():
    app = Flask(__name__, static_folder=str(Path(actors.__file__).with_name("static")),
                template_folder=str(Path(actors.__file__).with_name("templates")))
    app.extensions["kg_config"] = Config(STORE=str(FIXTURE), ACCESS_LOG=None)
    app.register_blueprint(actors.bp)
    r = app.test_client().get("/graph/data.json?type=Person")
    assert r.status_code == 200 and r.get_json()["elements"]["edges"] == []  # persons only talk to others
