"""Who is central, who groups with whom, and how two actors are connected.

The network is a MultiDiGraph of typed relations; each measure below is computed on
the view that makes sense for it, and says so:

* degree: distinct neighbours, whatever the relation or direction;
* weighted degree: the sum of the weights (supporting articles) of every incident edge;
* betweenness: shortest paths counted in hops on the undirected view (weights measure
  how well an edge is attested, not how far apart two actors are), normalised;
* PageRank: on the directed view, edge weights summed over relations;
* eigenvector: on the undirected weighted view, computed per connected component (a
  disconnected graph has no single leading eigenvector) and scaled by sqrt(|C|/N) so that
  one connected graph gets the textbook values and small islands do not outrank the main
  component; isolated actors score 0;
* community: Louvain on the undirected weighted view with a fixed seed, numbered from 1
  by decreasing size, so that runs on the same graph agree.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import networkx as nx
import numpy as np
import scipy.sparse as sp

#: Louvain is randomised; a fixed seed makes the communities reproducible
SEED = 42


@dataclass
class ActorFigures:
    """One row of `kg analyse`."""

    iri: str
    label: str
    type: str
    degree: int
    weighted_degree: int
    betweenness: float
    pagerank: float
    eigenvector: float
    community: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class AnalysisError(ValueError):
    """An analysis that cannot run on this graph (unknown actor, no path...)."""


def _collapse(graph: nx.MultiDiGraph, into: nx.Graph) -> nx.Graph:
    """Fold parallel edges into one per pair of `into`'s kind, summing their weights."""
    into.add_nodes_from(graph.nodes)
    for u, v, w in graph.edges(data="weight"):
        if into.has_edge(u, v):
            into[u][v]["weight"] += w
        else:
            into.add_edge(u, v, weight=w)
    return into


def undirected(graph: nx.MultiDiGraph) -> nx.Graph:
    """One edge per pair of actors, weight summed over relations and directions."""
    return _collapse(graph, nx.Graph())


