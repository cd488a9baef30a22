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
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from kg import shacl_shortcuts
from kg.ns import ID, KG, PREFIXES, SCHEMA, SH
from kg.resources import ontology_file
from kg.serialize import dataset_from_store, iter_quads, to_oxigraph, to_rdflib, write_turtle

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

    shacl_shortcuts.install()
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
            query_object = _prepare(query_object, _namespace_key(initNs) if initNs else self._own_namespaces())
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


    def kg_select(self, text: str) -> list[dict[str, Node]]:
        """The rows of a SELECT with nothing bound in advance (kg.shacl_shortcuts), variable -> term for the
        bound ones as rdflib's `row.asdict()` gives them, answered by Oxigraph's SPARQL engine over the same
        triples: in rdflib's the SPARQL constraints took a third of the validation time."""
        store = self.__dict__.get("_kg_oxigraph")
        if store is None:
            self.use_triples(ox.Triple(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in self)
            store = self.__dict__["_kg_oxigraph"]
        solutions = store.query(text)
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(t) for n, t in zip(names, row, strict=True) if t is not None} for row in solutions]

    def use_triples(self, triples: Iterable[ox.Triple]) -> None:
        """Give kg_select its Oxigraph copy of this graph's triples (read from them when not given)."""
        store = ox.Store()
        store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
        self.__dict__["_kg_oxigraph"] = store

    def _own_namespaces(self) -> tuple[tuple[str, str], ...]:
        """The graph's prefixes as a key, read once: they are bound before validation and then left alone,
        and reading them on every query (once per focus node) cost a tenth of the validation."""
        key = self.__dict__.get("_kg_namespaces")
        if key is None:
            key = self.__dict__["_kg_namespaces"] = _namespace_key(self.namespaces())
        return key


def _namespace_key(ns) -> tuple[tuple[str, str], ...]:
    items = ns.items() if hasattr(ns, "items") else ns
    return tuple(sorted((str(k), str(v)) for k, v in items))


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


# --------------------------------------------------------------------------- validating in parts


#: the nodes a part may report on; None outside validate_part
_PART_FOCUS: ContextVar[frozenset | None] = ContextVar("kg_part_focus", default=None)


def _targets_within_part() -> None:
    """Make pySHACL's targets (and only its targets) stop at the part's own nodes.

    pySHACL's own `focus_nodes` option filters every shape evaluation, the nested ones too (the
    [sh:class kg:Person] inside an sh:or is handed the speaker as its focus, which the filter drops,
    so the sh:or always passes); restricting only where targets are found keeps every nested check.
    """
    from pyshacl.shape import Shape

    if getattr(Shape, "_kg_part_targets", False):
        return
    find_targets = Shape.focus_nodes

    def focus_nodes(self, data_graph, debug=False):
        found = find_targets(self, data_graph, debug=debug)
        allowed = _PART_FOCUS.get()
        return found if allowed is None else {n for n in found if n in allowed}

    Shape.focus_nodes = focus_nodes
    Shape._kg_part_targets = True


def validate_part(quads: list[ox.Quad], focus: list[ox.NamedNode], *, shapes: Graph | None = None) -> ValidationResult:
    """Validate only the `focus` nodes of a part of a graph (some articles' graphs, or the entity graph).

    The part carries what the shapes read beyond its own nodes (the rdf:type of the nodes it points
    at, an evidence node's kg:source), so its verdicts on its nodes are those of a run over the whole
    graph; nodes outside `focus` are context only and never reported. The one-node-per-key shapes
    (data/unique_keys.tsv) are left to `unique_key_results`, run once over the whole graph.
    """
    from pyshacl import validate as shacl_validate

    _targets_within_part()
    shacl_shortcuts.install()
    merged = _PreparedQueryGraph()
    graphs_of: dict[Node, set[Node]] = defaultdict(set)
    terms: dict = {}  # a part names the same IRIs over and over: convert each once

    def term(t):
        found = terms.get(t)
        if found is None:
            found = terms[t] = to_rdflib(t)
        return found

    add = merged.store.add
    for q in quads:
        s = term(q.subject)
        add((s, term(q.predicate), term(q.object)), merged, quoted=False)
        if isinstance(q.graph_name, ox.NamedNode):
            graphs_of[s].add(term(q.graph_name))
    merged.use_triples(q.triple for q in quads)
    for prefix, ns in PREFIXES.items():
        merged.bind(prefix, ns, override=True, replace=True)
    if not focus:
        return ValidationResult(True, Graph(), [], len(merged))
    token = _PART_FOCUS.set(frozenset(URIRef(f.value) for f in focus))
    try:
        conforms, report, _ = shacl_validate(
            merged, shacl_graph=shapes if shapes is not None else part_shapes(), inference="none",
            abort_on_first=False, allow_infos=True, allow_warnings=True, meta_shacl=False, advanced=False,
            inplace=True)
    finally:
        _PART_FOCUS.reset(token)
    return ValidationResult(bool(conforms), report, _read_report(report, merged, graphs_of), len(merged))


