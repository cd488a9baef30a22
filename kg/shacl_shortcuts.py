"""Four shortcuts through pySHACL that leave its verdicts as they are and take a fraction of the time.

Profiled on a 1,000-article build, nearly all of the validation time went into pySHACL's
bookkeeping, not into checking:

* **sh:or** checks a value against every member as a whole nested validation, and each failing
  member builds a full validation result (messages, nodes stringified) that sh:or then throws
  away. Our shapes use sh:or as unions of classes and datatypes (`sh:or ( [ sh:class kg:Person ]
  [ sh:class kg:Organisation ] ... )` on every mention, statement and provenance node). A member
  that is a node shape made only of value constraints (sh:class, sh:datatype, sh:nodeKind,
  ranges, lengths, patterns; severity Violation; not deactivated) is decided here by pySHACL's
  own constraint components with their results silenced; any other member is validated as before.
* **sh:property** validates the property shape once per focus node, building its constraint
  components again each time (20,000 nested validations for one part of 48 articles). Here it
  is validated once with all the value nodes as its focus, which pySHACL supports and which
  gives the same results, whenever the value nodes are distinct (else as before).
* **sh:sparql** runs the query once per focus node with $this bound. For 8 focus nodes or more,
  a query that binds $this in its first triple pattern and has nothing whose meaning changes when
  $this is joined instead (no sub-select, OPTIONAL, MINUS, BIND, VALUES, aggregates, ...) runs
  once with $this free, and each focus node gets the rows with its own $this, as its own query
  would give them; pySHACL then makes its results from them as before. On kg.validate's graphs
  (which offer `kg_select`) that one query runs in Oxigraph's SPARQL engine over the same triples.

* **sh:class** reads a value's rdf:types and their superclasses for every class constraint that
  meets it (an entity IRI is the value of hundreds of mentions); here once per value and run: the
  data graph does not change while pySHACL validates it (no inference, no rules).

`stock()` turns them all off for a block: the tests compare the verdicts with pySHACL as shipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

#: False inside stock(): pySHACL as shipped
_FAST: ContextVar[bool] = ContextVar("kg_shacl_shortcuts", default=True)


@contextmanager
def stock() -> Iterator[None]:
    """Validate with pySHACL as shipped in this block (the reference for the verdicts)."""
    token = _FAST.set(False)
    try:
        yield
    finally:
        _FAST.reset(token)


def install() -> None:
    """Patch pySHACL's sh:or, sh:property, sh:sparql and sh:class evaluation once per process."""
    from pyshacl.constraints.core.logical_constraints import OrConstraintComponent
    from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent
    from pyshacl.constraints.core.value_constraints import ClassConstraintComponent
    from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint

    if getattr(OrConstraintComponent, "_kg_shortcut", False):
        return
    stock_or = OrConstraintComponent._evaluate_or_constraint
    stock_property = PropertyConstraintComponent._evaluate_property_shape

    def evaluate_or(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path):
        if not _FAST.get() or executor.debug:
            return stock_or(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path)
        return _evaluate_or(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path)

    def evaluate_property(self, executor, prop_shape, target_graph, focus_value_nodes, potentially_recursive,
                          _evaluation_path):
        values = [v for value_nodes in focus_value_nodes.values() for v in value_nodes]
        if not _FAST.get() or executor.debug or len(values) < 2 or len(set(values)) != len(values):
            return stock_property(self, executor, prop_shape, target_graph, focus_value_nodes,
                                  potentially_recursive, _evaluation_path)
        found = self.shape.get_other_shape(prop_shape)
        if not found or not found.is_property_shape or (potentially_recursive and found in potentially_recursive):
            return stock_property(self, executor, prop_shape, target_graph, focus_value_nodes,
                                  potentially_recursive, _evaluation_path)  # its warnings and errors
        conforms, reports = found.validate(executor, target_graph, focus=values, _evaluation_path=_evaluation_path[:])
        return not conforms, reports

    def evaluate_sparql(self, sparql_constraint, target_graph, f_v_dict):
        batch = _batch(sparql_constraint, target_graph, f_v_dict) if _FAST.get() else None
        if batch is None:
            return stock_sparql(self, sparql_constraint, target_graph, f_v_dict)
        found, binds, text = batch
        # the per-node steps answered from the one query (checking and binding the text once, not per node)
        self._validate_sparql_query = lambda _text, node_binds, _graph: found.get(node_binds["this"], [])
        sparql_constraint.pre_bind_variables = lambda node, *_a, **_k: ({**binds, "this": node}, text)
        sparql_constraint.apply_prefixes = lambda query: query
        try:
            return stock_sparql(self, sparql_constraint, target_graph, f_v_dict)
        finally:
            del self._validate_sparql_query, sparql_constraint.pre_bind_variables, sparql_constraint.apply_prefixes

    def evaluate_class(self, target_graph, f_v_dict, class_rule):
        if not _FAST.get():
            return stock_class(self, target_graph, f_v_dict, class_rule)
        return _evaluate_class(self, target_graph, f_v_dict, class_rule)

    stock_sparql = SPARQLBasedConstraint._evaluate_sparql_constraint
    stock_class = ClassConstraintComponent._evaluate_class_rules_rdflib
    ClassConstraintComponent._evaluate_class_rules_rdflib = evaluate_class
    OrConstraintComponent._evaluate_or_constraint = evaluate_or
    PropertyConstraintComponent._evaluate_property_shape = evaluate_property
    SPARQLBasedConstraint._evaluate_sparql_constraint = evaluate_sparql
    OrConstraintComponent._kg_shortcut = True


