"""The embedded Oxigraph store: opening, loading atomically, and querying.

Everything that answers SPARQL (the CLI, the server, the actor graph) goes
through here, so that "a built output folder", "a store folder" and "an RDF file"
all mean the same thing wherever a user can name one.
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import re
import shutil
import socket
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.formats import GRAPH_FORMATS, FormatError, by_extension
from kg.ns import sparql_prefixes


class StoreError(Exception):
    """A store or graph file that cannot be opened; the message names it and says why."""


class StoreLocked(StoreError):
    """Another process holds the output folder's write lock (a build, or a writable server)."""


#: The generation pointer of an output folder (docs/store-generations.md): a one-line file
#: naming a folder under OUT/generations/, or a symlink to one, replaced by rename.
POINTER = "current-generation"
GENERATIONS = "generations"
LOCK = "kg.lock"
_GENERATION_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def is_store_dir(path: Path) -> bool:
    """Oxigraph (RocksDB) folders always hold a CURRENT file."""
    return path.is_dir() and (path / "CURRENT").exists()


def current_generation(out_dir: str | Path) -> Path | None:
    """The generation folder the pointer of `out_dir` names, or None when there is no pointer.

    Raises StoreError when the pointer exists but names nothing usable, so a broken build
    is reported rather than silently served from an older layout.
    """
    out = Path(out_dir)
    pointer = out / POINTER
    if not pointer.is_symlink() and not pointer.is_file():
        return None
    try:
        if pointer.is_symlink():
            name = Path(os.readlink(pointer)).name
        else:
            name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{pointer}: cannot read the generation pointer: {exc}") from exc
    if not _GENERATION_NAME.match(name):
        raise StoreError(f"{pointer}: {name!r} is not a generation name")
    folder = out / GENERATIONS / name
    if not is_store_dir(folder / "store") and not (folder / "graph.trig").is_file():
        raise StoreError(f"{pointer}: generation {name!r} has no store ({folder / 'store'} is missing)")
    return folder


@dataclass(frozen=True)
class Located:
    """Where the data of a user-given path is now, and an identity that changes with each build."""

    path: Path  # a store folder or an RDF file
    generation: str  # pointer target, or inode+mtime of the store folder or file


def find_current(path: str | Path) -> Located:
    """Resolve `path` to the store to read now; call again to notice a rebuild.

    Follows the generation pointer when there is one (docs/store-generations.md) and
    works with the older layout `OUT/store/`, a store folder or an RDF file. Cheap (a
    few stats), so a server calls it between requests.
    """
    p = locate(path)
    if p.parent.parent.name == GENERATIONS and p.name == "store":
        return Located(p, f"generation:{p.parent.name}")
    st = p.stat()
    return Located(p, f"inode:{st.st_ino}:{st.st_mtime_ns}")


def locate(path: str | Path) -> Path:
    """Turn what a user typed (output folder, store folder or RDF file) into a store folder or file.

    An output folder with a generation pointer resolves to the current generation's store.
    """
    p = Path(path)
    if not p.exists():
        raise StoreError(f"{p}: no such file or folder (build one with `kg build ARTICLES --out {p}`)")
    if p.is_dir():
        if is_store_dir(p):
            return p
        generation = current_generation(p)
        if generation is not None:  # a build with --no-store has graphs but no store
            return generation / "store" if is_store_dir(generation / "store") else generation / "graph.trig"
        if is_store_dir(p / "store"):
            return p / "store"
        for name in ("graph.trig", "graph.ttl"):
            if (p / name).exists():
                return p / name
        raise StoreError(f"{p}: not a kg output folder, an Oxigraph store or an RDF file")
    rdf_format(p)  # an unknown suffix is refused here, before anything reads the file
    return p


