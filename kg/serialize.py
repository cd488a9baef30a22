"""Reading graphs in and writing them out byte-for-byte reproducibly.

A rebuild of unchanged articles must give unchanged files (so diffs and caches
mean something), but rdflib's serializers follow hash and insertion order and
label blank nodes at random. Here every output is made from a canonical,
sorted list of quads: blank nodes get content-derived labels, graphs and
triples are inserted in sorted order, and line-based formats are sorted
outright. Files are written to a temporary sibling and renamed into place.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.graph import ConjunctiveGraph
from rdflib.plugins.serializers.nt import _nt_row
from rdflib.plugins.serializers.trig import TrigSerializer
from rdflib.plugins.serializers.turtle import TurtleSerializer
from rdflib.term import Node

from kg import atomic_files, jsonld
from kg.atomic_files import atomic_write  # noqa: F401  (kg.serialize.atomic_write: writers and tests use it)
from kg.formats import GRAPH_FORMATS, Format, FormatError, by_extension, by_name
from kg.ns import PREFIXES
from kg.store import StoreError, locate, open_store

Quad = tuple[Node, Node, Node, Node | None]

#: export format name -> its kg.formats row (suffix, whether it keeps named graphs, ...)
FORMATS: dict[str, Format] = {f.name: f for f in GRAPH_FORMATS}

_QUAD_PREDICATE = "urn:kg-quad:"
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")


# --------------------------------------------------------------------------- reading


def to_rdflib(term: Any) -> Node | None:
    """One Oxigraph term as rdflib's (the default graph becomes None)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise ValueError(f"unsupported RDF term {term!r} (RDF-star triples are not supported)")


def dataset_from_quads(quads: Iterable[ox.Quad]) -> Dataset:
    """An rdflib Dataset holding Oxigraph quads (named graphs kept)."""
    ds = Dataset()
    graphs: dict[Node | None, Graph] = {}
    for q in quads:
        g = to_rdflib(q.graph_name)
        target = graphs.get(g)
        if target is None:
            target = graphs[g] = ds.default_graph if g is None else ds.graph(g)
        target.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    return ds


def dataset_from_store(store: ox.Store) -> Dataset:
    """Copy an Oxigraph store into an rdflib Dataset.

    Note that a store keeps literals in canonical form (xsd:nonNegativeInteger is
    stored as xsd:integer, "1.0"^^xsd:double as "1"), so read files, not stores,
    when the exact lexical forms matter.
    """
    return dataset_from_quads(store.quads_for_pattern(None, None, None, None))


def read_dataset(path: str | Path) -> Dataset:
    """Read a kg output folder, an Oxigraph store or any RDF file into a Dataset.

    Folders are resolved by kg.store.locate (store first, then graph.trig, graph.ttl)
    and files parsed by Oxigraph, so every command accepts the same inputs, no
    remote JSON-LD context is ever fetched, and every failure is a StoreError
    naming the file and the problem.
    """
    p = locate(path)
    if p.is_dir():
        return dataset_from_store(open_store(p))
    try:
        fmt = by_extension(p, GRAPH_FORMATS)
    except FormatError as exc:
        raise StoreError(str(exc)) from exc
    try:
        return dataset_from_quads(ox.parse(path=str(p), format=fmt.rdf))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"{p}: cannot be read as {fmt.rdf.name}: {exc}") from exc


# --------------------------------------------------------------------------- canonical form


def _graph_id(ctx: Any) -> Node | None:
    ident = ctx.identifier if isinstance(ctx, Graph) else ctx
    if ident is None or str(ident) == "urn:x-rdflib:default":
        return None
    return ident


