"""Resolved facts -> RDF: one named graph per article plus the merged entities.

Triples are pyoxigraph terms, made article by article so that a build never holds
the whole graph (kg.build streams them to disk); `build_dataset` gathers them into an
rdflib Dataset for callers that want one. IRIs come from canonical keys (kg.ns);
nothing here depends on run order, so the same articles always give the same triples.
Layout: docs/rdf-layout.md.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Dataset

from kg import geo
from kg.facts import ArticleFacts, Deployment, Entity, Evidence, Statement
from kg.kinds import Kind
from kg.ns import ENTITY_GRAPH, GEO, ID, KG, PREFIXES, SCHEMA, article_graph, slug
from kg.resolve import KnowledgeBase

GEONAMES = "https://sws.geonames.org/{}/"

_RDF, _RDFS, _SKOS, _XSD, _OWL = (PREFIXES[p] for p in ("rdf", "rdfs", "skos", "xsd", "owl"))
RDF_TYPE = ox.NamedNode(_RDF + "type")
LABEL = ox.NamedNode(_RDFS + "label")
ALT_LABEL = ox.NamedNode(_SKOS + "altLabel")
SAME_AS = ox.NamedNode(_OWL + "sameAs")
XSD_DATE = ox.NamedNode(_XSD + "date")
XSD_INTEGER = ox.NamedNode(_XSD + "integer")
XSD_NON_NEGATIVE = ox.NamedNode(_XSD + "nonNegativeInteger")
XSD_BOOLEAN = ox.NamedNode(_XSD + "boolean")
XSD_DECIMAL = ox.NamedNode(_XSD + "decimal")
GEO_LAT, GEO_LONG = ox.NamedNode(str(GEO.lat)), ox.NamedNode(str(GEO.long))
ENTITIES = ox.NamedNode(str(ENTITY_GRAPH))


@lru_cache(maxsize=1024)
def kg(local: str) -> ox.NamedNode:
    """A term of the ontology (a few dozen, each made once: a build asks for them hundreds of thousands
    of times)."""
    return ox.NamedNode(str(KG[local]))


@lru_cache(maxsize=1024)
def schema(local: str) -> ox.NamedNode:
    return ox.NamedNode(str(SCHEMA[local]))


_ID = str(ID)


def ident(path: str) -> ox.NamedNode:
    """An instance IRI: the id namespace and the path, as ID[path] gives it without rdflib's term objects."""
    return ox.NamedNode(_ID + path)


