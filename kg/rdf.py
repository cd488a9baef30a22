"""Resolved facts -> an RDF dataset: one named graph per article plus the merged entities.

IRIs come from canonical keys (kg.ns); nothing here depends on run order, so the
same articles always give the same triples. Layout: docs/rdf-layout.md.
"""

from __future__ import annotations

from datetime import date

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg import geo
from kg.facts import ArticleFacts, Deployment, Entity, Evidence, Statement
from kg.kinds import Kind
from kg.ns import ENTITY_GRAPH, GEO, ID, KG, PREFIXES, SCHEMA, article_graph, slug
from kg.resolve import KnowledgeBase

GEONAMES = "https://sws.geonames.org/{}/"


class Minter:
    """Entity IRIs from keys, unique per build and stable for the same input."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.iris: dict[str, URIRef] = {}
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
            self.iris[key] = ID[path]

    def __call__(self, key: str) -> URIRef:
        return self.iris[key]


def article_iri(article_id: str) -> URIRef:
    return ID[f"article/{slug(article_id)}"]


def evidence_iri(ev: Evidence) -> URIRef:
    return ID[f"evidence/{slug(ev.article_id)}/{ev.start}-{ev.end}"]


def _date(d: date) -> Literal:
    return Literal(d.isoformat(), datatype=XSD.date)


def build_dataset(kb: KnowledgeBase) -> Dataset:
    ds = Dataset()
    for prefix, ns in PREFIXES.items():
        ds.bind(prefix, ns)
    iri = Minter(kb.entities)
    eg = ds.graph(ENTITY_GRAPH)
    for e in kb.entities.values():
        _entity(eg, iri(e.key), e)
    for (s, p, o) in sorted(kb.relations):
        eg.add((iri(s), KG[p], iri(o)))
    for d in kb.deployments:
        _deployment(ds, eg, iri, d)
    numbers: dict[str, int] = {}
    for a in kb.articles:
        g = ds.graph(article_graph(a.article_id))
        node = article_iri(a.article_id)
        g.add((node, RDF.type, KG.Article))
        g.add((node, RDFS.label, Literal(a.article_id)))
        g.add((node, KG.fileName, Literal(a.file_name)))
        g.add((node, KG.sha256, Literal(a.sha256)))
        g.add((node, SCHEMA.articleBody, Literal(a.text)))
        if a.date:
            g.add((node, SCHEMA.datePublished, _date(a.date)))
        if a.date_borrowed_from:
            g.add((node, KG.dateBorrowedFrom, article_iri(a.date_borrowed_from)))
        if a.publisher and a.publisher in iri.iris:
            g.add((node, SCHEMA.publisher, iri(a.publisher)))
        if a.dateline_place and a.dateline_place in iri.iris:
            g.add((node, KG.datelinePlace, iri(a.dateline_place)))
        for agency in a.agencies:
            if agency in iri.iris:
                g.add((node, KG.sourceAgency, iri(agency)))
        for key, counts in kb.mentions.items():
            if a.article_id in counts and key in iri.iris:
                g.add((node, SCHEMA.mentions, iri(key)))
        _article_text(g, node, a, iri)
    for s in kb.statements:
        n = numbers[s.article_id] = numbers.get(s.article_id, 0) + 1
        _statement(ds, iri, s, n)
    return ds


def segments_literal(segments: list[tuple[int, int]]) -> str:
    """`kg:textOffsets`: "text:file" start pairs, one per kept run of the article body."""
    return " ".join(f"{t}:{r}" for t, r in segments)


def _article_text(g, node: URIRef, a: ArticleFacts, iri: Minter) -> None:
    """Headline, URL, where the body's runs start in the file, and where each name stands in it."""
    if a.headline:
        g.add((node, KG.headline, Literal(a.headline)))
    if a.url:
        g.add((node, SCHEMA.url, URIRef(a.url)))
    if a.segments:
        g.add((node, KG.textOffsets, Literal(segments_literal(a.segments))))
    for start, end, key in sorted(set(a.spans)):
        if key not in iri.iris:
            continue
        m = ID[f"mention/{slug(a.article_id)}/{start}-{end}"]
        g.add((m, RDF.type, KG.Mention))
        g.add((m, KG.denotes, iri(key)))
        g.add((m, KG.startChar, Literal(start, datatype=XSD.nonNegativeInteger)))
        g.add((m, KG.endChar, Literal(end, datatype=XSD.nonNegativeInteger)))
        g.add((m, KG.source, node))