def iter_quads(data: Graph) -> Iterator[Quad]:
    """Every statement of a Graph, ConjunctiveGraph or Dataset as (s, p, o, graph-or-None)."""
    if isinstance(data, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph
        for s, p, o, ctx in data.quads((None, None, None, None)):
            yield s, p, o, _graph_id(ctx)
    else:
        for s, p, o in data:
            yield s, p, o, None


def _sort_key(quad: Quad) -> tuple[str, str, str, str]:
    s, p, o, g = quad
    return ("" if g is None else g.n3(), s.n3(), p.n3(), o.n3())


def canonical_quads(data: Graph | Iterable[Quad], *, merge: bool = False) -> list[Quad]:
    """The statements sorted, with blank nodes relabelled from content (same triples, same labels).

    With `merge`, named graphs are dropped and duplicate triples collapse.
    Graph membership takes part in the canonical labelling (it is folded into the
    predicate), so blank nodes shared between named graphs stay shared.
    """
    quads = list(iter_quads(data) if isinstance(data, Graph) else data)
    if merge:
        quads = [(s, p, o, None) for s, p, o, _ in quads]
    if any(isinstance(t, BNode) for q in quads for t in q):
        quads = _relabel_bnodes(quads)
    return sorted(set(quads), key=_sort_key)


def _relabel_bnodes(quads: list[Quad]) -> list[Quad]:
    folded = Graph()
    for s, p, o, g in quads:
        gkey = "" if g is None else quote(g.n3(), safe="")
        folded.add((s, URIRef(f"{_QUAD_PREDICATE}{gkey}/{quote(str(p), safe='')}"), o))
    out: list[Quad] = []
    for s, fp, o in to_canonical_graph(folded):
        gkey, _, p = str(fp)[len(_QUAD_PREDICATE) :].partition("/")
        g = _parse_graph_key(unquote(gkey)) if gkey else None
        out.append((s, URIRef(unquote(p)), o, g))
    return out


def _parse_graph_key(n3: str) -> Node:
    return BNode(n3[2:]) if n3.startswith("_:") else URIRef(n3[1:-1])


def _fresh_dataset(quads: list[Quad]) -> Dataset:
    """A Dataset holding `quads` in sorted insertion order, with our prefixes bound."""
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns, override=True, replace=True)
    graphs: dict[Node | None, Graph] = {}
    for s, p, o, g in quads:
        target = graphs.get(g)
        if target is None:
            target = graphs[g] = ds.default_graph if g is None else ds.graph(g)
        target.add((s, p, o))
    return ds


def _fresh_graph(quads: list[Quad]) -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in quads:
        graph.add((s, p, o))
    return graph


class _SortedTrigSerializer(TrigSerializer):
    """rdflib's TriG writer visits graphs in set order; visit them sorted by name."""

    def __init__(self, store: Graph) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            super().__init__(store)
        unique = {ctx.identifier: ctx for ctx in self.contexts}
        default = self.default_context

        def key(ident: Node) -> tuple[bool, str]:
            return (ident != default, ident.n3())

        self.contexts = [unique[i] for i in sorted(unique, key=key)]


# --------------------------------------------------------------------------- writing


def to_bytes(data: Graph, fmt: str) -> bytes:
    """Serialise `data` in one of FORMATS; identical statements give identical bytes."""
    fmt = by_name(fmt, GRAPH_FORMATS).name
    quads = canonical_quads(data, merge=not FORMATS[fmt].datasets)
    if fmt == "ntriples":
        return "".join(sorted({_nt_row((s, p, o)) for s, p, o, _ in quads})).encode("utf-8")
    if fmt == "nquads":
        return "".join(sorted({_nq_row(q) for q in quads})).encode("utf-8")
    if fmt == "turtle":
        return _serialize_with(TurtleSerializer(_fresh_graph(quads)))
    if fmt == "trig":
        return _serialize_with(_SortedTrigSerializer(_fresh_dataset(quads)))
    if fmt == "rdfxml":
        return _rdfxml(quads)
    return _jsonld(quads)


def _nq_row(quad: Quad) -> str:
    s, p, o, g = quad
    row = _nt_row((s, p, o))
    return row if g is None else f"{row[:-3]} {g.n3()} .\n"


