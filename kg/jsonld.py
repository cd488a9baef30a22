"""JSON-LD as people write it: a @context naming our terms plainly, compact @ids, reproducible bytes.

`kg export --format jsonld` and the `/id/...` pages write the same form::

    {"@context": {"id": "https://w3id.org/kg-news/id/", "kg": "...",
                  "speaker": {"@id": "kg:speaker", "@type": "@id"},
                  "date": {"@id": "kg:date", "@type": "xsd:date"}, "Statement": "kg:Statement", ...},
     "@id": "id:statement/000-53b09ad841259d56/1", "@type": "Statement",
     "speaker": "id:person/kassym-jomart-tokayev", "date": "2022-01-11", "isDirectQuote": false}

Each property and class used gets its local name as a term (kg's own first when two
vocabularies share one; the others keep `prefix:local`). A property whose values are all
IRIs is coerced to `@id`; one whose literals share a datatype is coerced to it; integers
and booleans in canonical form are JSON numbers and booleans. The context is inline, so a
reader never fetches anything, and every statement reads back exactly (tests round-trip it).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from kg.ns import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
#: literals written as JSON numbers and booleans: canonical forms only, integers a double holds exactly
_NATIVE = {XSD + "integer": re.compile(r"^-?(0|[1-9]\d{0,14})$"), XSD + "boolean": re.compile(r"^(true|false)$")}
_TERM = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_SAFE_LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-/]*$")
#: whose local names become plain terms first when two vocabularies share one
_PRIORITY = ("kg", "schema", "rdfs", "skos", "org", "prov", "dcterms", "owl", "rdf", "xsd", "sh")

Statement = ox.Triple | ox.Quad


def _prefixed(iri: str) -> str:
    """`prefix:local` with the longest of our namespaces, else the IRI itself.

    Only plain local parts are abbreviated: an empty one, or one starting with `//` or
    holding `:`, `#`, `@`, `?` would read back as another IRI.
    """
    best = max((p for p, ns in PREFIXES.items() if iri.startswith(ns)), key=lambda p: len(PREFIXES[p]),
               default=None)
    if best is None:
        return iri
    local = iri[len(PREFIXES[best]):]
    return f"{best}:{local}" if _SAFE_LOCAL.match(local) else iri


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _vocabulary_rank(iri: str) -> int:
    prefix = _prefixed(iri).split(":", 1)[0]
    return _PRIORITY.index(prefix) if prefix in _PRIORITY else len(_PRIORITY)


def _terms(iris: Iterable[str]) -> dict[str, str]:
    """IRI -> the key it is written under: its local name when that is free, else prefix:local."""
    by_local: dict[str, list[str]] = defaultdict(list)
    for iri in sorted(set(iris)):
        by_local[_local(iri)].append(iri)
    out: dict[str, str] = {}
    for local, group in by_local.items():
        group.sort(key=lambda i: (_vocabulary_rank(i), i))
        for n, iri in enumerate(group):
            plain = n == 0 and _TERM.match(local) and local not in PREFIXES and _prefixed(iri) != iri
            out[iri] = local if plain else _prefixed(iri)
    return out


def _coercion(objects: list[ox.NamedNode | ox.BlankNode | ox.Literal]) -> str | None:
    """"@id" when every value is a node, a datatype IRI when every literal shares one, else None."""
    if all(isinstance(o, ox.NamedNode | ox.BlankNode) for o in objects):
        return "@id"
    if not all(isinstance(o, ox.Literal) for o in objects):
        return None
    datatypes = {o.datatype.value for o in objects}
    if len(datatypes) != 1:
        return None
    (datatype,) = datatypes
    if datatype in (XSD_STRING, RDF_LANG_STRING):
        return None
    native = _NATIVE.get(datatype)
    if native is not None and all(native.match(o.value) for o in objects):
        return None  # written as JSON numbers / booleans, which mean exactly these
    return datatype


def _node_ref(term: ox.NamedNode | ox.BlankNode) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _prefixed(term.value)


def _value(term: Any, coercion: str | None) -> Any:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return _node_ref(term) if coercion == "@id" else {"@id": _node_ref(term)}
    if not isinstance(term, ox.Literal):
        raise ValueError(f"JSON-LD cannot hold {term!r} (RDF-star triples are not supported)")
    datatype = term.datatype.value
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if coercion is not None and coercion == datatype:
        return term.value
    native = _NATIVE.get(datatype)
    if native is not None and native.match(term.value):
        return term.value == "true" if datatype == XSD + "boolean" else int(term.value)
    if datatype == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _prefixed(datatype)}


def _sort_key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def document(statements: Iterable[Statement]) -> dict[str, Any]:
    """The JSON-LD document for triples or quads (named graphs become `@graph` objects)."""
    statements = list(statements)
    objects: dict[str, list] = defaultdict(list)
    classes: set[str] = set()
    for s in statements:
        if s.predicate.value == RDF_TYPE and isinstance(s.object, ox.NamedNode):
            classes.add(s.object.value)
        else:
            objects[s.predicate.value].append(s.object)
    keys = _terms([*objects, *classes])
    coercions = {p: _coercion(objs) for p, objs in objects.items()}

    context: dict[str, Any] = {}
    for iri, key in keys.items():
        if iri in classes and iri not in objects:
            if key != _prefixed(iri):
                context[key] = _prefixed(iri)
            continue
        coerce = coercions.get(iri)
        if coerce is None:
            if key != _prefixed(iri):
                context[key] = _prefixed(iri)
            continue  # else a compact IRI, which needs no definition
        context[key] = {"@id": _prefixed(iri), "@type": coerce if coerce == "@id" else _prefixed(coerce)}
    used = {k.split(":", 1)[0] for k in keys.values() if ":" in k}  # compact keys need their prefix
    used |= {k.split(":", 1)[0] for k in context.values() if isinstance(k, str)}
    used |= {d["@id"].split(":", 1)[0] for d in context.values() if isinstance(d, dict)}
    used |= {d.get("@type", "").split(":", 1)[0] for d in context.values() if isinstance(d, dict)}
    for s in statements:
        for term in (s.subject, s.object, getattr(s, "graph_name", None)):
            if isinstance(term, ox.NamedNode):
                used.add(_prefixed(term.value).split(":", 1)[0])
            elif isinstance(term, ox.Literal):
                used.add(_prefixed(term.datatype.value).split(":", 1)[0])
    context = {**{p: ns for p, ns in PREFIXES.items() if p in used}, **context}

    graphs: dict[str | None, dict[str, dict[str, Any]]] = defaultdict(dict)
    for s in statements:
        g = getattr(s, "graph_name", None)
        gkey = None if g is None or isinstance(g, ox.DefaultGraph) else _node_ref(g)
        node = graphs[gkey].setdefault(_node_ref(s.subject), {"@id": _node_ref(s.subject)})
        if s.predicate.value == RDF_TYPE and isinstance(s.object, ox.NamedNode):
            node.setdefault("@type", []).append(keys[s.object.value])
        else:
            key = keys[s.predicate.value]
            node.setdefault(key, []).append(_value(s.object, coercions[s.predicate.value]))

    def nodes(by_id: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
        out = []
        for ident in sorted(by_id):
            node = {}
            for k, v in by_id[ident].items():
                if isinstance(v, list):
                    v = sorted(v, key=_sort_key)
                    v = v[0] if len(v) == 1 else v
                node[k] = v
            out.append(node)
        return out

    top = nodes(graphs.pop(None, {}))
    top += [{"@id": g, "@graph": nodes(graphs[g])} for g in sorted(graphs)]
    if len(top) == 1 and "@graph" not in top[0]:
        return {"@context": dict(sorted(context.items())), **top[0]}
    return {"@context": dict(sorted(context.items())), "@graph": top}


def dumps(statements: Iterable[Statement]) -> bytes:
    """The document as UTF-8 bytes: keys sorted, two-space indent, one final newline."""
    return (json.dumps(document(statements), ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
