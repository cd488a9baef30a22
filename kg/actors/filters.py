"""Narrow the actor network: by relation, actor type, date range, weight, ego network.

Each filter returns a new graph and leaves its input alone, so the server can keep one
projection and filter it per request. Date filters work on the supporting items, not
on whole edges: an edge keeps the deployments, statements and co-mentioning articles
whose dates overlap the range, and its weight is recounted from what is left. An item
with no date at all cannot be placed in time, so it is dropped by any date filter.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from kg.actors.projection import ACTOR_TYPES, RELATIONS, refresh_edge


class FilterError(ValueError):
    """A filter value that makes no sense (unknown relation, bad date, unknown actor)."""


@dataclass
class Filters:
    """Every way the CLI, the server and the standalone page can narrow the network."""

    relations: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    date_from: str | None = None
    date_to: str | None = None
    min_weight: int = 1
    ego: str | None = None
    radius: int = 1
    isolates: bool = False

    def apply(self, graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """Relations, types and dates first (they change weights), then weight, ego, isolates."""
        g = graph
        if self.relations:
            g = by_relation(g, self.relations)
        if self.types:
            g = by_type(g, self.types)
        if self.date_from or self.date_to:
            g = by_date(g, self.date_from, self.date_to)
        if self.min_weight > 1:
            g = by_min_weight(g, self.min_weight)
        if self.ego:
            g = ego_network(g, self.ego, self.radius)
        if not self.isolates:
            g = drop_isolates(g)
        g = g if g is not graph else graph.copy()
        g.graph["filters"] = self.describe()
        return g

    def describe(self) -> str:
        """The filters in words, for captions ("" when nothing is filtered)."""
        parts = []
        if self.relations:
            parts.append("relations: " + ", ".join(r.replace("_", " ") for r in self.relations))
        if self.types:
            parts.append("actors: " + ", ".join(self.types))
        if self.date_from or self.date_to:
            parts.append(f"dated {self.date_from or '…'} to {self.date_to or '…'}")
        if self.min_weight > 1:
            parts.append(f"at least {self.min_weight} articles per relation")
        if self.ego:
            parts.append(f"around {self.ego} (radius {self.radius})")
        return "; ".join(parts)


def parse_date(text: str | None, what: str = "date", *, end: bool = False) -> str | None:
    """An ISO date or None; YYYY-MM and YYYY mean their first day, or their last when `end`."""
    if text is None or text == "":
        return None
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%Y-%m", "%Y"):
        try:
            day = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if end and fmt == "%Y":
            day = day.replace(month=12, day=31)
        elif end and fmt == "%Y-%m":
            day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        return day.isoformat()
    raise FilterError(f"{what} {text!r} is not a date: write YYYY-MM-DD")


def check_relations(relations: Iterable[str]) -> list[str]:
    rels = [r.strip() for r in relations if r.strip()]
    unknown = sorted(set(rels) - set(RELATIONS))
    if unknown:
        raise FilterError(f"unknown relation {', '.join(unknown)}: use one of {', '.join(RELATIONS)}")
    return rels


def by_relation(graph: nx.MultiDiGraph, relations: Iterable[str]) -> nx.MultiDiGraph:
    """Only the edges of the given relation types (all nodes kept)."""
    keep = set(check_relations(relations))
    g = _empty_like(graph)
    g.add_edges_from((u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if k in keep)
    return g


def by_type(graph: nx.MultiDiGraph, types: Iterable[str]) -> nx.MultiDiGraph:
    """Only actors of the given types (Person, Organisation, Country) and their edges."""
    keep = {t.strip().capitalize() for t in types if t.strip()}
    unknown = sorted(keep - set(ACTOR_TYPES))
    if unknown:
        raise FilterError(f"unknown actor type {', '.join(unknown)}: use one of {', '.join(ACTOR_TYPES)}")
    return graph.subgraph([n for n, t in graph.nodes(data="type") if t in keep]).copy()


def by_date(graph: nx.MultiDiGraph, date_from: str | None, date_to: str | None) -> nx.MultiDiGraph:
    """Keep the supporting items whose date span overlaps [date_from, date_to]."""
    lo = parse_date(date_from, "--from") or "0000-01-01"
    hi = parse_date(date_to, "--to", end=True) or "9999-12-31"
    if lo > hi:
        raise FilterError(f"the date range is empty: {lo} is after {hi}")
    g = _empty_like(graph)
    for u, v, k, data in graph.edges(keys=True, data=True):
        items = [i for i in data["items"] if i["dates"] and i["dates"][0] <= hi and i["dates"][-1] >= lo]
        if items:
            new = dict(data, items=items)
            refresh_edge(new)
            g.add_edge(u, v, key=k, **new)
    return g


def by_min_weight(graph: nx.MultiDiGraph, min_weight: int) -> nx.MultiDiGraph:
    """Only the edges supported by at least `min_weight` articles."""
    if min_weight < 1:
        raise FilterError(f"minimum weight {min_weight} must be at least 1")
    g = _empty_like(graph)
    g.add_edges_from(
        (u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d["weight"] >= min_weight
    )
    return g


def find_actor(graph: nx.MultiDiGraph, name: str) -> str:
    """The node named by an IRI, an `id:` path (`person/x`), a label, a name or an acronym.

    Case and accents are ignored; a name that fits several actors is an error listing them.
    """
    if name in graph:
        return name
    wanted = _fold(name)
    exact = [n for n in graph if _fold(n).endswith("/" + wanted) or _fold(n) == wanted]
    if len(exact) == 1:
        return exact[0]
    hits = [
        n for n, d in graph.nodes(data=True)
        if wanted in {_fold(d["label"]), _fold(d.get("short", "")), *(_fold(x) for x in d["names"])}
    ]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise FilterError(f"{name!r} names several actors: {', '.join(sorted(hits))}; use the IRI")
    raise FilterError(f"no actor is called {name!r} (try a label, an acronym or an IRI)")


def ego_network(graph: nx.MultiDiGraph, actor: str, radius: int = 1) -> nx.MultiDiGraph:
    """The actor and everyone within `radius` hops of it, whatever the edge direction."""
    if radius < 0:
        raise FilterError(f"radius {radius} must be 0 or more")
    centre = find_actor(graph, actor)
    return nx.ego_graph(graph, centre, radius=radius, undirected=True).copy()


def drop_isolates(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """Without the actors that no edge touches (publishers that only appear as bylines...)."""
    g = graph.copy()
    g.remove_nodes_from(list(nx.isolates(g)))
    return g


def _empty_like(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph.update(copy.copy(graph.graph))
    g.add_nodes_from(graph.nodes(data=True))
    return g


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold().strip()
