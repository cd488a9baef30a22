"""The web UI in a real browser: Debian's chromium driven by Playwright, against `kg serve`.

Starts the real server (waitress) on a free port with the page-test graph and saved
queries, then: loads the editor, checks that no request leaves the machine, runs
saved queries by clicking them, sees result rows, draws a chart, completes a prefix
from our own list, and opens an entity page. Screenshots go to
tests/browser/screenshots/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.live import BROWSER_TEST, kg_serve, watched

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "pages"
SHOTS = Path(__file__).resolve().parent / "screenshots"

pytestmark = BROWSER_TEST
pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    env = {"KG_QUERIES_DIR": str(FIXTURES / "queries")}
    with kg_serve(FIXTURES / "kg.trig", tmp_path_factory.mktemp("serve"), env) as url:
        yield url


@pytest.fixture
def page(browser, server):
    """A fresh page that records requests to other hosts and script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    yield watched(context, server)
    context.close()


def shot(pg, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def visible_rows(pg):
    return pg.locator(".tabPanel.active .yasr table.dataTable tbody tr")


def test_saved_query_runs_and_shows_rows_then_entity_page_opens(page, server):
    page.goto(server + "/query")
    page.wait_for_selector("button.saved[data-name='statements']")
    page.click("button.saved[data-name='statements']")
    rows = visible_rows(page)
    rows.first.wait_for(timeout=15_000)
    assert rows.count() == 4
    table = page.locator(".tabPanel.active .yasr table.dataTable").inner_text()
    assert "Misi utama pasukan CSTO sudah berhasil diselesaikan" in table
    assert page.locator(".tabPanel.active .tabName, .tab.active").first.inner_text().strip() != ""
    shot(page, "editor-statements")

    # our IRIs link to their page on this server, not to w3id.org
    link = page.locator(".tabPanel.active .yasr a.iri[href^='/id/person/']").first
    href = link.get_attribute("href")
    assert href.startswith("/id/person/")
    page.goto(server + href)
    speakers = {"Kassym-Jomart Tokayev", "Antony Blinken", "Maria Zakharova"}
    assert page.locator("h1").inner_text().strip() in speakers
    assert page.locator(".evidence").count() >= 1
    shot(page, "entity-person")
    assert page.outside == [] and page.errors == []


def test_the_editor_downloads_its_results_as_xlsx(page, server):
    import io

    import openpyxl

    page.goto(server + "/query")
    page.wait_for_selector("button.saved[data-name='statements']")
    page.click("button.saved[data-name='statements']")
    visible_rows(page).first.wait_for(timeout=15_000)
    with page.expect_download() as info:
        page.click("#kg-download button.fmt-xlsx")
    download = info.value
    assert download.suggested_filename == "query-results.xlsx"
    head, *rows = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active.iter_rows(
        values_only=True)
    assert len(rows) == 4  # the rows of the query in the editor, as the table shows them
    assert any("Misi utama pasukan CSTO sudah berhasil diselesaikan" in str(c) for r in rows for c in r)
    assert page.outside == [] and page.errors == []


def test_chart_view_for_counts(page, server):
    page.goto(server + "/query")
    page.click("button.saved[data-name='speakers']")
    visible_rows(page).first.wait_for(timeout=15_000)
    page.locator(".tabPanel.active .yasr .select_kgchart").click()
    bars = page.locator(".tabPanel.active .kg-chart rect.kg-chart-bar")
    bars.first.wait_for(timeout=5_000)
    assert bars.count() == 3
    assert "Kassym-Jomart Tokayev" in page.locator(".tabPanel.active .kg-chart").inner_text()
    shot(page, "editor-chart")
    assert page.outside == [] and page.errors == []


def test_graph_view_for_construct(page, server):
    page.goto(server + "/query")
    page.click("button.saved[data-name='relations']")
    page.locator(".tabPanel.active .yasr .select_kggraph").wait_for(timeout=15_000)
    page.locator(".tabPanel.active .yasr .select_kggraph").click()
    nodes = page.locator(".tabPanel.active .kg-graph circle")
    nodes.first.wait_for(timeout=5_000)
    assert nodes.count() >= 8  # 3 persons, 2 orgs, 4+ countries linked by memberOf/ledBy/affiliation
    shot(page, "editor-graph")
    assert page.outside == [] and page.errors == []


def test_prefix_completion_offers_our_prefixes(page, server):
    page.goto(server + "/query")
    page.wait_for_function("window.kgYasgui && window.kgYasgui.getTab()")
    page.evaluate("""() => {
        const y = window.kgYasgui.getTab().getYasqe();
        y.setValue("PREFIX sch");
        y.focus();
        y.setCursor({line: 0, ch: 10});
        y.autocomplete();
    }""")
    hints = page.locator(".CodeMirror-hints li")
    hints.first.wait_for(timeout=5_000)
    assert "schema: <https://schema.org/>" in [h.strip() for h in hints.all_inner_texts()]
    shot(page, "editor-prefix-completion")
    assert page.outside == [] and page.errors == []


def test_deployment_article_and_404_pages(page, server):
    page.goto(server + "/id/deployment/csto--kz")
    assert page.locator("h1").inner_text() == "CSTO → Kazakhstan"
    assert page.locator(".evidence-list li").count() == 2
    shot(page, "entity-deployment")
    page.goto(server + "/id/article/001-f0df1e5d25b58775")
    assert page.locator("li.statement").count() == 3
    shot(page, "entity-article")
    page.goto(server + "/queries")
    shot(page, "saved-queries")
    page.goto(server + "/queries/said-by/table?actor=Antony+Blinken")
    assert page.locator("table.results tbody tr").count() == 1
    shot(page, "saved-query-table")
    resp = page.goto(server + "/id/person/nobody")
    assert resp.status == 404 and "Not found" in page.locator("h1").inner_text()
    shot(page, "not-found")
    page.errors = [e for e in page.errors if "404" not in e]  # the console reports the 404 itself
    assert page.outside == [] and page.errors == []
