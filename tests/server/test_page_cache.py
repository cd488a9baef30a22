"""The cache of finished answers (server.page_cache): bounded, per store generation, one maker per key;
and saved queries answered from it without a worker until the data changes."""

from __future__ import annotations

import threading
import time

import pytest

from server import safety
from server.page_cache import PageCache, key_size
from tests.support.apps import make_writable_app

TOKEN = "s3cret-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
KG = "https://w3id.org/kg-news/ontology#"
ID = "https://w3id.org/kg-news/id/"


def test_bounded_in_bytes_least_recently_used_dropped_first():
    cache = PageCache(max_bytes=10_000)
    for i in range(50):
        cache.put((1, "entity", f"p{i}"), b"x" * 900, 900)
        if i == 5:
            assert cache.get((1, "entity", "p0")) is not None  # p0 used: kept over p1..
        assert cache.size <= cache.max_bytes
    assert cache.get((1, "entity", "p49")) is not None
    assert cache.get((1, "entity", "p1")) is None
    assert cache.size == sum(900 + key_size((1, "entity", f"p{i}")) for i in range(50)
                             if cache.get((1, "entity", f"p{i}")) is not None)


def test_bounded_in_entries_and_big_answers_are_not_kept():
    cache = PageCache(max_bytes=10**9, max_items=3)
    for i in range(5):
        cache.put((1, "q", str(i)), i, 1)
    assert len(cache) == 3 and cache.get((1, "q", "0")) is None
    small = PageCache(max_bytes=8000)
    assert not small.put((1, "q", "big"), b"x" * 1200, 1200)  # above an eighth of the budget
    assert small.get((1, "q", "big")) is None


def test_a_new_generation_drops_the_old_and_late_old_answers_are_not_kept():
    cache = PageCache()
    cache.put((1, "entity", "a"), "old a", 5)
    cache.put((1, "entity", "b"), "old b", 5)
    cache.put((2, "entity", "a"), "new a", 5)
    assert cache.get((1, "entity", "b")) is None and len(cache) == 1
    assert not cache.put((1, "entity", "c"), "late", 4)  # made while generation 1 was served
    assert cache.get((2, "entity", "a")) == "new a" and len(cache) == 1


def test_one_maker_per_key_and_its_error_reaches_every_waiter():
    cache = PageCache()
    calls = []

    def make():
        calls.append(1)
        time.sleep(0.3)
        return "answer", 6

    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.get_or_make((1, "q", "k"), make)))
               for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert sorted(got) == [("answer", False)] + [("answer", True)] * 7

    def fail():
        time.sleep(0.2)
        raise RuntimeError("engine said no")

    errors = []

    def ask():
        try:
            cache.get_or_make((1, "q", "bad"), fail)
        except RuntimeError as exc:
            errors.append(str(exc))

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == ["engine said no"] * 4
    assert cache.get((1, "q", "bad")) is None  # errors are not kept


@pytest.fixture
def client(tmp_path):
    app = make_writable_app(tmp_path, TOKEN)
    return app.test_client()


def test_saved_query_pages_are_cached_until_the_data_changes(client, monkeypatch):
    first = client.get("/queries/statements", headers={"Accept": "application/sparql-results+json"})
    assert first.status_code == 200 and first.headers["X-Cache"] == "miss"
    again = client.get("/queries/statements", headers={"Accept": "application/sparql-results+json"})
    assert again.headers["X-Cache"] == "hit" and again.data == first.data
    page = client.get("/queries/statements?limit=1", headers={"Accept": "application/sparql-results+json"})
    assert page.headers["X-Cache"] == "miss"  # another page is another answer
    csv = client.get("/queries/statements?format=csv")
    assert csv.headers["X-Cache"] == "miss" and csv.mimetype == "text/csv"

    def no_worker(*args, **kwargs):
        raise AssertionError("a cached answer must not need a worker")

    monkeypatch.setattr(safety, "run_query", no_worker)
    assert client.get("/queries/statements",
                      headers={"Accept": "application/sparql-results+json"}).data == first.data
    monkeypatch.undo()

    new = f"{ID}statement/cache-test/1"
    update = (f"INSERT DATA {{ GRAPH <{ID}graph/cache-test> {{ <{new}> a <{KG}Statement> ; "
              f"<{KG}speaker> <{ID}person/cache-tester> ; <{KG}text> \"a new statement\" }} }}")
    r = client.post("/sparql", data={"update": update}, headers=AUTH)
    assert r.status_code == 204, r.data
    after = client.get("/queries/statements", headers={"Accept": "application/sparql-results+json"})
    assert after.headers["X-Cache"] == "miss"
    assert new in after.get_data(as_text=True) and new not in first.get_data(as_text=True)


def test_entity_pages_share_the_cache_and_follow_the_data(client):
    path = "/id/person/cache-tester"
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404
    update = f"INSERT DATA {{ GRAPH <{ID}graph/cache-test> {{ <{ID}person/cache-tester> a <{KG}Person> }} }}"
    assert client.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 200
    cache = client.application.extensions["kg_page_cache"]
    assert any(k[1] == "entity" for k in cache._items)
