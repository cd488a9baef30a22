"""The analyst's pages in a real browser (Debian's chromium under Playwright, against `kg serve`).

Search from the header, a list narrowed by a facet, the article page's highlights, the
timeline, the map, a CSV download, and an editor share link opened in a fresh browser
context. No request may leave the machine and no script may fail. Screenshots go to
$KG_SCREENSHOTS (default /tmp/kg-screenshots), never into the repository.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.live import BROWSER_TEST, kg_serve, watched

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "workbench" / "kg.trig"
SHOTS = Path(os.environ.get("KG_SCREENSHOTS", "/tmp/kg-screenshots"))

pytestmark = BROWSER_TEST
pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with kg_serve(FIXTURE, tmp_path_factory.mktemp("serve")) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield watched(context, server)
    context.close()


def shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def clean(pg) -> None:
    assert pg.outside == [] and pg.errors == []


def test_search_from_the_header_then_a_type_facet(page, server):
    page.goto(server + "/persons")
    page.fill("header .site-search input[name=q]", "ANTONIO")
    page.press("header .site-search input[name=q]", "Enter")
    page.wait_for_url("**/search?q=ANTONIO")
    first = page.locator("li.hit a.hit-label").first
    assert first.inner_text() == "António Guterres"
    page.goto(server + "/search?q=haiti")
    assert page.locator("li.hit").count() >= 3
    page.click("a.chip[data-type=Statement]")
    page.wait_for_url("**type=Statement**")
    hits = page.locator("li.hit")
    assert sorted(hits.locator("a.hit-label").all_inner_texts()) == ["Kami siap membantu rakyat Haiti",
                                                                     "misi ini penting bagi Haiti"]
    shot(page, "search-facet")
    clean(page)


def test_browse_people_narrowed_by_a_country_facet(page, server):
    page.goto(server + "/persons")
    assert page.locator("table.browse tbody tr").count() == 2
    page.click(".facet[data-facet=country] a:has-text('Kenya')")
    page.wait_for_url("**country=country%2Fke**")
    rows = page.locator("table.browse tbody tr")
    assert rows.count() == 1 and "William Ruto" in rows.first.inner_text()
    assert page.locator(".active-filters .chip").count() == 1
    shot(page, "browse-facet")
    page.click(".active-filters .chip")
    assert page.locator("table.browse tbody tr").count() == 2
    clean(page)


def test_article_page_highlights_and_links_each_fact(page, server):
    page.goto(server + "/id/article/a1")
    assert page.locator("h1").inner_text() == "Pasukan Kenya Tiba di Haiti"
    names = page.locator(".article-body a.hl-name")
    assert names.all_inner_texts() == ["Kenya", "Haiti", "Haiti", "Kenya", "William Ruto"]
    assert page.locator(".article-body .hl-deployment").count() == 1
    assert page.locator(".article-body .hl-statement").count() == 1
    shot(page, "article-highlights")
    # a statement's "read it in the article" link lands on its highlighted sentence
    page.goto(server + "/id/person/william-ruto")
    page.click("a.in-article")
    page.wait_for_url("**/id/article/a1#at-*")
    target = page.evaluate("document.querySelector(':target').className")
    assert "hl-statement" in target
    page.click(".article-body a.hl-name:has-text('William Ruto')")
    page.wait_for_url("**/id/person/william-ruto")
    clean(page)


def test_timeline_draws_the_deployment_and_the_statements(page, server):
    page.goto(server + "/timeline")
    chart = page.locator("svg.timeline-chart")
    assert chart.locator("circle.mark-start").count() == 1
    assert chart.locator("circle.mark-statement").count() == 2
    assert "200 / 400 troops" in chart.text_content()
    assert page.locator("tr.conflict .conflict-note").inner_text() == "sources disagree:"
    box = chart.bounding_box()
    assert box["width"] > 800 and box["height"] > 80
    shot(page, "timeline")
    page.goto(server + "/id/person/antonio-guterres")
    page.click("a.to-timeline")
    page.wait_for_url("**/timeline?actor=person**antonio-guterres")
    assert page.locator("svg.timeline-chart circle.mark-statement").count() == 1
    assert page.locator("svg.timeline-chart circle.mark-start").count() == 0
    clean(page)


def test_map_draws_countries_places_and_the_deployment_offline(page, server):
    page.goto(server + "/map")
    svg = page.locator("svg.world-map")
    assert svg.locator("path.land").count() > 150  # the shipped outline
    assert svg.locator("path.deployment-line").count() == 1
    assert svg.locator("circle.point-country").count() == 3 and svg.locator("circle.point-place").count() == 1
    line = svg.locator("path.deployment-line").bounding_box()
    assert line["width"] > 300  # Kenya to Haiti crosses the Atlantic
    shot(page, "map")
    # hover and click the middle of the curve itself (its box's middle is open sea)
    x, y = page.evaluate("""() => {
        const el = document.querySelector('path.deployment-line');
        const p = el.getPointAtLength(el.getTotalLength() / 2).matrixTransform(el.getScreenCTM());
        return [p.x, p.y];
    }""")
    page.mouse.move(x, y)
    assert page.evaluate("document.querySelector('path.deployment-line:hover') !== null")
    page.mouse.click(x, y)
    page.wait_for_url("**/id/deployment/ke--ht")
    clean(page)


def test_csv_download_of_a_list(page, server):
    page.goto(server + "/statements")
    with page.expect_download() as info:
        page.click("a.fmt-csv")
    download = info.value
    assert download.suggested_filename == "statements.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8"))))
    assert {r["Statement"] for r in rows} == {"Kami siap membantu rakyat Haiti", "misi ini penting bagi Haiti"}
    assert {r["Speaker"] for r in rows} == {"William Ruto", "António Guterres"}
    clean(page)


def test_editor_share_link_opens_its_query_in_a_fresh_browser(browser, page, server):
    page.goto(server + "/query")
    page.wait_for_function("window.kgYasgui && window.kgYasgui.getTab()")
    query = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
             "SELECT ?name WHERE { ?x a <https://w3id.org/kg-news/ontology#Person> ; rdfs:label ?name } "
             "ORDER BY ?name")
    link = page.evaluate("""(q) => {
        const tab = window.kgYasgui.getTab();
        tab.setQuery(q);
        return tab.getShareableLink();
    }""", query)
    assert urlparse(link).path == "/query" and "query=" in link
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})  # no storage shared with `page`
    try:
        other = watched(fresh, server)
        other.goto(link)
        other.wait_for_function("window.kgYasgui && window.kgYasgui.getTab()")
        assert other.evaluate("window.kgYasgui.getTab().getQuery()") == query
        assert other.evaluate("window.kgYasgui.getTab().getEndpoint()") == server + "/sparql"
        other.evaluate("window.kgYasgui.getTab().query()")
        cells = other.locator(".tabPanel.active .yasr table.dataTable tbody tr")
        cells.first.wait_for(timeout=15_000)
        assert "António Guterres" in other.locator(".tabPanel.active .yasr table.dataTable").inner_text()
        shot(other, "share-link-fresh-context")
        clean(other)
    finally:
        fresh.close()
    clean(page)


def test_editor_results_show_names_whole_cells_and_no_datatypes(page, server):
    page.goto(server + "/query")
    page.wait_for_function("window.kgYasgui && window.kgYasgui.getTab()")
    page.evaluate("""() => {
        const tab = window.kgYasgui.getTab();
        tab.setQuery('SELECT ?x ?n WHERE { ?x a <https://w3id.org/kg-news/ontology#Deployment> ; ' +
                     '<https://w3id.org/kg-news/ontology#troopCount> ?n }');
        tab.query();
    }""")
    link = page.locator(".tabPanel.active .yasr table.dataTable a.iri[data-kg-label]").first
    link.wait_for(timeout=15_000)
    assert link.inner_text() == "Kenya → Haiti" and link.get_attribute("href") == "/id/deployment/ke--ht"
    table = page.locator(".tabPanel.active .yasr table.dataTable").inner_text()
    assert "400" in table and "xsd:integer" not in table and "XMLSchema" not in table
    assert page.locator(".tabPanel.active .yasr table.ellipseTable").count() == 0
    shot(page, "editor-readable-results")
    clean(page)
