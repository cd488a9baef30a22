"""The one headless chromium each browser test module shares (Debian's, see tests/support/live.py)."""

from __future__ import annotations

import pytest

from tests.support.live import chromium


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b
