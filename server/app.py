"""The Flask application factory for the kg query service."""

from __future__ import annotations

from flask import Flask

from server.config import Config


def create_app(config: Config | None = None) -> Flask:
    """Build the app around one store; blueprints add the protocol, pages and actor view."""
    config = config or Config()
    app = Flask(__name__)
    app.config.from_object(config)
    app.extensions["kg_config"] = config

    from server import actors, graph_store, pages, sparql

    for module in (sparql, graph_store, pages, actors):
        app.register_blueprint(module.bp)
    return app
