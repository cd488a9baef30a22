"""Work the first visitor should not wait for, done in the background while the service runs.

The catalogue behind the overview, search, lists, timeline and map (`server.catalogue`) is
one pass over the whole store: seconds on a 10,000-article build. A `Warmer` thread builds
it when the service starts, and again whenever the data changes: it looks for a new build
generation every few seconds (as every request does) and rebuilds after a switch or a write,
so a visitor finds it ready. A request that comes first still builds it itself, once (the
catalogue's lock makes the two share one build).
"""

from __future__ import annotations

import logging
import threading

from flask import Flask

log = logging.getLogger("kg.warm")

#: how often the warmer looks for a new generation of the served folder
POLL_SECONDS = 2.0


class Warmer:
    """A daemon thread that keeps `app`'s catalogue built for the data being served."""

    def __init__(self, app: Flask, poll_seconds: float = POLL_SECONDS) -> None:
        self.app = app
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._warm = threading.Condition()
        self._warmed: int | None = None  # the store version whose catalogue is built
        self._failed: int | None = None  # a version whose catalogue could not be built (not retried)
        self._thread = threading.Thread(target=self._run, name="kg-warm", daemon=True)

    def start(self) -> Warmer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(timeout=30)

    def wait(self, timeout: float | None = None, *, after: int | None = None) -> bool:
        """Block until the catalogue of the data now served is built (and, with `after`, is of a later
        store version than that); False if `timeout` passes first."""
        from server.config import store_generation

        def ready() -> bool:
            return self._warmed is not None and self._warmed == store_generation(self.app) \
                and (after is None or self._warmed > after)

        with self._warm:
            return self._warm.wait_for(ready, timeout)

    def _run(self) -> None:
        from server.catalogue import catalogue
        from server.config import served, store_generation

        while not self._stop.is_set():
            try:
                with self.app.app_context():
                    served(self.app).refresh()
                    version = store_generation(self.app)
                    if version not in (self._warmed, self._failed):
                        try:
                            catalogue()
                        except Exception as exc:  # noqa: BLE001 - a request will report it; keep serving
                            self._failed = version
                            log.warning("could not prepare the catalogue in the background: %s", exc)
                        else:
                            with self._warm:
                                self._warmed = self.app.extensions["kg_catalogue"][0]
                                self._warm.notify_all()
            except Exception as exc:  # noqa: BLE001 - the store may be closing; try again later
                log.debug("warming skipped: %s", exc)
            self._stop.wait(self.poll_seconds)


def start(app: Flask, poll_seconds: float = POLL_SECONDS) -> Warmer:
    """Start warming `app` (once); `server.config.shutdown(app)` stops it."""
    warmer = app.extensions.get("kg_warmer")
    if warmer is None:
        warmer = app.extensions["kg_warmer"] = Warmer(app, poll_seconds).start()
    return warmer