class Minter:
    """Entity IRIs from keys, unique per build and stable for the same input."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.iris: dict[str, ox.NamedNode] = {}
        used: set[str] = set()
        for key in sorted(entities, key=lambda k: (entities[k].kind, k)):
            e = entities[key]
            if e.kind == Kind.COUNTRY and e.iso:
                base = f"country/{e.iso.lower()}"
            else:
                stem = e.acronym if e.kind == Kind.ORGANISATION and e.acronym else e.name
                base = f"{Kind(e.kind).path}/{slug(stem)}"
            path, n = base, 2
            while path in used:
                path, n = f"{base}-{n}", n + 1
            used.add(path)
            self.iris[key] = ident(path)

    def __call__(self, key: str) -> ox.NamedNode:
        return self.iris[key]


def article_iri(article_id: str) -> ox.NamedNode:
    return ident(f"article/{slug(article_id)}")


def evidence_iri(ev: Evidence) -> ox.NamedNode:
    return ident(f"evidence/{slug(ev.article_id)}/{ev.start}-{ev.end}")


def graph_iri(article_id: str) -> ox.NamedNode:
    return ox.NamedNode(str(article_graph(article_id)))


def _date(d: date) -> ox.Literal:
    return ox.Literal(d.isoformat(), datatype=XSD_DATE)


def _int(n: int, datatype: ox.NamedNode = XSD_INTEGER) -> ox.Literal:
    return ox.Literal(str(n), datatype=datatype)


Triples = list[ox.Triple]


# --------------------------------------------------------------------------- the entity graph


def entity_triples(entities: dict[str, Entity], relations: Iterable[tuple[str, str, str]],
                   deployments: list[Deployment], iri: Minter) -> Triples:
    """The merged graph: every entity, the relations between them, and the deployments."""
    out: Triples = []
    for e in entities.values():
        _entity(out, iri(e.key), e)
    for (s, p, o) in sorted(relations):
        out.append(ox.Triple(iri(s), kg(p), iri(o)))
    for d in deployments:
        _deployment(out, iri, entities, d)
    return out


def _entity(out: Triples, node: ox.NamedNode, e: Entity) -> None:
    out.append(ox.Triple(node, RDF_TYPE, kg(e.kind)))
    out.append(ox.Triple(node, LABEL, ox.Literal(e.name)))
    for alias in sorted(e.aliases - {e.name}):
        out.append(ox.Triple(node, ALT_LABEL, ox.Literal(alias)))
    if e.acronym:
        out.append(ox.Triple(node, kg("acronym"), ox.Literal(e.acronym)))
    if e.iso:
        out.append(ox.Triple(node, kg("iso3166"), ox.Literal(e.iso)))
    if e.geonames_id:
        out.append(ox.Triple(node, kg("geonamesId"), ox.Literal(str(e.geonames_id))))
        out.append(ox.Triple(node, SAME_AS, ox.NamedNode(GEONAMES.format(e.geonames_id))))
    point = geo.place_point(e.geonames_id) if e.kind == Kind.PLACE else (
        geo.country_point(e.iso) if e.kind == Kind.COUNTRY else None)
    if point:
        out.append(ox.Triple(node, GEO_LAT, ox.Literal(f"{point[0]:.4f}", datatype=XSD_DECIMAL)))
        out.append(ox.Triple(node, GEO_LONG, ox.Literal(f"{point[1]:.4f}", datatype=XSD_DECIMAL)))
    for role in sorted(e.roles):
        out.append(ox.Triple(node, kg("role"), ox.Literal(role)))
    out.append(ox.Triple(node, kg("mentionCount"), _int(e.mention_count)))


def deployment_iri(iri: Minter, d: Deployment) -> ox.NamedNode:
    sender = iri(d.sender).value.rsplit("/", 1)[-1]
    dest = iri(d.destinations[0]).value.rsplit("/", 1)[-1]
    return ident(f"deployment/{sender}--{dest}")


def _deployment(out: Triples, iri: Minter, entities: dict[str, Entity], d: Deployment) -> None:
    node = deployment_iri(iri, d)
    out.append(ox.Triple(node, RDF_TYPE, kg("Deployment")))
    label = f"{entities[d.sender].name} → {entities[d.destinations[0]].name}"
    out.append(ox.Triple(node, LABEL, ox.Literal(label)))
    out.append(ox.Triple(node, kg("deployedBy"), iri(d.sender)))
    for k in d.destinations:
        out.append(ox.Triple(node, kg("destination"), iri(k)))
    for k in d.contributors:
        out.append(ox.Triple(node, kg("contributor"), iri(k)))
    if d.troop_count is not None:
        out.append(ox.Triple(node, kg("troopCount"), _int(d.troop_count)))
        if d.troop_qualifier:
            out.append(ox.Triple(node, kg("troopCountQualifier"), ox.Literal(d.troop_qualifier)))
        if d.troop_text:
            out.append(ox.Triple(node, kg("troopCountText"), ox.Literal(d.troop_text)))
    for attr, prop in (("start_date", "startDate"), ("withdrawal_start", "withdrawalStart"),
                       ("withdrawal_end", "withdrawalEnd")):
        if getattr(d, attr):
            out.append(ox.Triple(node, kg(prop), _date(getattr(d, attr))))
    for a in d.articles:
        out.append(ox.Triple(node, kg("source"), article_iri(a)))
    for ev in d.evidence:
        out.append(ox.Triple(node, kg("evidence"), evidence_iri(ev)))


def troop_reports(deployments: list[Deployment], iri: Minter) -> dict[str, list[tuple[ox.NamedNode, int, str | None]]]:
    """The count each article gives a merged deployment, by article: the reports live in the article's
    graph, so that an operation keeps the numbers its sources disagree on."""
    out: dict[str, list[tuple[ox.NamedNode, int, str | None]]] = defaultdict(list)
    for d in deployments:
        node = deployment_iri(iri, d)
        for article_id, n, text in sorted(set(d.troop_reports), key=lambda r: (r[0], r[1], r[2] or "")):
            out[article_id].append((node, n, text))
    return dict(out)


def _troop_report(out: Triples, node: ox.NamedNode, article_id: str, n: int, text: str | None) -> None:
    report = ox.NamedNode(f"{node.value}/troops/{slug(article_id)}-{n}")
    out.append(ox.Triple(node, kg("troopReport"), report))
    out.append(ox.Triple(report, RDF_TYPE, kg("TroopReport")))
    out.append(ox.Triple(report, kg("reportedCount"), _int(n)))
    if text:
        out.append(ox.Triple(report, kg("reportedText"), ox.Literal(text)))
    out.append(ox.Triple(report, kg("source"), article_iri(article_id)))


def segments_literal(segments: list[tuple[int, int]]) -> str:
    """`kg:textOffsets`: "text:file" start pairs, one per kept run of the article body."""
    return " ".join(f"{t}:{r}" for t, r in segments)


def deployment_evidence(deployments: list[Deployment]) -> dict[str, list[Evidence]]:
    """The evidence of the merged deployments by article: its nodes live in the article's graph."""
    out: dict[str, list[Evidence]] = defaultdict(list)
    for d in deployments:
        for ev in d.evidence:
            out[ev.article_id].append(ev)
    return dict(out)


