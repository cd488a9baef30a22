"""The ontology declares every term the graph and the scorer use, in English and Indonesian,
aligned with schema.org, ORG and PROV-O; the shapes only speak of declared terms."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import rdflib.namespace as rns
from rdflib import Graph, URIRef

from kg.ns import KG, ORG, SCHEMA, SH
from kg.validate import ONTOLOGY_PATH, SHAPES_PATH

OWL, RDF, RDFS, PROV = rns.OWL, rns.RDF, rns.RDFS, rns.PROV
XSD_NS = str(rns.XSD)

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"  # beside the repository, like the other tests' corpora and scorer
CONTRACT = SHARED / "CONTRACT.md"
LAYOUT = ROOT / "docs" / "rdf-layout.md"
CLASSES = ["Person", "Organisation", "Country", "Place", "Deployment", "Statement", "Article", "Evidence"]
ANALYSIS = ["degree", "pagerank", "betweenness", "community"]


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY_PATH, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_PATH, format="turtle")


def declared(onto: Graph) -> dict[str, set[URIRef]]:
    """local name -> its OWL kinds, for every kg: term."""
    out: dict[str, set[URIRef]] = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for term in onto.subjects(RDF.type, kind):
            if str(term).startswith(str(KG)):
                out.setdefault(str(term)[len(str(KG)) :], set()).add(kind)
    return out


def layout_terms() -> set[str]:
    return set(re.findall(r"\bkg:([A-Za-z][A-Za-z0-9]*)", LAYOUT.read_text(encoding="utf-8")))


def contract_terms() -> set[str]:
    """First back-ticked name of each Classes row, every back-ticked name of each Properties row."""
    text = CONTRACT.read_text(encoding="utf-8")
    classes = text.split("## Classes", 1)[1].split("##", 1)[0]
    props = text.split("## Properties", 1)[1].split("##", 1)[0]
    names = set()
    for row in classes.splitlines():
        found = re.findall(r"`([A-Za-z]+)`", row.split("|")[1] if row.startswith("|") else "")
        names.update(found[:1])
    for row in props.splitlines():
        cells = row.split("|")
        if len(cells) > 3:
            names.update(re.findall(r"`([A-Za-z]+)`", cells[2]))
    return names


def test_header_has_version_and_bilingual_description(onto: Graph) -> None:
    header = URIRef("https://w3id.org/kg-news/ontology")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None
    langs = {d.language for d in onto.objects(header, URIRef("http://purl.org/dc/terms/description"))}
    assert langs == {"en", "id"}


def test_declares_every_class_and_the_analysis_figures(onto: Graph) -> None:
    terms = declared(onto)
    for name in CLASSES:
        assert OWL.Class in terms.get(name, set()), name
    for name in ANALYSIS:
        assert OWL.DatatypeProperty in terms.get(name, set()), name


def test_declares_every_term_of_the_rdf_layout(onto: Graph) -> None:
    missing = layout_terms() - set(declared(onto))
    assert len(layout_terms()) > 30
    assert not missing, f"used in docs/rdf-layout.md but not declared: {sorted(missing)}"


def test_declares_every_local_name_of_the_contract(onto: Graph) -> None:
    if not CONTRACT.is_file():
        message = f"{CONTRACT} is missing: the shared contract belongs in ../shared beside the repository"
        if os.environ.get("CI"):
            pytest.fail(f"{message}; CI must provide it")
        pytest.skip(message)
    names = contract_terms()
    assert {"Person", "Deployment", "deployedBy", "withdrawalEnd", "memberOf"} <= names
    missing = names - set(declared(onto))
    assert not missing, f"named in CONTRACT.md but not declared: {sorted(missing)}"


def test_every_term_is_labelled_and_explained_in_english_and_indonesian(onto: Graph) -> None:
    for name in declared(onto):
        term = KG[name]
        for prop in (RDFS.label, RDFS.comment):
            langs = {v.language for v in onto.objects(term, prop)}
            assert {"en", "id"} <= langs, f"kg:{name} lacks an {prop.n3()} in en and id: {langs}"


def test_every_property_has_domain_and_range_of_the_right_kind(onto: Graph) -> None:
    for name, kinds in declared(onto).items():
        if OWL.Class in kinds:
            continue
        term = KG[name]
        assert onto.value(term, RDFS.domain) is not None, f"kg:{name} has no rdfs:domain"
        rng = onto.value(term, RDFS.range)
        assert rng is not None, f"kg:{name} has no rdfs:range"
        is_literal = str(rng).startswith(XSD_NS) or rng == RDFS.Literal
        expected = OWL.DatatypeProperty if is_literal else OWL.ObjectProperty
        assert kinds == {expected}, f"kg:{name} ranges over {rng} but is declared {kinds}"


@pytest.mark.parametrize(
    ("term", "relation", "target"),
    [
        (KG.Person, RDFS.subClassOf, SCHEMA.Person),
        (KG.Person, RDFS.subClassOf, PROV.Agent),
        (KG.Organisation, RDFS.subClassOf, ORG.Organization),
        (KG.Organisation, RDFS.subClassOf, SCHEMA.Organization),
        (KG.Country, RDFS.subClassOf, SCHEMA.Country),
        (KG.Place, RDFS.subClassOf, SCHEMA.Place),
        (KG.Deployment, RDFS.subClassOf, PROV.Activity),
        (KG.Deployment, RDFS.subClassOf, SCHEMA.Event),
        (KG.Statement, RDFS.subClassOf, PROV.Entity),
        (KG.Article, RDFS.subClassOf, SCHEMA.NewsArticle),
        (KG.source, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (KG.speaker, RDFS.subPropertyOf, PROV.wasAttributedTo),
        (KG.affiliation, RDFS.subPropertyOf, SCHEMA.affiliation),
        (KG.role, RDFS.subPropertyOf, SCHEMA.jobTitle),
        (KG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
        (KG.startDate, RDFS.subPropertyOf, SCHEMA.startDate),
    ],
)
def test_alignments(onto: Graph, term: URIRef, relation: URIRef, target: URIRef) -> None:
    assert (term, relation, target) in onto


def test_entity_classes_are_pairwise_disjoint(onto: Graph) -> None:
    groups = [
        list(onto.items(m))
        for d in onto.subjects(RDF.type, OWL.AllDisjointClasses)
        for m in onto.objects(d, OWL.members)
    ]
    assert any({KG[c] for c in CLASSES} <= set(g) for g in groups)


def test_shapes_only_use_declared_kg_terms(onto: Graph, shapes: Graph) -> None:
    used = {
        str(t)[len(str(KG)) :]
        for triple in shapes
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(str(KG))
    }
    assert not used - set(declared(onto)), (
        f"shapes use undeclared terms: {sorted(used - set(declared(onto)))}"
    )


def test_every_class_has_a_shape(shapes: Graph) -> None:
    targeted = set(shapes.objects(None, SH.targetClass))
    assert {KG[c] for c in CLASSES} <= targeted


def test_every_constraint_says_what_is_wrong(shapes: Graph) -> None:
    """Each property shape and each SPARQL constraint carries its own sh:message."""
    props = set(shapes.objects(None, SH.property)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    sparql = set(shapes.objects(None, SH.sparql))
    assert len(props) > 60 and len(sparql) >= 8
    for node in props | sparql:
        assert shapes.value(node, SH.message) is not None, (
            f"no sh:message on {node} ({shapes.value(node, SH.path)})"
        )
