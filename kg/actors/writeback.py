"""Write the analysis figures back as RDF, so SPARQL can rank and group actors.

The figures go to their own named graph, `id:graph/analysis`, which is replaced as a
whole on every run: facts read from articles and numbers computed from them never mix,
and a stale figure never survives a re-run.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.actors.analyses import ActorFigures
from kg.atomic_files import atomic_write
from kg.formats import NQUADS, NTRIPLES, TRIG, TURTLE, by_extension
from kg.ns import ID, KG, XSD

#: the files the figures may be written to (TriG and N-Quads keep the analysis graph's name)
FIGURE_FORMATS = (TRIG, NQUADS, TURTLE, NTRIPLES)

ANALYSIS_GRAPH = ox.NamedNode(str(ID["graph/analysis"]))

#: ActorFigures field -> (kg property local name, xsd datatype)
PROPERTIES: dict[str, tuple[str, str]] = {
    "degree": ("degree", "integer"),
    "weighted_degree": ("weightedDegree", "integer"),
    "betweenness": ("betweenness", "double"),
    "pagerank": ("pagerank", "double"),
    "eigenvector": ("eigenvector", "double"),
    "community": ("community", "integer"),
}


def quads(rows: Iterable[ActorFigures], graph: ox.NamedNode = ANALYSIS_GRAPH) -> list[ox.Quad]:
    """kg:degree, kg:weightedDegree, kg:betweenness, kg:pagerank, kg:eigenvector, kg:community."""
    out = []
    for row in rows:
        subject = ox.NamedNode(row.iri)
        for field, (local, datatype) in PROPERTIES.items():
            value = getattr(row, field)
            text = str(int(value)) if datatype == "integer" else repr(float(value))
            literal = ox.Literal(text, datatype=ox.NamedNode(str(XSD[datatype])))
            out.append(ox.Quad(subject, ox.NamedNode(str(KG[local])), literal, graph))
    return out


def write_to_store(store: ox.Store, rows: Iterable[ActorFigures]) -> int:
    """Replace `id:graph/analysis` in a writable store; returns the number of triples."""
    new = quads(rows)
    if store.contains_named_graph(ANALYSIS_GRAPH):
        store.remove_graph(ANALYSIS_GRAPH)
    store.add_graph(ANALYSIS_GRAPH)
    store.extend(new)
    store.flush()
    return len(new)


def write_to_file(path: str | Path, rows: Iterable[ActorFigures]) -> int:
    """Write the figures as TriG (in `id:graph/analysis`), N-Quads, Turtle or N-Triples.

    The file is written next to its target and renamed, so it is never half-written.
    """
    path = Path(path)
    figure_format = by_extension(path, FIGURE_FORMATS)  # a FormatError (ValueError) names the file
    fmt = figure_format.rdf
    new = quads(rows)
    data = new if fmt.supports_datasets else [q.triple for q in new]
    prefixes = {"kg": str(KG), "id": str(ID), "xsd": str(XSD)}
    if figure_format.takes_prefixes:
        atomic_write(path, lambda f: ox.serialize(data, f, fmt, prefixes=prefixes))
    else:
        atomic_write(path, lambda f: ox.serialize(data, f, fmt))
    return len(new)
