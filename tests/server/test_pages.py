"""The web pages: the editor, saved-query pages, entity pages and their content negotiation.

Runs on a hand-made graph (tests/fixtures/pages/kg.trig, docs/rdf-layout.md shape)
and hand-made saved queries, through the Flask test client.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask

from kg.ns import PREFIXES
from tests.support.apps import make_app as shared_make_app

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
STORE = FIXTURES / "kg.trig"
QUERIES = FIXTURES / "queries"
ID = "https://w3id.org/kg-news/id/"
KG = "https://w3id.org/kg-news/ontology#"
HTML = {"Accept": "text/html"}


def make_app(store: Path = STORE) -> Flask:
    """The app over the pages fixture graph and its saved queries."""
    return shared_make_app(STORE=str(store), QUERIES_DIR=str(QUERIES))


@pytest.fixture(scope="module")
def client():
    return make_app().test_client()


class Links(HTMLParser):
    """Collects href/src attributes and the visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        if "href" in a:
            self.hrefs.append(a["href"])
        if "src" in a:
            self.srcs.append(a["src"])

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse(html: bytes) -> Links:
    p = Links()
    p.feed(html.decode("utf-8"))
    p.text = [" ".join(" ".join(p.text).split())]
    return p


def page(client, path: str) -> Links:
    r = client.get(path, headers=HTML)
    assert r.status_code == 200, (path, r.status_code)
    assert r.mimetype == "text/html"
    return parse(r.data)


# ------------------------------------------------------------------------- editor

def test_editor_page_loads_only_local_assets_and_lists_saved_queries(client):
    r = client.get("/query", headers=HTML)
    assert r.status_code == 200
    links = parse(r.data)
    assets = links.srcs + [h for h in links.hrefs if h.endswith((".css", ".js", ".svg"))]
    assert "/static/vendor/yasgui/yasgui.min.js" in links.srcs
    assert all(a.startswith("/") and not a.startswith("//") for a in assets), assets
    csp = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp
    html = r.data.decode()
    for name in ("statements", "speakers", "said-by", "relations"):
        assert f'data-name="{name}"' in html
    from kg import saved_queries

    internal = [q.name for q in saved_queries.load_all() if q.internal]
    assert internal and not any(f'data-name="{name}"' in html for name in internal)
    saved = json.loads(re.search(r'<script type="application/json" id="kg-saved">(.*?)</script>', html,
                                 re.S).group(1))
    said_by = next(q for q in saved if q["name"] == "said-by")
    # the editor opens a parameterised query with its default bound, so it runs as is
    assert "VALUES ?actor { <https://w3id.org/kg-news/id/person/kassym-jomart-tokayev> }" in said_by["query"]


def test_vendored_bundle_is_served(client):
    r = client.get("/static/vendor/yasgui/yasgui.min.js")
    assert r.status_code == 200 and len(r.data) > 500_000
    r.close()
    assert client.get("/static/vendor/yasgui/yasgui.min.css").status_code == 200


def test_prefix_completion_comes_from_our_prefixes(client):
    assert client.get("/ui/prefixes.json").get_json() == PREFIXES
    editor = client.get("/static/js/editor.js").data.decode()
    assert "prefixCcApi: root.dataset.prefixesUrl" in editor
    assert 'data-prefixes-url="/ui/prefixes.json"' in client.get("/query").data.decode()


def test_class_and_property_completion_lists_what_the_store_uses(client):
    terms = client.get("/ui/terms.json").get_json()
    assert KG + "Person" in terms["classes"] and KG + "Deployment" in terms["classes"]
    assert KG + "speaker" in terms["properties"] and KG + "troopCount" in terms["properties"]
    assert not any(t.startswith("http://purl.org/") for t in terms["properties"])


# ------------------------------------------------------------------------- saved queries

def test_queries_page_lists_titles_descriptions_parameters_and_run_links(client):
    p = page(client, "/queries")
    text = p.text[0]
    for title in ("Statements", "Speakers by statements", "Said by one actor", "Standing relations"):
        assert title in text
    assert "How many statements each actor made" in text
    assert "an actor's IRI or name" in text and "id:person/kassym-jomart-tokayev" in text
    assert "/queries/said-by/table" in p.hrefs or any(h.startswith("/queries/said-by/table") for h in p.hrefs)


def test_saved_query_runs_as_an_html_table_with_local_links(client):
    p = page(client, "/queries/statements/table")
    text = p.text[0]
    assert "4 results" in text
    assert "Misi utama pasukan CSTO sudah berhasil diselesaikan" in text
    assert "/id/person/maria-zakharova" in p.hrefs
    assert "/id/statement/001-f0df1e5d25b58775/2" in p.hrefs


def test_saved_query_parameters_come_from_the_query_string(client):
    default = page(client, "/queries/said-by/table").text[0]
    assert "2 results" in default and "berterima kasih" in default
    blinken = page(client, "/queries/said-by/table?actor=Antony+Blinken").text[0]
    assert "1 result" in blinken and "sulit mengusir Rusia" in blinken and "berterima" not in blinken


