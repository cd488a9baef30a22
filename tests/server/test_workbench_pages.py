"""The analyst's pages: overview, search, browse lists (.json/.csv/.xlsx), article highlights, timeline, map.

Runs through the Flask test client on tests/fixtures/workbench/kg.trig, a small graph in the
shape `kg build` writes (mentions at file offsets, coordinates, troop reports that disagree).
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.support.apps import make_app

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "workbench" / "kg.trig"
ID = "https://w3id.org/kg-news/id/"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client():
    return make_app(STORE=str(FIXTURE)).test_client()


def get_json(client, url: str) -> dict:
    r = client.get(url)
    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.content_type.startswith("application/json")
    return r.get_json()


def get_csv(client, url: str) -> list[dict]:
    r = client.get(url)
    assert r.status_code == 200 and r.content_type.startswith("text/csv")
    assert "attachment" in r.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))


def sheet(r) -> list[tuple]:
    """The rows of an XLSX answer, as openpyxl reads them back (the heading row first)."""
    import openpyxl

    assert r.status_code == 200, r.get_data(as_text=True)
    assert r.content_type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert r.headers["Content-Disposition"].startswith("attachment")
    return list(openpyxl.load_workbook(io.BytesIO(r.get_data())).active.iter_rows(values_only=True))


def same_cell(value, text: str) -> bool:
    """Whether a spreadsheet cell holds what the CSV download writes as `text` (numbers as numbers)."""
    if value is None:
        return text == ""
    if isinstance(value, bool):
        return text == str(value).lower()
    if isinstance(value, int | float):
        return float(text) == value
    return str(value) == text


class Anchors(HTMLParser):
    """(href, class, text) of every <a>, for checking what a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[list[str]] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            a = dict(attrs)
            item = [a.get("href") or "", a.get("class") or "", ""]
            self.links.append(item)
            self._open.append(item)

    def handle_endtag(self, tag):
        if tag == "a" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for item in self._open:
            item[2] += data


def anchors(html: str) -> list[list[str]]:
    p = Anchors()
    p.feed(html)
    return p.links


# ----------------------------------------------------------------------------- overview

def test_home_is_an_overview_with_a_search_box_and_links_the_editor(client):
    r = client.get("/", headers=HTML)
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert 'action="/search"' in html and 'href="/query"' in html
    data = get_json(client, "/index.json")
    assert data["counts"] == {"articles": 2, "persons": 2, "organisations": 3, "countries": 3, "places": 1,
                              "deployments": 1, "statements": 2}
    assert data["date_range"] == ["2024-06-25", "2024-07-01"]
    assert data["top_actors"][0]["label"] in ("Kenya", "Haiti")
    assert data["latest_statements"][0]["text"] == "misi ini penting bagi Haiti"


def test_editor_moved_to_query_and_every_page_links_it(client):
    assert client.get("/query", headers=HTML).status_code == 200
    for url in ("/", "/persons", "/search?q=x", "/timeline", "/map", "/id/country/ke"):
        html = client.get(url, headers=HTML).get_data(as_text=True)
        assert 'href="/query"' in html, url


# ----------------------------------------------------------------------------- search

@pytest.mark.parametrize("q", ["antonio guterres", "ANTÓNIO", "guter", "Guterres"])
def test_search_is_case_and_accent_insensitive(client, q):
    data = get_json(client, "/search.json?q=" + quote(q))
    assert data["results"][0]["iri"] == ID + "person/antonio-guterres"


def test_search_ranks_exact_names_first_and_finds_acronyms_and_statements(client):
    data = get_json(client, "/search.json?q=haiti")
    assert data["results"][0]["iri"] == ID + "country/ht" and data["results"][0]["match"] == "exact"
    assert {"Country", "Statement"} <= set(data["types"])
    assert get_json(client, "/search.json?q=pbb")["results"][0]["iri"] == ID + "organisation/pbb"
    stmts = get_json(client, "/search.json?q=siap+membantu")["results"]
    assert [h["iri"] for h in stmts] == [ID + "statement/a1/1"]
    only = get_json(client, "/search.json?q=haiti&type=Statement")
    assert only["results"] and all(h["type"] == "Statement" for h in only["results"])


