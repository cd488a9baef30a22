"""Namespaces and IRI minting shared by every layer that speaks RDF.

One module owns the IRIs so that the builder, the server and the actor graph
agree on them; IRIs are derived from canonical keys, never from run order.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

#: Our ontology terms (classes and properties; local names follow CONTRACT.md).
KG = Namespace("https://w3id.org/kg-news/ontology#")
#: Instance data: entities, events, articles, evidence, named graphs.
ID = Namespace("https://w3id.org/kg-news/id/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
SH = Namespace("http://www.w3.org/ns/shacl#")
#: W3C Basic Geo (WGS84) for the coordinates of places and countries.
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "id": str(ID),
    "schema": str(SCHEMA),
    "org": str(ORG),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "dcterms": str(DCTERMS),
    "sh": str(SH),
    "geo": str(GEO),
}

#: The named graph that holds the merged, cross-article entities and deployments.
ENTITY_GRAPH = ID["graph/entities"]


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries built in code."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def slug(text: str) -> str:
    """A stable, readable IRI segment: ASCII, lower case, words joined by '-'."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "x"


def article_graph(article_id: str):
    """The named graph of one article's own facts (its statements, evidence, mentions)."""
    return ID[f"graph/article/{slug(article_id)}"]
