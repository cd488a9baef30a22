"""The catalogue is built in the background: at start and after a new generation, before any request."""

from __future__ import annotations

import os

from kg.store import POINTER
from server import warm
from server.config import shutdown, store_generation
from tests.reliability.support import write_store
from tests.support.apps import make_app

WAIT = 120  # seconds a busy machine may take; the test waits for an event, it times nothing


def point(out, name: str) -> None:
    tmp = out / (POINTER + ".tmp")
    tmp.write_text(name + "\n")
    os.replace(tmp, out / POINTER)


def test_the_catalogue_is_warm_before_the_first_request(tmp_path):
    app = make_app()
    try:
        assert "kg_catalogue" not in app.extensions  # nothing builds it on its own
        warmer = warm.start(app)
        assert warm.start(app) is warmer  # one per app
        assert warmer.wait(WAIT)
        version, built = app.extensions["kg_catalogue"]
        assert version == store_generation(app) and built.actors
        r = app.test_client().get("/persons.json")
        assert r.status_code == 200 and r.get_json()["total"] > 0
        assert app.extensions["kg_catalogue"][1] is built  # the request used it, it built nothing
    finally:
        shutdown(app)
    assert "kg_warmer" not in app.extensions


def test_a_new_generation_is_warmed_without_a_request(tmp_path):
    out = tmp_path / "out"
    write_store(out / "generations" / "g1" / "store", 3, "a")
    point(out, "g1")
    app = make_app(STORE=str(out))
    try:
        warmer = warm.start(app, poll_seconds=0.05)
        assert warmer.wait(WAIT)
        first = app.extensions["kg_catalogue"]
        write_store(out / "generations" / "g2" / "store", 4, "b")
        point(out, "g2")
        # no request: the warmer itself sees the new generation, switches and builds its catalogue
        assert warmer.wait(WAIT, after=first[0])
        assert app.extensions["kg_catalogue"][0] == store_generation(app) > first[0]
        assert app.extensions["kg_catalogue"][1] is not first[1]
    finally:
        shutdown(app)