@pytest.mark.parametrize("q, field", [("united nations", "English name"), ("UN", "English acronym"),
                                      ("Perserikatan", "label"), ("PBB", "acronym")])
def test_search_finds_english_names_kg_knows_and_the_store_does_not_hold(client, q, field):
    """The fixture names the UN only in Indonesian; kg's lexicon gives its English name and acronym."""
    top = get_json(client, "/search.json?q=" + quote(q))["results"][0]
    assert (top["iri"], top["field"]) == (ID + "organisation/pbb", field)


def test_search_finds_statement_texts_and_other_names_on_the_page(client):
    html = client.get("/search?q=" + quote("republik haiti"), headers=HTML).get_data(as_text=True)
    assert 'href="/id/country/ht"' in html and "alternative name" in html
    hits = get_json(client, "/search.json?q=" + quote("misi ini penting"))["results"]
    assert hits and hits[0]["type"] == "Statement" and hits[0]["field"] == "statement"


def test_search_page_has_type_facets_and_bad_type_is_400(client):
    html = client.get("/search?q=haiti", headers=HTML).get_data(as_text=True)
    assert 'data-type="Country"' in html and 'data-type="Statement"' in html
    r = client.get("/search.json?q=haiti&type=Thing")
    assert r.status_code == 400 and "type" in r.get_json()["error"]


# ----------------------------------------------------------------------------- browse

def test_lists_page_sort_and_count(client):
    data = get_json(client, "/countries.json?sort=name")
    assert [r["label"] for r in data["rows"]] == ["Haiti", "Indonesia", "Kenya"]
    data = get_json(client, "/countries.json?sort=-name&limit=2")
    assert [r["label"] for r in data["rows"]] == ["Kenya", "Indonesia"] and data["total"] == 3
    assert data["next"] == "/countries.json?sort=-name&limit=2&offset=2"
    assert [r["label"] for r in get_json(client, data["next"])["rows"]] == ["Haiti"]


def test_facets_narrow_the_list(client):
    people = get_json(client, "/persons.json")
    countries = {f["value"]: f["count"] for f in people["facets"]["country"]}
    assert countries == {"country/ke": 1}
    kenyan = get_json(client, "/persons.json?country=country/ke")
    assert [r["label"] for r in kenyan["rows"]] == ["William Ruto"]
    in_a2 = get_json(client, "/persons.json?article=article/a2")
    assert [r["label"] for r in in_a2["rows"]] == ["António Guterres"]
    quotes = get_json(client, "/statements.json?type=quote")
    assert [r["iri"] for r in quotes["rows"]] == [ID + "statement/a1/1"]
    july = get_json(client, "/statements.json?from=2024-07-01")
    assert [r["iri"] for r in july["rows"]] == [ID + "statement/a2/1"]


def test_every_list_has_html_json_and_csv(client):
    for name in ("persons", "organisations", "countries", "places", "deployments", "statements", "articles"):
        html = client.get(f"/{name}", headers=HTML).get_data(as_text=True)
        assert f'href="/{name}.json"' in html and f'href="/{name}.csv"' in html, name
        rows = get_csv(client, f"/{name}.csv")
        assert len(rows) == get_json(client, f"/{name}.json")["total"], name
        assert all(r["IRI"].startswith(ID) for r in rows)


def test_every_list_and_table_downloads_as_xlsx_with_the_csv_cells(client):
    for url in ("/persons", "/countries", "/deployments", "/statements", "/articles", "/search?q=kenya",
                "/timeline", "/map", "/countries?sort=-name"):
        path, _, qs = url.partition("?")
        html = client.get(url, headers=HTML).get_data(as_text=True)
        assert f'href="{path}.xlsx' in html, url
        head, *rows = sheet(client.get(f"{path}.xlsx" + (f"?{qs}" if qs else "")))
        csv_text = client.get(f"{path}.csv" + (f"?{qs}" if qs else "")).get_data(as_text=True)
        csv_head, *csv_rows = list(csv.reader(io.StringIO(csv_text)))
        assert list(head) == csv_head, url
        assert len(rows) == len(csv_rows), url
        for row, csv_row in zip(rows, csv_rows, strict=True):
            assert [same_cell(c, t) for c, t in zip(row, csv_row, strict=True)] == [True] * len(row), (url, row)
    head, *rows = sheet(client.get("/timeline.xlsx"))
    troops = [row[head.index("Troops")] for row in rows if row[head.index("Event")] == "deployment start"]
    assert troops and all(isinstance(t, int) for t in troops)  # numbers stay numbers
    assert client.get("/persons.xlsx").headers["Content-Disposition"] == 'attachment; filename="persons.xlsx"'


