"""The actor graph in a real browser: Debian's chromium driven by Playwright.

Starts `kg serve` on a free port with the actor fixture, loads /graph, sees the actors
drawn by Cytoscape.js, filters by relation and date, searches an actor, clicks an edge
and reads its evidence sentences, clicks an actor and lands on its entity page; then
opens the standalone HTML export from file:// and does the same without a server.
Screenshots go to tests/browser/screenshots/actors-*.png.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.support.live import BROWSER_TEST, kg_serve

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "actors" / "small.trig"
SHOTS = Path(__file__).resolve().parent / "screenshots"
KG = "https://w3id.org/kg-news/id/"

pytestmark = BROWSER_TEST
pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    with kg_serve(FIXTURE, tmp_path_factory.mktemp("serve"), None) as url:
        yield url


def new_page(browser, allowed_host: str | None):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.outside, pg.errors = [], []

    def record(request):
        url = urlparse(request.url)
        if url.scheme in ("data", "file", "about", "blob"):
            return
        if allowed_host is None or url.netloc != allowed_host:
            pg.outside.append(request.url)

    pg.on("request", record)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    return pg


def visible(pg) -> tuple[int, int]:
    nodes, edges = pg.get_attribute("body", "data-ag-visible").split("/")
    return int(nodes), int(edges)


def click_element(pg, selector: str) -> None:
    """Click a Cytoscape node or edge at its rendered position on the canvas."""
    point = pg.evaluate(
        """(sel) => {
            const ele = window.agCy.$(sel);
            const box = document.getElementById('ag-canvas').getBoundingClientRect();
            const p = ele.isNode() ? ele.renderedPosition() : ele.renderedMidpoint();
            return {x: box.left + p.x, y: box.top + p.y};
        }""",
        selector,
    )
    pg.mouse.click(point["x"], point["y"])


def edge_selector(source: str, relation: str, target: str) -> str:
    return f'edge[id = "{KG}{source} {relation} {KG}{target}"]'


def test_graph_page_renders_filters_and_shows_evidence(browser, server):
    pg = new_page(browser, urlparse(server).netloc)
    pg.goto(f"{server}/graph")
    pg.wait_for_selector("body[data-ag-ready='1']", timeout=15_000)
    assert visible(pg) == (11, 18)
    # Cytoscape drew on its canvases, inside the page
    assert pg.locator("#ag-canvas canvas").count() >= 1
    assert pg.evaluate("window.agCy.nodes().length") == 11
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / "actors-graph.png"))

    # an edge: the deployment's two evidence sentences, each linking to its article
    click_element(pg, edge_selector("organisation/csto", "sends_troops_to", "country/kz"))
    pg.wait_for_selector("#ag-items .ag-sentence", timeout=10_000)
    panel = pg.inner_text("#ag-evidence")
    assert "sends troops to" in panel
    assert "Pasukan CSTO yang dipimpin Rusia tiba di Kazakhstan." in panel
    assert "Rusia, Belarus dan Kirgizstan mengirim 2.500 tentara." in panel
    links = pg.eval_on_selector_all("#ag-items .ag-source a", "els => els.map(e => e.getAttribute('href'))")
    assert links == ["/id/article/000-a", "/id/article/001-b"]
    pg.screenshot(path=str(SHOTS / "actors-evidence.png"))

    # filters: relation, then a date range that only statements of 2022-01-07 fall in
    pg.uncheck("input[data-kind='relation'][value='speaks_about']")
    pg.uncheck("input[data-kind='relation'][value='responds_to']")
    assert visible(pg)[1] == 18 - 4 - 1  # four speaks_about edges, one responds_to
    pg.check("input[data-kind='relation'][value='speaks_about']")
    pg.check("input[data-kind='relation'][value='responds_to']")
    pg.fill("#ag-from", "2022-01-06")
    pg.fill("#ag-to", "2022-01-08")
    pg.dispatch_event("#ag-to", "change")
    assert visible(pg) == (2, 1)  # Blinken speaks about Rusia, dated 2022-01-07
    pg.fill("#ag-from", "")
    pg.fill("#ag-to", "")
    pg.dispatch_event("#ag-to", "change")
    pg.fill("#ag-min-weight", "2")
    assert visible(pg) == (5, 7)  # the deployment edges and CSTO membership/leadership
    pg.fill("#ag-min-weight", "1")

    # search an actor, keep only its neighbours
    pg.fill("#ag-search", "Tokayev")
    pg.press("#ag-search", "Enter")
    assert "Kassym-Jomart Tokayev" in pg.inner_text("#ag-evidence")
    pg.click("#ag-ego")
    assert visible(pg) == (3, 5)  # Tokayev, CSTO, Kazakhstan and the edges among them
    pg.screenshot(path=str(SHOTS / "actors-ego.png"))
    pg.click("#ag-reset")
    assert visible(pg) == (11, 18)

    # a layout change keeps every actor on screen
    pg.select_option("#ag-layout", "concentric")
    assert pg.evaluate("window.agCy.nodes(':visible').length") == 11

    # an actor: its entity page
    pg.select_option("#ag-layout", "preset")
    for _ in range(100):  # the new layout moves the nodes: click CSTO where it ends up, not on its way
        if not pg.evaluate("window.agCy.animated() || window.agCy.nodes().some(n => n.animated())"):
            break
        pg.wait_for_timeout(100)
    with pg.expect_navigation(timeout=120_000):  # a cold entity page on a loaded machine
        click_element(pg, f'node[id = "{KG}organisation/csto"]')
    assert pg.url == f"{server}/id/organisation/csto"
    assert pg.outside == []
    assert pg.errors == []


def test_top_n_communities_edge_labels_and_article_counts(browser, server):
    pg = new_page(browser, urlparse(server).netloc)
    pg.goto(f"{server}/graph")
    pg.wait_for_selector("body[data-ag-ready='1']", timeout=15_000)
    # Tokayev has kg:mentionCount 9 but one article names him: the figure counts articles
    pg.fill("#ag-search", "Tokayev")
    pg.press("#ag-search", "Enter")
    figures = pg.inner_text("#ag-evidence")
    assert "mentioned in\n1 article\n" in figures
    # the top 3 by weighted degree, and only the relations among them
    pg.fill("#ag-top", "3")
    pg.dispatch_event("#ag-top", "input")
    nodes, edges = visible(pg)
    assert nodes <= 3 and edges >= 1
    assert "(of 11 actors)" in pg.inner_text("#ag-count")
    pg.fill("#ag-top", "40")
    pg.dispatch_event("#ag-top", "input")
    assert visible(pg) == (11, 18)
    # communities colour the nodes (the type stays as shape and ring); one colour per community
    colours = pg.evaluate("""() => {
        const by = {};
        window.agCy.nodes().forEach(n => { by[n.data('community')] = n.style('background-color'); });
        return by;
    }""")
    assert len(set(colours.values())) == len(colours) >= 2
    pg.select_option("#ag-colour", "type")
    assert pg.evaluate("window.agCy.nodes('.bycommunity').length") == 0
    # edge labels: none at first, all past the labelling zoom, and one on hover
    assert pg.evaluate("window.agCy.edges('.labelled').length") == 0
    for _ in range(50):  # let the search's centring animation end, or it would zoom back out
        if not pg.evaluate("window.agCy.animated()"):
            break
        pg.wait_for_timeout(100)
    for _attempt in range(3):  # a late layout fit on a loaded machine may zoom back out: zoom in again
        pg.evaluate("window.agCy.zoom(2.5)")
        for _ in range(30):  # Cytoscape may emit the zoom event on its next frame
            if pg.evaluate("window.agCy.edges('.labelled').length") == 18:
                break
            pg.wait_for_timeout(100)
        else:
            continue
        break
    assert pg.evaluate("window.agCy.edges('.labelled').length") == 18
    label = pg.evaluate(f"window.agCy.$('{edge_selector('organisation/csto', 'sends_troops_to', 'country/kz')}')"
                        ".data('rlabel')")
    assert label == "sends troops to · 2 articles"
    assert pg.outside == [] and pg.errors == []


def test_standalone_html_works_from_a_file(browser, tmp_path):
    out = tmp_path / "actors.html"
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "graph", "--store", str(FIXTURE),
                    "--format", "html", "--output", str(out)], cwd=ROOT, check=True, capture_output=True)
    pg = new_page(browser, None)
    pg.goto(out.as_uri())
    pg.wait_for_selector("body[data-ag-ready='1']", timeout=15_000)
    assert visible(pg) == (11, 18)
    click_element(pg, edge_selector("person/antony-blinken", "speaks_about", "country/ru"))
    pg.wait_for_selector("#ag-items .ag-sentence")
    assert "begitu Rusia ada di rumahmu" in pg.inner_text("#ag-evidence")
    href = pg.get_attribute("#ag-items .ag-source a", "href")
    assert href == f"{KG}article/001-b"
    pg.screenshot(path=str(SHOTS / "actors-standalone.png"))
    assert pg.outside == []
    assert pg.errors == []
