"""The actor network as Cytoscape.js JSON: what `/graph`, the standalone page and `kg graph --format json` draw.

Its own module so that the exporters (kg.actors.export) and the standalone page
(kg.actors.html) both use it without importing each other.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from kg.actors.analyses import figures
from kg.actors.layout import positions
from kg.actors.projection import local_path


def with_figures(graph: nx.MultiDiGraph) -> dict[str, dict[str, Any]]:
    """Node -> its analysis figures (without the repeated iri/label/type)."""
    return {
        row.iri: {k: v for k, v in row.as_dict().items() if k not in ("iri", "label", "type")}
        for row in figures(graph)
    }


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