def test_sparql_answers_xlsx_with_typed_cells(client):
    query = ("SELECT ?d ?n ?when WHERE { VALUES (?d ?n ?when) { (<http://example.org/a> 400 "
             "\"2024-06-25\"^^<http://www.w3.org/2001/XMLSchema#date>) } }")
    r = client.get("/sparql", query_string={"query": query, "format": "xlsx", "download": "my results"})
    assert r.headers["Content-Disposition"] == 'attachment; filename="my-results.xlsx"'
    rows = sheet(r)
    assert rows[0] == ("d", "n", "when")
    assert rows[1][:2] == ("http://example.org/a", 400) and rows[1][2].date().isoformat() == "2024-06-25"
    ask = sheet(client.get("/sparql", query_string={"query": "ASK { }", "format": "xlsx", "download": "x"}))
    assert ask == [("_askResult",), (True,)]
    assert "Content-Disposition" not in client.get("/sparql", query_string={"query": "ASK { }"}).headers


def test_the_editor_offers_its_results_as_csv_json_and_xlsx(client):
    html = client.get("/query", headers=HTML).get_data(as_text=True)
    form = html.split('id="kg-download"', 1)[1].split("</form>", 1)[0]
    assert 'action="/sparql"' in html.split('id="kg-download"', 1)[0].rsplit("<form", 1)[1] + form
    assert re.findall(r'name="format" value="(\w+)"', form) == ["csv", "json", "xlsx"]


def test_articles_are_listed_by_headline_with_url_and_lead_fallback(client):
    rows = {r["iri"]: r for r in get_json(client, "/articles.json")["rows"]}
    a1, a2 = rows[ID + "article/a1"], rows[ID + "article/a2"]
    assert a1["title"] == "Pasukan Kenya Tiba di Haiti" and a1["url"] == "https://example.org/kenya-haiti"
    assert a2["headline"] is None and a2["title"].startswith("Sekretaris Jenderal PBB António Guterres")
    csv_rows = get_csv(client, "/articles.csv")
    assert {r["Headline"] for r in csv_rows} >= {"Pasukan Kenya Tiba di Haiti"}


def test_an_article_without_a_headline_is_titled_by_its_first_line():
    from server.catalogue import article_title

    lead = "RI hingga China Serukan Thailand-Kamboja Menahan Diri\nkumparanNEWS\n·\nwaktu baca 4 menit\nPemerintah"
    assert article_title(None, lead, "x") == "RI hingga China Serukan Thailand-Kamboja Menahan Diri"
    assert article_title(None, "Satu dua tiga. Empat lima.", "x") == "Satu dua tiga."
    assert article_title(None, " ".join(["kata"] * 20), "x") == " ".join(["kata"] * 14) + "…"
    assert article_title("Judul", lead, "x") == "Judul" and article_title(None, None, "x") == "x"


def test_bad_list_parameters_are_400_naming_them(client):
    for url, word in (("/persons.json?sort=height", "sort"), ("/persons.json?limit=0", "limit"),
                      ("/persons.json?from=yesterday", "from"), ("/persons.json?offset=x", "offset")):
        r = client.get(url)
        assert r.status_code == 400 and word in r.get_json()["error"], url


# ----------------------------------------------------------------------------- articles

