"""Every test module stops the query workers of the service apps it built."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True, scope="module")
def _stop_service_workers():
    from server.app import APPS
    from server.config import shutdown

    before = {id(a) for a in APPS}
    yield
    for app in list(APPS):
        if id(app) not in before:
            shutdown(app)
