"""Check a graph against the kg SHACL shapes and say, for people, what is wrong and where.

pySHACL validates each named graph of a Dataset on its own, but a Statement in
an article graph points at a speaker that lives in the entities graph; so the
graphs are merged first and each node remembers which graphs (and so which
articles) it came from. Each violation then names the node, its label, the
property, the message and the article(s) to look at.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kg.ns import ID, KG, PREFIXES, SCHEMA, SH
from kg.resources import ontology_file
from kg.serialize import dataset_from_store, iter_quads, to_rdflib, write_turtle

SHAPES_PATH = ontology_file("shapes.ttl")
ONTOLOGY_PATH = ontology_file("kg.ttl")

_ARTICLE_GRAPH = str(ID["graph/article/"])
_XSD = PREFIXES["xsd"]
_IRI = re.compile(r"https?://[^\s,;()<>\"']+")
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


class ShapesError(Exception):
    """A shapes file that cannot be read; the message names it and says why."""


@dataclass(frozen=True)
class Violation:
    """One SHACL result, in words: what node, which property, what is wrong, where it came from."""

    severity: str
    focus: str
    label: str | None
    path: str | None
    message: str
    value: str | None = None
    articles: tuple[str, ...] = ()
    graphs: tuple[str, ...] = ()
    shape: str | None = None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["articles"], d["graphs"] = list(self.articles), list(self.graphs)
        return d


@dataclass
class ValidationResult:
    """What `validate` found: the conforms flag, the SHACL report graph and readable results."""

    conforms: bool
    report_graph: Graph
    violations: list[Violation] = field(default_factory=list)
    triples: int = 0

    @property
    def errors(self) -> list[Violation]:
        return [v for v in self.violations if v.severity == "Violation"]

    @property
    def warnings(self) -> list[Violation]:
        return [v for v in self.violations if v.severity != "Violation"]

    @property
    def text(self) -> str:
        return format_report(self)

    def write_report(self, path: str | Path) -> Path:
        """Write the SHACL report graph as deterministic Turtle (e.g. DIR/validation.ttl)."""
        return write_turtle(self.report_graph, path)

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "triples": self.triples,
                "violations": len(self.errors),
                "warnings": len(self.warnings),
                "results": [v.as_dict() for v in self.violations],
            },
            ensure_ascii=False,
            indent=2,
        )


# --------------------------------------------------------------------------- shapes


def load_shapes(path: str | Path | None = None) -> Graph:
    """The shapes graph (ontology/shapes.ttl by default), parsed once per file version."""
    p = Path(path) if path is not None else SHAPES_PATH
    try:
        stamp = p.stat().st_mtime_ns
    except OSError as exc:
        raise ShapesError(f"{p}: cannot read the shapes file: {exc.strerror or exc}") from exc
    return _parse_shapes(str(p), stamp)


@lru_cache(maxsize=4)
def _parse_shapes(path: str, _stamp: int) -> Graph:
    g = Graph()
    try:
        for q in ox.parse(path=path, format=ox.RdfFormat.TURTLE):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError) as exc:
        raise ShapesError(f"{path}: not a readable Turtle shapes file: {exc}") from exc
    if not any(g.subjects(RDF.type, SH.NodeShape)):
        raise ShapesError(f"{path}: holds no sh:NodeShape, so it cannot be a SHACL shapes file")
    return g


# --------------------------------------------------------------------------- validating


def validate(
    data: Graph | ox.Store,
    *,
    shapes: str | Path | Graph | None = None,
    allow_warnings: bool = True,
) -> ValidationResult:
    """Validate a Graph, Dataset or Oxigraph store against the kg shapes, without inference.

    Named graphs are merged so that cross-graph links (a statement's speaker in the
    entities graph) are checked; the graph each node sits in is kept for the report.
    Warnings (sh:Warning results) do not break conformance unless `allow_warnings` is False.
    """
    from pyshacl import validate as shacl_validate  # ~0.4 s to import: only when used

    if isinstance(data, ox.Store):
        data = dataset_from_store(data)
    shapes_graph = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    merged, graphs_of = _merge(data)
    conforms, report, _ = shacl_validate(
        merged,
        shacl_graph=shapes_graph,
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=allow_warnings,
        meta_shacl=False,
        advanced=False,
        inplace=True,  # `merged` is our own copy
    )
    violations = _read_report(report, merged, graphs_of)
    return ValidationResult(bool(conforms), report, violations, len(merged))


class _PreparedQueryGraph(Graph):
    """A Graph that parses each SPARQL text once.

    rdflib re-parses a query string on every call (~40 ms each) and pySHACL sends
    the same SPARQL-constraint text once per focus node with a different $this
    binding; preparing each text once makes validation linear in the data.
    """

    def query(
        self,
        query_object,
        processor="sparql",
        result="sparql",
        initNs=None,  # noqa: N803
        initBindings=None,
        use_store_provided=True,
        **kwargs,
    ):  # noqa: N803
        if isinstance(query_object, str) and processor == "sparql":
            ns = dict(initNs) if initNs else dict(self.namespaces())
            key = (query_object, tuple(sorted((str(k), str(v)) for k, v in ns.items())))
            query_object = _prepare(*key)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@lru_cache(maxsize=256)
def _prepare(text: str, ns: tuple[tuple[str, str], ...]):
    """A parsed, translated query: reusable on any graph with fresh bindings."""
    return prepareQuery(text, initNs=dict(ns))


def _merge(data: Graph) -> tuple[Graph, dict[Node, set[Node]]]:
    merged = _PreparedQueryGraph()
    graphs_of: dict[Node, set[Node]] = defaultdict(set)
    for s, p, o, g in iter_quads(data):
        merged.add((s, p, o))
        if g is not None:
            graphs_of[s].add(g)
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns, override=True, replace=True)
    return merged, graphs_of


def _read_report(report: Graph, data: Graph, graphs_of: dict[Node, set[Node]]) -> list[Violation]:
    out = []
    for result in set(report.subjects(RDF.type, SH.ValidationResult)):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        shape = report.value(result, SH.sourceShape)
        out.append(
            Violation(
                severity=_local(severity) if severity is not None else "Violation",
                focus=short(focus),
                label=_label(data, focus),
                path=(short(path) if isinstance(path, URIRef) else "(complex path)") if path else None,
                message=_message(report, result),
                value=short(value) if value is not None else None,
                articles=_articles(data, focus, graphs_of),
                graphs=tuple(sorted(short(g) for g in graphs_of.get(focus, ()))),
                shape=short(shape) if isinstance(shape, URIRef) else None,
            )
        )
    out = list(set(out))  # pySHACL reports e.g. sh:datatype and sh:minInclusive failures twice
    out.sort(key=lambda v: (_SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path or "", v.message))
    return out


def _message(report: Graph, result: Node) -> str:
    messages = sorted(
        {
            str(m)
            for m in report.objects(result, SH.resultMessage)
            if getattr(m, "language", None) in (None, "en")
        }
    )
    if messages:
        return _IRI.sub(lambda m: short(URIRef(m.group(0))), "; ".join(messages))
    component = report.value(result, SH.sourceConstraintComponent)
    return f"fails {short(component)}" if component is not None else "fails a shape"


def _label(data: Graph, node: Node) -> str | None:
    labels = sorted(str(v) for v in data.objects(node, RDFS.label))
    return " | ".join(labels) if labels else None


def _articles(data: Graph, focus: Node, graphs_of: dict[Node, set[Node]]) -> tuple[str, ...]:
    """The article(s) a node comes from: itself, its kg:source, its evidence's source,
    its own article graph, or (for shared entities) the articles that mention it."""
    found: set[Node] = set()
    if (focus, RDF.type, KG.Article) in data:
        found.add(focus)
    found.update(data.objects(focus, KG.source))
    for ev in data.objects(focus, KG.evidence):
        found.update(data.objects(ev, KG.source))
    for g in graphs_of.get(focus, ()):
        if str(g).startswith(_ARTICLE_GRAPH):
            found.add(ID["article/" + str(g)[len(_ARTICLE_GRAPH) :]])
    if not found:
        found.update(data.subjects(SCHEMA.mentions, focus))
    names = set()
    for article in found:
        file_name = data.value(article, KG.fileName)
        names.add(str(file_name) if file_name is not None else short(article))
    return tuple(sorted(names))


# --------------------------------------------------------------------------- words


def short(node: Node | None) -> str:
    """A compact, readable name: prefix:local for IRIs, "lexical"^^xsd:type for literals."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        text = f'"{node}"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and str(node.datatype) != _XSD + "string":
            return f"{text}^^{short(node.datatype)}"
        return text
    if isinstance(node, BNode):
        return f"_:{node}"
    iri = str(node)
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return f"<{iri}>"
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best) :]}"


