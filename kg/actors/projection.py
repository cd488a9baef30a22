"""Project the RDF knowledge graph onto a network of actors.

The projection runs the SPARQL queries `queries/actors-*.rq` (so what the network
means can be read and re-run against the endpoint) and folds their rows into a
networkx MultiDiGraph:

* nodes are Persons, Organisations and Countries, keyed by IRI, with `label`, `short`
  (the acronym when there is one), `type`, `names`, `iso` (a country's ISO code, else "") and
  `mentions` (kg:mentionCount, else the number of articles mentioning it);
* edges are keyed by relation (one edge per source, target and relation) and carry the
  `items` that support them: the Deployments and Statements they were read from, or,
  for standing relations (leads, member_of, affiliated_with, based_in), the articles
  that mention both actors. `weight` is the number of distinct supporting articles
  (at least 1: a standing relation asserted with no co-mentioning article still counts).

Deployment destinations that are Places roll up to their Country (kg:locatedIn); a
Place with no known country gives no edge, since only actors are nodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox

from kg import store as kgstore
from kg.kinds import ACTORS
from kg.ns import ID
from kg.resources import query_folder

#: where the projection queries live (kept with the other saved queries)
QUERY_DIR = query_folder()

#: edge relations, in legend order, with the query that yields them
RELATIONS: tuple[str, ...] = (
    "sends_troops_to",
    "contributes_to",
    "leads",
    "member_of",
    "affiliated_with",
    "based_in",
    "speaks_about",
    "responds_to",
)
ACTOR_TYPES: tuple[str, ...] = ACTORS

#: each item's own dates, by query variable, before falling back to the article dates
_OWN_DATES = ("start", "withdrawalStart", "withdrawalEnd", "date")


class ProjectionError(Exception):
    """A projection query that is missing or fails; the message names it."""


def load_query(name: str) -> str:
    """The text of `queries/<name>.rq`."""
    path = QUERY_DIR / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ProjectionError(f"{path}: cannot read the projection query: {exc}") from exc


def _rows(store: ox.Store, name: str) -> list[dict[str, str]]:
    """Run a saved query; each row maps variable name -> the term's lexical value."""
    try:
        solutions = kgstore.query(store, load_query(name))
    except (SyntaxError, ValueError, OSError) as exc:
        raise ProjectionError(f"queries/{name}.rq failed: {exc}") from exc
    names = [v.value for v in solutions.variables]
    out = []
    for sol in solutions:
        row = {}
        for n in names:
            term = sol[n]
            if term is not None:
                row[n] = term.value
        out.append(row)
    return out