def combine(results: list[ValidationResult], triples: int) -> ValidationResult:
    """One result (and one sh:ValidationReport) from the results of the parts of a graph."""
    report = Graph()
    for prefix, ns in PREFIXES.items():
        report.bind(prefix, ns, override=True, replace=True)
    node = BNode("report")
    conforms = all(r.conforms for r in results)
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(conforms)))
    violations: set[Violation] = set()
    for r in results:
        for result in r.report_graph.subjects(RDF.type, SH.ValidationResult):
            report.add((node, SH.result, result))
        for t in r.report_graph:
            if t[0] != node and not (t[1] == SH.conforms or t[2] == SH.ValidationReport or t[1] == SH.result):
                report.add(t)
        violations.update(r.violations)
    ordered = sorted(violations, key=lambda v: (_SEVERITY_ORDER.get(v.severity, 3), v.focus, v.path or "",
                                                v.message))
    return ValidationResult(conforms, report, ordered, triples)


def focus_with_results(result: ValidationResult) -> set[str]:
    """The IRIs of the nodes a result reports on (violations, warnings and infos alike)."""
    return {str(n) for n in result.report_graph.objects(None, SH.focusNode)}


def validate_nquads(part: tuple[bytes, list[str]]) -> ValidationResult:
    """One validation task (kg.executors): a part as N-Quads and its focus IRIs in, the verdict out."""
    data, focus = part
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    return validate_part(quads, [ox.NamedNode(f) for f in focus])


# --------------------------------------------------------------------------- splitting a graph into parts


