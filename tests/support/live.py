"""Start the real `kg serve` in a subprocess on a free port, and a headless Chromium, for browser tests."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NO_CHROMIUM = ("Debian's chromium is not installed at /usr/bin/chromium "
               "(apt-get install chromium, or `make browser`)")
#: the marks of a browser test module: `pytestmark = BROWSER_TEST`
BROWSER_TEST = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@contextmanager
def kg_serve(store: Path, log_dir: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """`kg serve --port 0` (it prints the port it got); yields the base URL, stops the server after."""
    cmd = [sys.executable, "-c", "from kg.cli import main; main()", "serve",
           "--store", str(store), "--host", "127.0.0.1", "--port", "0", "--access-log", ""]
    log = log_dir / "stderr.txt"
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=dict(os.environ, **(env or {})), stdout=subprocess.PIPE,
                                stderr=err, text=True)
    try:
        line = proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"kg serve did not start: {line!r} {log.read_text()}")
        yield f"http://127.0.0.1:{m.group(1)}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium under Playwright (never a downloaded browser)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def watched(context, server: str):
    """A page of `context` that records requests to hosts other than `server` and script errors
    (`pg.outside`, `pg.errors`): the UI must need no network and raise nothing."""
    from urllib.parse import urlparse

    pg = context.new_page()
    pg.outside, pg.errors = [], []
    host = urlparse(server).netloc
    pg.on("request", lambda r: None if urlparse(r.url).scheme == "data" or urlparse(r.url).netloc == host
          else pg.outside.append(r.url))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    return pg