def test_construct_query_table_and_unknown_query(client):
    text = page(client, "/queries/relations/table").text[0]
    assert "subject" in text and "member of" not in text  # raw predicates, labelled by rdfs:label or IRI
    assert "Kazakhstan" in text
    r = client.get("/queries/no-such-query/table", headers=HTML)
    assert r.status_code == 404 and b"no saved query called" in r.data


def test_bad_parameter_is_a_clear_400(client):
    r = client.get("/queries/said-by/table?actor=%3Cnot%20an%20iri%3E", headers=HTML)
    assert r.status_code == 400
    assert b"not a valid IRI" in r.data


# ------------------------------------------------------------------------- entity pages

def test_person_page(client):
    p = page(client, "/id/person/kassym-jomart-tokayev")
    text = p.text[0]
    assert "Kassym-Jomart Tokayev" in text and "also called Tokayev" in text
    assert "Person" in text and "Presiden" in text
    assert "/id/country/kz" in p.hrefs  # affiliation links locally
    assert "Statements made 2" in text
    assert "“Misi utama pasukan CSTO sudah berhasil diselesaikan,” kata Tokayev." in text  # evidence
    assert "/id/statement/000-53b09ad841259d56/1" in p.hrefs
    assert "/id/article/000-53b09ad841259d56" in p.hrefs
    assert "Mentioned in 2" in text


def test_person_responses_and_statements_about(client):
    text = page(client, "/id/person/antony-blinken").text[0]
    assert "Responses to Antony Blinken 1" in text and "komentar itu ofensif" in text
    text = page(client, "/id/country/ru").text[0]
    assert "Statements about Rusia 1" in text and "sulit mengusir Rusia" in text


def test_organisation_page_shows_members_and_deployments(client):
    p = page(client, "/id/organisation/csto")
    text = p.text[0]
    assert "Organisasi Traktat Keamanan Kolektif" in text and "CSTO" in text
    assert "led by Rusia" in text
    assert "members 4" in text  # kz, ru, by, kg point at it with kg:memberOf
    for c in ("kz", "ru", "by", "kg"):
        assert f"/id/country/{c}" in p.hrefs
    assert "/id/deployment/csto--kz" in p.hrefs and "deployed by" in text


def test_country_page_shows_its_role_in_deployments(client):
    text = page(client, "/id/country/kz").text[0]
    assert "Deployments 1" in text and "destination" in text
    assert "contributors" in page(client, "/id/country/by").text[0]


def test_deployment_page(client):
    p = page(client, "/id/deployment/csto--kz")
    text = p.text[0]
    assert "CSTO → Kazakhstan" in text and "Deployment" in text
    assert "2500" in text and "Sekitar 2.500" in text and "approximately" in text
    assert "2022-01-06" in text and "2022-01-13" in text and "2022-01-23" in text
    for href in ("/id/organisation/csto", "/id/country/ru", "/id/country/by", "/id/country/kg",
                 "/id/place/nursultan", "/id/article/001-f0df1e5d25b58775"):
        assert href in p.hrefs
    assert "Evidence 2" in text
    assert "Sekitar 2.500 pasukan CSTO diterjunkan ke Kazakhstan." in text
    assert "Pasukan CSTO mulai ditarik dari Kazakhstan pada Kamis (13/1/2022)." in text


def test_statement_page(client):
    p = page(client, "/id/statement/001-f0df1e5d25b58775/2")
    text = p.text[0]
    assert "komentar itu ofensif" in text and "Statement" in text
    assert "/id/person/maria-zakharova" in p.hrefs and "/id/person/antony-blinken" in p.hrefs
    assert "responds to" in text
    assert "Zakharova menilai komentar itu ofensif." in text
    assert "/id/evidence/001-f0df1e5d25b58775/111-153" in p.hrefs


def test_article_page(client):
    p = page(client, "/id/article/001-f0df1e5d25b58775")
    text = p.text[0]
    assert "Article" in text and "2022-01-14" in text and "KompasTV" in text
    assert "Statements in this article 3" in text
    assert "Blinken menyebut sulit mengusir Rusia." in text
    assert "Actors mentioned" in text
    for href in ("/id/person/maria-zakharova", "/id/country/us", "/id/place/almaty",
                 "/id/deployment/csto--kz"):
        assert href in p.hrefs
    # the body, its statement sentences highlighted (so split by the marks that link them)
    assert "Zakharova menilai komentar itu ofensif." in text and "Tokayev berterima kasih." in text


def test_evidence_and_named_graph_pages(client):
    p = page(client, "/id/evidence/000-53b09ad841259d56/120-184")
    assert "Evidence for" in p.text[0] and "/id/deployment/csto--kz" in p.hrefs
    g = page(client, "/id/graph/article/000-53b09ad841259d56")
    assert "Named graph" in g.text[0] and "/id/statement/000-53b09ad841259d56/1" in g.hrefs


