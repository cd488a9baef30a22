"""A store folder is never deleted under a worker still starting on it (writes make snapshots quickly)."""

from __future__ import annotations

import shutil
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from server.workers import PathUser, WorkerPool, worker_main


class Deleting(PathUser):
    """Deletes a folder once no pool uses it, as the served store does with its snapshots."""

    def __init__(self) -> None:
        self.released: list[str] = []
        self.lock = threading.Lock()

    def release(self, path: str) -> None:
        with self.lock:
            self.released.append(path)
        shutil.rmtree(path, ignore_errors=True)


def a_store(path: Path) -> str:
    store = ox.Store(str(path))
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("1")))
    store.flush()
    del store
    return str(path)


def test_a_switch_while_workers_start_keeps_their_folder_until_they_are_gone(tmp_path, caplog):
    first, second = a_store(tmp_path / "snapshot-1"), a_store(tmp_path / "snapshot-2")
    paths = Deleting()
    pool = WorkerPool("query", 2, 256, paths=paths)
    try:
        pool.set_store(first)
        deadline = time.monotonic() + 10
        while pool._starting == 0 and time.monotonic() < deadline:  # the workers are being started on it
            time.sleep(0.001)
        assert pool._starting > 0
        pool.set_store(second)  # a write made a new snapshot before they were ready
        assert first not in paths.released, "the folder was deleted under workers starting on it"
        assert pool.wait_ready(60)
        deadline = time.monotonic() + 10
        while first not in paths.released and time.monotonic() < deadline:
            time.sleep(0.01)
        assert paths.released == [first]  # deleted once, when the last worker on it went
        assert "could not start" not in caplog.text and "died" not in caplog.text
    finally:
        pool.close()


def test_a_store_missing_files_is_a_clean_start_failure(tmp_path):
    store = Path(a_store(tmp_path / "s"))
    for f in store.glob("*.sst"):
        f.unlink()
    sent: list = []

    class Conn:
        def send(self, message) -> None:
            sent.append(message)

    sigint = signal.getsignal(signal.SIGINT)
    try:
        worker_main(Conn(), str(store), 0)  # RocksDB says "Corruption" (a RuntimeError), not an OSError
    finally:
        signal.signal(signal.SIGINT, sigint)  # the worker body ignores Ctrl-C; this process must not
    assert sent and sent[0][0] == "failed" and "cannot open the store" in sent[0][1]