def shapes_digest(path: Path = SHAPES_PATH) -> str:
    """The shapes file's hash (in every part's hash), read again only when the file changes."""
    return _shapes_digest(str(path), path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _shapes_digest(path: str, _stamp: int) -> str:
    import hashlib

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


#: the properties of a node outside a part that its shapes read: a value's class (sh:class), and an
#: evidence node's article (shapes:evidence-from-source)
CONTEXT_PREDICATES = (str(RDF.type), str(KG.source))


def context_from_quads(quads: list[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """The context of every node of a whole dataset (kg.build knows it from its indexes instead)."""
    context: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        if q.predicate.value in CONTEXT_PREDICATES and isinstance(q.subject, ox.NamedNode):
            t = q.triple
            if t not in context[q.subject.value]:
                context[q.subject.value].append(t)
    return dict(context)


RDF_TYPE_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def part(names: list[ox.NamedNode], graphs: list[list[ox.Triple]],
         context: dict[str, list[ox.Triple]]) -> tuple[str, bytes, list[str]]:
    """A validation part: some named graphs, the context of the nodes they point at outside them
    (in the default graph), and their own nodes as the focus; with its content hash (for the cache)."""
    quads = [ox.Quad(t.subject, t.predicate, t.object, g) for g, triples in zip(names, graphs, strict=True)
             for t in triples]
    return part_of_quads(quads, context)


def part_of_quads(quads: list[ox.Quad], context: dict[str, list[ox.Triple]]) -> tuple[str, bytes, list[str]]:
    """`part` of quads already in their named graphs (the build's writer makes them: not made twice)."""
    import hashlib

    subjects = {q.subject.value for q in quads}
    typed_here = {q.subject.value for q in quads if q.predicate.value == RDF_TYPE_IRI}
    # a node of another graph that this one says something about (a merged Deployment's kg:troopReport in
    # an article's graph) is context, not a focus: its type and its other properties live elsewhere
    borrowed = {n for n in subjects if n not in typed_here and n in context}
    own = subjects - borrowed
    outside = sorted(({q.object.value for q in quads if isinstance(q.object, ox.NamedNode)} | borrowed) - own)
    around = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for node in outside
              for t in context.get(node, ())]
    data = ox.serialize([*quads, *around], format=ox.RdfFormat.N_QUADS)
    digest = hashlib.sha256(shapes_digest().encode() + b"\0" + data).hexdigest()
    return digest, data, sorted(own)


# --------------------------------------------------------------------------- one node per key, by index


@dataclass(frozen=True)
class UniqueKey:
    shape: URIRef
    cls: URIRef
    prop: URIRef


@lru_cache(maxsize=1)
def unique_keys() -> tuple[UniqueKey, ...]:
    from kg import lexicon

    return tuple(UniqueKey(URIRef(a), URIRef(b), URIRef(c)) for a, b, c in lexicon.rows("unique_keys.tsv"))


def part_shapes(path: str | Path | None = None) -> Graph:
    """The shapes without the SPARQL constraints of the one-node-per-key shapes (checked by index)."""
    return _part_shapes(load_shapes(path))


@lru_cache(maxsize=4)
def _part_shapes(shapes: Graph) -> Graph:
    g = Graph()
    for prefix, ns in shapes.namespaces():
        g.bind(prefix, ns)
    dropped = {(k.shape, SH.sparql) for k in unique_keys()}
    for t in shapes:
        if (t[0], t[1]) not in dropped:
            g.add(t)
    return g


def unique_key_results(quads: Iterable[ox.Quad], *, shapes: Graph | None = None) -> ValidationResult:
    """The one-node-per-key shapes over a whole graph: nodes of the class grouped by their key, each node
    of a group reported against every other, with the results pySHACL's SPARQL constraint gives."""
    shapes = shapes if shapes is not None else load_shapes()
    keys = unique_keys()
    typed: dict[str, set[str]] = defaultdict(set)
    values: dict[tuple[str, str], list[ox.Literal]] = defaultdict(list)
    props = {str(k.prop) for k in keys}
    labels: dict[str, list[str]] = defaultdict(list)
    graphs_of: dict[str, set[str]] = defaultdict(set)
    for q in quads:
        p = q.predicate.value
        if isinstance(q.graph_name, ox.NamedNode):
            graphs_of[q.subject.value].add(q.graph_name.value)
        if p == str(RDF.type):
            typed[q.object.value].add(q.subject.value)
        elif p in props:
            values[(q.subject.value, p)].append(q.object)
        elif p == str(RDFS.label):
            labels[q.subject.value].append(q.object.value)
    report = Graph()
    violations = []
    for key in keys:
        constraint = shapes.value(key.shape, SH.sparql)
        template = str(shapes.value(constraint, SH.message)) if constraint is not None else ""
        groups: dict[ox.Literal, list[str]] = defaultdict(list)
        for node in sorted(typed.get(str(key.cls), ())):
            for code in values.get((node, str(key.prop)), ()):
                groups[code].append(node)
        for code, nodes in groups.items():
            for focus in nodes:
                for other in nodes:
                    if other == focus:
                        continue
                    message = template.replace("{?value}", other).replace("{?code}", code.value)
                    message = message.replace("{$this}", focus)
                    _key_result(report, shapes, key, constraint, URIRef(focus), URIRef(other), message)
                    violations.append(Violation(
                        severity="Violation", focus=short(URIRef(focus)),
                        label=" | ".join(sorted(labels[focus])) or None, path=short(key.prop),
                        message=_IRI.sub(lambda m: short(URIRef(m.group(0))), message),
                        value=short(URIRef(other)), shape=short(key.shape),
                        graphs=tuple(sorted(short(URIRef(g)) for g in graphs_of.get(focus, ())))))
    return ValidationResult(not violations, report, sorted(set(violations), key=lambda v: (v.focus, v.value or "")))


def _key_result(report: Graph, shapes: Graph, key: UniqueKey, constraint, focus: URIRef, other: URIRef,
                message: str) -> None:
    result = BNode()
    report.add((result, RDF.type, SH.ValidationResult))
    report.add((result, SH.focusNode, focus))
    report.add((result, SH.resultMessage, Literal(message)))
    report.add((result, SH.resultPath, key.prop))
    report.add((result, SH.resultSeverity, SH.Violation))
    report.add((result, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent))
    report.add((result, SH.sourceShape, key.shape))
    report.add((result, SH.value, other))
    if constraint is not None:
        report.add((result, SH.sourceConstraint, constraint))
        for t in shapes.triples((constraint, None, None)):
            report.add(t)