def rdf_format(path: Path) -> ox.RdfFormat:
    """The RDF format an input file's suffix names (kg.formats); StoreError for any other suffix."""
    try:
        return by_extension(path, GRAPH_FORMATS).rdf
    except FormatError:
        known = ", ".join(e for f in GRAPH_FORMATS for e in f.extensions)
        raise StoreError(f"{path}: unknown RDF format {path.suffix!r}; use one of {known}") from None


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """Open a store folder, or load an RDF file into an in-memory store.

    Read-only opening lets several processes (CLI, server) share one build. A SPARQL
    endpoint (an http(s) URL or an endpoint .toml file) gives a `kg.remote_store.RemoteStore`,
    which answers the same calls over HTTP.
    """
    from kg import remote_store

    if remote_store.is_remote(path):
        return remote_store.connect(path)
    p = locate(path)
    if p.is_dir():
        try:
            return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
        except OSError as exc:
            raise StoreError(f"{p}: cannot open the Oxigraph store: {exc}") from exc
    store = ox.Store()
    load_file(store, p)
    return store


def open_current(path: str | Path, *, read_only: bool = True) -> tuple[ox.Store, Located]:
    """Open the current generation of `path` (see `find_current`), with where it was found."""
    where = find_current(path)
    return open_store(where.path, read_only=read_only), where


def load_file(store: ox.Store, path: Path, *, to_graph: ox.NamedNode | None = None) -> None:
    """Bulk-load an RDF file; triples go to `to_graph` (default graph when None)."""
    fmt = rdf_format(path)
    try:
        kwargs = {"to_graph": to_graph} if to_graph is not None and not fmt.supports_datasets else {}
        store.bulk_load(path=str(path), format=fmt, **kwargs)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: cannot be loaded as {fmt.name}: {exc}") from exc


#: quads per write of `load_store`: loading the 2.45 M quads of a 10,000-article build alone took 23.3 s and
#: 347 MB at 200,000, 20.2 s and 149 MB at 50,000, 21.5 s and 106 MB at 20,000, 25.0 s and 95 MB at 10,000
LOAD_BATCH = 20_000


def load_store(folder: Path, dataset_file: Path, *, on_loaded: Callable[[], None] | None = None) -> None:
    """Create a store in the new folder `folder` holding `dataset_file`, compacted and flushed.

    The file is parsed as a stream and written LOAD_BATCH quads at a time, so memory holds one batch
    whatever the file's size (one `bulk_load` of the whole file held 1.6 GB for 2.5 M quads).

    I/O errors (a full disk) are raised as the OSError they are, so a build can tell them
    from a file that does not parse (StoreError). `on_loaded` runs after the load, before
    the compaction (a hook for the build's kill tests).
    """
    store = ox.Store(str(folder))
    fmt = rdf_format(dataset_file)
    quads = ox.parse(path=str(dataset_file), format=fmt)
    try:
        while batch := list(itertools.islice(quads, LOAD_BATCH)):
            store.bulk_extend(batch)
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"{dataset_file}: cannot be loaded as {fmt.name}: {exc}") from exc
    if on_loaded is not None:
        on_loaded()
    store.optimize()
    store.flush()
    del store


class StoreFeeder:
    """A new store filled in a thread while its caller goes on writing the same quads elsewhere.

    Oxigraph's bulk loader releases the GIL and keeps to one core, so a build writing graph.trig and
    graph.ttl in Python (one core) fills its store on the other at no cost in wall time; loading
    graph.trig again after writing it took a tenth of a 10,000-article build. Quads go as N-Quads in
    chunks of about LOAD_BATCH (memory holds a few chunks, never the graph). An error in the thread (a
    full disk) is raised, as the OSError it is, by `finish`: so it is reported as the store's, and the
    chunks after it are dropped unread.
    """

    def __init__(self, folder: Path) -> None:
        import queue
        import threading

        self.store: ox.Store | None = ox.Store(str(folder))
        self._chunks: queue.Queue[bytes | None] = queue.Queue(maxsize=4)
        self._pending: list[bytes] = []
        self._size = 0
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="kg-store-feeder", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        while (chunk := self._chunks.get()) is not None:
            if self._error is None:
                try:
                    self.store.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
                except BaseException as exc:  # handed to the caller's thread
                    self._error = exc

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error

    def add(self, quads: list[ox.Quad]) -> None:
        if self._error is not None:
            return
        self._pending.append(ox.serialize(quads, format=ox.RdfFormat.N_QUADS))
        self._size += len(quads)
        if self._size >= LOAD_BATCH:
            self._send()

    def _send(self) -> None:
        if self._pending:
            self._chunks.put(b"".join(self._pending))
        self._pending, self._size = [], 0

    def _stop(self) -> None:
        if self._thread.is_alive():
            self._chunks.put(None)
            self._thread.join()

    def finish(self, on_loaded: Callable[[], None] | None = None) -> None:
        """Load what is left, then compact and flush (`on_loaded` runs between, as in `load_store`)."""
        self._send()
        self._stop()
        self._raise()
        if on_loaded is not None:
            on_loaded()
        self.store.optimize()
        self.store.flush()
        self.store = None

    def abandon(self) -> None:
        """Stop loading (the build failed): the folder is left to whoever removes the generation."""
        self._pending = []
        self._stop()
        self.store = None


