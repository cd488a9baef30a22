"""Write the actor network as GraphML, GEXF, Cytoscape JSON, CSV, PNG, SVG or HTML.

Every node carries its analysis figures (PageRank, betweenness, community...) so that
Gephi or Cytoscape can size and colour by them straight away. GraphML and GEXF hold
only scalar attributes, so lists (names, articles, supporting items) are joined with
" | " and the per-item evidence is left to the JSON and HTML outputs. Every file is
written to a temporary sibling and renamed, so a failed export never leaves half a file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx

from kg.actors.cytoscape import cytoscape, with_figures
from kg.atomic_files import atomic_write
from kg.formats import NETWORK_FORMATS

FORMATS = tuple(f.name for f in NETWORK_FORMATS)
JOIN = " | "


def write(graph: nx.MultiDiGraph, fmt: str, path: str | Path, *, title: str = "Actor network",
          lang: str = "id") -> Path:
    """Write `graph` to `path` in `fmt` (one of FORMATS); pictures are labelled in `lang`."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in ("png", "svg"):
        from kg.actors.draw import draw

        return draw(graph, path, title=title, lang=lang)
    if fmt == "html":
        from kg.actors.html import standalone

        return atomic_write(path, lambda f: f.write(standalone(graph, title=title).encode("utf-8")))
    writers: dict[str, Callable[[Any], None]] = {
        "graphml": lambda f: nx.write_graphml(scalar_graph(graph), f, named_key_ids=True),
        "gexf": lambda f: nx.write_gexf(scalar_graph(graph), f),
        "json": lambda f: f.write(json.dumps(cytoscape(graph, title=title), ensure_ascii=False,
                                             indent=1).encode("utf-8")),
        "csv": lambda f: f.write(edge_csv(graph).encode("utf-8")),
    }
    return atomic_write(path, writers[fmt])


def scalar_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy whose attributes are all str/int/float, as GraphML and GEXF require."""
    figs = with_figures(graph)
    g = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        g.add_node(node, label=data["label"], short=data.get("short", data["label"]), type=data["type"],
                   names=JOIN.join(data["names"]), mentions=int(data["mentions"]), iri=node,
                   **figs.get(node, {}))
    for u, v, k, data in graph.edges(keys=True, data=True):
        g.add_edge(u, v, key=k, id=f"{u} {k} {v}", relation=k, label=k, weight=int(data["weight"]),
                   articles=JOIN.join(data["articles"]), support=JOIN.join(data["support"]),
                   first_date=data["first_date"], last_date=data["last_date"])
    return g


def edge_csv(graph: nx.MultiDiGraph) -> str:
    """One row per edge: who, relation, whom, weight, dates, supporting items and articles."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["source", "source_label", "relation", "target", "target_label", "weight",
                "first_date", "last_date", "support", "articles"])
    for u, v, k, data in sorted(graph.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1])):
        w.writerow([u, graph.nodes[u]["label"], k, v, graph.nodes[v]["label"], data["weight"],
                    data["first_date"], data["last_date"], JOIN.join(data["support"]),
                    JOIN.join(data["articles"])])
    return out.getvalue()
