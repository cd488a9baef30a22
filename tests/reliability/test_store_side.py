"""The store side of the service: new generations between requests, locks, read-only files, paging."""

from __future__ import annotations

import json
import os
import time

import pytest

from kg.store import POINTER, StoreLocked, find_current, store_lock
from kg.store import write_store as kg_write_store
from server.config import served, shutdown
from tests.reliability.support import EX, write_store
from tests.support.apps import SERVER_GRAPH, make_app, make_writable_app

COUNT = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
TOKEN = "reliability-token-2"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def count(client) -> int:
    r = client.get("/sparql", query_string={"query": COUNT})
    assert r.status_code == 200, r.data
    return int(r.get_json()["results"]["bindings"][0]["n"]["value"])


def point(out, name: str) -> None:
    tmp = out / (POINTER + ".tmp")
    tmp.write_text(name + "\n")
    os.replace(tmp, out / POINTER)


def test_a_running_server_switches_to_a_new_generation_between_requests(tmp_path):
    out = tmp_path / "out"
    write_store(out / "generations" / "g1" / "store", 5, "a")
    point(out, "g1")
    app = make_app(STORE=str(out))
    try:
        c = app.test_client()
        assert count(c) == 5
        write_store(out / "generations" / "g2" / "store", 8, "b")
        assert count(c) == 5  # the pointer has not moved yet
        point(out, "g2")
        assert count(c) == 8
        assert c.get("/id/s1?format=nt").status_code in (200, 404)
        assert b"b1" in c.get("/data").data and b'"a1"' not in c.get("/data").data
        point(out, "missing")  # a broken pointer is logged; the service keeps what it has
        assert count(c) == 8
    finally:
        shutdown(app)


def test_the_older_layout_is_followed_too(tmp_path):
    out = tmp_path / "out"
    (out / "a.nt").parent.mkdir(parents=True)
    (out / "a.nt").write_text(f'<{EX}s> <{EX}p> "1" .\n')
    kg_write_store(out / "store", out / "a.nt")
    app = make_app(STORE=str(out))
    try:
        c = app.test_client()
        assert count(c) == 1
        (out / "b.nt").write_text("".join(f'<{EX}s{i}> <{EX}p> "{i}" .\n' for i in range(3)))
        before = find_current(out)
        kg_write_store(out / "store", out / "b.nt")  # what today's build does: swap OUT/store
        assert find_current(out) != before
        assert count(c) == 3
    finally:
        shutdown(app)


def test_a_writable_server_and_a_build_exclude_each_other(tmp_path):
    app = make_writable_app(tmp_path, TOKEN)
    try:
        served(app)
        with pytest.raises(StoreLocked, match="writable `kg serve`.*pid"):
            with store_lock(tmp_path, "kg build"):
                pass
        c = app.test_client()
        r = c.put("/data?graph=http://example.org/kept", data=f"<{EX}s> <{EX}p> 1 .",
                  content_type="text/turtle", headers=AUTH)
        assert r.status_code == 201
        assert c.get("/sparql", query_string={"query": "ASK { GRAPH <http://example.org/kept> { ?s ?p ?o } }"}
                     ).get_json()["boolean"] is True  # the query workers read the write's snapshot
    finally:
        shutdown(app)
    with store_lock(tmp_path, "kg build"):  # released with the server
        blocked = make_writable_app(tmp_path, TOKEN)
        with pytest.raises(StoreLocked, match="kg build"):
            served(blocked)  # `kg serve` opens it before listening and exits with this message
        r = blocked.test_client().get("/void")
        assert r.status_code == 503 and r.get_json()["code"] == "store_unavailable"


def test_a_file_backed_store_refuses_writes_with_a_reason(tmp_path):
    app = make_app(STORE=str(SERVER_GRAPH), TOKEN=TOKEN)
    try:
        c = app.test_client()
        for r in (c.put("/data?graph=http://example.org/x", data=b"<http://a> <http://b> 1 .",
                        content_type="text/turtle", headers=AUTH),
                  c.post("/sparql", data={"update": "CLEAR ALL"}, headers=AUTH)):
            assert r.status_code == 403 and r.get_json()["code"] == "read_only_store"
            assert str(SERVER_GRAPH) not in r.get_data(as_text=True)
    finally:
        shutdown(app)


class FailingStore:
    """Stands in for a store on a full disk: reads work, every write raises the OSError RocksDB gives."""

    def __init__(self, real, path: str) -> None:
        self.real, self.path = real, path

    def update(self, *args, **kwargs):
        raise OSError(28, f"IO error: No space left on device: While appending to file: {self.path}/000012.log")

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_write_errors_never_show_the_store_path(tmp_path):
    app = make_writable_app(tmp_path, TOKEN)
    try:
        state = served(app)
        state._store = FailingStore(state._store, str(tmp_path / "store"))
        c = app.test_client()
        for r in (c.post("/sparql", data={"update": "CLEAR ALL"}, headers=AUTH),
                  c.put("/data?graph=http://example.org/x", data=b"<http://a> <http://b> 1 .",
                        content_type="text/turtle", headers=AUTH)):
            body = r.get_data(as_text=True)
            assert r.status_code == 500 and r.mimetype == "application/json" and "full disk" in body
            assert str(tmp_path) not in body and "Traceback" not in body
    finally:
        shutdown(app)


def test_saved_queries_are_paged(tmp_path):
    (tmp_path / "all.rq").write_text("# title: All\nSELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o\n")
    store = write_store(tmp_path / "store", 250)
    app = make_app(STORE=str(store), QUERIES_DIR=str(tmp_path), PAGE_SIZE=100)
    try:
        c = app.test_client()
        r = c.get("/queries/all")
        rows = r.get_json()["results"]["bindings"]
        assert len(rows) == 100 and 'rel="next"' in r.headers["Link"] and "offset=100" in r.headers["Link"]
        last = c.get("/queries/all?offset=200&limit=100")
        assert len(last.get_json()["results"]["bindings"]) == 50 and "Link" not in last.headers
        assert rows[0] != last.get_json()["results"]["bindings"][0]
        for bad in ("limit=0", "limit=x", "offset=-1", "limit=1000000000"):
            r = c.get(f"/queries/all?{bad}")
            assert r.status_code == 400 and r.get_json()["error"], bad
    finally:
        shutdown(app)


def test_graph_data_is_paged_and_cached():
    from tests.actors.conftest import FIXTURE

    # a loaded machine may take more than the default 10 s to start the graph worker: this test is about
    # paging and the cache, so the first request waits for the network instead of answering 503
    app = make_app(STORE=str(FIXTURE), QUEUE_WAIT=120.0)
    try:
        c = app.test_client()
        page = c.get("/graph/data.json?limit=3").get_json()
        assert len(page["elements"]["nodes"]) == 3
        assert page["data"]["page"]["total_actors"] == 11 and page["data"]["page"]["more"] is True
        t = time.perf_counter()
        again = c.get("/graph/data.json?limit=3").get_json()
        assert again == page and time.perf_counter() - t < 0.5
        rest = c.get("/graph/data.json?limit=3&offset=9").get_json()
        assert len(rest["elements"]["nodes"]) == 2 and rest["data"]["page"]["more"] is False
        assert c.get("/graph/data.json?limit=none").status_code == 400
        assert json.loads(c.get("/graph/data.json?limit=100000").data)["data"]["page"]["actors"] == 11
    finally:
        shutdown(app)