def _serialize_with(serializer: TurtleSerializer) -> bytes:
    import io

    buf = io.BytesIO()
    serializer.serialize(buf, encoding="utf-8")
    return buf.getvalue()


def _jsonld(quads: list[Quad]) -> bytes:
    """Compact JSON-LD (kg.jsonld): our terms by name in an inline @context, sorted throughout."""
    return jsonld.dumps(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o),
                                ox.DefaultGraph() if g is None else to_oxigraph(g))
                        for s, p, o, g in quads)


def _rdfxml(quads: list[Quad]) -> bytes:
    """RDF/XML from the sorted triples, written by Oxigraph in the order given (so reproducible)."""
    triples = [ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o, _ in quads]
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=dict(sorted(PREFIXES.items())))


def to_oxigraph(term: Node) -> Any:
    """One rdflib term as Oxigraph's (the inverse of to_rdflib)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"unsupported RDF term {term!r}")


def write(data: Graph, path: str | Path, fmt: str) -> Path:
    """Serialise deterministically and write atomically."""
    return atomic_write(path, to_bytes(data, fmt))


def write_turtle(graph: Graph, path: str | Path) -> Path:
    """Turtle of all statements (named graphs merged), deterministic, written atomically."""
    return write(graph, path, "turtle")


def write_trig(dataset: Graph, path: str | Path) -> Path:
    """TriG keeping named graphs, deterministic, written atomically."""
    return write(dataset, path, "trig")


# --------------------------------------------------------------------------- streaming the build's outputs

#: prefixes the streaming writer abbreviates (instance IRIs under `id:` are written whole, as rdflib did)
_STREAM_PREFIXES = {p: ns for p, ns in sorted(PREFIXES.items()) if p != "id"}
_HEADER = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in _STREAM_PREFIXES.items()) + "\n"


def _body(data: bytes) -> bytes:
    """pyoxigraph's output without its @prefix lines (the writer puts one sorted header first)."""
    lines = data.split(b"\n")
    i = 0
    while i < len(lines) and lines[i].startswith(b"@prefix "):
        i += 1
    return b"\n".join(lines[i:]).lstrip(b"\n")


class GraphWriter:
    """graph.trig and graph.ttl written one named graph at a time, through pyoxigraph's serializer.

    Use it as a context manager: both files appear whole when the block ends (kg.atomic_files.atomic_file)
    and not at all if it raises. Each graph's triples are sorted, so the same graphs in the same order
    give the same bytes.
    """

    def __init__(self, trig: Path, ttl: Path, store=None) -> None:
        self.paths = (Path(trig), Path(ttl))
        self.triples = 0
        #: a kg.store.StoreFeeder that is also given every graph's quads (the build's store), or None
        self.store = store
        self._stack = ExitStack()

    def __enter__(self) -> GraphWriter:
        with ExitStack() as stack:
            self.trig, self.ttl = (stack.enter_context(atomic_files.atomic_file(p)) for p in self.paths)
            for fh in (self.trig, self.ttl):
                fh.write(_HEADER.encode())
            self._stack = stack.pop_all()
        return self

    def __exit__(self, *exc) -> bool | None:
        return self._stack.__exit__(*exc)

    def graph(self, name: ox.NamedNode, triples: list[ox.Triple]) -> list[ox.Quad]:
        """Write one named graph (to both files); returns its quads, sorted and without repeats."""
        unique = sorted(set(triples), key=str)
        quads = [ox.Quad(t.subject, t.predicate, t.object, name) for t in unique]
        self.trig.write(_body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=_STREAM_PREFIXES)))
        self.ttl.write(_body(ox.serialize(unique, format=ox.RdfFormat.TURTLE, prefixes=_STREAM_PREFIXES)))
        if self.store is not None:
            self.store.add(quads)
        self.triples += len(unique)
        return quads