#: pySHACL's modules of constraints on a value alone (class, datatype, node kind, ranges, lengths, patterns)
_VALUE_MODULES = ("value_constraints", "value_range_constraints", "string_based_constraints")


def _quick(shape) -> list | None:
    """pySHACL's own constraint components of a member shape made only of value constraints, their
    results silenced (sh:or discards them); None for any other shape (validated in full). Remembered on
    the shapes graph, which lives as long as one pySHACL run."""
    known = shape.sg.__dict__.setdefault("_kg_quick", {})
    if shape.node not in known:
        known[shape.node] = _components(shape)
    return known[shape.node]


def _components(shape) -> list | None:
    from pyshacl.constraints import CONSTRAINT_PARAMETERS_MAP
    from pyshacl.consts import SH_Violation

    sg = shape.sg
    if (shape.is_property_shape or shape.deactivated or shape.severity != SH_Violation or sg.custom_constraints
            or sg.js_enabled or shape._advanced):
        return None
    parameters = CONSTRAINT_PARAMETERS_MAP
    kinds = {parameters[p] for p, _ in sg.predicate_objects(shape.node) if p in parameters}
    if not kinds or any(k.__module__.rsplit(".", 1)[-1] not in _VALUE_MODULES for k in kinds):
        return None
    components = []
    for kind in sorted(kinds, key=lambda k: k.__name__):
        try:
            component = kind(shape)
        except Exception:  # noqa: BLE001 - a malformed constraint: pySHACL's own path warns or fails on it
            return None
        component.make_v_result = _no_result
        components.append(component)
    return components


#: a SELECT that binds $this in its first triple pattern and holds nothing whose meaning could change when
#: $this is joined rather than bound in advance (sub-selects, OPTIONAL, MINUS, BIND, VALUES, ...)
_THIS_FIRST = re.compile(r"SELECT\s+\$this\b[^{]*WHERE\s*\{\s*\$this\s", re.IGNORECASE)
_UNSAFE = re.compile(r"\b(OPTIONAL|MINUS|BIND|VALUES|SERVICE|GRAPH|UNION|LIMIT|OFFSET|GROUP|ORDER|HAVING|"
                     r"COUNT|SUM|MIN|MAX|AVG|SAMPLE)\b|[?$](failure|shapesGraph)\b", re.IGNORECASE)
#: fewer focus nodes than this are queried one by one (a query for all would read the whole part)
_BATCH_FROM = 8


