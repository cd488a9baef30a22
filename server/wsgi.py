"""A WSGI entry point for any server: `waitress-serve server.wsgi:app` (settings from KG_* env vars).

`kg serve` is the usual way to run the service; this module exists for deployments
that bring their own WSGI server. See `server.config.Config.from_env` for the variables.
"""

from __future__ import annotations

from server import warm
from server.app import create_app
from server.config import Config

app = create_app(Config.from_env())
warm.start(app)  # the catalogue is built in the background, not on the first visitor's request