# --------------------------------------------------------------------------- an article's graph


def article_triples(a: ArticleFacts, statements: list[Statement], evidence: list[Evidence], iri: Minter,
                    mentioned: Iterable[str], spans: Iterable[tuple[int, int, str]] = (),
                    reports: Iterable[tuple[ox.NamedNode, int, str | None]] = ()) -> Triples:
    """One article's graph: the Article (headline, URL, where its body runs in the file), the entities
    it mentions and where each name stands, its statements, the evidence (its statements' and that of
    the merged deployments it reports) and the troop counts it gives them."""
    out: Triples = []
    node = article_iri(a.article_id)
    out.append(ox.Triple(node, RDF_TYPE, kg("Article")))
    out.append(ox.Triple(node, LABEL, ox.Literal(a.article_id)))
    out.append(ox.Triple(node, kg("fileName"), ox.Literal(a.file_name)))
    out.append(ox.Triple(node, kg("sha256"), ox.Literal(a.sha256)))
    out.append(ox.Triple(node, schema("articleBody"), ox.Literal(a.text)))
    if a.date:
        out.append(ox.Triple(node, schema("datePublished"), _date(a.date)))
    if a.date_borrowed_from:
        out.append(ox.Triple(node, kg("dateBorrowedFrom"), article_iri(a.date_borrowed_from)))
    if a.publisher and a.publisher in iri.iris:
        out.append(ox.Triple(node, schema("publisher"), iri(a.publisher)))
    if a.dateline_place and a.dateline_place in iri.iris:
        out.append(ox.Triple(node, kg("datelinePlace"), iri(a.dateline_place)))
    for agency in a.agencies:
        if agency in iri.iris:
            out.append(ox.Triple(node, kg("sourceAgency"), iri(agency)))
    for key in mentioned:
        if key in iri.iris:
            out.append(ox.Triple(node, schema("mentions"), iri(key)))
    if a.headline:
        out.append(ox.Triple(node, kg("headline"), ox.Literal(a.headline)))
    if a.url:
        out.append(ox.Triple(node, schema("url"), ox.NamedNode(a.url)))
    if a.segments:
        out.append(ox.Triple(node, kg("textOffsets"), ox.Literal(segments_literal(a.segments))))
    for start, end, key in sorted(set(spans)):
        if key in iri.iris:
            m = ident(f"mention/{slug(a.article_id)}/{start}-{end}")
            out.append(ox.Triple(m, RDF_TYPE, kg("Mention")))
            out.append(ox.Triple(m, kg("denotes"), iri(key)))
            out.append(ox.Triple(m, kg("startChar"), _int(start, XSD_NON_NEGATIVE)))
            out.append(ox.Triple(m, kg("endChar"), _int(end, XSD_NON_NEGATIVE)))
            out.append(ox.Triple(m, kg("source"), node))
    for dep, n, text in reports:
        _troop_report(out, dep, a.article_id, n, text)
    for n, s in enumerate(statements, 1):
        _statement(out, iri, s, n)
    for ev in evidence:
        _evidence(out, ev)
    return out