def _batch(sparql_constraint, graph, f_v_dict) -> tuple[dict, dict, str] | None:
    """The violations of a SPARQL constraint for every focus node from one query with $this unbound, as
    pySHACL's _validate_sparql_query gives them for each, with the other bindings and the query text
    (None when the query is not of that safe kind)."""
    if len(f_v_dict) < _BATCH_FROM:
        return None
    focus = next(iter(f_v_dict))
    binds, text = sparql_constraint.pre_bind_variables(focus)
    text = sparql_constraint.apply_prefixes(text)
    body = text[text.upper().find("SELECT"):]
    if "this" not in binds or body.upper().count("SELECT") != 1 or not _THIS_FIRST.search(body) or _UNSAFE.search(body):
        return None
    del binds["this"]
    found: dict = {}
    result = (found, dict(binds), text)
    # kg.validate's graphs (wrapped by pySHACL as RdfLibDataGraph.impl) answer from Oxigraph
    select = getattr(getattr(graph, "impl", graph), "kg_select", None)
    rows = select(text) if select is not None and not binds else (
        row.asdict() for row in graph.query(text, initBindings=binds))
    for values in rows:
        this, path, value = values.pop("this", None), values.pop("path", None), values.pop("value", None)
        if this is None:
            return None
        violations = found.setdefault(this, [])
        if (this, path, value, values) not in violations:
            violations.append((this, path, value, values))
    return result


def _evaluate_class(self, target_graph, f_v_dict, class_rule):
    """ClassConstraintComponent._evaluate_class_rules_rdflib with each value's classes (its rdf:types and
    their rdfs:subClassOf closure in the data graph) looked up once per run, not once per constraint."""
    from rdflib import Literal

    known = target_graph.__dict__.setdefault("_kg_classes", {})
    reports = []
    non_conformant = False
    for f, value_nodes in f_v_dict.items():
        for v in value_nodes:
            if isinstance(v, Literal):
                found = False
            else:
                classes = known.get(v)
                if classes is None:
                    classes = known[v] = _classes(target_graph, v)
                found = class_rule in classes
            if not found:
                non_conformant = True
                reports.append(self.make_v_result(target_graph, f, value_node=v))
    return non_conformant, reports


def _classes(graph, node) -> frozenset:
    """The classes of a node as pySHACL's sh:class reads them: each rdf:type and what it is a subclass of."""
    from rdflib import RDF, RDFS

    found: set = set()
    for ctype in graph.objects(node, RDF.type):
        found.update(graph.transitive_objects(ctype, RDFS.subClassOf))  # the type itself first
    return frozenset(found)


def _no_result(*_args, **_kwargs) -> None:
    return None


def _conforms(components: list, executor, graph, value, path) -> bool:
    """What Shape.validate would say of `value` against a shape of these components."""
    return all(c.evaluate(executor, graph, {value: [value]}, path)[0] for c in components)


def _evaluate_or(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path):
    """OrConstraintComponent._evaluate_or_constraint, with members of value constraints decided by their
    components alone."""
    from pyshacl.errors import ReportableRuntimeError

    reports = []
    non_conformant = False
    or_list = set(self.shape.sg.graph.items(or_c))
    if len(or_list) < 1:
        raise ReportableRuntimeError("The list associated with sh:or is not a valid RDF list.")
    or_shapes = set()
    for o in or_list:
        if self.shape.sg.is_filtered_out_shape(o):
            continue
        or_shape = self.shape.get_other_shape(o)
        if not or_shape:
            raise ReportableRuntimeError(
                "Shape pointed to by sh:or does not exist or is not a well-formed SHACL Shape.")
        or_shapes.add(or_shape)
    if not or_shapes:
        return non_conformant, reports
    quick = [(s, _quick(s)) for s in sorted(or_shapes, key=lambda s: str(s.node))]
    fast = [components for _, components in quick if components is not None]
    slow = [s for s, components in quick if components is None]
    for f, value_nodes in focus_value_nodes.items():
        for v in value_nodes:
            passed_any = any(_conforms(c, executor, target_graph, v, _evaluation_path) for c in fast)
            for or_shape in slow:  # every one, as pySHACL does: a member may raise a failure
                is_conform, _ = or_shape.validate(executor, target_graph, focus=v,
                                                  _evaluation_path=_evaluation_path[:])
                passed_any = passed_any or is_conform
            if not passed_any:
                non_conformant = True
                reports.append(self.make_v_result(target_graph, f, value_node=v))
    return non_conformant, reports