def _entity(g, node: URIRef, e: Entity) -> None:
    g.add((node, RDF.type, KG[e.kind]))
    g.add((node, RDFS.label, Literal(e.name)))
    for alias in sorted(e.aliases - {e.name}):
        g.add((node, SKOS.altLabel, Literal(alias)))
    if e.acronym:
        g.add((node, KG.acronym, Literal(e.acronym)))
    if e.iso:
        g.add((node, KG.iso3166, Literal(e.iso)))
    if e.geonames_id:
        g.add((node, KG.geonamesId, Literal(e.geonames_id)))
        g.add((node, OWL.sameAs, URIRef(GEONAMES.format(e.geonames_id))))
    point = geo.place_point(e.geonames_id) if e.kind == Kind.PLACE else (
        geo.country_point(e.iso) if e.kind == Kind.COUNTRY else None)
    if point:
        g.add((node, GEO.lat, Literal(f"{point[0]:.4f}", datatype=XSD.decimal)))
        g.add((node, GEO.long, Literal(f"{point[1]:.4f}", datatype=XSD.decimal)))
    for role in sorted(e.roles):
        g.add((node, KG.role, Literal(role)))
    g.add((node, KG.mentionCount, Literal(e.mention_count, datatype=XSD.integer)))


def _evidence(ds: Dataset, ev: Evidence) -> URIRef:
    node = evidence_iri(ev)
    g = ds.graph(article_graph(ev.article_id))
    g.add((node, RDF.type, KG.Evidence))
    g.add((node, KG.sentence, Literal(ev.text)))
    g.add((node, KG.startChar, Literal(ev.start, datatype=XSD.nonNegativeInteger)))
    g.add((node, KG.endChar, Literal(ev.end, datatype=XSD.nonNegativeInteger)))
    g.add((node, KG.source, article_iri(ev.article_id)))
    return node


def deployment_iri(iri: Minter, d: Deployment) -> URIRef:
    sender = str(iri(d.sender)).rsplit("/", 1)[-1]
    dest = str(iri(d.destinations[0])).rsplit("/", 1)[-1]
    return ID[f"deployment/{sender}--{dest}"]


def _deployment(ds: Dataset, g, iri: Minter, d: Deployment) -> None:
    node = deployment_iri(iri, d)
    g.add((node, RDF.type, KG.Deployment))
    g.add((node, RDFS.label, Literal(f"{_label(g, iri(d.sender))} → {_label(g, iri(d.destinations[0]))}")))
    g.add((node, KG.deployedBy, iri(d.sender)))
    for k in d.destinations:
        g.add((node, KG.destination, iri(k)))
    for k in d.contributors:
        g.add((node, KG.contributor, iri(k)))
    if d.troop_count is not None:
        g.add((node, KG.troopCount, Literal(d.troop_count, datatype=XSD.integer)))
        if d.troop_qualifier:
            g.add((node, KG.troopCountQualifier, Literal(d.troop_qualifier)))
        if d.troop_text:
            g.add((node, KG.troopCountText, Literal(d.troop_text)))
    for attr, prop in (("start_date", KG.startDate), ("withdrawal_start", KG.withdrawalStart),
                       ("withdrawal_end", KG.withdrawalEnd)):
        if getattr(d, attr):
            g.add((node, prop, _date(getattr(d, attr))))
    for a in d.articles:
        g.add((node, KG.source, article_iri(a)))
    for article_id, n, text in sorted(set(d.troop_reports), key=lambda r: (r[0], r[1], r[2] or "")):
        report = ID[f"{str(node)[len(str(ID)):]}/troops/{slug(article_id)}-{n}"]
        ag = ds.graph(article_graph(article_id))
        ag.add((node, KG.troopReport, report))
        ag.add((report, RDF.type, KG.TroopReport))
        ag.add((report, KG.reportedCount, Literal(n, datatype=XSD.integer)))
        if text:
            ag.add((report, KG.reportedText, Literal(text)))
        ag.add((report, KG.source, article_iri(article_id)))
    for ev in d.evidence:
        g.add((node, KG.evidence, _evidence(ds, ev)))


def _label(g, node: URIRef) -> str:
    return str(g.value(node, RDFS.label) or node)


def _statement(ds: Dataset, iri: Minter, s: Statement, n: int) -> None:
    g = ds.graph(article_graph(s.article_id))
    node = ID[f"statement/{slug(s.article_id)}/{n}"]
    g.add((node, RDF.type, KG.Statement))
    g.add((node, KG.speaker, iri(s.speaker)))
    g.add((node, KG.text, Literal(s.text)))
    g.add((node, KG.isDirectQuote, Literal(s.direct)))
    if s.date:
        g.add((node, KG.date, _date(s.date)))
    if s.verb:
        g.add((node, KG.speechVerb, Literal(s.verb)))
    if s.quoted_by and s.quoted_by in iri.iris:
        g.add((node, KG.quotedBy, iri(s.quoted_by)))
    for k in s.about:
        if k in iri.iris:
            g.add((node, KG.about, iri(k)))
    for k in s.responds_to:
        if k in iri.iris:
            g.add((node, KG.respondsTo, iri(k)))
    g.add((node, KG.source, article_iri(s.article_id)))
    for ev in s.evidence:
        g.add((node, KG.evidence, _evidence(ds, ev)))