def test_article_page_highlights_every_fact_at_its_offsets(client):
    html = client.get("/id/article/a1", headers=HTML).get_data(as_text=True)
    assert "<h1>Pasukan Kenya Tiba di Haiti</h1>" in html
    names = [(h, t) for h, c, t in anchors(html) if "hl-name" in c]
    assert names == [("/id/country/ke", "Kenya"), ("/id/country/ht", "Haiti"), ("/id/country/ht", "Haiti"),
                     ("/id/country/ke", "Kenya"), ("/id/person/william-ruto", "William Ruto")]
    refs = {h for h, c, _ in anchors(html) if "hl-ref" in c}
    assert refs == {"/id/deployment/ke--ht", "/id/statement/a1/1"}
    spans = re.findall(r'<span class="hl hl-(\w+)" id="at-(\d+)"', html)
    assert ("deployment", "102") in spans and len(spans) == 2
    assert 'href="https://example.org/kenya-haiti"' in html


def test_statement_and_deployment_pages_link_to_their_place_in_the_article(client):
    ruto = client.get("/id/person/william-ruto", headers=HTML).get_data(as_text=True)
    spans = re.findall(r'<span class="hl hl-statement" id="(at-\d+)"',
                       client.get("/id/article/a1", headers=HTML).get_data(as_text=True))
    links = [h for h, c, _ in anchors(ruto) if "in-article" in c]
    assert links == [f"/id/article/a1#{spans[0]}"]
    dep = client.get("/id/deployment/ke--ht", headers=HTML).get_data(as_text=True)
    assert {h for h, c, _ in anchors(dep) if "in-article" in c} == {"/id/article/a1#at-102",
                                                                   "/id/article/a2#at-18"}


def test_headlines_replace_file_names_in_links(client):
    html = client.get("/id/country/ke", headers=HTML).get_data(as_text=True)
    texts = {t for h, _, t in anchors(html) if h == "/id/article/a1"}
    assert texts == {"Pasukan Kenya Tiba di Haiti"}


# ----------------------------------------------------------------------------- timeline, map

def test_timeline_has_the_deployment_with_its_disagreeing_sources_and_the_statements(client):
    data = get_json(client, "/timeline.json")
    events = [(e["date"], e["event"]) for e in data["events"]]
    assert events == [("2024-06-25", "deployment start"), ("2024-06-25", "statement"), ("2024-07-01", "statement")]
    troops = data["deployments"][0]["troops"]
    assert troops["conflict"] is True and troops["counts"] == [200, 400]
    assert [r["count"] for r in troops["reports"]] == [400, 200]
    html = client.get("/timeline", headers=HTML).get_data(as_text=True)
    assert "sources disagree" in html and "mark-start" in html and "mark-statement" in html
    ruto = get_json(client, "/timeline.json?actor=person/william-ruto")
    assert [e["event"] for e in ruto["events"]] == ["statement"]
    rows = get_csv(client, "/timeline.csv")
    assert rows[0]["Event"] == "deployment start" and "400" in rows[0]["Troops by source"]
    assert client.get("/timeline.json?actor=person/nobody").status_code == 404


def test_map_draws_located_actors_and_the_deployment_sender_to_destination(client):
    data = get_json(client, "/map.json")
    points = {f["properties"]["label"]: f["geometry"]["coordinates"] for f in data["features"]
              if f["geometry"]["type"] == "Point"}
    assert points["Kenya"] == [37.7912, 0.5962] and "Port-au-Prince" in points
    lines = [f for f in data["features"] if f["geometry"]["type"] == "LineString"]
    assert len(lines) == 1
    assert lines[0]["geometry"]["coordinates"] == [[37.7912, 0.5962], [-72.335, 18.5392]]  # to the place
    html = client.get("/map", headers=HTML).get_data(as_text=True)
    assert html.count('class="deployment-line"') == 1 and 'class="land mentioned"' in html
    assert "http" not in re.sub(r'(href|xmlns)="[^"]*"|https?://example\.org', "", html.split("<svg", 1)[1]
                                .split("</svg>", 1)[0])