def write_store(store_dir: Path, dataset_file: Path) -> None:
    """Replace `store_dir` with a fresh store holding `dataset_file`, never half-written.

    The store is built in a sibling temporary folder and swapped in by rename, so an
    interrupted build leaves the previous store intact.
    """
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=store_dir.parent))
    try:
        load_store(tmp, dataset_file)
        old = None
        if store_dir.exists():
            old = store_dir.with_name(store_dir.name + ".old")
            if old.exists():
                shutil.rmtree(old)
            store_dir.rename(old)
        tmp.rename(store_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def output_root(path: str | Path) -> Path | None:
    """The output folder a store belongs to (the one a build writes), or None for an RDF file."""
    p = Path(path).resolve()
    if p.is_file():
        return None
    if is_store_dir(p):
        if p.name == "store":
            parent = p.parent
            if parent.parent.name == GENERATIONS:
                return parent.parent.parent
            return parent
        return p.parent / f".{p.name}"  # a bare store folder: its lock sits beside it
    return p


def lock_file(path: str | Path) -> Path | None:
    """The lock file shared by every writer of `path` (None: an RDF file, never written)."""
    root = output_root(path)
    if root is None:
        return None
    return root / LOCK if root.name[:1] != "." else root.with_name(root.name + ".kg.lock")


#: lock descriptors this process holds: a forked child (a build's worker) closes its copies at once,
#: so that the lock dies with its holder and never with a worker that outlived it
_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    for fd in list(_HELD_LOCKS):
        try:
            os.close(fd)  # never flock(LOCK_UN) here: that would release the parent's lock
        except OSError:
            pass
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextmanager
def store_lock(path: str | Path, purpose: str) -> Iterator[Path | None]:
    """Hold the write lock of the output folder (or store) at `path` for the block.

    A build and a writable server call this, so one can never replace or write the
    store under the other. The lock is an flock on `kg.lock`, released by the kernel
    when the holder dies, so a crashed holder never blocks the next one. Raises
    StoreLocked naming the holder (its purpose, pid and start time).
    """
    target = lock_file(path)
    if target is None:
        yield None
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            raise StoreLocked(f"{target.parent}: {holder} is using this store; stop it (or wait for it "
                              "to finish) and try again") from None
        info = {"purpose": purpose, "pid": os.getpid(), "host": socket.gethostname(),
                "since": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
        os.ftruncate(fd, 0)
        os.pwrite(fd, (json.dumps(info) + "\n").encode(), 0)
        _HELD_LOCKS.add(fd)
        try:
            yield target
        finally:
            _HELD_LOCKS.discard(fd)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _read_holder(fd: int) -> str:
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode() or "{}")
    except (OSError, ValueError):
        info = {}
    if not info:
        return "another process"
    return f"{info.get('purpose', 'another process')} (pid {info.get('pid')}, since {info.get('since')})"


def with_prefixes(query: str) -> str:
    """Prepend our PREFIX lines unless the query declares its own `kg:` prefix."""
    if "PREFIX kg:" in query or "prefix kg:" in query:
        return query
    return sparql_prefixes() + query


def query(store: ox.Store, sparql: str, *, use_default_graph_as_union: bool = True):
    """Run SPARQL with our prefixes; the default graph is the union of all named graphs."""
    return store.query(with_prefixes(sparql), use_default_graph_as_union=use_default_graph_as_union)
