"""The embedded Oxigraph store: opening, loading atomically, and querying.

Everything that answers SPARQL (the CLI, the server, the actor graph) goes
through here, so that "a built output folder", "a store folder" and "an RDF file"
all mean the same thing wherever a user can name one.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pyoxigraph as ox

from kg.ns import sparql_prefixes

#: RDF file suffix -> pyoxigraph format
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


class StoreError(Exception):
    """A store or graph file that cannot be opened; the message names it and says why."""


def is_store_dir(path: Path) -> bool:
    """Oxigraph (RocksDB) folders always hold a CURRENT file."""
    return path.is_dir() and (path / "CURRENT").exists()


def locate(path: str | Path) -> Path:
    """Turn what a user typed (output folder, store folder or RDF file) into a store folder or file."""
    p = Path(path)
    if not p.exists():
        raise StoreError(f"{p}: no such file or folder (build one with `kg build ARTICLES --out {p}`)")
    if p.is_dir():
        if is_store_dir(p):
            return p
        if is_store_dir(p / "store"):
            return p / "store"
        for name in ("graph.trig", "graph.ttl"):
            if (p / name).exists():
                return p / name
        raise StoreError(f"{p}: not a kg output folder, an Oxigraph store or an RDF file")
    if p.suffix.lower() not in FORMATS:
        raise StoreError(f"{p}: unknown RDF format {p.suffix!r}; use one of {', '.join(sorted(FORMATS))}")
    return p


def open_store(path: str | Path, *, read_only: bool = True) -> ox.Store:
    """Open a store folder, or load an RDF file into an in-memory store.

    Read-only opening lets several processes (CLI, server) share one build.
    """
    p = locate(path)
    if p.is_dir():
        try:
            return ox.Store.read_only(str(p)) if read_only else ox.Store(str(p))
        except OSError as exc:
            raise StoreError(f"{p}: cannot open the Oxigraph store: {exc}") from exc
    store = ox.Store()
    load_file(store, p)
    return store


def load_file(store: ox.Store, path: Path, *, to_graph: ox.NamedNode | None = None) -> None:
    """Bulk-load an RDF file; triples go to `to_graph` (default graph when None)."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF format {path.suffix!r}")
    try:
        kwargs = {"to_graph": to_graph} if to_graph is not None and not fmt.supports_datasets else {}
        store.bulk_load(path=str(path), format=fmt, **kwargs)
    except (SyntaxError, ValueError, OSError) as exc:
        raise StoreError(f"{path}: cannot be loaded as {fmt.name}: {exc}") from exc


def write_store(store_dir: Path, dataset_file: Path) -> None:
    """Replace `store_dir` with a fresh store holding `dataset_file`, never half-written.

    The store is built in a sibling temporary folder and swapped in by rename, so an
    interrupted build leaves the previous store intact.
    """
    store_dir = Path(store_dir)
    store_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".store-", dir=store_dir.parent))
    try:
        store = ox.Store(str(tmp))
        load_file(store, dataset_file)
        store.optimize()
        store.flush()
        del store
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


def with_prefixes(query: str) -> str:
    """Prepend our PREFIX lines unless the query declares its own `kg:` prefix."""
    if "PREFIX kg:" in query or "prefix kg:" in query:
        return query
    return sparql_prefixes() + query


def query(store: ox.Store, sparql: str, *, use_default_graph_as_union: bool = True):
    """Run SPARQL with our prefixes; the default graph is the union of all named graphs."""
    return store.query(with_prefixes(sparql), use_default_graph_as_union=use_default_graph_as_union)