def test_every_local_link_on_the_entity_pages_resolves(client):
    seen: set[str] = set()
    todo = ["/id/person/kassym-jomart-tokayev"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        p = page(client, path)
        hrefs = [h.split("#")[0] for h in p.hrefs]
        todo += [h for h in hrefs if h.startswith("/id/") and "?" not in h and h not in seen]
    # ...and reaches every node of the graph: actors, deployment, articles, statements, evidence
    store = ox.Store()
    store.bulk_load(path=str(STORE), format=ox.RdfFormat.TRIG)
    nodes = {"/id/" + q.subject.value[len(ID):] for q in store}
    assert seen == nodes


def test_unknown_iri_is_a_404_page(client):
    r = client.get("/id/person/nobody", headers=HTML)
    assert r.status_code == 404 and r.mimetype == "text/html"
    assert b"Nothing is known about https://w3id.org/kg-news/id/person/nobody" in r.data
    assert client.get("/id/person/nobody", headers={"Accept": "text/turtle"}).status_code == 404
    assert client.get("/id/bad%20iri%3C%3E", headers=HTML).status_code == 404
    assert client.get("/no/such/page", headers=HTML).status_code == 404


def test_html_escapes_what_the_graph_says(tmp_path):
    trig = tmp_path / "evil.trig"
    trig.write_text(
        '<https://w3id.org/kg-news/id/graph/entities> { <https://w3id.org/kg-news/id/person/x> '
        'a <https://w3id.org/kg-news/ontology#Person> ; '
        '<http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>" . }\n',
        encoding="utf-8")
    r = make_app(trig).test_client().get("/id/person/x", headers=HTML)
    assert r.status_code == 200
    assert b"<script>alert(1)</script>" not in r.data and b"&lt;script&gt;alert(1)" in r.data


# ------------------------------------------------------------------------- content negotiation

def triples(data: bytes, fmt: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(data, format=fmt)}


def test_turtle_by_accept_header(client):
    r = client.get("/id/statement/001-f0df1e5d25b58775/2", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.mimetype == "text/turtle"
    assert "Accept" in r.headers["Vary"]
    ts = triples(r.data, ox.RdfFormat.TURTLE)
    st = ID + "statement/001-f0df1e5d25b58775/2"
    assert (st, KG + "speaker", ID + "person/maria-zakharova") in ts
    # the evidence node comes along, so the sentence is in the answer
    ev = ID + "evidence/001-f0df1e5d25b58775/111-153"
    assert (ev, KG + "sentence", "Zakharova menilai komentar itu ofensif.") in ts


def test_jsonld_by_accept_header_and_format_parameter(client):
    r = client.get("/id/person/antony-blinken", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200 and r.mimetype == "application/ld+json"
    doc = json.loads(r.data)
    nodes = doc.get("@graph", [doc])
    person = next(n for n in nodes if n.get("@id") == "id:person/antony-blinken")  # compact @ids
    assert person["@type"] == "Person" and person["label"] == "Antony Blinken"  # our terms by name
    assert doc["@context"]["id"] == ID and doc["@context"]["label"] == "rdfs:label"
    r2 = client.get("/id/person/antony-blinken?format=jsonld", headers=HTML)
    assert r2.mimetype == "application/ld+json"
    assert triples(r.data, ox.RdfFormat.JSON_LD) == triples(r2.data, ox.RdfFormat.JSON_LD)


def test_format_parameter_wins_over_accept(client):
    r = client.get("/id/country/kz?format=ttl", headers=HTML)
    assert r.mimetype == "text/turtle"
    assert (ID + "country/kz", KG + "iso3166", "KZ") in triples(r.data, ox.RdfFormat.TURTLE)
    r = client.get("/id/country/kz?format=nt")
    assert r.mimetype == "application/n-triples"
    assert client.get("/id/country/kz?format=pdf").status_code == 400


def test_browsers_and_bare_clients_get_html(client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/id/country/kz", headers={"Accept": browser}).mimetype == "text/html"
    assert client.get("/id/country/kz").mimetype == "text/html"
    assert client.get("/id/country/kz", headers={"Accept": "*/*"}).mimetype == "text/html"


def test_unsupported_accept_is_406_and_alternates_are_advertised(client):
    r = client.get("/id/country/kz", headers={"Accept": "image/png"})
    assert r.status_code == 406 and b"text/turtle" in r.data
    r = client.get("/id/country/kz", headers=HTML)
    assert 'rel="alternate"; type="text/turtle"' in r.headers["Link"]
    assert "/id/country/kz?format=jsonld" in parse(r.data).hrefs


def test_named_graph_iri_as_turtle(client):
    r = client.get("/id/graph/article/001-f0df1e5d25b58775", headers={"Accept": "text/turtle"})
    ts = triples(r.data, ox.RdfFormat.TURTLE)
    assert (ID + "statement/001-f0df1e5d25b58775/3", KG + "text", "berterima kasih") in ts
