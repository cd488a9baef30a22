"""Comparing SPARQL answers across stores: terms by value, rows as sets, GROUP_CONCAT parts unordered.

Engines may write the same value differently (Virtuoso's 0 for false, a canonical
number) and order GROUP_CONCAT parts as they like; these helpers compare what answers
mean, nothing looser.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                             "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                             "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def norm(term) -> tuple | None:
    """A term compared by what it means: numbers by value, xsd:string as plain, bnodes alike."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode",)
    if term.language:
        return ("lit", term.value, term.language.lower())
    dt = term.datatype.value
    if dt in NUMERIC:
        try:
            return ("num", Decimal(term.value).normalize())
        except InvalidOperation:
            pass
    if dt == XSD + "boolean":  # Virtuoso writes 0 and 1, Oxigraph false and true: the same values
        return ("bool", term.value in ("1", "true"))
    if dt == XSD + "string":
        return ("lit", term.value)
    return ("lit", term.value, dt)


_GROUP_CONCAT = re.compile(r"GROUP_CONCAT\s*\(\s*(?:DISTINCT\s+)?\?\w+\s*(?:;\s*separator\s*=\s*"
                           r"(\"(?:[^\"\\]|\\.)*\"))?\s*\)\s*AS\s*\?(\w+)", re.I)


def concatenated(text: str) -> dict[str, str]:
    """Variables bound by GROUP_CONCAT, with their separators: the order of the parts is the engine's."""
    return {m.group(2): json.loads(m.group(1)) if m.group(1) else " " for m in _GROUP_CONCAT.finditer(text)}


def rows_of(result, concat: dict[str, str] | None = None) -> set[tuple]:
    if isinstance(result, ox.QueryBoolean):
        return {(bool(result),)}
    names = [v.value for v in result.variables]
    concat = concat or {}

    def cell(sol, n):
        term = sol[n]
        if n in concat and isinstance(term, ox.Literal):  # an empty group: "" (Virtuoso) or unbound (Oxigraph)
            return ("parts", tuple(sorted(term.value.split(concat[n])))) if term.value else None
        return norm(term)

    return {tuple(cell(sol, n) for n in names) for sol in result}
