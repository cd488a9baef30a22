"""The store a service serves: which generation, opened how, and who else may write it.

* Read-only over a folder: the store is opened read-only; before each request
  `refresh()` asks `kg.store.find_current` where the data is now, so a rebuild (a new
  generation behind the pointer, or a swapped `OUT/store/`) is served from the next
  request on, by this process and by the query workers.
* Writable (a write token): the store is opened read-write and the output folder's
  write lock is held for the life of the service, so a build cannot replace the store
  under it (nor this service write under a build). Query workers read snapshots
  (RocksDB checkpoints: hard links, cheap) taken after each write.
* An RDF file: loaded once into a private temporary store (re-loaded when the file
  changes) and always read-only; writes would be lost at restart, so they are refused.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import weakref
from pathlib import Path

import pyoxigraph as ox

from kg.store import (
    Located,
    StoreError,
    find_current,
    is_store_dir,
    load_file,
    locate,
    store_lock,
)
from server.workers import PathUser  # noqa: E402

log = logging.getLogger("kg.stores")


class ServedStore(PathUser):
    """One service's store and its generations; `version` changes whenever the data may have."""

    def __init__(self, source: str, *, writable: bool) -> None:
        self.source = source
        self.location = locate(source)
        self.is_file = not self.location.is_dir()
        self.writable = writable and not self.is_file
        self.version = 0
        self._lock = threading.Lock()
        self._tmp = Path(tempfile.mkdtemp(prefix="kg-serve-"))
        self._finalizer = weakref.finalize(self, shutil.rmtree, str(self._tmp), True)
        self._held = None
        self._listeners: list = []
        self._snapshot_n = 0
        self._snap_root: Path | None = None
        self._users: dict[str, int] = {}
        self._lock_users = threading.Lock()
        if self.writable:
            self._held = store_lock(self.location, "a writable `kg serve`")
            self._held.__enter__()  # raises StoreLocked naming the build or server holding it
            self._store = ox.Store(str(self.location))
            self.where = Located(self.location, "writable")
            self.worker_path = str(self._snapshot())
        else:
            self.where = find_current(source)
            self._store, self.worker_path = self._open(self.where)

    # -- opening -----------------------------------------------------------------------------

    def _open(self, where: Located) -> tuple[ox.Store, str]:
        if where.path.is_dir():
            try:
                return ox.Store.read_only(str(where.path)), str(where.path)
            except OSError as exc:
                raise StoreError(f"{where.path}: cannot open the Oxigraph store: {exc}") from exc
        folder = Path(tempfile.mkdtemp(prefix="file-", dir=self._tmp))
        loading = ox.Store(str(folder))
        load_file(loading, where.path)
        loading.flush()
        del loading
        return ox.Store.read_only(str(folder)), str(folder)

    def _snapshot(self) -> Path:
        """A read-only copy of the writable store for the query workers (a RocksDB checkpoint)."""
        if self._snap_root is None:
            self._snap_root = self._tmp
            if not _same_device(self._tmp, self.location):  # hard links need the same file system
                self._snap_root = Path(tempfile.mkdtemp(prefix=".kg-snapshots-", dir=self.location.parent))
                weakref.finalize(self, shutil.rmtree, str(self._snap_root), True)
        self._snapshot_n += 1
        target = self._snap_root / f"snapshot-{self._snapshot_n}"
        self._store.flush()
        self._store.backup(str(target))
        return target

    def acquire(self, path: str) -> None:
        """A worker pool reads `path` from now on."""
        with self._lock_users:
            self._users[path] = self._users.get(path, 0) + 1

    def release(self, path: str) -> None:
        """A pool no longer reads `path`: delete it once no pool does, if it is our snapshot or copy."""
        with self._lock_users:
            left = self._users.get(path, 0) - 1
            if left > 0:
                self._users[path] = left
                return
            self._users.pop(path, None)
        p = Path(path)
        if path != self.worker_path and p.parent in (self._tmp, self._snap_root):
            shutil.rmtree(p, ignore_errors=True)

    # -- using -------------------------------------------------------------------------------

    @property
    def store(self) -> ox.Store:
        return self._store

    @property
    def worker_key(self) -> str:
        """The generation the workers must read (the path alone misses a store swapped in place)."""
        return f"{self.worker_path}#{self.where.generation}"

    def on_switch(self, listener) -> None:
        """Call `listener(worker_path, worker_key)` whenever the workers must read another store."""
        self._listeners.append(listener)

    def refresh(self) -> bool:
        """Switch to the current generation if a build made a new one; True when it switched."""
        if self.writable:
            return False
        try:
            where = find_current(self.source)
        except StoreError as exc:
            log.warning("keeping the current store: %s", exc)
            return False
        if where == self.where:
            return False
        if not self._lock.acquire(blocking=False):
            return False  # another request is switching; this one still reads the old store
        try:
            if where == self.where:
                return False
            store, worker_path = self._open(where)
            old_path = self.worker_path
            self._store, self.where, self.worker_path = store, where, worker_path
            self.version += 1
            log.info("now serving %s", where.generation)
        except StoreError as exc:
            log.warning("a new store generation could not be opened; keeping the current one: %s", exc)
            return False
        finally:
            self._lock.release()
        for listener in self._listeners:
            listener(worker_path, f"{worker_path}#{where.generation}")
        if self.is_file and old_path not in self._users:
            shutil.rmtree(old_path, ignore_errors=True)
        return True

    def written(self) -> None:
        """After a write: new caches, and a new snapshot for the workers (called under the write lock)."""
        self.version += 1
        if self.writable:
            self.worker_path = str(self._snapshot())
            for listener in self._listeners:
                listener(self.worker_path, self.worker_key)

    def close(self) -> None:
        if self._held is not None:
            self._held.__exit__(None, None, None)
            self._held = None
        self._finalizer()


class ServedRemote:
    """A SPARQL server as the served store: workers and pages query it over HTTP (kg.remote_store).

    There is nothing to lock, snapshot or switch: the server applies writes itself and
    every query sees its current data. `version` still changes after each write through
    this service, so its caches (statistics, the actor network) are rebuilt.
    """

    is_file = False

    def __init__(self, source: str, *, writable: bool) -> None:
        from kg.remote_store import connect

        self.source = source
        self._store = connect(source)
        self.writable = writable and self._store.endpoint.writable
        self.version = 0
        self.worker_path = source  # workers connect from the endpoint URL or file (never a password)
        self._listeners: list = []

    @property
    def store(self):
        return self._store

    @property
    def worker_key(self) -> str:
        return f"{self.source}#remote"

    def on_switch(self, listener) -> None:
        self._listeners.append(listener)

    def acquire(self, path: str) -> None:
        """Nothing to keep alive for a pool: the data is on the server."""

    def release(self, path: str) -> None:
        """Nothing to delete: the data is on the server."""

    def refresh(self) -> bool:
        return False

    def written(self) -> None:
        self.version += 1

    def close(self) -> None:
        """Nothing is held open between requests."""


def open_served(source: str, *, writable: bool) -> ServedStore | ServedRemote:
    """The served store for `source`: a SPARQL endpoint (URL or endpoint file), or a local store or file."""
    from kg.remote_store import is_remote

    if is_remote(source):
        return ServedRemote(source, writable=writable)
    return ServedStore(source, writable=writable)


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


__all__ = ["ServedRemote", "ServedStore", "StoreError", "is_store_dir", "open_served"]