def directed(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """One edge per ordered pair, weight summed over relations."""
    return _collapse(graph, nx.DiGraph())


def betweenness(graph: nx.Graph, batch_cells: int = 4_000_000) -> dict[str, float]:
    """Normalised betweenness of an undirected, unweighted graph (Brandes, in sparse matrices).

    The same sums as `nx.betweenness_centrality(graph, normalized=True)`, but a batch of
    sources walks the graph level by level as one sparse product, which is what makes
    tens of thousands of edges take seconds rather than minutes in pure Python.
    """
    nodes = list(graph.nodes)
    n = len(nodes)
    if n < 3:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    rows = [index[u] for u, v in graph.edges if u != v]
    cols = [index[v] for u, v in graph.edges if u != v]
    adj = sp.csr_matrix((np.ones(2 * len(rows)), (rows + cols, cols + rows)), shape=(n, n))
    adj.data[:] = 1.0  # parallel entries summed to 2 by the constructor count once
    total = np.zeros(n)
    step = max(1, batch_cells // n)
    for start in range(0, n, step):
        sources = np.arange(start, min(n, start + step))
        total += _dependencies(adj, sources)
    scale = 1.0 / ((n - 1) * (n - 2))  # pairs counted twice (undirected) and normalised
    return {node: float(total[i] * scale) for i, node in enumerate(nodes)}


def _dependencies(adj: sp.csr_matrix, sources: np.ndarray) -> np.ndarray:
    """Brandes' dependency sums of a batch of sources: shortest-path counts forward, level
    by level, then dependencies accumulated backward over the same levels."""
    b, n = len(sources), adj.shape[0]
    rows = np.arange(b)
    sigma = np.zeros((b, n))
    sigma[rows, sources] = 1.0
    seen = sigma > 0
    levels = [seen.copy()]
    frontier = sigma.copy()
    while True:
        reach = np.asarray((adj @ frontier.T).T)
        reach[seen] = 0.0
        new = reach > 0
        if not new.any():
            break
        sigma[new] = reach[new]
        seen |= new
        levels.append(new)
        frontier = np.where(new, reach, 0.0)
    delta = np.zeros((b, n))
    safe = np.where(sigma > 0, sigma, 1.0)
    for depth in range(len(levels) - 1, 0, -1):
        share = np.where(levels[depth], (1.0 + delta) / safe, 0.0)
        back = np.asarray((adj @ share.T).T)
        delta += np.where(levels[depth - 1], sigma * back, 0.0)
    delta[rows, sources] = 0.0
    return delta.sum(axis=0)


def pagerank(graph: nx.MultiDiGraph, alpha: float = 0.85) -> dict[str, float]:
    """PageRank on the directed weighted view; retried with a looser tolerance if it stalls."""
    d = directed(graph)
    if d.number_of_nodes() == 0:
        return {}
    try:
        return nx.pagerank(d, alpha=alpha, weight="weight")
    except nx.PowerIterationFailedConvergence:
        return nx.pagerank(d, alpha=alpha, weight="weight", max_iter=10_000, tol=1e-4)


def eigenvector(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Eigenvector centrality per connected component, scaled by sqrt(|C|/N) (see module doc)."""
    u = undirected(graph)
    n = u.number_of_nodes()
    scores = dict.fromkeys(u.nodes, 0.0)
    for component in nx.connected_components(u):
        if len(component) < 2:
            continue
        sub = u.subgraph(component)
        if len(component) > 3:
            values = nx.eigenvector_centrality_numpy(sub, weight="weight", max_iter=10_000, tol=1e-10)
        else:  # ARPACK needs more than k+1 nodes; power iteration is exact here anyway
            values = nx.eigenvector_centrality(sub, max_iter=1000, tol=1e-12, weight="weight")
        scale = math.sqrt(len(component) / n)
        for node, value in values.items():
            scores[node] = abs(value) * scale
    return scores


def communities(graph: nx.MultiDiGraph, seed: int = SEED) -> dict[str, int]:
    """Louvain communities, numbered 1.. by decreasing size (ties: smallest IRI first)."""
    u = undirected(graph)
    if u.number_of_nodes() == 0:
        return {}
    groups = nx.community.louvain_communities(u, weight="weight", seed=seed)
    ordered = sorted(groups, key=lambda c: (-len(c), min(c)))
    return {node: i for i, group in enumerate(ordered, start=1) for node in group}


def figures(graph: nx.MultiDiGraph, seed: int = SEED) -> list[ActorFigures]:
    """Every measure for every actor, most central (PageRank) first."""
    u = undirected(graph)
    between = betweenness(u)
    pr = pagerank(graph)
    eig = eigenvector(graph)
    comm = communities(graph, seed)
    rows = [
        ActorFigures(
            iri=node,
            label=data.get("label", node),
            type=data.get("type", ""),
            degree=u.degree(node),
            weighted_degree=int(graph.degree(node, weight="weight")),
            betweenness=round(between.get(node, 0.0), 6),
            pagerank=round(pr.get(node, 0.0), 6),
            eigenvector=round(eig.get(node, 0.0), 6),
            community=comm.get(node, 0),
        )
        for node, data in graph.nodes(data=True)
    ]
    rows.sort(key=lambda r: (-r.pagerank, -r.weighted_degree, r.iri))
    return rows


def shortest_paths(graph: nx.MultiDiGraph, source: str, target: str, limit: int = 5) -> list[dict[str, Any]]:
    """Up to `limit` shortest paths (in hops, any direction), each hop with its evidence.

    A hop lists every relation between the two actors, in either direction, with the
    sentences and articles that support it.
    """
    u = undirected(graph)
    if source == target:
        raise AnalysisError("the two actors are the same")
    try:
        found = []
        for path in nx.all_shortest_paths(u, source, target):
            found.append(path)
            if len(found) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return [{"actors": path, "hops": [hop(graph, a, b) for a, b in zip(path, path[1:], strict=False)]}
            for path in sorted(found)]


def hop(graph: nx.MultiDiGraph, a: str, b: str) -> dict[str, Any]:
    """The relations between a and b (both directions) with their evidence."""
    relations = []
    for s, t in ((a, b), (b, a)):
        for rel, data in graph.get_edge_data(s, t, default={}).items():
            relations.append({
                "source": s, "target": t, "relation": rel, "weight": data["weight"],
                "evidence": evidence(graph, data),
            })
    return {"from": a, "to": b, "relations": relations}


def evidence(graph: nx.MultiDiGraph, data: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per supporting item: its sentences (or why it has none) and articles."""
    articles = graph.graph.get("articles", {})
    out = []
    for item in data["items"]:
        sentences = [
            {"text": s["text"], "article": s["article"],
             "article_label": articles.get(s["article"], {}).get("label", s["article"])}
            for s in item["sentences"]
        ]
        out.append({
            "id": item["id"], "kind": item["kind"], "text": item["text"], "dates": item["dates"],
            "sentences": sentences,
            "articles": [{"iri": a, **articles.get(a, {"label": a})} for a in item["articles"]],
        })
    return out