def _local(node: Node) -> str:
    iri = str(node)
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def format_report(result: ValidationResult, *, limit: int | None = None) -> str:
    """The results as a terminal report, most serious first, grouped by node."""
    n_err, n_warn = len(result.errors), len(result.warnings)
    if result.conforms and not result.violations:
        return f"conforms: {result.triples} triples, no violations\n"
    head = "conforms" if result.conforms else "does NOT conform"
    lines = [f"{head}: {n_err} violation(s), {n_warn} warning(s) in {result.triples} triples", ""]
    shown = result.violations if limit is None else result.violations[:limit]
    for v in shown:
        title = f"{v.severity.upper():<9} {v.focus}"
        if v.label:
            title += f'  "{v.label}"'
        lines.append(title)
        if v.path:
            lines.append(f"  property: {v.path}")
        if v.value is not None and v.value != v.focus:
            lines.append(f"  value:    {v.value}")
        lines.append(f"  problem:  {v.message}")
        if v.articles:
            lines.append(f"  article:  {', '.join(v.articles)}")
        if v.graphs:
            lines.append(f"  graph:    {', '.join(v.graphs)}")
        lines.append("")
    if limit is not None and len(result.violations) > limit:
        lines.append(f"... and {len(result.violations) - limit} more (use --json for all)")
        lines.append("")
    return "\n".join(lines)