def _evidence(out: Triples, ev: Evidence) -> ox.NamedNode:
    node = evidence_iri(ev)
    out.append(ox.Triple(node, RDF_TYPE, kg("Evidence")))
    out.append(ox.Triple(node, kg("sentence"), ox.Literal(ev.text)))
    out.append(ox.Triple(node, kg("startChar"), _int(ev.start, XSD_NON_NEGATIVE)))
    out.append(ox.Triple(node, kg("endChar"), _int(ev.end, XSD_NON_NEGATIVE)))
    out.append(ox.Triple(node, kg("source"), article_iri(ev.article_id)))
    return node


def _statement(out: Triples, iri: Minter, s: Statement, n: int) -> None:
    node = ident(f"statement/{slug(s.article_id)}/{n}")
    out.append(ox.Triple(node, RDF_TYPE, kg("Statement")))
    out.append(ox.Triple(node, kg("speaker"), iri(s.speaker)))
    out.append(ox.Triple(node, kg("text"), ox.Literal(s.text)))
    out.append(ox.Triple(node, kg("isDirectQuote"), ox.Literal("true" if s.direct else "false",
                                                               datatype=XSD_BOOLEAN)))
    if s.date:
        out.append(ox.Triple(node, kg("date"), _date(s.date)))
    if s.verb:
        out.append(ox.Triple(node, kg("speechVerb"), ox.Literal(s.verb)))
    if s.quoted_by and s.quoted_by in iri.iris:
        out.append(ox.Triple(node, kg("quotedBy"), iri(s.quoted_by)))
    for k in s.about:
        if k in iri.iris:
            out.append(ox.Triple(node, kg("about"), iri(k)))
    for k in s.responds_to:
        if k in iri.iris:
            out.append(ox.Triple(node, kg("respondsTo"), iri(k)))
    out.append(ox.Triple(node, kg("source"), article_iri(s.article_id)))
    for ev in s.evidence:
        out.append(ox.Triple(node, kg("evidence"), _evidence(out, ev)))


# --------------------------------------------------------------------------- all at once


def dataset_quads(kb: KnowledgeBase) -> list[ox.Quad]:
    """Every quad of a resolved build held in memory: the article graphs, then the entities."""
    iri = Minter(kb.entities)
    evidence = deployment_evidence(kb.deployments)
    reports = troop_reports(kb.deployments, iri)
    by_article: dict[str, list[Statement]] = defaultdict(list)
    for s in kb.statements:
        by_article[s.article_id].append(s)
    quads: list[ox.Quad] = []
    for a in kb.articles:
        mentioned = [k for k, counts in kb.mentions.items() if a.article_id in counts]
        g = graph_iri(a.article_id)
        for t in article_triples(a, by_article.get(a.article_id, []), evidence.get(a.article_id, []), iri,
                                 mentioned, a.spans, reports.get(a.article_id, [])):
            quads.append(ox.Quad(t.subject, t.predicate, t.object, g))
    for t in entity_triples(kb.entities, kb.relations, kb.deployments, iri):
        quads.append(ox.Quad(t.subject, t.predicate, t.object, ENTITIES))
    return quads


def build_dataset(kb: KnowledgeBase) -> Dataset:
    """The resolved build as an rdflib Dataset (for callers and tests that want rdflib)."""
    from kg.serialize import dataset_from_quads

    ds = dataset_from_quads(dataset_quads(kb))
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    return ds
