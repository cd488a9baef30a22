"""The Flask application factory for the kg query service."""

from __future__ import annotations

import atexit
import weakref

from flask import Flask

from server.config import Config

#: Every app built in this process (weakly held), so tests and tools can stop their workers.
APPS: weakref.WeakSet[Flask] = weakref.WeakSet()


def create_app(config: Config | None = None) -> Flask:
    """Build the app around one store; blueprints add the protocol, pages and actor view.

    The store, its worker processes and the write lock are taken on first use and
    released by `server.config.shutdown(app)` (also at interpreter exit).
    """
    from server.memory import limit_malloc_arenas

    limit_malloc_arenas()  # before the HTTP threads, workers' pipes and the warmer allocate
    config = config or Config()
    app = Flask(__name__)
    app.config.from_object(config)
    app.extensions["kg_config"] = config

    from server import actors, browse, errors, graph_store, mapview, pages, sparql, timeline
    from server.config import shutdown

    errors.install(app)
    errors.hide_paths(config.STORE)
    for module in (sparql, graph_store, pages, browse, timeline, mapview, actors):
        app.register_blueprint(module.bp)
    APPS.add(app)
    ref = weakref.ref(app)
    atexit.register(lambda: ref() is not None and shutdown(ref()))
    return app