def local_type(iri: str) -> str:
    """`https://…#Person` -> `Person`."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def local_path(iri: str) -> str | None:
    """The path of an instance IRI under the `id:` namespace (`person/x`), else None."""
    base = str(ID)
    return iri[len(base):] if iri.startswith(base) else None


def project(store: ox.Store) -> nx.MultiDiGraph:
    """The actor network of everything in `store` (all named graphs)."""
    graph = nx.MultiDiGraph()
    graph.graph["articles"] = _articles(store)
    for row in _rows(store, "actors-nodes"):
        iri = row["actor"]
        label = row.get("label") or local_path(iri) or iri
        names = sorted({n for n in row.get("names", "").split("\t") if n and n != label})
        counted = int(row.get("mentionedIn", 0))
        mentions = int(float(row["mentionCount"])) if "mentionCount" in row else counted
        graph.add_node(iri, iri=iri, label=label, short=row.get("acronym") or label,
                       type=local_type(row["type"]), names=names, mentions=mentions, articles=counted,
                       iso=row.get("iso", ""))

    articles = graph.graph["articles"]
    evidence = _evidence(store)
    edges: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
    for query_name in ("actors-deployments", "actors-statements"):
        kind = "deployment" if query_name.endswith("deployments") else "statement"
        for row in _rows(store, query_name):
            items = edges.setdefault((row["source"], row["target"], row["relation"]), {})
            item = items.setdefault(row["item"], {
                "id": row["item"], "kind": kind, "text": row.get("text", ""),
                "articles": set(), "own_dates": set(), "published": set(),
                "sentences": evidence.get(row["item"], []),
            })
            _collect(item, row, articles)
    for row in _rows(store, "actors-relations"):
        items = edges.setdefault((row["source"], row["target"], row["relation"]), {})
        key = row.get("article", "")
        item = items.setdefault(key, {
            "id": key or None, "kind": "co-mention" if key else "fact", "text": "",
            "articles": set(), "own_dates": set(), "published": set(), "sentences": [],
        })
        _collect(item, row, articles)

    for (source, target, relation), items in edges.items():
        if source not in graph or target not in graph:
            continue
        finished = sorted((_finish(i) for i in items.values()), key=lambda i: (i["id"] or ""))
        graph.add_edge(source, target, key=relation, relation=relation, items=finished)
        refresh_edge(graph.edges[source, target, relation])
    return graph


def _collect(item: dict[str, Any], row: dict[str, str], articles: dict[str, dict[str, str]]) -> None:
    if "article" in row:
        item["articles"].add(row["article"])
        published = articles.get(row["article"], {}).get("published")
        if published:
            item["published"].add(published)
    for var in _OWN_DATES:
        if var in row:
            item["own_dates"].add(row[var][:10])


def _finish(item: dict[str, Any]) -> dict[str, Any]:
    """Sets -> sorted lists; an item's dates are its own, else its articles' dates."""
    dates = sorted(item["own_dates"] or item["published"])
    return {
        "id": item["id"], "kind": item["kind"], "text": item["text"],
        "articles": sorted(item["articles"]), "dates": dates,
        "sentences": item["sentences"],
    }


def refresh_edge(data: dict[str, Any]) -> None:
    """Recompute an edge's weight, articles, support and date span from its items."""
    items = data["items"]
    articles = sorted({a for i in items for a in i["articles"]})
    dates = sorted({d for i in items for d in i["dates"]})
    data["articles"] = articles
    data["support"] = [i["id"] for i in items if i["kind"] in ("deployment", "statement")]
    data["weight"] = max(1, len(articles))
    data["first_date"] = dates[0] if dates else ""
    data["last_date"] = dates[-1] if dates else ""


def _evidence(store: ox.Store) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in _rows(store, "actors-evidence"):
        out.setdefault(row["item"], []).append({
            "evidence": row["evidence"], "text": row["sentence"], "article": row.get("article", ""),
            "start": int(row["start"]) if "start" in row else None,
            "end": int(row["end"]) if "end" in row else None,
        })
    for sentences in out.values():
        sentences.sort(key=lambda s: (s["article"], s["start"] or 0, s["evidence"]))
    return out


def _articles(store: ox.Store) -> dict[str, dict[str, str]]:
    return {
        row["article"]: {
            "label": row.get("label") or local_path(row["article"]) or row["article"],
            "file": row.get("fileName", ""),
            "published": row.get("published", "")[:10],
        }
        for row in _rows(store, "actors-articles")
    }


def project_path(path: str | Path) -> nx.MultiDiGraph:
    """Open a store folder, output folder or RDF file read-only and project it."""
    return project(kgstore.open_store(path))


def relations_in(graph: nx.MultiDiGraph) -> list[str]:
    """The relations present, in legend order."""
    present = {k for _, _, k in graph.edges(keys=True)}
    return [r for r in RELATIONS if r in present] + sorted(present - set(RELATIONS))


def iter_items(graph: nx.MultiDiGraph) -> Iterable[tuple[str, str, str, dict[str, Any]]]:
    """(source, target, relation, item) for every supporting item of every edge."""
    for u, v, k, data in graph.edges(keys=True, data=True):
        for item in data["items"]:
            yield u, v, k, item
