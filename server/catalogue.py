"""What the overview, search, browse, timeline and map pages know about the store.

One pass of the queries in `queries/ui/` per store generation builds plain records
(actors, articles, deployments, statements) with labels, countries, articles and dates
resolved, so that each page filters, sorts, facets and pages in memory instead of
writing SPARQL per request. It is rebuilt when the store changes (a rebuild, a write).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from flask import current_app

from kg import saved_queries
from kg.actors import labels
from kg.kinds import Kind
from kg.ns import ID
from kg.store import query as run_query
from server.config import get_store, store_generation

UI_QUERIES = saved_queries.DEFAULT_DIR / "ui"
ID_BASE = str(ID)
KINDS = (Kind.PERSON, Kind.ORGANISATION, Kind.COUNTRY, Kind.PLACE)
#: URL segment of each list page -> the kind it lists
LISTS = {"persons": Kind.PERSON, "organisations": Kind.ORGANISATION, "countries": Kind.COUNTRY, "places": Kind.PLACE,
         "deployments": "Deployment", "statements": "Statement", "articles": "Article"}
PLURAL = {v: k for k, v in LISTS.items()}


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching: 'Bélarus' and 'BELARUS' -> 'belarus'."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[\W_]+", " ", plain.casefold()).strip()


def path_of(iri: str) -> str:
    """`https://w3id.org/kg-news/id/person/x` -> `person/x` (the /id/ page path)."""
    return iri[len(ID_BASE):] if iri.startswith(ID_BASE) else iri


def href_of(iri: str) -> str | None:
    return "/id/" + iri[len(ID_BASE):] if iri.startswith(ID_BASE) else None


@dataclass
class Actor:
    iri: str
    kind: str
    label: str
    names: list[str] = field(default_factory=list)
    #: English names kg knows and the store does not hold ("United Nations", "Ministry of Defence of Russia")
    english: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    statements: int = 0
    lat: float | None = None
    long: float | None = None


@dataclass
class ArticleRecord:
    iri: str
    label: str
    headline: str | None
    title: str
    date: str | None
    publisher: str | None
    place: str | None
    url: str | None
    file: str | None
    mentions: set[str] = field(default_factory=set)
    statements: int = 0


@dataclass
class DeploymentRecord:
    iri: str
    label: str
    sender: str | None = None
    destinations: list[str] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)
    start: str | None = None
    withdrawal_start: str | None = None
    withdrawal_end: str | None = None
    troops: int | None = None
    troop_text: str | None = None
    qualifier: str | None = None
    #: (count, as written, article IRI) per source article that gives a count
    reports: list[tuple[int, str | None, str]] = field(default_factory=list)


@dataclass
class StatementRecord:
    iri: str
    text: str
    date: str | None
    speaker: str | None
    article: str | None
    quote: bool
    evidence: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Catalogue:
    """Everything the browse pages list, keyed by IRI."""

    actors: dict[str, Actor]
    articles: dict[str, ArticleRecord]
    deployments: dict[str, DeploymentRecord]
    statements: dict[str, StatementRecord]

    def label(self, iri: str | None) -> str:
        if iri is None:
            return ""
        if iri in self.actors:
            return self.actors[iri].label
        if iri in self.articles:
            return self.articles[iri].title
        if iri in self.deployments:
            return self.deployments[iri].label
        return path_of(iri)

    def kind(self, iri: str) -> str | None:
        if iri in self.actors:
            return self.actors[iri].kind
        for kind, table in (("Article", self.articles), ("Deployment", self.deployments),
                            ("Statement", self.statements)):
            if iri in table:
                return kind
        return None

    def dates(self) -> list[str]:
        out = [a.date for a in self.articles.values() if a.date]
        out += [s.date for s in self.statements.values() if s.date]
        out += [d for r in self.deployments.values() for d in (r.start, r.withdrawal_start, r.withdrawal_end) if d]
        return sorted(out)


def _rows(st: ox.Store, name: str) -> list[dict[str, str | None]]:
    q = saved_queries.load_file(UI_QUERIES / f"{name}.rq")
    results = run_query(st, q.text)
    names = [v.value for v in results.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in results]


def article_title(headline: str | None, lead: str | None, label: str) -> str:
    """What a list shows for an article: its headline, else the start of its text (its first line or
    sentence: a page's first line is often its headline), else its id."""
    if headline:
        return headline
    if lead:
        first = re.split(r"(?<=[.!?])\s|\n", lead.strip(), maxsplit=1)[0].strip()
        words = first.split()
        return " ".join(words[:14]) + ("…" if len(words) > 14 else "")
    return label


def load(st: ox.Store) -> Catalogue:
    """Read the whole catalogue from the store (the queries in queries/ui/)."""
    actors: dict[str, Actor] = {}
    for r in _rows(st, "actors"):
        kind = r["type"].rsplit("#", 1)[-1]
        a = actors.get(r["x"])
        if a is None:
            a = actors[r["x"]] = Actor(r["x"], kind, r["label"] or path_of(r["x"]))
        if r["lat"] is not None and r["long"] is not None:
            a.lat, a.long = float(r["lat"]), float(r["long"])
    for r in _rows(st, "names"):
        a = actors.get(r["x"])
        if a is not None and r["name"] and r["name"] not in a.names:
            a.names.append(r["name"])
    for a in actors.values():
        a.english = english_names(a)
    for r in _rows(st, "actor-countries"):
        a, c = actors.get(r["x"]), actors.get(r["country"])
        if a is not None and c is not None and c.kind == Kind.COUNTRY and c.iri != a.iri and c.iri not in a.countries:
            a.countries.append(c.iri)
    articles: dict[str, ArticleRecord] = {}
    for r in _rows(st, "articles"):
        label = r["label"] or path_of(r["a"])
        articles[r["a"]] = ArticleRecord(r["a"], label, r["headline"], article_title(r["headline"], r["lead"], label),
                                         r["date"], r["publisher"], r["place"], r["url"], r["file"])
    for r in _rows(st, "mentions"):
        if r["x"] in actors:
            actors[r["x"]].articles.add(r["article"])
        if r["article"] in articles:
            articles[r["article"]].mentions.add(r["x"])
    deployments: dict[str, DeploymentRecord] = {}
    for r in _rows(st, "deployments"):
        d = deployments.get(r["d"])
        if d is None:
            d = deployments[r["d"]] = DeploymentRecord(
                r["d"], r["label"] or path_of(r["d"]), start=r["start"], withdrawal_start=r["withdrawalStart"],
                withdrawal_end=r["withdrawalEnd"], troops=int(r["troops"]) if r["troops"] else None,
                troop_text=r["troopText"], qualifier=r["qualifier"])
        role, node = r["role"], r["node"]
        if role == "sender":
            d.sender = node
        elif role and node:
            target = {"destination": d.destinations, "contributor": d.contributors, "article": d.articles}[role]
            if node not in target:
                target.append(node)
    for r in _rows(st, "troop-reports"):
        d = deployments.get(r["d"])
        if d is not None:
            d.reports.append((int(r["count"]), r["text"], r["article"]))
    for d in deployments.values():
        d.destinations.sort(key=lambda i: (actors[i].kind != Kind.COUNTRY if i in actors else True, i))
        d.contributors.sort()
        d.articles.sort(key=lambda i: (articles[i].date or "" if i in articles else "", i))
    statements: dict[str, StatementRecord] = {}
    for r in _rows(st, "statements"):
        s = statements.get(r["s"])
        if s is None:
            s = statements[r["s"]] = StatementRecord(r["s"], r["text"], r["date"], r["speaker"], r["article"],
                                                     r["quote"] == "true")
    for r in _rows(st, "statement-evidence"):
        s = statements.get(r["s"])
        if s is not None and (int(r["evStart"]), int(r["evEnd"])) not in s.evidence:
            s.evidence.append((int(r["evStart"]), int(r["evEnd"])))
    for s in statements.values():
        s.evidence.sort()
    counts: dict[str, int] = defaultdict(int)
    for s in statements.values():
        if s.speaker:
            counts[s.speaker] += 1
        if s.article in articles:
            articles[s.article].statements += 1
    for iri, n in counts.items():
        if iri in actors:
            actors[iri].statements = n
    return Catalogue(actors, articles, deployments, statements)


def english_names(a: Actor) -> list[str]:
    """The English names of a country or organisation (`kg.actors.labels`) that are not among its names."""
    if a.kind not in (Kind.COUNTRY, Kind.ORGANISATION):
        return []
    iso = path_of(a.iri).rsplit("/", 1)[-1] if a.kind == Kind.COUNTRY else None
    known = {fold(n) for n in (a.label, *a.names)}
    return [n for n in labels.english_names({"type": a.kind, "iso": iso, "label": a.label, "names": a.names})
            if fold(n) not in known]


_lock = threading.Lock()


def catalogue() -> Catalogue:
    """The catalogue of the store being served, built once per store generation."""
    key = store_generation()
    cached = current_app.extensions.get("kg_catalogue")
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        cached = current_app.extensions.get("kg_catalogue")
        if cached is not None and cached[0] == key:
            return cached[1]
        cat = load(get_store())
        current_app.extensions["kg_catalogue"] = (key, cat)
        return cat


def ui_query_files() -> list[Path]:
    """The internal queries (for tests: each must parse and run)."""
    return sorted(UI_QUERIES.glob("*.rq"))