def test_map_csv_and_html_errors_for_browsers(client):
    rows = get_csv(client, "/map.csv")
    kinds = [r["Kind"] for r in rows]
    assert kinds.count("Deployment") == 1 and "Country" in kinds and "Place" in kinds
    dep = next(r for r in rows if r["Kind"] == "Deployment")
    assert (dep["Latitude"], dep["To latitude"]) == ("0.5962", "18.5392")
    page = client.get("/persons?sort=height", headers=HTML)
    assert page.status_code == 400 and page.content_type.startswith("text/html")
    assert "cannot sort persons by &#39;height&#39;" in page.get_data(as_text=True)
    assert client.get("/map?actor=country/zz", headers=HTML).status_code == 404


def test_ui_queries_all_parse_and_run():
    import pyoxigraph as ox

    from kg import saved_queries
    from kg.store import query
    from server.catalogue import ui_query_files

    st = ox.Store()
    st.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    files = ui_query_files()
    assert len(files) >= 9
    for f in files:
        q = saved_queries.load_file(f)
        text = q.text
        if q.params:
            text = saved_queries.inject_values(text, {"article": ox.NamedNode(ID + "article/a1")})
        assert list(query(st, text)), f.name
    # and the saved queries users see (kg query, /queries, the editor) are not these
    assert all(q.path.parent.name != "ui" for q in saved_queries.load_all())


# ----------------------------------------------------------------------------- void, endpoint, labels

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def test_void_and_endpoint_give_a_browser_html_and_rdf_clients_rdf(client):
    for url in ("/void", "/sparql"):
        page = client.get(url, headers=BROWSER)
        assert page.status_code == 200 and page.content_type.startswith("text/html"), url
        assert "Accept" in page.headers["Vary"]
        assert 'href="/query"' in page.get_data(as_text=True)
        for accept in ({"Accept": "*/*"}, {"Accept": "text/turtle"}, {}):
            r = client.get(url, headers=accept)
            assert r.content_type.startswith("text/turtle"), (url, accept)
        assert client.get(url + "?format=nt", headers=BROWSER).content_type.startswith("application/n-triples")
    html = client.get("/void", headers=BROWSER).get_data(as_text=True)
    assert "kg:Mention" in html and "geo:lat" in html


def test_labels_for_result_tables(client):
    r = client.post("/ui/labels.json", json={"iris": [ID + "deployment/ke--ht", ID + "article/a1",
                                                      ID + "nothing/here", "http://example.org/x"]})
    assert r.get_json() == {ID + "deployment/ke--ht": "Kenya → Haiti", ID + "article/a1": "Pasukan Kenya Tiba di Haiti"}
    assert client.post("/ui/labels.json", data="x").status_code == 400
    assert client.post("/ui/labels.json", json={"iris": ["x"] * 1001}).status_code == 400


def test_saved_query_table_offers_csv_json_and_xlsx(client):
    html = client.get("/queries/deployments/table", headers=HTML).get_data(as_text=True)
    links = {c: h for h, c, _ in anchors(html) if c in ("fmt-csv", "fmt-json", "fmt-xlsx")}
    assert links["fmt-csv"] == "/queries/deployments?format=csv&download=deployments"
    r = client.get(links["fmt-csv"])
    assert r.content_type.startswith("text/csv") and "Kenya" in r.get_data(as_text=True)
    assert r.headers["Content-Disposition"] == 'attachment; filename="deployments.csv"'
    r = client.get(links["fmt-json"])
    assert r.content_type.startswith("application/sparql-results+json") and r.get_json()["results"]["bindings"]
    r = client.get(links["fmt-xlsx"])
    assert r.headers["Content-Disposition"] == 'attachment; filename="deployments.xlsx"'
    head, *rows = sheet(r)
    csv_rows = list(csv.reader(io.StringIO(client.get("/queries/deployments?format=csv").get_data(as_text=True))))
    assert head == tuple(csv_rows[0]) and len(rows) == len(csv_rows) - 1
    assert any("Kenya" in str(c) for row in rows for c in row)


def test_entity_pages_give_the_english_names_kg_knows(client):
    html = client.get("/id/organisation/pbb", headers=HTML).get_data(as_text=True)
    assert re.search(r'in English <span class="name" lang="en">United Nations</span>, '
                     r'<span class="name" lang="en">UN</span>', html)
    html = client.get("/id/country/ke", headers=HTML).get_data(as_text=True)
    assert "in English" not in html  # "Kenya" in both
