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

from kg.actors.analyses import figures
from kg.actors.files import atomic_write
from kg.actors.layout import positions
from kg.actors.projection import local_path

FORMATS = ("graphml", "gexf", "json", "csv", "png", "svg", "html")
JOIN = " | "


def write(graph: nx.MultiDiGraph, fmt: str, path: str | Path, *, title: str = "Actor network") -> Path:
    """Write `graph` to `path` in `fmt` (one of FORMATS)."""
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in ("png", "svg"):
        from kg.actors.draw import draw

        return draw(graph, path, title=title)
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


def with_figures(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Node -> its analysis figures (without the repeated iri/label/type)."""
    return {
        row.iri: {k: v for k, v in row.as_dict().items() if k not in ("iri", "label", "type")}
        for row in figures(graph)
    }


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


def cytoscape(
    graph: nx.MultiDiGraph,
    *,
    title: str = "Actor network",
    pos: dict[str, tuple[float, float]] | None = None,
    evidence: bool = True,
) -> dict[str, Any]:
    """Cytoscape.js JSON (also `nx.cytoscape_graph`-readable), with positions and figures.

    `evidence=False` leaves out the sentences of each item (the server sends them per
    edge on demand); dates and articles stay, since the page filters by them.
    """
    pos = positions(graph) if pos is None else pos
    figs = with_figures(graph)
    nodes = []
    for node, data in graph.nodes(data=True):
        x, y = pos.get(node, (0.5, 0.5))
        nodes.append({
            "data": {"id": node, "value": node, "name": data["label"], "label": data["label"],
                     "short": data.get("short", data["label"]), "type": data["type"],
                     "names": data["names"], "mentions": data["mentions"],
                     "articles": int(data.get("articles", 0)), "path": local_path(node),
                     **figs.get(node, {})},
            "position": {"x": round(x * 600, 1), "y": round((1 - y) * 600, 1)},
        })
    edges = []
    for u, v, k, data in graph.edges(keys=True, data=True):
        items = data["items"] if evidence else [{**i, "sentences": []} for i in data["items"]]
        edges.append({"data": {
            "id": f"{u} {k} {v}", "source": u, "target": v, "key": k, "relation": k,
            "weight": data["weight"], "first_date": data["first_date"], "last_date": data["last_date"],
            "articles": data["articles"], "support": data["support"], "items": items,
        }})
    articles = graph.graph.get("articles", {})
    used = {a for _, _, d in graph.edges(data=True) for i in d["items"] for a in i["articles"]}
    return {
        "data": {"title": title, "articles": {a: articles[a] for a in sorted(used) if a in articles}},
        "directed": True,
        "multigraph": True,
        "elements": {"nodes": nodes, "edges": edges},
    }
